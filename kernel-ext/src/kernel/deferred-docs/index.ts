export * from "./defer";
export * from "./deferred-docs";
export * from "./hydrate";
export type * from "./typescript";
