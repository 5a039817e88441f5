export * from "./npy";
export * from "./synthetic";
export * from "./explicit";
