import assert from "node:assert/strict";
import * as ort from "onnxruntime-node";
import type * as tf from "@tensorflow/tfjs";
import type { OnnxExport } from "../../../kernel-ext/src/onnx";

/**
 * Runs an exported file on the given inputs (tfjs layout) and asserts it is within 1e-5 (absolute) of
 * the reference tensors: for layers that tfjs cannot run inside a model, or computes wrongly on the cpu
 * backend, where the reference is computed another way.
 */
export async function assertOnnxMatches(
  exported: OnnxExport,
  inputs: tf.Tensor[],
  expected: tf.Tensor[],
  atol = 1e-5,
): Promise<void> {
  const session = await ort.InferenceSession.create(exported.file);
  try {
    const feeds: Record<string, ort.Tensor> = {};
    inputs.forEach((t, i) => {
      feeds[exported.inputs[i]?.name as string] = new ort.Tensor("float32", Float32Array.from(t.dataSync()), [
        ...t.shape,
      ]);
    });
    const out = await session.run(feeds);
    expected.forEach((e, i) => {
      const actual = out[exported.outputs[i]?.name as string];
      assert.ok(actual, `output ${i}`);
      assert.deepEqual(actual.dims.map(Number), e.shape, "shape");
      const reference = e.dataSync();
      const values = actual.data as Float32Array;
      const maxDiff = values.reduce((m, v, k) => Math.max(m, Math.abs(v - (reference[k] as number))), 0);
      assert.ok(maxDiff <= atol, `output ${i}: max diff ${maxDiff}`);
    });
  } finally {
    await session.release();
  }
}
