export * from "./random";
export * from "./tensor-scope";
