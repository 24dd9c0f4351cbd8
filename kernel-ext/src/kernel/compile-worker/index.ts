export * from "./remote-converter";
