export * from "./dom";
export * from "./error-box";
export * from "./image-grid";
export * from "./sortable-table";
export * from "./plot";
export * from "./lazy-gallery";
export * from "./styles";
