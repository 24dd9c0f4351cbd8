export * from "./bundle";
export * from "./store";
export type { Manifest } from "./manifest";
