import * as tf from "@tensorflow/tfjs";
import { ort } from "../ort";
import type { SignatureEntry } from "../convert/signature";
import { compareOutputs, type OutputComparison, type Tolerance } from "./compare";
import { measureLatency, type LatencyReport } from "./latency";
import { onnxFeeds, predictTfjs, runOnnx } from "./run-models";
import { randomInputs } from "./sample-inputs";
import { interruptCheckpoint } from "../../util/interrupt";

/** Options of the check against tfjs (all optional). */
export interface VerifyOptions {
  /** Absolute tolerance (default 1e-4). */
  atol?: number;
  /** Relative tolerance (default 1e-3). */
  rtol?: number;
  /** Seed of the random inputs (default 0). */
  seed?: number;
  /** Batch size of the random inputs (default 2). */
  batchSize?: number;
  /** Size used for unknown non-batch dimensions of the random inputs (default 16). */
  freeDimSize?: number;
  /** Extra inputs to check, each a tensor or one tensor per model input, in the tfjs layout. */
  samples?: ReadonlyArray<tf.Tensor | readonly tf.Tensor[]>;
  /** Timed runs of each runtime for the latency figures (default 10, fewer past 3 s; 0 skips timing). */
  latencyRuns?: number;
}

export type VerificationCase = {
  label: string;
  batchSize: number;
  outputs: OutputComparison[];
  passed: boolean;
};

export type VerificationReport = {
  atol: number;
  rtol: number;
  passed: boolean;
  cases: VerificationCase[];
  latency: LatencyReport | null;
};

function attempt<T>(what: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    throw new Error(`${what} failed: ${(error as Error).message}`);
  }
}

/**
 * Runs the exported file with onnxruntime-node and the model with tfjs on seeded random inputs and on
 * the user's samples, and compares every output. Throws only when onnxruntime cannot run the file.
 */
export async function verifyExport(
  model: tf.LayersModel,
  onnxPath: string,
  inputs: readonly SignatureEntry[],
  outputs: readonly SignatureEntry[],
  options: VerifyOptions = {},
): Promise<VerificationReport> {
  const tol: Tolerance = { atol: options.atol ?? 1e-4, rtol: options.rtol ?? 1e-3 };
  const session = await ort.InferenceSession.create(onnxPath).catch((error: Error) => {
    throw new Error(`onnxruntime could not load the exported file: ${error.message}`);
  });
  try {
    const random = randomInputs(model, {
      batchSize: options.batchSize ?? 2,
      freeDimSize: options.freeDimSize ?? 16,
      seed: options.seed ?? 0,
    });
    const sets: { label: string; tensors: readonly tf.Tensor[] }[] = [
      { label: `random (seed ${options.seed ?? 0})`, tensors: random },
    ];
    (options.samples ?? []).forEach((s, i) =>
      sets.push({ label: `sample ${i + 1}`, tensors: Array.isArray(s) ? s : [s as tf.Tensor] }),
    );
    try {
      const cases: VerificationCase[] = [];
      for (const set of sets) {
        await interruptCheckpoint("exportOnnx (verification)");
        if (set.tensors.length !== model.inputs.length) {
          throw new Error(
            `${set.label} has ${set.tensors.length} tensors, the model has ${model.inputs.length} inputs`,
          );
        }
        const expected = attempt("tfjs predict", () => predictTfjs(model, set.tensors));
        const feeds = onnxFeeds(set.tensors, inputs);
        const actual = await runOnnx(session, feeds, outputs).catch((error: Error) => {
          throw new Error(`onnxruntime failed on ${set.label}: ${error.message}`);
        });
        const comparisons = outputs.map((o, i) => {
          const e = expected[i] as { data: Float32Array; shape: number[] };
          const a = actual[i] as { data: Float32Array; shape: number[] };
          return compareOutputs(o.name, e.data, e.shape, a.data, a.shape, tol);
        });
        cases.push({
          label: set.label,
          batchSize: set.tensors[0]?.shape[0] ?? 0,
          outputs: comparisons,
          passed: comparisons.every((c) => c.passed),
        });
      }
      const runs = options.latencyRuns ?? 10;
      const latency = runs > 0 ? await measureLatency(model, session, random, inputs, runs) : null;
      return { ...tol, passed: cases.every((c) => c.passed), cases, latency };
    } finally {
      tf.dispose(random);
    }
  } finally {
    await session.release();
  }
}
