import { concat, unsqueeze } from "../builder/shape-ops";
import type { LayerCall } from "../convert/layer-call";
import type { TensorRef } from "../convert/tensor-ref";
import { registerBuiltinConverter } from "../registry";

/** Merge layers: Add, Subtract, Multiply, Average, Maximum, Minimum, Concatenate (Dot has its own file). */

/**
 * tfjs's Add/Multiply/... mask logic drops the last mask and adds a leading axis, which no layer reads
 * correctly. Such a mask is harmless when nothing reads it (a pooling layer drops it), so the output only
 * carries a note that makes a mask-reading layer refuse.
 */
function mergedMaskProblem(call: LayerCall): string | undefined {
  const inherited = call.inputs.find((t) => t.maskProblem)?.maskProblem;
  if (inherited) return inherited;
  if (!call.inputs.some((t) => t.mask)) return undefined;
  return `the Keras mask merged by layer "${call.layerName}" (class ${call.className}) cannot be reproduced (tfjs merges masks degenerately there)`;
}

function withMergedMask(call: LayerCall, name: string): TensorRef {
  const problem = mergedMaskProblem(call);
  const ref: TensorRef = { name, shape: call.outputShapes[0] ?? [], dtype: "float32", mask: null };
  return problem ? { ...ref, maskProblem: problem } : ref;
}

/** Lower-rank inputs get size-1 axes after the batch axis, as tfjs's Merge does before broadcasting. */
function alignedRanks(call: LayerCall): string[] {
  const maxRank = Math.max(...call.inputs.map((t) => t.shape.length));
  return call.inputs.map((t: TensorRef) => {
    const missing = maxRank - t.shape.length;
    if (missing === 0) return t.name;
    return unsqueeze(
      call.builder,
      t.name,
      Array.from({ length: missing }, (_, i) => i + 1),
      call.hint,
    );
  });
}

/** Folds the inputs pairwise with a binary op (ONNX Sum/Max/Min are variadic too, but pairwise is universal). */
function foldInputs(call: LayerCall, op: string): string {
  const [first, ...rest] = alignedRanks(call);
  return rest.reduce((acc, x) => call.builder.op(op, [acc, x], {}, call.hint), first as string);
}

function fold(op: string) {
  return (call: LayerCall): TensorRef => withMergedMask(call, foldInputs(call, op));
}

function subtract(call: LayerCall): TensorRef {
  if (call.inputs.length !== 2)
    call.unsupported(`Subtract takes exactly 2 inputs, got ${call.inputs.length}`);
  const [a, b] = alignedRanks(call);
  return withMergedMask(call, call.builder.op("Sub", [a as string, b as string], {}, call.hint));
}

function average(call: LayerCall): TensorRef {
  // tfjs multiplies by 1/n (not a division): the same rounding.
  const mean = call.builder.op(
    "Mul",
    [foldInputs(call, "Add"), call.builder.scalar(1 / call.inputs.length)],
    {},
    call.hint,
  );
  return withMergedMask(call, mean);
}

/**
 * tfjs's Concatenate mask: masks (all-true where missing) are concatenated along the layer's axis with a
 * trailing feature axis, then reduced with "all" over the last axis. Along the feature axis that is the
 * AND of the masks; along the time axis, the masks side by side.
 */
function concatenatedMask(call: LayerCall, axis: number, rank: number): string | null {
  const masks = call.inputs.map((t) => t.mask ?? null);
  if (masks.every((m) => m === null)) return null;
  const b = call.builder;
  if (axis === rank - 1) {
    const present = masks.filter((m): m is string => m !== null);
    return present.slice(1).reduce((acc, m) => b.op("And", [acc, m], {}, call.hint), present[0] as string);
  }
  if (axis === 1 && rank === 3 && masks.every((m) => m !== null))
    return concat(b, masks as string[], 1, call.hint);
  return call.unsupported(`masks concatenated along axis ${axis} of rank-${rank} inputs`);
}

function concatenate(call: LayerCall): TensorRef {
  const rank = call.input(0).shape.length;
  const raw = call.config.number("axis", -1);
  const axis = raw < 0 ? raw + rank : raw;
  const name = concat(
    call.builder,
    call.inputs.map((t) => t.name),
    axis,
    call.hint,
  );
  const inherited = call.inputs.find((t) => t.maskProblem)?.maskProblem;
  const ref: TensorRef = {
    name,
    shape: call.outputShapes[0] ?? [],
    dtype: "float32",
    mask: inherited ? null : concatenatedMask(call, axis, rank),
  };
  return inherited ? { ...ref, maskProblem: inherited } : ref;
}

const family = "Merge";
registerBuiltinConverter("Add", fold("Add"), { family, notes: "any number of inputs, rank broadcasting" });
registerBuiltinConverter("Subtract", subtract, { family, notes: "Keras layer (not in tfjs 4.22)" });
registerBuiltinConverter("Multiply", fold("Mul"), { family });
registerBuiltinConverter("Average", average, { family });
registerBuiltinConverter("Maximum", fold("Max"), { family });
registerBuiltinConverter("Minimum", fold("Min"), { family });
registerBuiltinConverter("Concatenate", concatenate, { family, notes: "any axis, masks" });
