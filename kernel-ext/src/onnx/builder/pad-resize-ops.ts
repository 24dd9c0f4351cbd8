import { attr } from "../ir/attributes";
import type { Attribute } from "../ir/types";
import type { OnnxGraphBuilder } from "./graph-builder";

/** Constant padding: `pads` lists all begins then all ends, one per axis of `x`. */
export function padConstant(
  b: OnnxGraphBuilder,
  x: string,
  pads: readonly number[],
  value = 0,
  hint?: string,
): string {
  return b.op("Pad", [x, b.int64(pads), b.scalar(value)], { mode: attr.string("constant") }, hint);
}

export type ResizeMode = "nearest" | "linear";
export type CoordinateMode = "asymmetric" | "align_corners" | "half_pixel";
export type NearestMode = "floor" | "round_prefer_ceil";

export interface ResizeSpec {
  mode: ResizeMode;
  coordinateMode: CoordinateMode;
  nearestMode?: NearestMode;
  /** One scale per axis of `x` (output = floor(input × scale)). */
  scales?: readonly number[];
  /** Name of an int64 tensor with the full output shape. */
  sizes?: string;
}

/**
 * Resize with the roi/scales/sizes input layout of opset 13 (still valid in later opsets). Exactly one
 * of `scales` and `sizes` is given.
 */
export function resize(b: OnnxGraphBuilder, x: string, spec: ResizeSpec, hint?: string): string {
  const attributes: Record<string, Attribute> = {
    mode: attr.string(spec.mode),
    coordinate_transformation_mode: attr.string(spec.coordinateMode),
  };
  if (spec.mode === "nearest") attributes.nearest_mode = attr.string(spec.nearestMode ?? "floor");
  const scales = spec.scales ? b.float32(spec.scales) : "";
  const inputs = spec.sizes ? [x, "", "", spec.sizes] : [x, "", scales];
  return b.op("Resize", inputs, attributes, hint);
}
