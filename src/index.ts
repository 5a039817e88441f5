/** hinge-dynamics: the public API. */
export * from "./validate";
export * from "./random";
export * from "./profile";
export * from "./presets";
export * from "./theory/index";
export * from "./data/index";
export * from "./train/index";
export * from "./analysis/index";
export * from "./plot/index";
export * from "./notebook";
export * from "./real-data";
export * from "./notebook-figures";
export * from "./conclusions";
