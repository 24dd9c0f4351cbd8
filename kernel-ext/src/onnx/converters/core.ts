import { reshape, toChannelsLast, transpose, unsqueeze } from "../builder/shape-ops";
import type { LayerCall } from "../convert/layer-call";
import { registerBuiltinConverter } from "../registry";
import { applyConfiguredActivation } from "./apply-activation";

/** Core layers: Dense, Flatten, Reshape, Permute, RepeatVector, InputLayer. */

interface DenseConfig {
  units: number;
  useBias: boolean;
}

function readDense(call: LayerCall): DenseConfig {
  return { units: call.config.number("units"), useBias: call.config.boolean("useBias", true) };
}

function dense(call: LayerCall): string {
  const cfg = readDense(call);
  const b = call.builder;
  const kernel = call.initializer(call.weight("kernel"));
  let y = b.op("MatMul", [call.input().name, kernel], {}, call.hint);
  if (cfg.useBias) y = b.op("Add", [y, call.initializer(call.weight("bias"))], {}, call.hint);
  return applyConfiguredActivation(call, y);
}

function flatten(call: LayerCall): string {
  const x = call.input();
  let name = x.name;
  // channelsFirst flattens in channels-last order in tfjs, as Keras does.
  if (call.config.optionalString("dataFormat") === "channelsFirst" && x.shape.length > 2) {
    name = toChannelsLast(call.builder, name, x.shape.length, call.hint);
  }
  return call.builder.op("Flatten", [name], { axis: { kind: "int", value: 1 } }, call.hint);
}

function reshapeLayer(call: LayerCall): string {
  const target = call.config.numberList("targetShape");
  // 0 copies the batch dimension; -1 is the one free dimension tfjs allows.
  return reshape(call.builder, call.input().name, [0, ...target], call.hint);
}

function permute(call: LayerCall): string {
  const dims = call.config.numberList("dims");
  return transpose(call.builder, call.input().name, [0, ...dims], call.hint);
}

function repeatVector(call: LayerCall): string {
  const n = call.config.number("n");
  const b = call.builder;
  const expanded = unsqueeze(b, call.input().name, [1], call.hint);
  return b.op("Tile", [expanded, b.int64([1, n, 1])], {}, call.hint);
}

function activation(call: LayerCall): string {
  return applyConfiguredActivation(call, call.input().name);
}

const family = "Core";
registerBuiltinConverter("InputLayer", (call) => call.input().name, { family, notes: "graph input" });
registerBuiltinConverter("Dense", dense, { family, notes: "MatMul + Add, any input rank, fused activation" });
registerBuiltinConverter("Flatten", flatten, { family, notes: "channelsFirst too" });
registerBuiltinConverter("Reshape", reshapeLayer, { family, notes: "one -1 dimension" });
registerBuiltinConverter("Permute", permute, { family });
registerBuiltinConverter("RepeatVector", repeatVector, { family });
registerBuiltinConverter("Activation", activation, { family, notes: "every tfjs activation" });
