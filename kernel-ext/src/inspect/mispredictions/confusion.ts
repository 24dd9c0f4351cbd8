/** One off-diagonal cell of a confusion matrix: how often `actual` was predicted as `predicted`. */
export interface ConfusedPair {
  actual: number;
  predicted: number;
  count: number;
}

function checkClass(value: number, numClasses: number, what: string, i: number): void {
  if (!Number.isInteger(value) || value < 0 || value >= numClasses) {
    throw new RangeError(
      `confusionMatrix: ${what}[${i}] = ${value} is not a class index (0..${numClasses - 1})`,
    );
  }
}

/**
 * matrix[actual][predicted] = number of images. `numClasses` defaults to one more than the largest class
 * seen; pass it so classes that never occur still get a row and a column.
 * @example const m = confusionMatrix(preds.labels, preds.predicted, 10);   // m[actual][predicted]
 */
export function confusionMatrix(
  labels: ArrayLike<number>,
  predicted: ArrayLike<number>,
  numClasses?: number,
): number[][] {
  if (labels.length !== predicted.length) {
    throw new RangeError(`confusionMatrix: ${labels.length} labels but ${predicted.length} predictions`);
  }
  let classes = numClasses ?? 0;
  if (numClasses === undefined) {
    for (let i = 0; i < labels.length; i++)
      classes = Math.max(classes, (labels[i] as number) + 1, (predicted[i] as number) + 1);
  }
  const matrix = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let i = 0; i < labels.length; i++) {
    const a = labels[i] as number;
    const p = predicted[i] as number;
    checkClass(a, classes, "labels", i);
    checkClass(p, classes, "predicted", i);
    matrix[a]![p]! += 1;
  }
  return matrix;
}

/** Share of each actual class predicted right (the matrix's diagonal over its row); null for an empty row. */
export function perClassAccuracy(matrix: readonly (readonly number[])[]): (number | null)[] {
  return matrix.map((row, a) => {
    const total = row.reduce((s, v) => s + v, 0);
    return total > 0 ? (row[a] as number) / total : null;
  });
}

/** Overall accuracy: the diagonal over everything (NaN for an empty matrix). */
export function accuracyOf(matrix: readonly (readonly number[])[]): number {
  let right = 0;
  let total = 0;
  matrix.forEach((row, a) => row.forEach((v, p) => ((total += v), a === p && (right += v))));
  return total > 0 ? right / total : NaN;
}

/**
 * The off-diagonal cells with at least `minCount` images, most frequent first (ties: by actual, then
 * predicted class), at most `k` of them: which classes the model mixes up.
 * @example mostConfused(confusionMatrix(preds.labels, preds.predicted), { k: 5 })
 */
export function mostConfused(
  matrix: readonly (readonly number[])[],
  options: { k?: number; minCount?: number } = {},
): ConfusedPair[] {
  const { k = Infinity, minCount = 1 } = options;
  const pairs: ConfusedPair[] = [];
  matrix.forEach((row, actual) =>
    row.forEach((count, predicted) => {
      if (actual !== predicted && count >= minCount) pairs.push({ actual, predicted, count });
    }),
  );
  pairs.sort((x, y) => y.count - x.count || x.actual - y.actual || x.predicted - y.predicted);
  return pairs.slice(0, k);
}
