/**
 * A tiny runtime schema language: each schema both checks a value at runtime and carries its static type,
 * so `type State = Infer<typeof state>` and the check can never disagree. Binary values (widget buffers:
 * Uint8Array in the kernel, DataView in a browser) are read as Uint8Array on both sides.
 */

/** At most this many problems are reported for one value: a wrong 10,000-item list says so in a few lines. */
const MAX_PROBLEMS = 12;

/** Collects what is wrong with a value, each problem with the path to it. */
export class Problems {
  readonly lines: string[] = [];

  get full(): boolean {
    return this.lines.length >= MAX_PROBLEMS;
  }

  add(path: string, expected: string, value: unknown): void {
    if (this.full) return;
    this.lines.push(`${Problems.subject(path)} should be ${expected}, got ${describeValue(value)}`);
  }

  /** Takes over another collection's lines. */
  addAll(other: Problems): void {
    for (const line of other.lines) if (!this.full) this.lines.push(line);
  }

  static subject(path: string): string {
    return path ? JSON.stringify(path) : "the value";
  }
}

function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === "string")
    return value.length > 40 ? "a long string" : `string ${JSON.stringify(value)}`;
  if (typeof value === "number" || typeof value === "boolean") return `${typeof value} ${value}`;
  if (isBinary(value)) return "binary data";
  return typeof value;
}

function isBinary(value: unknown): value is ArrayBuffer | ArrayBufferView {
  return value instanceof ArrayBuffer || ArrayBuffer.isView(value);
}

/** A runtime description of values of type T. */
export abstract class Schema<T> {
  /** The static type this schema describes; never set at runtime (read it with `Infer`). */
  declare readonly __type: T;

  /** What a valid value is, in words: "string", "list of number", "null or {…}". */
  abstract describe(): string;

  /**
   * The value as T: returns it (binary data re-viewed as Uint8Array, everything else as is) or records
   * what is wrong under `path` in `problems`; the result is meaningless once a problem was added.
   */
  abstract read(value: unknown, path: string, problems: Problems): T;

  /** This schema or null. */
  nullable(): Schema<T | null> {
    return new NullableSchema(this);
  }

  /** An object key that may be missing. */
  optional(): OptionalSchema<T> {
    return new OptionalSchema(this);
  }
}

/** The static type a schema describes. */
export type Infer<S> = S extends Schema<infer T> ? T : never;

class NullableSchema<T> extends Schema<T | null> {
  constructor(private readonly inner: Schema<T>) {
    super();
  }

  describe(): string {
    return `null or ${this.inner.describe()}`;
  }

  read(value: unknown, path: string, problems: Problems): T | null {
    if (value === null) return null;
    const inner = new Problems();
    const read = this.inner.read(value, path, inner);
    // The value itself is of the wrong kind: say null would do too. A problem deeper inside stays as is.
    if (inner.lines.length === 1 && inner.lines[0]?.startsWith(`${Problems.subject(path)} should be`))
      problems.add(path, this.describe(), value);
    else problems.addAll(inner);
    return read;
  }
}

/** A key of an object schema that may be absent (or undefined). */
export class OptionalSchema<T> extends Schema<T | undefined> {
  readonly isOptional = true;

  constructor(private readonly inner: Schema<T>) {
    super();
  }

  describe(): string {
    return `${this.inner.describe()} (optional)`;
  }

  read(value: unknown, path: string, problems: Problems): T | undefined {
    return value === undefined ? undefined : this.inner.read(value, path, problems);
  }
}

class PrimitiveSchema<T> extends Schema<T> {
  constructor(
    private readonly name: string,
    private readonly test: (value: unknown) => boolean,
  ) {
    super();
  }

  describe(): string {
    return this.name;
  }

  read(value: unknown, path: string, problems: Problems): T {
    if (!this.test(value)) problems.add(path, this.name, value);
    return value as T;
  }
}

class BinarySchema extends Schema<Uint8Array> {
  describe(): string {
    return "binary data";
  }

  read(value: unknown, path: string, problems: Problems): Uint8Array {
    if (value instanceof Uint8Array) return value;
    if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
    if (value instanceof ArrayBuffer) return new Uint8Array(value);
    problems.add(path, "binary data", value);
    return value as Uint8Array;
  }
}

class LiteralSchema<T extends string | number | boolean> extends Schema<T> {
  constructor(private readonly values: readonly T[]) {
    super();
  }

  describe(): string {
    return this.values.map((v) => JSON.stringify(v)).join(" or ");
  }

  read(value: unknown, path: string, problems: Problems): T {
    if (!this.values.includes(value as T)) problems.add(path, this.describe(), value);
    return value as T;
  }
}

class ArraySchema<T> extends Schema<T[]> {
  constructor(private readonly item: Schema<T>) {
    super();
  }

  describe(): string {
    const item = this.item.describe();
    return /^\w+$/.test(item) ? `${item}[]` : `list of (${item})`;
  }

