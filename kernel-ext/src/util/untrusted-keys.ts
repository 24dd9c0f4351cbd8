/**
 * Keys that name prototypes. Written through a plain object (`target[key] = …`, `Object.assign`) they
 * change a prototype instead of storing data; no Jupyter message or widget state needs them.
 */
const PROTOTYPE_KEYS = new Set(["__proto__", "constructor", "prototype"]);

export function isPrototypeKey(key: string | number): boolean {
  return typeof key === "string" && PROTOTYPE_KEYS.has(key);
}

/** `{}` without a prototype: keys from outside stay data, and no inherited member answers a lookup. */
export function bareObject<T extends object>(): T {
  return Object.create(null) as T;
}
