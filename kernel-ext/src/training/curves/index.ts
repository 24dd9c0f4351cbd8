export * from "./training-curves";
export * from "./training-curves-widget";
