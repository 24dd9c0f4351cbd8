export * from "./version";
export * from "./protocol";
export * from "./components";
export * from "./views";
