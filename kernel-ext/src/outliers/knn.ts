import * as tf from "@tensorflow/tfjs";
import { isWasmBackend } from "../backend/kernels/wasm-ops";
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

/**
 * Entries of one block of the query × reference product (float32): 4M entries = 16 MB, whatever the
 * reference size, so memory stays bounded. With 10,000 references a block is 419 queries; blocks of
 * 256 to 2,048 queries ran at the same speed on the wasm backend here (12–23 GFLOP/s, all within the
 * noise of a shared machine).
 */
const BLOCK_ENTRIES = 4 * 1024 * 1024;

/** The rows of `values` at `rows`, centred on `mean`, as float32. */
function centredRows(values: Float32Array, dim: number, rows: Int32Array, mean: Float64Array): Float32Array {
  const out = new Float32Array(rows.length * dim);
  for (let j = 0; j < rows.length; j++) {
    const src = (rows[j] as number) * dim;
    for (let d = 0; d < dim; d++) out[j * dim + d] = (values[src + d] as number) - (mean[d] as number);
  }
  return out;
}

/** Squared Euclidean distance of rows a and b of `values`, in float64. */
function exactDistance2(values: Float32Array, dim: number, a: number, b: number): number {
  let s = 0;
  const oa = a * dim;
  const ob = b * dim;
  for (let d = 0; d < dim; d++) {
    const t = (values[oa + d] as number) - (values[ob + d] as number);
    s += t * t;
  }
  return s;
}

/** Inserts score `s` of reference position `j` into the sorted `val`/`idx` (dropping the last); returns the new last. */
function insert(val: Float64Array, idx: Int32Array, last: number, s: number, j: number): number {
  let p = last;
  while (p > 0 && (val[p - 1] as number) > s) {
    val[p] = val[p - 1] as number;
    idx[p] = idx[p - 1] as number;
    p--;
  }
  val[p] = s;
  idx[p] = j;
  return val[last] as number;
}

/**
 * The `count` smallest of `scores[base .. base + m)`, as reference positions in `idx` (kept sorted by score
 * in `val`). Nearly every entry is above the current worst: four are tested at once before any is looked at
 * one by one (1.2 against 2.2 ns an entry here).
 */
function smallest(
  scores: Float32Array,
  base: number,
  m: number,
  count: number,
  val: Float64Array,
  idx: Int32Array,
): void {
  val.fill(Infinity);
  idx.fill(-1);
  let worst = Infinity;
  const last = count - 1;
  const end = base + m;
  let j = base;
  for (; j + 4 <= end; j += 4) {
    const s0 = scores[j] as number;
    const s1 = scores[j + 1] as number;
    const s2 = scores[j + 2] as number;
    const s3 = scores[j + 3] as number;
    if (s0 >= worst && s1 >= worst && s2 >= worst && s3 >= worst) continue;
    if (s0 < worst) worst = insert(val, idx, last, s0, j - base);
    if (s1 < worst) worst = insert(val, idx, last, s1, j + 1 - base);
    if (s2 < worst) worst = insert(val, idx, last, s2, j + 2 - base);
    if (s3 < worst) worst = insert(val, idx, last, s3, j + 3 - base);
  }
  for (; j < end; j++) {
    const s = scores[j] as number;
    if (s < worst) worst = insert(val, idx, last, s, j - base);
  }
}

/**
 * One block of scores ‖r‖² − 2 q·r (= d²(q, r) − ‖q‖², which ranks references like d² does) for `rows`
 * centred queries against every reference, in JavaScript: a 4-way unrolled dot product over Float32Array.
 * Used on tfjs's cpu backend, whose matMul is slower than this loop (0.45 against 1.2 GFLOP/s here).
 */
function scoresJs(
  queries: Float32Array,
  rows: number,
  refRows: Float32Array,
  refNorms: Float32Array,
  m: number,
  dim: number,
  out: Float32Array,
): void {
  const tail = dim - (dim % 4);
  for (let q = 0; q < rows; q++) {
    const qo = q * dim;
    for (let j = 0; j < m; j++) {
      const ro = j * dim;
      let a0 = 0;
      let a1 = 0;
      let a2 = 0;
      let a3 = 0;
      let d = 0;
      for (; d < tail; d += 4) {
        a0 += (queries[qo + d] as number) * (refRows[ro + d] as number);
        a1 += (queries[qo + d + 1] as number) * (refRows[ro + d + 1] as number);
        a2 += (queries[qo + d + 2] as number) * (refRows[ro + d + 2] as number);
        a3 += (queries[qo + d + 3] as number) * (refRows[ro + d + 3] as number);
      }
      for (; d < dim; d++) a0 += (queries[qo + d] as number) * (refRows[ro + d] as number);
      out[q * m + j] = (refNorms[j] as number) - 2 * (a0 + a1 + a2 + a3);
    }
  }
}

/**
 * For each row of `values` (n × dim, row-major), the mean Euclidean distance to its k nearest reference
 * rows (itself excluded).
 *
 * Candidates come from a blocked product: rows are centred on the reference mean (distances do not change,
 * float32 cancellation shrinks), and one matrix product per block of queries with the augmented reference
 * [−2r; ‖r‖²] gives ‖r‖² − 2 q·r = d² − ‖q‖² for every pair, on the active tfjs backend (wasm: XNNPACK,
 * ~15 GFLOP/s on one core) or, on tfjs's cpu backend, in a JavaScript loop. The k + 1 smallest of each
 * row are kept per block (the extra one stands in for the query itself when it is in the reference);
 * their distances are then recomputed exactly, in float64, from the original values, the query itself
 * (or, when it is not in the reference, the farthest candidate) is dropped and the k others averaged.
 * Memory: the reference twice (centred rows; the augmented tensor) plus one block of BLOCK_ENTRIES floats.
 * Leaves no tensors behind.
 */
