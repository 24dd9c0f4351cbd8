export * from "./html";
export * from "./table";
export * from "./thumbnails";
export * from "./svg-chart";
