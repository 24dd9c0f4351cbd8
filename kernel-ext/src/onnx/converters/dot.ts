import * as tf from "@tensorflow/tfjs";
import { reduce } from "../builder/reduce-ops";
import { squeeze, transpose, unsqueeze } from "../builder/shape-ops";
import type { LayerCall } from "../convert/layer-call";
import type { TensorRef } from "../convert/tensor-ref";
import { registerBuiltinConverter } from "../registry";

/**
 * Keras Dot with tfjs's batchDot semantics (inputs of rank 2 or 3): optional L2 normalisation along
 * the dot axes, a multiply-and-sum for two rank-2 inputs, a batched MatMul otherwise.
 */

function l2Normalize(call: LayerCall, x: string, axis: number): string {
  const b = call.builder;
  // tfjs: x / sqrt(max(sum(x²), epsilon)) with the backend's epsilon (1e-7 on cpu and wasm).
  const sum = reduce(b, "ReduceSum", b.op("Mul", [x, x], {}, call.hint), [axis], true, call.hint);
  const norm = b.op(
    "Sqrt",
    [b.op("Max", [sum, b.scalar(tf.backend().epsilon())], {}, call.hint)],
    {},
    call.hint,
  );
  return b.op("Div", [x, norm], {}, call.hint);
}

function swapLastTwo(call: LayerCall, x: string, rank: number): string {
  const perm = Array.from({ length: rank }, (_, i) => i);
  perm[rank - 2] = rank - 1;
  perm[rank - 1] = rank - 2;
  return transpose(call.builder, x, perm, call.hint);
}

/** tfjs's Dot drops masks (its computeMask returns null). */
function dot(call: LayerCall): TensorRef {
  return { name: dotProduct(call), shape: call.outputShapes[0] ?? [], dtype: "float32", mask: null };
}

function dotProduct(call: LayerCall): string {
  if (call.inputs.length !== 2) call.unsupported(`Dot takes exactly 2 inputs, got ${call.inputs.length}`);
  const [xRef, yRef] = [call.input(0), call.input(1)];
  const xRank = xRef.shape.length;
  const yRank = yRef.shape.length;
  if (xRank > 3 || yRank > 3) call.unsupported("inputs of rank above 3 (tfjs's batchDot has the same limit)");
  const raw = call.config.raw.axes;
  const given = Array.isArray(raw)
    ? call.config.numberList("axes")
    : [call.config.number("axes"), call.config.number("axes")];
  const axes = [given[0] as number, given[1] as number].map((a, i) =>
    a < 0 ? a + (i === 0 ? xRank : yRank) : a,
  ) as [number, number];
  const b = call.builder;
  let x = xRef.name;
  let y = yRef.name;
  if (call.config.boolean("normalize", false)) {
    x = l2Normalize(call, x, axes[0]);
    y = l2Normalize(call, y, axes[1]);
  }
  // tfjs pads the lower-rank input with trailing size-1 axes, then squeezes them from the result.
  const diff = Math.abs(xRank - yRank);
  const trailing = (from: number): number[] => Array.from({ length: diff }, (_, i) => from + i);
  if (xRank > yRank) y = unsqueeze(b, y, trailing(yRank), call.hint);
  if (yRank > xRank) x = unsqueeze(b, x, trailing(xRank), call.hint);
  const rank = Math.max(xRank, yRank);
  let out: string;
  if (rank === 2) {
    if (axes[0] !== axes[1]) call.unsupported(`rank-2 Dot over different axes ${JSON.stringify(axes)}`);
    out = reduce(b, "ReduceSum", b.op("Mul", [x, y], {}, call.hint), [axes[0]], true, call.hint);
    return out;
  }
  const adjX = axes[0] !== rank - 1;
  const adjY = axes[1] === rank - 1;
  out = b.op(
    "MatMul",
    [adjX ? swapLastTwo(call, x, rank) : x, adjY ? swapLastTwo(call, y, rank) : y],
    {},
    call.hint,
  );
  let outRank = rank;
  if (diff > 0) {
    const idx = xRank > yRank ? xRank + yRank - 3 : xRank - 1;
    out = squeeze(b, out, trailing(idx), call.hint);
    outRank -= diff;
  }
  if (outRank === 1) out = unsqueeze(b, out, [1], call.hint);
  return out;
}

registerBuiltinConverter("Dot", dot, { family: "Merge", notes: "rank 2–3 inputs, normalize" });
