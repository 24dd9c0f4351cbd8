import type { OnnxGraphBuilder } from "../builder/graph-builder";
import { attr } from "../ir/attributes";

/**
 * The tfjs activation functions as ONNX subgraphs, with tfjs's exact formulas (tfjs names: hardSigmoid
 * is 0.2·x + 0.5 clipped, selu uses tfjs's constants, gelu is the erf form, gelu_new the tanh form).
 */
type Emitter = (b: OnnxGraphBuilder, x: string, hint: string) => string;

// tfjs-core's SELU constants (selu_util): scale·alpha and scale.
const SELU_SCALE = 1.0507009873554805;
const SELU_SCALE_ALPHA = 1.7580993408473768;

function swish(b: OnnxGraphBuilder, x: string, hint: string): string {
  return b.op("Mul", [x, b.op("Sigmoid", [x], {}, hint)], {}, hint);
}

function geluErf(b: OnnxGraphBuilder, x: string, hint: string): string {
  if (b.opset >= 20) return b.op("Gelu", [x], { approximate: attr.string("none") }, hint);
  const scaled = b.op("Div", [x, b.scalar(Math.SQRT2)], {}, hint);
  const cdf = b.op(
    "Mul",
    [b.op("Add", [b.op("Erf", [scaled], {}, hint), b.scalar(1)], {}, hint), b.scalar(0.5)],
    {},
    hint,
  );
  return b.op("Mul", [x, cdf], {}, hint);
}

function geluTanh(b: OnnxGraphBuilder, x: string, hint: string): string {
  if (b.opset >= 20) return b.op("Gelu", [x], { approximate: attr.string("tanh") }, hint);
  const cube = b.op("Mul", [b.op("Mul", [x, x], {}, hint), x], {}, hint);
  const inner = b.op("Add", [x, b.op("Mul", [cube, b.scalar(0.044715)], {}, hint)], {}, hint);
  const t = b.op("Tanh", [b.op("Mul", [inner, b.scalar(Math.sqrt(2 / Math.PI))], {}, hint)], {}, hint);
  const half = b.op("Mul", [x, b.scalar(0.5)], {}, hint);
  return b.op("Mul", [half, b.op("Add", [t, b.scalar(1)], {}, hint)], {}, hint);
}

function mish(b: OnnxGraphBuilder, x: string, hint: string): string {
  if (b.opset >= 18) return b.op("Mish", [x], {}, hint);
  return b.op("Mul", [x, b.op("Tanh", [b.op("Softplus", [x], {}, hint)], {}, hint)], {}, hint);
}

const EMITTERS: Record<string, Emitter> = {
  linear: (_b, x) => x,
  relu: (b, x, h) => b.op("Relu", [x], {}, h),
  relu6: (b, x, h) => b.op("Clip", [x, b.scalar(0), b.scalar(6)], {}, h),
  elu: (b, x, h) => b.op("Elu", [x], { alpha: attr.float(1) }, h),
  selu: (b, x, h) =>
    b.op("Selu", [x], { alpha: attr.float(SELU_SCALE_ALPHA / SELU_SCALE), gamma: attr.float(SELU_SCALE) }, h),
  sigmoid: (b, x, h) => b.op("Sigmoid", [x], {}, h),
  hardSigmoid: (b, x, h) => b.op("HardSigmoid", [x], { alpha: attr.float(0.2), beta: attr.float(0.5) }, h),
  tanh: (b, x, h) => b.op("Tanh", [x], {}, h),
  softmax: (b, x, h) => b.op("Softmax", [x], { axis: attr.int(-1) }, h),
  logSoftmax: (b, x, h) => b.op("LogSoftmax", [x], { axis: attr.int(-1) }, h),
  softplus: (b, x, h) => b.op("Softplus", [x], {}, h),
  softsign: (b, x, h) => b.op("Softsign", [x], {}, h),
  swish,
  mish,
  gelu: geluErf,
  gelu_new: geluTanh,
};

/** Names as tfjs serialises them, plus the snake_case spellings Keras files use. */
const ALIASES: Record<string, string> = {
  hard_sigmoid: "hardSigmoid",
  log_softmax: "logSoftmax",
  silu: "swish",
};

export function canonicalActivation(name: string): string {
  return ALIASES[name] ?? name;
}

export function supportedActivations(): string[] {
  return Object.keys(EMITTERS);
}

export function isSupportedActivation(name: string): boolean {
  return canonicalActivation(name) in EMITTERS;
}

/** Applies a tfjs activation to `x`; throws for unknown names (callers check with isSupportedActivation). */
export function emitActivation(b: OnnxGraphBuilder, x: string, name: string, hint: string): string {
  const emit = EMITTERS[canonicalActivation(name)];
  if (!emit) throw new Error(`unsupported activation "${name}"`);
  return emit(b, x, `${hint}/${name}`);
}
