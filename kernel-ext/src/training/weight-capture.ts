import * as tf from "@tensorflow/tfjs";
import { concatFloat32 } from "./float-arrays";
import type { UpdateStats } from "./monitor-history";
import { tensorStats, type TensorStats } from "./stats";

/** Weight values of one recorded step, per layer, read just before the optimizer applies its update. */
export interface WeightSnapshot {
  layer: string;
  variables: tf.Variable[];
  before: Float32Array;
}

/** A copy: on some backends dataSync returns the live buffer, which the update then overwrites. */
function readAll(variables: tf.Variable[]): Float32Array {
  const arrays = variables.map((v) => v.dataSync() as Float32Array);
  return arrays.length === 1 ? Float32Array.from(arrays[0] as Float32Array) : concatFloat32(arrays);
}

/** Reads the weights of every layer named in `variablesByLayer` (their values, copied). */
export function snapshotWeights(variablesByLayer: Map<string, tf.Variable[]>): WeightSnapshot[] {
  return [...variablesByLayer].map(([layer, variables]) => ({
    layer,
    variables,
    before: readAll(variables),
  }));
}

/** Weights before the step and what the step changed, per layer. */
export function weightsAndUpdates(
  snapshots: WeightSnapshot[],
  bins: number,
): { weights: Record<string, TensorStats>; updates: Record<string, UpdateStats> } {
  const weights: Record<string, TensorStats> = {};
  const updates: Record<string, UpdateStats> = {};
  for (const { layer, variables, before } of snapshots) {
    if (variables.some((v) => v.isDisposed)) continue;
    const after = readAll(variables);
    const delta = new Float32Array(before.length);
    for (let i = 0; i < before.length; i++) delta[i] = (after[i] as number) - (before[i] as number);
    const w = tensorStats(before, bins, "log10abs");
    const d = tensorStats(delta, bins, "log10abs");
    weights[layer] = w;
    updates[layer] = { ...d, ratio: w.rms > 0 ? d.rms / w.rms : d.rms > 0 ? Infinity : 0 };
  }
  return { weights, updates };
}
