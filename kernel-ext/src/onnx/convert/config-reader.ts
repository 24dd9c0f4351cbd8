import { UnsupportedLayerError } from "../errors";

/**
 * Reads a tfjs layer config (`layer.getConfig()`, camelCase keys) into typed values; a missing or
 * ill-typed key is reported with the layer's name and class instead of producing a wrong graph.
 */
export class ConfigReader {
  constructor(
    private readonly layerName: string,
    private readonly className: string,
    readonly raw: Readonly<Record<string, unknown>>,
  ) {}

  private fail(key: string, expected: string): never {
    throw new UnsupportedLayerError(
      this.layerName,
      this.className,
      `config "${key}" should be ${expected}, got ${JSON.stringify(this.raw[key])}`,
    );
  }

  has(key: string): boolean {
    return this.raw[key] !== undefined && this.raw[key] !== null;
  }

  number(key: string, fallback?: number): number {
    const v = this.raw[key];
    if (typeof v === "number") return v;
    if ((v === undefined || v === null) && fallback !== undefined) return fallback;
    return this.fail(key, "a number");
  }

  optionalNumber(key: string): number | undefined {
    return this.has(key) ? this.number(key) : undefined;
  }

  boolean(key: string, fallback?: boolean): boolean {
    const v = this.raw[key];
    if (typeof v === "boolean") return v;
    if ((v === undefined || v === null) && fallback !== undefined) return fallback;
    return this.fail(key, "a boolean");
  }

  string(key: string, fallback?: string): string {
    const v = this.raw[key];
    if (typeof v === "string") return v;
    if ((v === undefined || v === null) && fallback !== undefined) return fallback;
    return this.fail(key, "a string");
  }

  optionalString(key: string): string | undefined {
    return this.has(key) ? this.string(key) : undefined;
  }

  /** A number or list of numbers, expanded to `length` entries (Keras accepts both for sizes). */
  numbers(key: string, length: number, fallback?: number): number[] {
    const v = this.raw[key];
    if (typeof v === "number") return new Array<number>(length).fill(v);
    if ((v === undefined || v === null) && fallback !== undefined)
      return new Array<number>(length).fill(fallback);
    if (Array.isArray(v) && v.every((x) => typeof x === "number")) {
      if (v.length === length) return v as number[];
      if (v.length === 1) return new Array<number>(length).fill(v[0] as number);
    }
    return this.fail(key, `a number or ${length} numbers`);
  }

  /** A list of numbers of any length (null entries allowed where Keras allows them, as -1). */
  numberList(key: string): number[] {
    const v = this.raw[key];
    if (Array.isArray(v) && v.every((x) => typeof x === "number" || x === null))
      return v.map((x) => (x === null ? -1 : (x as number)));
    if (typeof v === "number") return [v];
    return this.fail(key, "a list of numbers");
  }

  /** Keras nested-config objects such as `{ className, config }`. */
  object(key: string): Readonly<Record<string, unknown>> {
    const v = this.raw[key];
    if (v !== null && typeof v === "object" && !Array.isArray(v)) return v as Record<string, unknown>;
    return this.fail(key, "an object");
  }
}
