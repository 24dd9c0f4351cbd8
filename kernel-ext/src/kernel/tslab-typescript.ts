import { createRequire } from "node:module";

/** Where tslab's own modules and its TypeScript resolve from. */
export const requireFromTslab = createRequire(require.resolve("tslab/package.json"));

/**
 * The TypeScript tslab compiles cells with (its 5.0 fork), so the kernel parses cells and declarations the
 * way tslab does. Callers describe the part they use with their own structural type.
 */
export function tslabTypeScript<T>(): T {
  return requireFromTslab("@tslab/typescript-for-tslab") as T;
}
