import { seededRandom } from "../../util/random";

/** Squared Euclidean distance between row a of `x` and row b of `y` (both `dim` wide). */
export function distance2(x: Float32Array, a: number, y: Float32Array, b: number, dim: number): number {
  let s = 0;
  for (let d = 0; d < dim; d++) {
    const t = (x[a * dim + d] as number) - (y[b * dim + d] as number);
    s += t * t;
  }
  return s;
}

export interface Clustering {
  /** k centroids, row-major k × dim. */
  centroids: Float32Array;
  /** Cluster of each point. */
  assignment: Int32Array;
  k: number;
}

/**
 * k-means (Lloyd's iterations from a k-means++ start, seeded) on `n` points of `dim` values. Empty clusters
 * are dropped, so the result may have fewer than `k`. Small inputs only (the errors of a test set): plain JS.
 */
export function kMeans(points: Float32Array, dim: number, k: number, seed = 0, iterations = 30): Clustering {
  const n = points.length / dim;
  const random = seededRandom(seed);
  const count = Math.max(1, Math.min(k, n));
  const centroids = new Float32Array(count * dim);
  // k-means++: each next centre drawn with probability proportional to its squared distance to the nearest.
  const nearest = new Float64Array(n).fill(Infinity);
  let pick = Math.floor(random() * n);
  for (let c = 0; c < count; c++) {
    centroids.set(points.subarray(pick * dim, (pick + 1) * dim), c * dim);
    let total = 0;
    for (let i = 0; i < n; i++) {
      nearest[i] = Math.min(nearest[i] as number, distance2(points, i, centroids, c, dim));
      total += nearest[i] as number;
    }
    let target = random() * total;
    pick = 0;
    for (let i = 0; i < n; i++) {
      target -= nearest[i] as number;
      if (target <= 0) {
        pick = i;
        break;
      }
    }
  }
  const assignment = new Int32Array(n);
  for (let it = 0; it < iterations; it++) {
    let moved = 0;
    for (let i = 0; i < n; i++) {
      let best = 0;
      let bestD = Infinity;
      for (let c = 0; c < count; c++) {
        const d = distance2(points, i, centroids, c, dim);
        if (d < bestD) [best, bestD] = [c, d];
      }
      if (assignment[i] !== best || it === 0) moved++;
      assignment[i] = best;
    }
    const sums = new Float64Array(count * dim);
    const sizes = new Int32Array(count);
    for (let i = 0; i < n; i++) {
      const c = assignment[i] as number;
      sizes[c]! += 1;
      for (let d = 0; d < dim; d++) sums[c * dim + d]! += points[i * dim + d] as number;
    }
    for (let c = 0; c < count; c++) {
      if ((sizes[c] as number) === 0) continue;
      for (let d = 0; d < dim; d++)
        centroids[c * dim + d] = (sums[c * dim + d] as number) / (sizes[c] as number);
    }
    if (moved === 0) break;
  }
  // Renumber without empty clusters.
  const sizes = new Int32Array(count);
  for (const c of assignment) sizes[c]! += 1;
  const renumber = new Int32Array(count).fill(-1);
  let kept = 0;
  for (let c = 0; c < count; c++) if ((sizes[c] as number) > 0) renumber[c] = kept++;
  const compact = new Float32Array(kept * dim);
  for (let c = 0; c < count; c++) {
    const to = renumber[c] as number;
    if (to >= 0) compact.set(centroids.subarray(c * dim, (c + 1) * dim), to * dim);
  }
  return { centroids: compact, assignment: assignment.map((c) => renumber[c] as number), k: kept };
}
