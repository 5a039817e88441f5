export * from "./engine";
export * from "./config";
export * from "./result";
export * from "./trainer";
export * from "./result-io";
export * from "./frame";
export * from "./cache";
export { splitRows } from "./pool";
