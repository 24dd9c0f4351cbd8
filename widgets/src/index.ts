export * from "tslab-ml-protocol";
export * from "./components";
export * from "./views";
