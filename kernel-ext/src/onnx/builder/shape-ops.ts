import { attr } from "../ir/attributes";
import type { OnnxGraphBuilder } from "./graph-builder";

/** Shape and layout operators. Since opset 13 axes, splits and shapes are inputs, not attributes. */

export function transpose(b: OnnxGraphBuilder, x: string, perm: readonly number[], hint?: string): string {
  return b.op("Transpose", [x], { perm: attr.ints(perm) }, hint);
}

export function reshape(
  b: OnnxGraphBuilder,
  x: string,
  shape: readonly number[] | string,
  hint?: string,
): string {
  const shapeInput = typeof shape === "string" ? shape : b.int64(shape);
  return b.op("Reshape", [x, shapeInput], {}, hint);
}

export function squeeze(b: OnnxGraphBuilder, x: string, axes: readonly number[], hint?: string): string {
  return b.op("Squeeze", [x, b.int64(axes)], {}, hint);
}

export function unsqueeze(b: OnnxGraphBuilder, x: string, axes: readonly number[], hint?: string): string {
  return b.op("Unsqueeze", [x, b.int64(axes)], {}, hint);
}

export function concat(b: OnnxGraphBuilder, xs: readonly string[], axis: number, hint?: string): string {
  return b.op("Concat", xs, { axis: attr.int(axis) }, hint);
}

/** Splits `x` along `axis` into pieces of the given sizes. */
export function split(
  b: OnnxGraphBuilder,
  x: string,
  sizes: readonly number[],
  axis: number,
  hint?: string,
): string[] {
  return b.addNode("Split", [x, b.int64(sizes)], { axis: attr.int(axis) }, hint ?? "Split", sizes.length);
}

export function slice(
  b: OnnxGraphBuilder,
  x: string,
  starts: readonly number[],
  ends: readonly number[],
  axes: readonly number[],
  steps?: readonly number[],
  hint?: string,
): string {
  const inputs = [x, b.int64(starts), b.int64(ends), b.int64(axes)];
  if (steps) inputs.push(b.int64(steps));
  return b.op("Slice", inputs, {}, hint);
}

/** Reverses `x` along one axis (a Slice with step -1 covers any length, known or not). */
export function reverse(b: OnnxGraphBuilder, x: string, axis: number, hint?: string): string {
  return slice(b, x, [-1], [Number.MIN_SAFE_INTEGER], [axis], [-1], hint);
}

/** The runtime shape of `x` as an int64 vector, optionally only dims [start, end) (Shape slices itself from opset 15). */
export function shapeOf(b: OnnxGraphBuilder, x: string, start?: number, end?: number, hint?: string): string {
  if (start === undefined && end === undefined) return b.op("Shape", [x], {}, hint);
  if (b.opset >= 15) {
    const attributes: Record<string, ReturnType<typeof attr.int>> = {};
    if (start !== undefined) attributes.start = attr.int(start);
    if (end !== undefined) attributes.end = attr.int(end);
    return b.op("Shape", [x], attributes, hint);
  }
  const full = b.op("Shape", [x], {}, hint);
  return slice(b, full, [start ?? 0], [end ?? Number.MAX_SAFE_INTEGER], [0], undefined, hint);
}

/** Moves the last axis to position 1: NHWC → NCHW (any rank ≥ 3). */
export function channelsFirstPerm(rank: number): number[] {
  const perm = [0, rank - 1];
  for (let i = 1; i < rank - 1; i++) perm.push(i);
  return perm;
}

/** Moves axis 1 to the end: NCHW → NHWC (any rank ≥ 3). */
export function channelsLastPerm(rank: number): number[] {
  const perm = [0];
  for (let i = 2; i < rank; i++) perm.push(i);
  perm.push(1);
  return perm;
}

export function toChannelsFirst(b: OnnxGraphBuilder, x: string, rank: number, hint?: string): string {
  return transpose(b, x, channelsFirstPerm(rank), hint);
}

export function toChannelsLast(b: OnnxGraphBuilder, x: string, rank: number, hint?: string): string {
  return transpose(b, x, channelsLastPerm(rank), hint);
}
