import type * as tf from "@tensorflow/tfjs";
import type { ActivationStats } from "./monitor-history";
import { tensorStats } from "./stats";

export type ActivationFamily = "relu" | "sigmoid" | "tanh" | "softmax" | "other";

const RELU_LIKE = new Set(["relu", "relu6", "elu", "selu"]);

/** The nonlinearity a layer ends with, from its class and config (fused activations included). */
export function activationFamily(layer: tf.layers.Layer): ActivationFamily {
  const className = layer.getClassName();
  if (className === "ReLU") return "relu";
  if (className === "Softmax") return "softmax";
  const config = layer.getConfig() as { activation?: unknown };
  const name = typeof config.activation === "string" ? config.activation.toLowerCase() : "";
  if (name === "relu" || name === "relu6") return "relu";
  if (RELU_LIKE.has(name)) return "other";
  if (name === "sigmoid" || name === "hardsigmoid" || name === "hard_sigmoid") return "sigmoid";
  if (name === "tanh") return "tanh";
  if (name === "softmax") return "softmax";
  return "other";
}

/** Fraction of rows (last axis = classes) whose largest probability is ≥ 0.99: one-hot, confident. */
function pinnedRows(values: Float32Array, units: number): number {
  const rows = Math.floor(values.length / units);
  if (rows === 0) return 0;
  let pinned = 0;
  for (let r = 0; r < rows; r++) {
    let top = 0;
    for (let u = 0; u < units; u++) top = Math.max(top, values[r * units + u] as number);
    if (top >= 0.99) pinned++;
  }
  return pinned / rows;
}

/**
 * Stats of one layer's activations on the sample batch (log10|a| histogram on the same range as gradients and
 * weights, so every kind shows in the same heatmap), plus the fraction of dead units (zero for ≥99% of samples
 * and positions, per channel on the last axis) and of values saturated at sigmoid/tanh/softmax bounds.
 */
export function activationStats(
  values: Float32Array,
  shape: readonly number[],
  family: ActivationFamily,
  bins: number,
): ActivationStats {
  const base = tensorStats(values, bins, "log10abs");
  const units = shape[shape.length - 1] ?? 1;
  let deadUnitFraction = 0;
  if (family === "relu" && units > 0) {
    const zeros = new Float64Array(units);
    const perUnit = values.length / units;
    for (let i = 0; i < values.length; i++) if (values[i] === 0) zeros[i % units]! += 1;
    let dead = 0;
    for (let u = 0; u < units; u++) if ((zeros[u] as number) / perUnit >= 0.99) dead++;
    deadUnitFraction = dead / units;
  }
  let saturatedFraction = 0;
  if (family === "sigmoid" || family === "tanh") {
    let pinned = 0;
    for (let i = 0; i < values.length; i++) {
      const v = values[i] as number;
      if (family === "sigmoid" ? v < 0.01 || v > 0.99 : Math.abs(v) > 0.99) pinned++;
    }
    saturatedFraction = values.length ? pinned / values.length : 0;
  } else if (family === "softmax" && units > 1) {
    saturatedFraction = pinnedRows(values, units);
  }
  return { ...base, deadUnitFraction, saturatedFraction };
}
