export * from "./missing-examples";
export * from "./missing-examples-view";
