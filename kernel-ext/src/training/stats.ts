/** Summary of one tensor (a layer's gradients or activations at one step). */
export interface TensorStats {
  mean: number;
  std: number;
  min: number;
  max: number;
  /** L2 norm over every element. */
  norm: number;
  /** Root mean square: the norm independent of the layer's size, comparable across layers. */
  rms: number;
  /** Mean of |x|. */
  meanAbs: number;
  maxAbs: number;
  zeroFraction: number;
  nonFinite: number;
  count: number;
  histogram: Histogram;
}

/** Counts per bin; `edges` has one more entry than `counts`. */
export interface Histogram {
  scale: "log10abs" | "linear";
  edges: number[];
  counts: number[];
  /** Exact zeros, which have no log10 (log10abs histograms only). */
  zeros: number;
}

/**
 * log10|g| from 1e-20 to 1e4: the range where vanishing and exploding gradients show. A vanished layer's
 * gradients reach 1e-13 and below (notebook 05), so the range goes well under that; only values below
 * 1e-20 share the lowest bin.
 */
export const LOG_RANGE: [number, number] = [-20, 4];

function edgesOf(lo: number, hi: number, bins: number): number[] {
  return Array.from({ length: bins + 1 }, (_, i) => lo + ((hi - lo) * i) / bins);
}

/** Values binned at most: a larger tensor's histogram is built from an even stride of its values. */
export const HISTOGRAM_SAMPLE = 1 << 15;

/**
 * Stats of `values` in one pass (plus one for the histogram). Gradients get log10|g| bins on a fixed
 * range, so histograms of every step line up in a heatmap; activations get linear bins over their range.
 * The summary numbers are exact; past HISTOGRAM_SAMPLE values the histogram is counted on an even stride
 * and scaled to the full count (the log10 per value is what a monitored step would otherwise pay for).
 */
export function tensorStats(values: ArrayLike<number>, bins: number, scale: Histogram["scale"]): TensorStats {
  const n = values.length;
  let sum = 0;
  let sumSq = 0;
  let sumAbs = 0;
  let min = Infinity;
  let max = -Infinity;
  let zeros = 0;
  let nonFinite = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i] as number;
    if (!Number.isFinite(v)) {
      nonFinite++;
      continue;
    }
    sum += v;
    sumSq += v * v;
    sumAbs += Math.abs(v);
    if (v < min) min = v;
    if (v > max) max = v;
    if (v === 0) zeros++;
  }
  const finite = n - nonFinite;
  const mean = finite > 0 ? sum / finite : 0;
  const variance = finite > 0 ? Math.max(0, sumSq / finite - mean * mean) : 0;
  if (finite === 0) {
    min = 0;
    max = 0;
  }
  const counts = new Array<number>(bins).fill(0);
  const stride = n > HISTOGRAM_SAMPLE ? n / HISTOGRAM_SAMPLE : 1;
  const picks = stride > 1 ? HISTOGRAM_SAMPLE : n;
  let edges: number[];
  if (scale === "log10abs") {
    const [lo, hi] = LOG_RANGE;
    edges = edgesOf(lo, hi, bins);
    const width = (hi - lo) / bins;
    for (let k = 0; k < picks; k++) {
      const i = stride > 1 ? Math.floor(k * stride) : k;
      const a = Math.abs(values[i] as number);
      if (a === 0 || !Number.isFinite(a)) continue;
      const b = Math.floor((Math.log10(a) - lo) / width);
      counts[Math.max(0, Math.min(bins - 1, b))]! += 1;
    }
  } else {
    const lo = min;
    const hi = max > min ? max : min + 1;
    edges = edgesOf(lo, hi, bins);
    const width = (hi - lo) / bins;
    for (let k = 0; k < picks; k++) {
      const i = stride > 1 ? Math.floor(k * stride) : k;
      const v = values[i] as number;
      if (!Number.isFinite(v)) continue;
      counts[Math.max(0, Math.min(bins - 1, Math.floor((v - lo) / width)))]! += 1;
    }
  }
  if (stride > 1) for (let b = 0; b < bins; b++) counts[b] = (counts[b] as number) * stride;
  return {
    mean,
    std: Math.sqrt(variance),
    min,
    max,
    norm: Math.sqrt(sumSq),
    rms: finite > 0 ? Math.sqrt(sumSq / finite) : 0,
    meanAbs: finite > 0 ? sumAbs / finite : 0,
    maxAbs: Math.max(Math.abs(min), Math.abs(max)),
    zeroFraction: n > 0 ? zeros / n : 0,
    nonFinite,
    count: n,
    histogram: { scale, edges, counts, zeros },
  };
}
