export * from "./model-output";
export * from "./predictions";
export * from "./confusion";
export * from "./top-losses";
export * from "./mispredictions-widget";
export * from "./mispredictions";
export * from "./cross-val-predictions";
