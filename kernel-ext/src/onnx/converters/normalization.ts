import type { OnnxGraphBuilder } from "../builder/graph-builder";
import { reduce } from "../builder/reduce-ops";
import { reshape, transpose } from "../builder/shape-ops";
import type { LayerCall } from "../convert/layer-call";
import { reshapeHost, type HostTensor } from "../convert/host-tensor";
import { attr } from "../ir/attributes";
import { registerBuiltinConverter } from "../registry";

/** BatchNormalization (inference statistics) and LayerNormalization. */

function filled(b: OnnxGraphBuilder, value: number, size: number): string {
  return b.float32(new Array<number>(size).fill(value));
}

/**
 * ONNX BatchNormalization normalises over axis 1; for another axis the input is transposed there and
 * back (the layout pass then removes the Transposes between convolutions).
 */
function batchNormalization(call: LayerCall): string {
  const x = call.input();
  const rank = x.shape.length;
  const rawAxis = call.config.number("axis", -1);
  const axis = rawAxis < 0 ? rawAxis + rank : rawAxis;
  const b = call.builder;
  const mean = call.weight("moving_mean");
  const channels = mean.shape[0] as number;
  const scale = call.config.boolean("scale", true)
    ? call.initializer(call.weight("gamma"))
    : filled(b, 1, channels);
  const bias = call.config.boolean("center", true)
    ? call.initializer(call.weight("beta"))
    : filled(b, 0, channels);
  const epsilon = call.config.number("epsilon", 1e-3);
  const perm = Array.from({ length: rank }, (_, i) => i);
  perm.splice(axis, 1);
  perm.splice(1, 0, axis);
  const moved = axis === 1 ? x.name : transpose(b, x.name, perm, call.hint);
  const inputs = [
    moved,
    scale,
    bias,
    call.initializer(mean),
    call.initializer(call.weight("moving_variance")),
  ];
  const y = b.op("BatchNormalization", inputs, { epsilon: attr.float(epsilon) }, call.hint);
  if (axis === 1) return y;
  const inverse = new Array<number>(rank);
  perm.forEach((p, i) => (inverse[p] = i));
  return transpose(b, y, inverse, call.hint);
}

/**
 * LayerNormalization over the given axes. The ONNX op (opset 17+) normalises over trailing axes only;
 * other axis sets, and older opsets, use mean/variance reductions with tfjs's formula.
 */
function layerNormalization(call: LayerCall): string {
  const x = call.input();
  const rank = x.shape.length;
  const raw = call.config.raw.axis;
  const axes = (Array.isArray(raw) ? call.config.numberList("axis") : [call.config.number("axis", -1)]).map(
    (a) => (a < 0 ? a + rank : a),
  );
  const epsilon = call.config.number("epsilon", 1e-3);
  const b = call.builder;
  const paramSize = axes.reduce((n, a) => n * (x.shape[a] ?? 1), 1);
  const gamma = call.config.boolean("scale", true) ? call.weight("gamma") : undefined;
  const beta = call.config.boolean("center", true) ? call.weight("beta") : undefined;
  const trailing = axes.every((a, i) => a === rank - axes.length + i);
  if (trailing && call.opset >= 17) {
    const shape = axes.map((a) => x.shape[a] as number);
    const fit = { tag: "layernorm_param", apply: (w: HostTensor) => reshapeHost(w, shape) };
    const scale = gamma
      ? call.initializer(gamma, fit)
      : b.float32(new Array<number>(paramSize).fill(1), shape);
    const inputs = [x.name, scale];
    if (beta) inputs.push(call.initializer(beta, fit));
    return b.op(
      "LayerNormalization",
      inputs,
      { axis: attr.int(axes[0] as number), epsilon: attr.float(epsilon) },
      call.hint,
    );
  }
  const mean = reduce(b, "ReduceMean", x.name, axes, true, call.hint);
  const centered = b.op("Sub", [x.name, mean], {}, call.hint);
  const variance = reduce(
    b,
    "ReduceMean",
    b.op("Mul", [centered, centered], {}, call.hint),
    axes,
    true,
    call.hint,
  );
  const std = b.op("Sqrt", [b.op("Add", [variance, b.scalar(epsilon)], {}, call.hint)], {}, call.hint);
  let y = b.op("Div", [centered, std], {}, call.hint);
  // tfjs reshapes the parameters (shaped like the axes in config order) straight to the broadcast shape.
  const broadcast = Array.from({ length: rank }, (_, i) => (axes.includes(i) ? (x.shape[i] as number) : 1));
  const toBroadcast = (name: string): string => reshape(b, name, broadcast, call.hint);
  if (gamma) y = b.op("Mul", [y, toBroadcast(call.initializer(gamma))], {}, call.hint);
  if (beta) y = b.op("Add", [y, toBroadcast(call.initializer(beta))], {}, call.hint);
  return y;
}

const family = "Normalization";
registerBuiltinConverter("BatchNormalization", batchNormalization, {
  family,
  notes: "any axis, center/scale off",
});
registerBuiltinConverter("LayerNormalization", layerNormalization, {
  family,
  notes: "ONNX LayerNormalization from opset 17 for trailing axes, reductions otherwise",
});
