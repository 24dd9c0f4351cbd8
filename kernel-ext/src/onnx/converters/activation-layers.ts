import { reduce } from "../builder/reduce-ops";
import type { LayerCall } from "../convert/layer-call";
import { attr } from "../ir/attributes";
import { registerBuiltinConverter } from "../registry";

/** Activation layers: ReLU, LeakyReLU, PReLU, ELU, ThresholdedReLU, Softmax. */

/**
 * Keras ReLU: x ≥ max_value → max_value; threshold ≤ x < max_value → x; else negative_slope·(x − threshold).
 * tfjs itself only has max_value; threshold and negative_slope come from Keras-made layers. The graph
 * follows Keras's own evaluation order so that edge values (x == threshold) match.
 */
function relu(call: LayerCall): string {
  const c = call.config;
  const maxValue = c.optionalNumber("maxValue");
  const threshold = c.number("threshold", 0);
  const slope = c.number("negativeSlope", 0);
  const b = call.builder;
  const x = call.input().name;
  if (slope !== 0 && maxValue === undefined && threshold === 0) {
    return b.op("LeakyRelu", [x], { alpha: attr.float(slope) }, call.hint);
  }
  let y: string;
  if (threshold !== 0) {
    const keep = b.op("Greater", [x, b.scalar(threshold)], {}, call.hint);
    y = b.op("Where", [keep, x, b.scalar(0)], {}, call.hint);
  } else {
    y = b.op("Relu", [x], {}, call.hint);
  }
  if (maxValue !== undefined) y = b.op("Clip", [y, b.scalar(0), b.scalar(maxValue)], {}, call.hint);
  if (slope !== 0) {
    const below =
      threshold !== 0
        ? b.op("Sub", [b.scalar(threshold), x], {}, call.hint)
        : b.op("Neg", [x], {}, call.hint);
    const negativePart = b.op("Relu", [below], {}, call.hint);
    y = b.op("Sub", [y, b.op("Mul", [negativePart, b.scalar(slope)], {}, call.hint)], {}, call.hint);
  }
  return y;
}

function leakyRelu(call: LayerCall): string {
  const alpha = call.config.number("alpha", 0.3);
  return call.builder.op("LeakyRelu", [call.input().name], { alpha: attr.float(alpha) }, call.hint);
}

/** PReLU's alpha has the input's shape without the batch axis (1 on shared axes): it broadcasts as is. */
function prelu(call: LayerCall): string {
  return call.builder.op("PRelu", [call.input().name, call.initializer(call.weight("alpha"))], {}, call.hint);
}

function elu(call: LayerCall): string {
  const alpha = call.config.number("alpha", 1);
  return call.builder.op("Elu", [call.input().name], { alpha: attr.float(alpha) }, call.hint);
}

function thresholdedRelu(call: LayerCall): string {
  const theta = call.config.number("theta", 1);
  return call.builder.op("ThresholdedRelu", [call.input().name], { alpha: attr.float(theta) }, call.hint);
}

/** tfjs's Softmax layer defaults to axis 1 (not −1); several axes use exp(x − logsumexp(x)). */
function softmax(call: LayerCall): string {
  const raw = call.config.raw.axis;
  const axes = Array.isArray(raw) ? call.config.numberList("axis") : [call.config.number("axis", 1)];
  const b = call.builder;
  const input = call.input();
  let x = input.name;
  if (input.maskProblem) call.unsupported(input.maskProblem);
  if (input.mask) {
    // tfjs adds −1e9 where the mask is off, exactly so.
    const off = b.op(
      "Sub",
      [b.scalar(1), b.op("Cast", [input.mask], { to: attr.int(1) }, call.hint)],
      {},
      call.hint,
    );
    x = b.op("Add", [x, b.op("Mul", [off, b.scalar(-1e9)], {}, call.hint)], {}, call.hint);
  }
  if (axes.length === 1) return b.op("Softmax", [x], { axis: attr.int(axes[0] as number) }, call.hint);
  const lse = reduceLogSumExp(call, x, axes);
  return b.op("Exp", [b.op("Sub", [x, lse], {}, call.hint)], {}, call.hint);
}

function reduceLogSumExp(call: LayerCall, x: string, axes: number[]): string {
  const b = call.builder;
  // Max-shifted like tfjs's logSumExp, for the same rounding.
  const max = reduce(b, "ReduceMax", x, axes, true, call.hint);
  const shifted = b.op("Exp", [b.op("Sub", [x, max], {}, call.hint)], {}, call.hint);
  const sum = reduce(b, "ReduceSum", shifted, axes, true, call.hint);
  return b.op("Add", [b.op("Log", [sum], {}, call.hint), max], {}, call.hint);
}

const family = "Activation";
registerBuiltinConverter("ReLU", relu, { family, notes: "max_value, threshold, negative_slope" });
registerBuiltinConverter("LeakyReLU", leakyRelu, { family });
registerBuiltinConverter("PReLU", prelu, { family, notes: "shared axes" });
registerBuiltinConverter("ELU", elu, { family, notes: "alpha" });
registerBuiltinConverter("ThresholdedReLU", thresholdedRelu, { family });
registerBuiltinConverter("Softmax", softmax, { family, notes: "one or several axes, mask" });
