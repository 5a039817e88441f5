export * from "./trajectories";
export * from "./satisfaction";
export * from "./finite-size";
export * from "./agreement";
export * from "./compare";
export * from "./classes";
export * from "./regimes";
export * from "./departures";
