export { modelSummary, type ModelSummaryOptions } from "./model-summary";
export * from "./model-summary-widget";
