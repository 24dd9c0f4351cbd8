import * as tf from "@tensorflow/tfjs";
import type * as ort from "onnxruntime-node";
import type { SignatureEntry } from "../convert/signature";
import { onnxFeeds } from "./run-models";
import { interruptCheckpoint } from "../../util/interrupt";

export type LatencyReport = {
  /** Median milliseconds of one tfjs predict (including reading the result back). */
  tfjsMs: number;
  /** Median milliseconds of one onnxruntime run. */
  onnxMs: number;
  runs: number;
  batchSize: number;
  backend: string;
};

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Timing stops early once this much time went by (with at least three runs each): slow tfjs models stay usable. */
const TIME_BUDGET_MS = 3000;
const MIN_RUNS = 3;

/** Median latency of both runtimes on the same inputs, after one warm-up run each. */
export async function measureLatency(
  model: tf.LayersModel,
  session: ort.InferenceSession,
  inputs: readonly tf.Tensor[],
  signature: readonly SignatureEntry[],
  runs: number,
): Promise<LatencyReport> {
  const tfjsOnce = (): number => {
    const start = performance.now();
    const out = model.predict(inputs.length === 1 ? (inputs[0] as tf.Tensor) : [...inputs]);
    const list = Array.isArray(out) ? out : [out];
    list.forEach((t) => t.dataSync());
    const ms = performance.now() - start;
    tf.dispose(list);
    return ms;
  };
  const feeds = onnxFeeds(inputs, signature);
  const onnxOnce = async (): Promise<number> => {
    const start = performance.now();
    await session.run(feeds);
    return performance.now() - start;
  };
  tfjsOnce();
  await onnxOnce();
  const tfjsTimes: number[] = [];
  const onnxTimes: number[] = [];
  const start = performance.now();
  for (let i = 0; i < runs; i++) {
    await interruptCheckpoint("exportOnnx (latency)");
    tfjsTimes.push(tfjsOnce());
    onnxTimes.push(await onnxOnce());
    if (i + 1 >= MIN_RUNS && performance.now() - start > TIME_BUDGET_MS) break;
  }
  return {
    tfjsMs: median(tfjsTimes),
    onnxMs: median(onnxTimes),
    runs: tfjsTimes.length,
    batchSize: inputs[0]?.shape[0] ?? 0,
    backend: tf.getBackend(),
  };
}
