import { attr } from "../ir/attributes";
import type { InitializerIR, NodeIR } from "../ir/types";
import type { GraphIndex } from "./graph-index";
import { invertPerm, normalizeAxis } from "./permutation";
import { transposeHost } from "../convert/host-tensor";

/**
 * How to move a Transpose(perm) that feeds a node to the node's output instead: op(T(x)) == T(op'(x)).
 * Each rule rewrites the node's non-data parameters (axes, scales, pads, constants) for the
 * untransposed input, or returns false when it cannot.
 */

/** Ops that work element by element: every input is data (broadcast constants are permuted). */
export const ELEMENTWISE = new Set([
  "Relu",
  "Sigmoid",
  "Tanh",
  "LeakyRelu",
  "Elu",
  "Selu",
  "HardSigmoid",
  "Softplus",
  "Softsign",
  "Exp",
  "Log",
  "Neg",
  "Abs",
  "Sqrt",
  "Reciprocal",
  "Erf",
  "Mish",
  "Gelu",
  "ThresholdedRelu",
  "Cast",
  "Floor",
  "Ceil",
  "Round",
  "Not",
  "Sign",
  "Clip",
  "Add",
  "Sub",
  "Mul",
  "Div",
  "Pow",
  "Max",
  "Min",
  "Sum",
  "Mean",
  "Where",
  "Equal",
  "Greater",
  "Less",
  "GreaterOrEqual",
  "LessOrEqual",
  "And",
  "Or",
  "PRelu",
  "HardSwish",
]);

const REDUCTIONS = new Set([
  "ReduceMean",
  "ReduceMax",
  "ReduceMin",
  "ReduceSum",
  "ReduceProd",
  "ReduceL2",
  "ReduceLogSumExp",
]);

export const LAYOUT_AGNOSTIC = new Set([
  ...ELEMENTWISE,
  ...REDUCTIONS,
  "Concat",
  "Resize",
  "Pad",
  "Slice",
  "Softmax",
  "LogSoftmax",
]);

export interface PushContext {
  index: GraphIndex;
  addInitializer(init: InitializerIR): void;
  /** Which input values are outputs of Transpose(perm) (their Transpose's input), by input position. */
  transposed: Map<number, string>;
  perm: number[];
}

function int64Values(init: InitializerIR | undefined): number[] | undefined {
  if (!init || !(init.data instanceof BigInt64Array)) return undefined;
  return Array.from(init.data, (v) => Number(v));
}

function replaceInt64Input(node: NodeIR, position: number, values: number[], ctx: PushContext): void {
  const name = ctx.index.freshName(`${node.name}/permuted`);
  ctx.addInitializer({
    name,
    elemType: "int64",
    dims: [values.length],
    data: BigInt64Array.from(values, (v) => BigInt(v)),
  });
  node.inputs[position] = name;
}

/** A constant that broadcasts against the transposed value, rearranged to broadcast against x instead. */
function permuteBroadcastConstant(name: string, ctx: PushContext): string | undefined {
  const init = ctx.index.initializers.get(name);
  if (!init) return undefined;
  const size = init.dims.reduce((a, b) => a * b, 1);
  if (size === 1 && init.dims.length <= ctx.perm.length) return name;
  if (!(init.data instanceof Float32Array) || init.dims.length > ctx.perm.length) return undefined;
  const expanded = [...new Array<number>(ctx.perm.length - init.dims.length).fill(1), ...init.dims];
  const moved = transposeHost({ shape: expanded, values: init.data }, invertPerm(ctx.perm));
  const fresh = ctx.index.freshName(`${init.name}/permuted`);
  ctx.addInitializer({ name: fresh, elemType: "float32", dims: moved.shape, data: moved.values });
  return fresh;
}

function pushElementwise(node: NodeIR, ctx: PushContext): boolean {
  const inputs: string[] = [];
  for (let i = 0; i < node.inputs.length; i++) {
    const input = node.inputs[i] as string;
    const source = ctx.transposed.get(i);
    if (source !== undefined) {
      inputs.push(source);
      continue;
    }
    if (input === "") {
      inputs.push(input);
      continue;
    }
    const permuted = permuteBroadcastConstant(input, ctx);
    if (permuted === undefined) return false;
    inputs.push(permuted);
  }
  node.inputs = inputs;
  return true;
}

function onlyInputZeroTransposed(ctx: PushContext): string | undefined {
  if (ctx.transposed.size !== 1) return undefined;
  return ctx.transposed.get(0);
}

function pushConcat(node: NodeIR, ctx: PushContext): boolean {
  if (ctx.transposed.size !== node.inputs.length) return false;
  const axis = node.attributes.axis;
  if (axis?.kind !== "int") return false;
  node.inputs = node.inputs.map((_, i) => ctx.transposed.get(i) as string);
  node.attributes = {
    ...node.attributes,
    axis: attr.int(ctx.perm[normalizeAxis(axis.value, ctx.perm.length)] as number),
  };
  return true;
}

