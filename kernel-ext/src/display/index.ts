export * from "./session";
export * from "./html";
export * from "./png";
export * from "./mime";
export * from "./widget";
export * from "./display";
export * from "./progress";
