export * from "./remote-converter";
export * from "./quiet-watching";
