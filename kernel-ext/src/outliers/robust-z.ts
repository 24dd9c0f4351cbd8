/** The median of finite values (NaN when there are none). Does not modify `values`. */
export function median(values: ArrayLike<number>): number {
  const finite = Float64Array.from(values).filter(Number.isFinite).sort();
  const n = finite.length;
  if (n === 0) return NaN;
  const mid = n >> 1;
  return n % 2 ? (finite[mid] as number) : ((finite[mid - 1] as number) + (finite[mid] as number)) / 2;
}

// Scale factors that make MAD and mean absolute deviation estimate σ of a normal distribution.
const MAD_TO_SIGMA = 1.4826;
const MEAN_AD_TO_SIGMA = 1.2533;

/**
 * Robust z-scores: (x − median) / σ̂ with σ̂ = 1.4826 · MAD (the median absolute deviation), or, where
 * more than half the values are equal (MAD = 0), 1.2533 · the mean absolute deviation. σ̂ never goes below
 * `minScale`: when nearly every image has the same value, a tiny difference must not look extreme.
 * Non-finite values get z = NaN.
 */
export function robustZ(values: ArrayLike<number>, minScale: number): Float64Array {
  const center = median(values);
  const deviations = Float64Array.from(values, (v) => Math.abs(v - center));
  let scale = MAD_TO_SIGMA * median(deviations);
  if (!(scale > 0)) {
    const finite = deviations.filter(Number.isFinite);
    scale = finite.length ? (MEAN_AD_TO_SIGMA * finite.reduce((a, b) => a + b, 0)) / finite.length : 0;
  }
  scale = Math.max(scale, minScale);
  return Float64Array.from(values, (v) => (Number.isFinite(v) ? (v - center) / scale : NaN));
}
