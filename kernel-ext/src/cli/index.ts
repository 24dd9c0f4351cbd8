export * from "./args";
export * from "./install";
export * from "./main";
