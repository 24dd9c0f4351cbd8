import type * as tf from "@tensorflow/tfjs";
import type { ActivationStats } from "./monitor-history";
import { tensorStats } from "./stats";

export type ActivationFamily = "relu" | "sigmoid" | "tanh" | "other";

const RELU_LIKE = new Set(["relu", "relu6", "elu", "selu"]);

/** The nonlinearity a layer ends with, from its class and config (fused activations included). */
export function activationFamily(layer: tf.layers.Layer): ActivationFamily {
  const className = layer.getClassName();
  if (className === "ReLU") return "relu";
  const config = layer.getConfig() as { activation?: unknown };
  const name = typeof config.activation === "string" ? config.activation.toLowerCase() : "";
  if (name === "relu" || name === "relu6") return "relu";
  if (RELU_LIKE.has(name)) return "other";
  if (name === "sigmoid" || name === "hardsigmoid" || name === "hard_sigmoid") return "sigmoid";
  if (name === "tanh") return "tanh";
  return "other";
}

/**
 * Stats of one layer's activations on the sample batch, plus the fraction of dead units (zero for ≥99% of
 * samples and positions, per channel on the last axis) and of values saturated at sigmoid/tanh bounds.
 */
export function activationStats(
  values: Float32Array,
  shape: readonly number[],
  family: ActivationFamily,
  bins: number,
): ActivationStats {
  const base = tensorStats(values, bins, "linear");
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
  }
  return { ...base, deadUnitFraction, saturatedFraction };
}
