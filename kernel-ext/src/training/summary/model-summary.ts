import type * as tf from "@tensorflow/tfjs";
import type { LayerRowState, ModelSummaryState } from "tslab-ml-protocol";
import type { Verdict } from "../verdicts";
import { ModelSummary } from "./model-summary-widget";

export interface ModelSummaryOptions {
  /** A gradient monitor (or anything with verdicts) whose verdicts show as badges on their layers. */
  monitor?: { verdicts: readonly Verdict[] };
}

const BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, complex64: 8, string: 0 };

function paramsOf(weights: readonly tf.LayerVariable[]): { count: number; bytes: number } {
  let count = 0;
  let bytes = 0;
  for (const w of weights) {
    const n = w.shape.reduce((a: number, b) => a * (b ?? 1), 1);
    count += n;
    bytes += n * (BYTES[w.dtype] ?? 4);
  }
  return { count, bytes };
}

const shapeText = (shape: unknown): string =>
  Array.isArray(shape) && Array.isArray(shape[0])
    ? shape.map(shapeText).join(", ")
    : `[${(shape as (number | null)[]).map((d) => (d === null ? "null" : String(d))).join(", ")}]`;

function outputShape(layer: tf.layers.Layer): string {
  try {
    return shapeText(layer.outputShape);
  } catch {
    return "(several)";
  }
}

function activationOf(layer: tf.layers.Layer): string {
  const name = layer.getClassName();
  if (["ReLU", "LeakyReLU", "ELU", "Softmax", "ThresholdedReLU", "PReLU"].includes(name)) return name;
  const activation = (layer.getConfig() as { activation?: unknown }).activation;
  return typeof activation === "string" ? activation : "";
}

function inputsOf(layer: tf.layers.Layer): string[] {
  const node = layer.inboundNodes[0];
  return node ? node.inboundLayers.map((l) => l.name) : [];
}

/** Rows and totals of a model: what `modelSummary` shows. */
export function summarizeModel(
  model: tf.LayersModel,
  verdicts: readonly Verdict[] | undefined,
): ModelSummaryState {
  const rows: LayerRowState[] = model.layers
    .filter((l) => l.getClassName() !== "InputLayer")
    .map((layer) => {
      const trainable = paramsOf(layer.trainableWeights);
      const fixed = paramsOf(layer.nonTrainableWeights);
      return {
        name: layer.name,
        class_name: layer.getClassName(),
        output_shape: outputShape(layer),
        trainable_params: trainable.count,
        non_trainable_params: fixed.count,
        activation: activationOf(layer),
        weight_bytes: trainable.bytes + fixed.bytes,
        inputs: inputsOf(layer).filter((n) =>
          model.layers.some((l) => l.name === n && l.getClassName() !== "InputLayer"),
        ),
      };
    });
  const total = (key: "trainable_params" | "non_trainable_params" | "weight_bytes"): number =>
    rows.reduce((s, r) => s + r[key], 0);
  const trainable = total("trainable_params");
  const fixed = total("non_trainable_params");
  const problems = verdicts
    ? `, ${verdicts.length ? `${verdicts.length} problem${verdicts.length > 1 ? "s" : ""}` : "no problem found"}`
    : "";
  return {
    title:
      `Model ${model.name}: ${rows.length} layers, ${(trainable + fixed).toLocaleString("en-US")} parameters ` +
      `(${trainable.toLocaleString("en-US")} trainable), input ${shapeText(model.inputs.map((i) => i.shape).length === 1 ? model.inputs[0]!.shape : model.inputs.map((i) => i.shape))}` +
      problems,
    rows,
    total_trainable: trainable,
    total_non_trainable: fixed,
    total_weight_bytes: total("weight_bytes"),
    monitored: verdicts !== undefined,
    verdicts: (verdicts ?? []).map((v) => ({ ...v, cures: [...v.cures] })),
  };
}

/**
 * A table of the model's layers — output shapes, parameter counts, activations — with each layer's
 * verdicts when a `gradientMonitor` is given.
 * @example modelSummary(model, { monitor })
 */
export function modelSummary(model: tf.LayersModel, options: ModelSummaryOptions = {}): ModelSummary {
  return new ModelSummary(summarizeModel(model, options.monitor?.verdicts));
}
