/** hinge-dynamics: the public API. */
export * from "./validate";
export * from "./random";
export * from "./profile";
export * from "./presets";
export * from "./theory/index";
export * from "./plot/index";
