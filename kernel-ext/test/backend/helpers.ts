// Shared helpers for the backend tests: deterministic data, cpu-vs-wasm parity, leak checks.
import assert from "node:assert/strict";
import { initBackend, tf } from "../../src/backend";

/** Deterministic values in [-1, 1) (a linear congruential sequence), so failures reproduce. */
export function seeded(shape: number[], seed: number): Float32Array {
  const n = shape.reduce((a, b) => a * b, 1);
  const out = new Float32Array(n);
  let s = (seed * 2654435761) % 2147483648;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    out[i] = (s / 2147483648) * 2 - 1;
  }
  return out;
}

export interface Result {
  shape: number[];
  values: Float32Array;
}

/** Runs `f` on a backend, inside tidy, and copies its result out. */
export async function runOn(backend: "wasm" | "cpu", f: () => tf.Tensor): Promise<Result> {
  await initBackend(backend);
  const t = tf.tidy(f);
  const result = { shape: t.shape, values: Float32Array.from(t.dataSync()) };
  t.dispose();
  return result;
}

/**
 * |actual − expected| ≤ atol + rtol·|expected| elementwise. The default atol is scaled to the
 * largest expected magnitude: float32 sums of many products cancel to values near zero whose
 * absolute error follows the size of the terms, not of the result.
 */
export function assertClose(
  actual: Result,
  expected: Result,
  label: string,
  rtol = 1e-4,
  atolScale = 1e-5,
): void {
  assert.deepEqual(actual.shape, expected.shape, `${label}: shape`);
  let scale = 0;
  for (const v of expected.values) scale = Math.max(scale, Math.abs(v));
  const atol = atolScale * Math.max(scale, 1e-3);
  for (let i = 0; i < expected.values.length; i++) {
    const a = actual.values[i];
    const e = expected.values[i];
    if (!(Math.abs(a - e) <= atol + rtol * Math.abs(e))) {
      assert.fail(
        `${label}: element ${i} is ${a}, expected ${e} (atol ${atol.toExponential(2)}, rtol ${rtol})`,
      );
    }
  }
}

/** The same computation on wasm and on the cpu backend (or a cpu reference), compared. */
export async function assertParity(
  label: string,
  onWasm: () => tf.Tensor,
  onCpu: () => tf.Tensor = onWasm,
): Promise<void> {
  const expected = await runOn("cpu", onCpu);
  const actual = await runOn("wasm", onWasm);
  assertClose(actual, expected, label);
}

/**
 * Runs `f` (which must dispose what it creates) and checks that neither the engine's tensors nor
 * the wasm backend's data buffers grew: the latter catches intermediates a kernel forgot to free.
 */
export function assertNoLeak(label: string, f: () => void): void {
  const before = tf.memory();
  f();
  const after = tf.memory();
  assert.equal(after.numTensors, before.numTensors, `${label}: tensors leaked`);
  assert.equal(after.numDataBuffers, before.numDataBuffers, `${label}: data buffers leaked`);
}

export function t4(values: Float32Array, shape: number[]): tf.Tensor4D {
  return tf.tensor4d(values, shape as [number, number, number, number]);
}
