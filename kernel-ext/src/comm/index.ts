export * from "./types";
export * from "./comm";
export * from "./comm-manager";
export * from "./buffers";
export * from "./widget-protocol";
export * from "./widget-model";
export * from "./widget-control";
