/** Difference between an exported output and tfjs's, judged like numpy.allclose. */
export type OutputComparison = {
  name: string;
  shape: number[];
  maxAbsDiff: number;
  /** max |onnx − tfjs| / |tfjs| over elements where |tfjs| > atol (relative error of tiny values says little). */
  maxRelDiff: number;
  /** Every element satisfies |onnx − tfjs| ≤ atol + rtol·|tfjs|, and shapes agree. */
  passed: boolean;
};

export type Tolerance = { atol: number; rtol: number };

export function compareOutputs(
  name: string,
  expected: ArrayLike<number>,
  expectedShape: readonly number[],
  actual: ArrayLike<number>,
  actualShape: readonly number[],
  tol: Tolerance,
): OutputComparison {
  const shapesAgree =
    expectedShape.length === actualShape.length && expectedShape.every((d, i) => d === actualShape[i]);
  if (!shapesAgree || expected.length !== actual.length) {
    return { name, shape: [...actualShape], maxAbsDiff: Infinity, maxRelDiff: Infinity, passed: false };
  }
  let maxAbs = 0;
  let maxRel = 0;
  let passed = true;
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i] as number;
    const a = actual[i] as number;
    if (a === e) continue; // also equal infinities, whose difference would be NaN
    const diff = Math.abs(a - e);
    if (Number.isNaN(diff)) {
      // NaN on both sides (e.g. log of a negative) agrees; NaN on one side does not.
      if (Number.isNaN(a) && Number.isNaN(e)) continue;
      maxAbs = Infinity;
      passed = false;
      continue;
    }
    if (diff > maxAbs) maxAbs = diff;
    if (Math.abs(e) > tol.atol && diff / Math.abs(e) > maxRel) maxRel = diff / Math.abs(e);
    if (!(diff <= tol.atol + tol.rtol * Math.abs(e))) passed = false;
  }
  return { name, shape: [...actualShape], maxAbsDiff: maxAbs, maxRelDiff: maxRel, passed };
}
