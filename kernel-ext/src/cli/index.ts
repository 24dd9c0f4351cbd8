export * from "./args";
export * from "./exit-codes";
export * from "./command";
export * from "./install";
export * from "./kernel-command";
export * from "./html-command";
export * from "./labextension";
export * from "./main";