export async function knnDistances(
  values: Float32Array,
  dim: number,
  options: KnnOptions = {},
): Promise<Float32Array> {
  const n = values.length / dim;
  if (!Number.isInteger(n) || dim <= 0)
    throw new RangeError(`knnDistances: ${values.length} values do not make rows of ${dim}`);
  const maxReference = options.maxReference ?? 10_000;
  const reference =
    n <= maxReference
      ? Int32Array.from({ length: n }, (_, i) => i)
      : Int32Array.from(
          sampleIndices(n, maxReference, seededRandom(options.seed ?? 0)).sort((a, b) => a - b),
        );
  const m = reference.length;
  const k = Math.min(options.k ?? 10, m - 1);
  if (k < 1) return new Float32Array(n);
  const candidates = k + 1;

  const mean = new Float64Array(dim);
  for (const r of reference) for (let d = 0; d < dim; d++) mean[d]! += values[r * dim + d] as number;
  for (let d = 0; d < dim; d++) mean[d]! /= m;
  const refRows = centredRows(values, dim, reference, mean);
  const refNorms = new Float32Array(m);
  for (let j = 0; j < m; j++) {
    let s = 0;
    for (let d = 0; d < dim; d++) s += (refRows[j * dim + d] as number) ** 2;
    refNorms[j] = s;
  }

  const onBackend = tf.getBackend() !== "cpu";
  // On a tfjs backend: the augmented reference, transposed once ([width, m]) so that no product
  // transposes it again; queries get a 1 in the extra column. Zero padding to a multiple of 4 columns
  // keeps XNNPACK on its fast path (dim 129: 14–20 GFLOP/s, 132: 20–21).
  const width = Math.ceil((dim + 1) / 4) * 4;
  let refTensor: tf.Tensor2D | undefined;
  if (onBackend) {
    const augmented = new Float32Array(width * m);
    for (let j = 0; j < m; j++) {
      for (let d = 0; d < dim; d++) augmented[d * m + j] = -2 * (refRows[j * dim + d] as number);
      augmented[dim * m + j] = refNorms[j] as number;
    }
    refTensor = tf.tensor2d(augmented, [width, m]);
  }

  const blockRows = Math.max(1, Math.min(n, Math.floor(BLOCK_ENTRIES / m)));
  const result = new Float32Array(n);
  const val = new Float64Array(candidates);
  const idx = new Int32Array(candidates);
  const exact = new Float64Array(candidates);
  const jsScores = onBackend ? undefined : new Float32Array(blockRows * m);
  const progress = new Progress("Nearest neighbours", n, {
    unit: "embeddings",
    enabled: options.progress ?? true,
  });
  // Where each query sits in the (sorted) reference, to skip it; -1 when it is not in it.
  let selfRef = 0;
  let product: tf.Tensor | undefined;
  try {
    for (let start = 0; start < n; start += blockRows) {
      const rows = Math.min(blockRows, n - start);
      const queryIds = Int32Array.from({ length: rows }, (_, q) => start + q);
      const queries = centredRows(values, dim, queryIds, mean);
      let scores: Float32Array;
      if (refTensor) {
        const withOne = new Float32Array(rows * width);
        for (let q = 0; q < rows; q++) {
          withOne.set(queries.subarray(q * dim, (q + 1) * dim), q * width);
          withOne[q * width + dim] = 1;
        }
        const ref = refTensor;
        product = tf.tidy(() => tf.matMul(tf.tensor2d(withOne, [rows, width]), ref));
        // On wasm, read in place: copying each 16 MB block out of the heap took a sixth of the time. The
        // view stays valid while no tfjs op runs, until product is disposed below.
        const backend = tf.backend();
        scores = isWasmBackend(backend)
          ? (backend.typedArrayFromHeap(product) as Float32Array)
          : ((await product.data()) as Float32Array);
      } else {
        scores = jsScores as Float32Array;
        scoresJs(queries, rows, refRows, refNorms, m, dim, scores);
      }
      for (let q = 0; q < rows; q++) {
        const index = start + q;
        while (selfRef < m && (reference[selfRef] as number) < index) selfRef++;
        const self = reference[selfRef] === index ? selfRef : -1;
        smallest(scores, q * m, m, candidates, val, idx);
        // Exact distances of the candidates; drop the query itself, else the farthest.
        let drop = -1;
        for (let c = 0; c < candidates; c++) {
          const j = idx[c] as number;
          exact[c] = j < 0 ? Infinity : exactDistance2(values, dim, index, reference[j] as number);
          if (j === self) drop = c;
        }
        if (drop < 0)
          for (let c = 0; c < candidates; c++)
            if (drop < 0 || (exact[c] as number) > (exact[drop] as number)) drop = c;
        let sum = 0;
        for (let c = 0; c < candidates; c++) if (c !== drop) sum += Math.sqrt(exact[c] as number);
        result[index] = sum / k;
      }
      product?.dispose();
      product = undefined;
      progress.update(start + rows);
      await yieldToEventLoop();
    }
  } finally {
    product?.dispose();
    refTensor?.dispose();
  }
  progress.finish();
  return result;
}
