import { isPrototypeKey } from "../util/untrusted-keys";
import type { JsonObject, JsonValue } from "./messages";

export class UntrustedJsonError extends Error {
  override name = "UntrustedJsonError";
}

export interface UntrustedJsonOptions {
  /** Deepest nesting of arrays and objects accepted. */
  maxDepth: number;
  /** Refuse keys that name prototypes (`__proto__`, `constructor`, `prototype`) anywhere. */
  refusePrototypeKeys: boolean;
  /** Make every object of the value an object without prototype (in place). */
  stripPrototypes: boolean;
}

/**
 * Checks a parsed JSON value from outside and, if asked, turns its objects into objects without
 * prototype, in one pass without recursion: too deep a value is refused here (JSON.parse copes with 200,000 levels, but
 * JSON.stringify and structuredClone of it overflow the stack later, e.g. echoing a header as a parent).
 * With `refusePrototypeKeys` off, `__proto__` is still refused: it is the one key that assignment
 * (Object.assign, `a[k] = v`) turns into a prototype change.
 */
export function checkUntrustedJson(value: JsonValue, options: UntrustedJsonOptions): JsonValue {
  const stack: [JsonValue, number][] = [[value, 1]];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const [node, depth] = item;
    if (node === null || typeof node !== "object") continue;
    if (depth > options.maxDepth) {
      throw new UntrustedJsonError(`is nested deeper than ${options.maxDepth} levels`);
    }
    if (Array.isArray(node)) {
      for (const child of node)
        if (child !== null && typeof child === "object") stack.push([child, depth + 1]);
      continue;
    }
    for (const key of Object.keys(node)) {
      if (key === "__proto__" || (options.refusePrototypeKeys && isPrototypeKey(key))) {
        throw new UntrustedJsonError(`has a key "${key}"; keys that name prototypes are refused`);
      }
      const child = node[key] as JsonValue;
      if (child !== null && typeof child === "object") stack.push([child, depth + 1]);
    }
    if (options.stripPrototypes) Object.setPrototypeOf(node, null);
  }
  return value;
}

/** Parses one JSON object from outside: see checkUntrustedJson. */
export function parseUntrustedObject(text: string, options: UntrustedJsonOptions): JsonObject {
  let value: JsonValue;
  try {
    value = JSON.parse(text) as JsonValue;
  } catch (e) {
    throw new UntrustedJsonError(`is not valid JSON: ${(e as Error).message}`);
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new UntrustedJsonError("is not a JSON object");
  }
  return checkUntrustedJson(value, options) as JsonObject;
}
