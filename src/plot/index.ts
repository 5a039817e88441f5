export * from "./render";
export * from "./line-chart";
export * from "./theory-figures";
export * from "./table";
export * from "./display";
export * from "./live";
export * from "./sim-figures";