  read(value: unknown, path: string, problems: Problems): T[] {
    if (!Array.isArray(value)) {
      problems.add(path, this.describe(), value);
      return value as T[];
    }
    let out: T[] | undefined;
    for (let i = 0; i < value.length && !problems.full; i++) {
      const item = this.item.read(value[i], `${path}[${i}]`, problems);
      if (item !== value[i]) (out ??= value.slice())[i] = item;
    }
    return out ?? value;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value) && !isBinary(value);
}

function own(value: Record<string, unknown>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(value, key) ? value[key] : undefined;
}

/** Object schemas: key → schema of its value. */
export type Shape = { readonly [key: string]: Schema<unknown> };

type OptionalKeys<S extends Shape> = {
  [K in keyof S]: S[K] extends OptionalSchema<unknown> ? K : never;
}[keyof S];
type Flatten<T> = { [K in keyof T]: T[K] } & {};

/** The object type a shape describes; keys whose schema is `.optional()` are optional. */
export type InferShape<S extends Shape> = Flatten<
  { -readonly [K in Exclude<keyof S, OptionalKeys<S>>]: Infer<S[K]> } & {
    -readonly [K in OptionalKeys<S>]?: Infer<S[K]>;
  }
>;

/** An object with the given keys; other keys are allowed and left alone (a widget state carries more). */
export class ObjectSchema<S extends Shape> extends Schema<InferShape<S>> {
  constructor(readonly shape: S) {
    super();
  }

  describe(): string {
    return "an object";
  }

  read(value: unknown, path: string, problems: Problems): InferShape<S> {
    if (!isPlainObject(value)) {
      problems.add(path, `an object with ${Object.keys(this.shape).join(", ")}`, value);
      return value as InferShape<S>;
    }
    let out: Record<string, unknown> | undefined;
    for (const [key, schema] of Object.entries(this.shape)) {
      const item = own(value, key);
      const read = schema.read(item, path ? `${path}.${key}` : key, problems);
      if (read !== item) (out ??= { ...value })[key] = read;
    }
    return (out ?? value) as InferShape<S>;
  }

  /** The schema of one key. */
  key<K extends keyof S & string>(key: K): S[K] {
    return this.shape[key];
  }
}

/** A map from any string to values of one schema (keys never reach a prototype: only own keys are read). */
class RecordSchema<T> extends Schema<Record<string, T>> {
  constructor(private readonly item: Schema<T>) {
    super();
  }

  describe(): string {
    return `a map of ${this.item.describe()}`;
  }

  read(value: unknown, path: string, problems: Problems): Record<string, T> {
    if (!isPlainObject(value)) {
      problems.add(path, this.describe(), value);
      return value as Record<string, T>;
    }
    let out: Record<string, T> | undefined;
    for (const key of Object.keys(value)) {
      if (problems.full) break;
      const read = this.item.read(value[key], `${path}[${JSON.stringify(key)}]`, problems);
      if (read !== value[key]) {
        out ??= Object.assign(Object.create(null) as Record<string, T>, value);
        out[key] = read;
      }
    }
    return out ?? (value as Record<string, T>);
  }
}

class UnionSchema<T> extends Schema<T> {
  constructor(private readonly options: readonly Schema<T>[]) {
    super();
  }

  describe(): string {
    return this.options.map((o) => o.describe()).join(" or ");
  }

  read(value: unknown, path: string, problems: Problems): T {
    for (const option of this.options) {
      const trial = new Problems();
      const read = option.read(value, path, trial);
      if (trial.lines.length === 0) return read;
    }
    problems.add(path, this.describe(), value);
    return value as T;
  }
}

/** The schema constructors. */
export const s = {
  string: (): Schema<string> => new PrimitiveSchema("string", (v) => typeof v === "string"),
  /** A finite number (JSON has no NaN or Infinity: use `.nullable()` where those can occur). */
  number: (): Schema<number> =>
    new PrimitiveSchema("number", (v) => typeof v === "number" && Number.isFinite(v)),
  integer: (): Schema<number> => new PrimitiveSchema("integer", (v) => Number.isInteger(v)),
  boolean: (): Schema<boolean> => new PrimitiveSchema("boolean", (v) => typeof v === "boolean"),
  /** Binary data: a comm buffer. Read as a Uint8Array on both sides. */
  binary: (): Schema<Uint8Array> => new BinarySchema(),
  literal: <const T extends string | number | boolean>(...values: T[]): Schema<T> =>
    new LiteralSchema(values),
  array: <T>(item: Schema<T>): Schema<T[]> => new ArraySchema(item),
  object: <const S extends Shape>(shape: S): ObjectSchema<S> => new ObjectSchema(shape),
  record: <T>(item: Schema<T>): Schema<Record<string, T>> => new RecordSchema(item),
  union: <const O extends readonly Schema<unknown>[]>(...options: O): Schema<Infer<O[number]>> =>
    new UnionSchema(options as unknown as readonly Schema<Infer<O[number]>>[]),
};

/** Reads a value against a schema: the typed value, or every problem found (one line each). */
export function parse<T>(
  schema: Schema<T>,
  value: unknown,
): { ok: true; value: T } | { ok: false; problems: string[] } {
  const problems = new Problems();
  const read = schema.read(value, "", problems);
  return problems.lines.length ? { ok: false, problems: problems.lines } : { ok: true, value: read };
}
