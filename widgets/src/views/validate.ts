/** The kinds of value a view's state key may hold. */
export type Expect =
  "string" | "number" | "boolean" | "string[]" | "number[]" | "binary[]" | "object" | "array";

function isBinary(v: unknown): boolean {
  return v instanceof DataView || v instanceof ArrayBuffer || ArrayBuffer.isView(v);
}

function matches(value: unknown, expect: Expect): boolean {
  switch (expect) {
    case "string":
    case "number":
    case "boolean":
      return typeof value === expect && (expect !== "number" || Number.isFinite(value));
    case "string[]":
      return Array.isArray(value) && value.every((v) => typeof v === "string");
    case "number[]":
      return Array.isArray(value) && value.every((v) => typeof v === "number");
    case "binary[]":
      return Array.isArray(value) && value.every(isBinary);
    case "array":
      return Array.isArray(value);
    case "object":
      return value !== null && typeof value === "object" && !Array.isArray(value);
  }
}

/** Problems with a state against what a view expects: one line per key, empty when valid. */
export function validateState(get: (key: string) => unknown, spec: Record<string, Expect>): string[] {
  const problems: string[] = [];
  for (const [key, expect] of Object.entries(spec)) {
    const value = get(key);
    if (!matches(value, expect)) {
      const got =
        value === undefined ? "nothing" : Array.isArray(value) ? "a list of other values" : typeof value;
      problems.push(`"${key}" should be ${expect}, got ${got}`);
    }
  }
  return problems;
}
