import * as tf from "@tensorflow/tfjs";
import { yieldToEventLoop } from "../../display/progress";

// Entries of one block of the query × reference distance matrix (16 MB as float32).
const BLOCK_ENTRIES = 4 * 1024 * 1024;

export interface Neighbourhood {
  /** within[r]: how many reference rows lie within radii[r] of the query. */
  within: Int32Array;
  /** The nearest reference rows, closest first, with their (Euclidean) distances. */
  nearest: { row: number; distance: number }[];
}

/**
 * For each query row: how many reference rows lie within each of `radii` of it, and its `k` nearest
 * reference rows. Squared distances come from one matrix product per block of queries on the tf backend
 * (|q|² + |r|² − 2 q·r), so 60,000 references cost seconds, not minutes.
 */
export async function neighbourhoods(
  queries: Float32Array,
  references: Float32Array,
  dim: number,
  radii: readonly number[],
  k: number,
): Promise<Neighbourhood[]> {
  const q = queries.length / dim;
  const n = references.length / dim;
  const out: Neighbourhood[] = [];
  if (q === 0) return out;
  const refs = tf.tensor2d(references, [n, dim]);
  const refNorms = tf.tidy(() => refs.square().sum(1));
  try {
    const block = Math.max(1, Math.floor(BLOCK_ENTRIES / Math.max(1, n)));
    for (let start = 0; start < q; start += block) {
      const rows = Math.min(block, q - start);
      const d2 = tf.tidy(() => {
        const x = tf.tensor2d(queries.subarray(start * dim, (start + rows) * dim), [rows, dim]);
        const xx = x.square().sum(1, true);
        return xx
          .add(refNorms.expandDims(0))
          .sub(x.matMul(refs, false, true).mul(2))
          .relu();
      });
      const values = (await d2.data()) as Float32Array;
      d2.dispose();
      for (let r = 0; r < rows; r++) {
        const radius2 = radii.map((radius) => radius * radius);
        const row = values.subarray(r * n, (r + 1) * n);
        const within = new Int32Array(radii.length);
        const best: { row: number; distance: number }[] = [];
        for (let j = 0; j < n; j++) {
          const v = row[j] as number;
          for (let c = 0; c < radius2.length; c++) if (v <= (radius2[c] as number)) within[c]! += 1;
          if (k === 0) continue;
          if (best.length < k || v < (best[best.length - 1] as { distance: number }).distance) {
            best.push({ row: j, distance: v });
            best.sort((a, b) => a.distance - b.distance);
            if (best.length > k) best.pop();
          }
        }
        out.push({ within, nearest: best.map((b) => ({ row: b.row, distance: Math.sqrt(b.distance) })) });
      }
      await yieldToEventLoop();
    }
  } finally {
    tf.dispose([refs, refNorms]);
  }
  return out;
}
