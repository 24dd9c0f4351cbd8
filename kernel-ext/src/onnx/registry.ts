import { MAX_OPSET, MIN_OPSET } from "./opset";
import type { LayerCall } from "./convert/layer-call";
import type { ConverterResult } from "./convert/converter-result";

/** Converts one call of a layer into ONNX nodes. */
export type OnnxConverterFn = (call: LayerCall) => ConverterResult;

export interface OpsetRange {
  readonly min: number;
  readonly max: number;
}

/** Options of `registerOnnxConverter`. */
export interface ConverterOptions {
  /** The opsets the converter emits correctly for (default: every opset the exporter supports). */
  opsets?: Partial<OpsetRange>;
  /** Layer family shown in the support table. */
  family?: string;
  /** What the converter covers or leaves out, for the support table. */
  notes?: string;
}

export interface ConverterEntry {
  readonly className: string;
  readonly convert: OnnxConverterFn;
  readonly opsets: OpsetRange;
  readonly family: string;
  readonly notes: string;
  readonly builtin: boolean;
}

const entries = new Map<string, ConverterEntry>();

function add(className: string, convert: OnnxConverterFn, options: ConverterOptions, builtin: boolean): void {
  if (typeof className !== "string" || className.length === 0)
    throw new TypeError("className must be a non-empty string");
  if (typeof convert !== "function") throw new TypeError(`converter for ${className} must be a function`);
  const existing = entries.get(className);
  if (existing) {
    const who = existing.builtin ? "a built-in converter" : "a custom converter";
    throw new Error(`An ONNX converter for layer class "${className}" is already registered (${who})`);
  }
  const opsets = { min: options.opsets?.min ?? MIN_OPSET, max: options.opsets?.max ?? MAX_OPSET };
  if (opsets.min > opsets.max)
    throw new RangeError(`converter for ${className}: empty opset range ${opsets.min}..${opsets.max}`);
  entries.set(className, {
    className,
    convert,
    opsets,
    family: options.family ?? (builtin ? "Other" : "Custom"),
    notes: options.notes ?? "",
    builtin,
  });
}

/**
 * Registers the ONNX converter of a layer class (the name `layer.getClassName()` returns), for custom
 * layers. Registering a class name twice, built-in or not, is an error.
 * @example registerOnnxConverter("Scale", (call) => call.builder.op("Mul", [call.input().name, call.builder.scalar(2)], {}, call.hint));
 */
export function registerOnnxConverter(
  className: string,
  fn: OnnxConverterFn,
  options: ConverterOptions = {},
): void {
  add(className, fn, options, false);
}

/** Used by the built-in converter modules only. */
export function registerBuiltinConverter(
  className: string,
  fn: OnnxConverterFn,
  options: ConverterOptions,
): void {
  add(className, fn, options, true);
}

export function findConverter(className: string): ConverterEntry | undefined {
  return entries.get(className);
}

/** Every registered converter, sorted by family then class name. */
export function registeredConverters(): ConverterEntry[] {
  return [...entries.values()].sort(
    (a, b) => a.family.localeCompare(b.family) || a.className.localeCompare(b.className),
  );
}

export function supportedClassNames(): string[] {
  return [...entries.keys()].sort();
}
