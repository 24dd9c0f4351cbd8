export * from "./notebook";
export * from "./safe-script";
export * from "./render-output";
export * from "./render-notebook";
export * from "./export-html";
export * from "./sanitize";
