export * from "./random";
export * from "./tensor-scope";
export * from "./atomic-write";
export * from "./interrupt";
