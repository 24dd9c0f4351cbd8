import { attr } from "../ir/attributes";
import type { OnnxGraphBuilder } from "./graph-builder";

export type ReduceOp = "ReduceMean" | "ReduceMax" | "ReduceMin" | "ReduceSum" | "ReduceProd" | "ReduceL2";

/**
 * Reductions over fixed axes. ReduceSum takes its axes as an input from opset 13, the other reductions
 * only from opset 18 (an attribute before): the right form is chosen for the builder's opset.
 */
export function reduce(
  b: OnnxGraphBuilder,
  op: ReduceOp,
  x: string,
  axes: readonly number[],
  keepDims: boolean,
  hint?: string,
): string {
  const axesAsInput = op === "ReduceSum" ? b.opset >= 13 : b.opset >= 18;
  const keepdims = attr.int(keepDims ? 1 : 0);
  if (axesAsInput) return b.op(op, [x, b.int64(axes)], { keepdims }, hint);
  return b.op(op, [x], { axes: attr.ints(axes), keepdims }, hint);
}
