/**
 * Binary state values (thumbnails, histograms) through a model's `serialize`. The widget manager's default
 * serializer deep-copies values through JSON, which turns a DataView into `{}`: the state JupyterLab saves
 * into a notebook would lose every image. Values holding binary are copied with it kept, so the manager
 * stores them as buffers (base64 in the notebook) and gives them back as DataViews.
 */
function isBinary(v: unknown): boolean {
  return v instanceof ArrayBuffer || ArrayBuffer.isView(v);
}

export function holdsBinary(value: unknown): boolean {
  if (isBinary(value)) return true;
  if (Array.isArray(value)) return value.some(holdsBinary);
  if (value !== null && typeof value === "object") return Object.values(value).some(holdsBinary);
  return false;
}

/** A deep copy of JSON-like data that keeps binary values as they are; keys never reach a prototype. */
export function copyKeepingBinary(value: unknown): unknown {
  if (isBinary(value)) return value;
  if (Array.isArray(value)) return value.map(copyKeepingBinary);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value))
      Object.defineProperty(out, k, {
        value: copyKeepingBinary(v),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    return out;
  }
  return value;
}
