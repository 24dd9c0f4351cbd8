import * as tf from "@tensorflow/tfjs";
import { Progress, yieldToEventLoop } from "../display/progress";
import { sampleIndices, seededRandom } from "../util/random";

export interface KnnOptions {
  /** Neighbours averaged (default 10). */
  k?: number;
  /**
   * Largest reference set: with more points, distances are measured to a seeded random sample of this
   * many (default 10,000). k-NN distance to a sample ranks outliers as well as to all points (subsampling
   * is a known, effective outlier-ensemble member) at n/maxReference of the cost.
   */
  maxReference?: number;
  seed?: number;
  progress?: boolean;
}

const QUERY_BLOCK = 1024;

/**
 * For each row of `values` (n × dim, row-major), the mean Euclidean distance to its k nearest reference
 * rows (itself excluded). Distances come from one matrix product per block of rows (‖q‖² + ‖r‖² − 2 q·r)
 * on the active tfjs backend; the k smallest are picked in JavaScript. Leaves no tensors behind.
 */
export async function knnDistances(values: Float32Array, dim: number, options: KnnOptions = {}): Promise<Float32Array> {
  const n = values.length / dim;
  if (!Number.isInteger(n) || dim <= 0) throw new RangeError(`knnDistances: ${values.length} values do not make rows of ${dim}`);
  const maxReference = options.maxReference ?? 10_000;
  const reference =
    n <= maxReference
      ? Int32Array.from({ length: n }, (_, i) => i)
      : Int32Array.from(sampleIndices(n, maxReference, seededRandom(options.seed ?? 0)).sort((a, b) => a - b));
  const m = reference.length;
  const k = Math.min(options.k ?? 10, m - 1);
  if (k < 1) return new Float32Array(n);
  const referenceRows = new Float32Array(m * dim);
  reference.forEach((r, j) => referenceRows.set(values.subarray(r * dim, (r + 1) * dim), j * dim));
  const norms = (rows: Float32Array, count: number): Float32Array => {
    const out = new Float32Array(count);
    for (let i = 0; i < count; i++) {
      let s = 0;
      for (let d = 0; d < dim; d++) s += (rows[i * dim + d] as number) ** 2;
      out[i] = s;
    }
    return out;
  };
  const refNorms = norms(referenceRows, m);
  const result = new Float32Array(n);
  const best = new Float64Array(k);
  const progress = new Progress("Nearest neighbours", n, { unit: "embeddings", enabled: options.progress ?? true });
  const refTensor = tf.tensor2d(referenceRows, [m, dim]);
  try {
    for (let start = 0; start < n; start += QUERY_BLOCK) {
      const rows = Math.min(QUERY_BLOCK, n - start);
      const block = values.subarray(start * dim, (start + rows) * dim);
      const dotTensor = tf.tidy(() => tf.matMul(tf.tensor2d(block, [rows, dim]), refTensor, false, true));
      const dots = (await dotTensor.data()) as Float32Array;
      dotTensor.dispose();
      const queryNorms = norms(block, rows);
      // Where the query itself sits in the reference, to skip it.
      let selfRef = 0;
      for (let q = 0; q < rows; q++) {
        const index = start + q;
        while (selfRef < m && (reference[selfRef] as number) < index) selfRef++;
        const self = reference[selfRef] === index ? selfRef : -1;
        best.fill(Infinity);
        const qn = queryNorms[q] as number;
        const base = q * m;
        for (let j = 0; j < m; j++) {
          if (j === self) continue;
          const d2 = qn + (refNorms[j] as number) - 2 * (dots[base + j] as number);
          if (d2 >= (best[k - 1] as number)) continue;
          let p = k - 1;
          while (p > 0 && (best[p - 1] as number) > d2) {
            best[p] = best[p - 1] as number;
            p--;
          }
          best[p] = d2;
        }
        let sum = 0;
        for (let t = 0; t < k; t++) sum += Math.sqrt(Math.max(0, best[t] as number));
        result[index] = sum / k;
      }
      progress.update(start + rows);
      await yieldToEventLoop();
    }
  } finally {
    refTensor.dispose();
  }
  progress.finish();
  return result;
}
