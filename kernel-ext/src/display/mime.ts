import { inspect } from "node:util";
import type { JsonValue, MimeBundle } from "../jupyter/messages";

/** The method an object defines to display itself richly (the DESIGN's display protocol). */
export const DISPLAY_SYMBOL = Symbol.for("Jupyter.display");

/** What `[Symbol.for("Jupyter.display")]()` may return: binary values are base64-encoded for the wire. */
export type RichBundle = Record<string, JsonValue | Uint8Array>;

export interface Displayable {
  [DISPLAY_SYMBOL](): RichBundle;
}

export function isDisplayable(value: unknown): value is Displayable {
  return (
    value !== null &&
    (typeof value === "object" || typeof value === "function") &&
    typeof (value as Partial<Displayable>)[DISPLAY_SYMBOL] === "function"
  );
}

/** Node's own rendering of a value, as the REPL would print it. */
export function plainText(value: unknown): string {
  return typeof value === "string" ? inspect(value) : inspect(value, { depth: 4, maxArrayLength: 100 });
}

/** The MIME bundle for a value: its own rich bundle when it has one (text/plain added if missing). */
export function toMimeBundle(value: unknown): MimeBundle {
  if (!isDisplayable(value)) return { "text/plain": plainText(value) };
  const rich = value[DISPLAY_SYMBOL]();
  if (rich === null || typeof rich !== "object") {
    throw new TypeError(
      `[Symbol.for("Jupyter.display")]() must return a MIME bundle object, got ${typeof rich}`,
    );
  }
  const bundle: MimeBundle = {};
  for (const [mime, data] of Object.entries(rich)) {
    bundle[mime] = data instanceof Uint8Array ? Buffer.from(data).toString("base64") : data;
  }
  if (!("text/plain" in bundle)) bundle["text/plain"] = plainText(value);
  return bundle;
}
