/** hinge-dynamics: the public API. */
export * from "./validate";
export * from "./theory/index";
export * from "./random";
