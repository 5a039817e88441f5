export * from "./params";
export * from "./special";
export * from "./drive";
export * from "./clock";
export * from "./nodes";
export * from "./finite-size";
export * from "./summary";
