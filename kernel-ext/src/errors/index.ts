export * from "./error-content";
