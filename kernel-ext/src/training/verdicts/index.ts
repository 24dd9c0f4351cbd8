export * from "./kinds";
export type { ModelLayout } from "./finding";
export * from "./diagnose";
