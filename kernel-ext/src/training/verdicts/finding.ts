import type { ActivationFamily } from "../activation-stats";
import type { MonitorHistory, StepRecord } from "../monitor-history";
import type { Verdict, VerdictThresholds } from "./kinds";

/** A verdict before its cures are attached. */
export type Finding = Omit<Verdict, "cures">;

/** What the rules know about the model beyond the recorded numbers. */
export interface ModelLayout {
  /** The layer producing the model's output. */
  outputLayer?: string;
  /** Each layer's final nonlinearity. */
  families?: ReadonlyMap<string, ActivationFamily>;
  /** Optimizer steps per epoch, when known: loss windows span whole epochs (batches differ in difficulty). */
  stepsPerEpoch?: number;
}

export interface RuleInput {
  history: MonitorHistory;
  /** Layers input to output (those without weights included). */
  layers: readonly string[];
  thresholds: VerdictThresholds;
  layout: ModelLayout;
}

export function lastLayerWithGradients(record: StepRecord, layers: readonly string[]): string | undefined {
  for (let i = layers.length - 1; i >= 0; i--) if (record.gradients[layers[i] as string]) return layers[i];
  return undefined;
}

export const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

export const mean = (values: number[]): number =>
  values.reduce((s, v) => s + v, 0) / Math.max(1, values.length);
