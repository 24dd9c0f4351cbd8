export * from "./random";
export * from "./tensor-scope";
export * from "./atomic-write";
export * from "./interrupt";
export * from "./untrusted-keys";
export * from "./temporary-files";
export * from "./lazy-module";
export * from "./regular-file";
