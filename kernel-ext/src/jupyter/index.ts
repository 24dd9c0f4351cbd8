export * from "./messages";
export * from "./untrusted-json";
