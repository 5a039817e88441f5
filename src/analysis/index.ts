export * from "./trajectories";
export * from "./satisfaction";
export * from "./finite-size";
export * from "./agreement";
export * from "./population";
export * from "./compare";
export * from "./classes";
