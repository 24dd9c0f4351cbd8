export * from "./find-learning-rate";
export * from "./learning-rate-finder-widget";
export type { Suggestions } from "./range-test";