function pushAxisAttribute(node: NodeIR, ctx: PushContext): boolean {
  const source = onlyInputZeroTransposed(ctx);
  const axis = node.attributes.axis;
  if (source === undefined || axis?.kind !== "int") return false;
  node.inputs[0] = source;
  node.attributes = {
    ...node.attributes,
    axis: attr.int(ctx.perm[normalizeAxis(axis.value, ctx.perm.length)] as number),
  };
  return true;
}

/**
 * A reduction over T(x): reduce x over the mapped axes. Without keepdims the surviving axes may come out
 * in another order, which a smaller Transpose restores (none when the order is unchanged).
 */
function pushReduction(node: NodeIR, ctx: PushContext): { perm: number[] } | false {
  const source = onlyInputZeroTransposed(ctx);
  if (source === undefined) return false;
  const rank = ctx.perm.length;
  const fromAttribute = node.attributes.axes;
  const axes =
    fromAttribute?.kind === "ints"
      ? [...fromAttribute.value]
      : int64Values(ctx.index.initializers.get(node.inputs[1] ?? ""));
  if (!axes || axes.length === 0) return false;
  const reduced = axes.map((a) => normalizeAxis(a, rank));
  const mapped = reduced.map((a) => ctx.perm[a] as number);
  node.inputs[0] = source;
  if (fromAttribute) node.attributes = { ...node.attributes, axes: attr.ints(mapped) };
  else replaceInt64Input(node, 1, mapped, ctx);
  const keep = node.attributes.keepdims;
  if (keep === undefined || (keep.kind === "int" && keep.value === 1)) return { perm: ctx.perm };
  const surviving = ctx.perm.filter((_, i) => !reduced.includes(i));
  const sorted = [...surviving].sort((a, b) => a - b);
  return { perm: surviving.map((s) => sorted.indexOf(s)) };
}

/** Per-axis constant vectors (Resize scales/sizes): entry perm[i] of the new vector is entry i of the old. */
function permuteVector(values: readonly number[], perm: readonly number[]): number[] {
  const out = new Array<number>(values.length);
  perm.forEach((p, i) => (out[p] = values[i] as number));
  return out;
}

function pushResize(node: NodeIR, ctx: PushContext): boolean {
  const source = onlyInputZeroTransposed(ctx);
  if (source === undefined || (node.inputs[1] ?? "") !== "") return false;
  const scalesName = node.inputs[2] ?? "";
  const sizesName = node.inputs[3] ?? "";
  if (scalesName !== "" && sizesName === "") {
    const init = ctx.index.initializers.get(scalesName);
    if (!init || !(init.data instanceof Float32Array)) return false;
    const name = ctx.index.freshName(`${node.name}/scales`);
    const values = permuteVector(Array.from(init.data), ctx.perm);
    ctx.addInitializer({ name, elemType: "float32", dims: [values.length], data: Float32Array.from(values) });
    node.inputs[2] = name;
  } else if (sizesName !== "") {
    const sizes = int64Values(ctx.index.initializers.get(sizesName));
    if (!sizes) return false;
    replaceInt64Input(node, 3, permuteVector(sizes, ctx.perm), ctx);
  } else {
    return false;
  }
  node.inputs[0] = source;
  return true;
}

function pushPad(node: NodeIR, ctx: PushContext): boolean {
  const source = onlyInputZeroTransposed(ctx);
  const pads = int64Values(ctx.index.initializers.get(node.inputs[1] ?? ""));
  if (source === undefined || !pads || (node.inputs[3] ?? "") !== "") return false;
  const rank = ctx.perm.length;
  const begins = permuteVector(pads.slice(0, rank), ctx.perm);
  const ends = permuteVector(pads.slice(rank), ctx.perm);
  node.inputs[0] = source;
  replaceInt64Input(node, 1, [...begins, ...ends], ctx);
  return true;
}

function pushSlice(node: NodeIR, ctx: PushContext): boolean {
  const source = onlyInputZeroTransposed(ctx);
  const axes = int64Values(ctx.index.initializers.get(node.inputs[3] ?? ""));
  if (source === undefined || !axes) return false;
  node.inputs[0] = source;
  replaceInt64Input(
    node,
    3,
    axes.map((a) => ctx.perm[normalizeAxis(a, ctx.perm.length)] as number),
    ctx,
  );
  return true;
}

/**
 * Rewrites `node` to read the untransposed inputs; returns the permutation to apply to its output
 * (so that the graph computes the same values), or false when the node cannot take the Transpose.
 */
export function pushTransposeThrough(node: NodeIR, ctx: PushContext): { perm: number[] } | false {
  if (ELEMENTWISE.has(node.opType)) return pushElementwise(node, ctx) && { perm: ctx.perm };
  if (REDUCTIONS.has(node.opType)) return pushReduction(node, ctx);
  switch (node.opType) {
    case "Concat":
      return pushConcat(node, ctx) && { perm: ctx.perm };
    case "Softmax":
    case "LogSoftmax":
      return pushAxisAttribute(node, ctx) && { perm: ctx.perm };
    case "Resize":
      return pushResize(node, ctx) && { perm: ctx.perm };
    case "Pad":
      return pushPad(node, ctx) && { perm: ctx.perm };
    case "Slice":
      return pushSlice(node, ctx) && { perm: ctx.perm };
    default:
      return false;
  }
}
