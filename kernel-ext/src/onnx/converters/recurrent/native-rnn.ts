import { reverse, squeeze, transpose, unsqueeze } from "../../builder/shape-ops";
import type { LayerCall } from "../../convert/layer-call";
import { attr } from "../../ir/attributes";
import type { Attribute } from "../../ir/types";
import { onnxBias, onnxMatrix } from "./recurrent-weights";
import type { RecurrentSpec } from "./recurrent-spec";
import type { RecurrentRun } from "./recurrent-run";

/** tfjs activations that ONNX's recurrent ops can apply themselves, with their alpha/beta. */
const ONNX_RNN_ACTIVATION: Record<string, { name: string; alpha?: number; beta?: number }> = {
  tanh: { name: "Tanh" },
  sigmoid: { name: "Sigmoid" },
  hardSigmoid: { name: "HardSigmoid", alpha: 0.2, beta: 0.5 },
  relu: { name: "Relu" },
  linear: { name: "Affine", alpha: 1, beta: 0 },
  softsign: { name: "Softsign" },
  softplus: { name: "Softplus" },
  elu: { name: "Elu", alpha: 1 },
};

export function nativeActivationsAvailable(spec: RecurrentSpec): boolean {
  const needed = spec.kind === "simple" ? [spec.activation] : [spec.recurrentActivation, spec.activation];
  return needed.every((a) => a in ONNX_RNN_ACTIVATION);
}

/** The activations attribute: f for RNN; f, g for GRU; f, g, h for LSTM (recurrent, cell, output). */
function activationAttributes(spec: RecurrentSpec): Record<string, Attribute> {
  const names =
    spec.kind === "simple"
      ? [spec.activation]
      : spec.kind === "gru"
        ? [spec.recurrentActivation, spec.activation]
        : [spec.recurrentActivation, spec.activation, spec.activation];
  const alphas: number[] = [];
  const betas: number[] = [];
  const onnxNames = names.map((n) => {
    const a = ONNX_RNN_ACTIVATION[n] as { name: string; alpha?: number; beta?: number };
    if (a.alpha !== undefined) alphas.push(a.alpha);
    if (a.beta !== undefined) betas.push(a.beta);
    return a.name;
  });
  return {
    activations: attr.strings(onnxNames),
    ...(alphas.length ? { activation_alpha: attr.floats(alphas) } : {}),
    ...(betas.length ? { activation_beta: attr.floats(betas) } : {}),
  };
}

const OP: Record<RecurrentSpec["kind"], string> = { simple: "RNN", lstm: "LSTM", gru: "GRU" };

/**
 * One direction of ONNX RNN/LSTM/GRU (time-major layout 0, which every opset from 7 reads). The reverse
 * direction stores each step's output at its input position, so `alignSequence` decides whether the
 * sequence is returned in input order (Bidirectional) or in processing order (Keras go_backwards).
 */
export function emitNativeRecurrent(
  call: LayerCall,
  spec: RecurrentSpec,
  x: string,
  initialStates: readonly string[],
  alignSequence: boolean,
): RecurrentRun {
  const b = call.builder;
  const hint = `${call.hint}/${spec.layerName.split("/").pop() ?? "rnn"}`;
  const timeMajor = transpose(b, x, [1, 0, 2], hint);
  const inputs = [
    timeMajor,
    call.initializer(spec.kernel, onnxMatrix(spec.kind)),
    call.initializer(spec.recurrentKernel, onnxMatrix(spec.kind)),
  ];
  inputs.push(spec.bias ? call.initializer(spec.bias, onnxBias(spec.kind)) : "");
  inputs.push(""); // sequence_lens: every sequence is full length
  for (const s of initialStates) inputs.push(unsqueeze(b, s, [0], hint));
  while (inputs[inputs.length - 1] === "") inputs.pop();
  const attributes: Record<string, Attribute> = {
    hidden_size: attr.int(spec.units),
    direction: attr.string(spec.goBackwards ? "reverse" : "forward"),
    ...activationAttributes(spec),
  };
  if (spec.kind === "gru") attributes.linear_before_reset = attr.int(spec.resetAfter ? 1 : 0);
  const outputCount = spec.kind === "lstm" ? 3 : 2;
  const [y, yH, yC] = b.addNode(OP[spec.kind], inputs, attributes, hint, outputCount) as [
    string,
    string,
    string | undefined,
  ];
  const states = [squeeze(b, yH, [0], hint)];
  if (yC) states.push(squeeze(b, yC, [0], hint));
  let sequence: string | undefined;
  if (spec.returnSequences) {
    const batchMajor = transpose(b, squeeze(b, y, [1], hint), [1, 0, 2], hint);
    sequence = spec.goBackwards && !alignSequence ? reverse(b, batchMajor, 1, hint) : batchMajor;
  }
  return { sequence, lastOutput: states[0] as string, states };
}
