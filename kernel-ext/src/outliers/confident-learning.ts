import type { Predictions } from "../inspect/mispredictions/predictions";

/** One image whose given label is probably wrong, with the label the predictions point to. */
export interface LabelIssue {
  /** Dataset index of the image. */
  index: number;
  /** The label the dataset gives it. */
  givenLabel: number;
  /** The class the (out-of-fold) predictions are confident about instead. */
  suggestedLabel: number;
  /** 1 − p(given label): in [0, 1], higher is worse. */
  score: number;
}

/** Per-class thresholds t_c: the mean probability of class c over the images labelled c. */
export function classThresholds(predictions: Predictions): Float64Array {
  const { probs, labels, numClasses } = predictions;
  const sums = new Float64Array(numClasses);
  const counts = new Float64Array(numClasses);
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i] as number;
    sums[y]! += probs[i * numClasses + y] as number;
    counts[y]! += 1;
  }
  // A class nobody carries can't be "confidently" predicted: an infinite threshold keeps it out.
  return Float64Array.from(sums, (s, c) =>
    (counts[c] as number) > 0 ? s / (counts[c] as number) : Infinity,
  );
}

/**
 * The class each image confidently belongs to, or −1: among the classes whose probability reaches their own
 * threshold (p_k ≥ t_k), the most probable one.
 */
function confidentClasses(predictions: Predictions, thresholds: Float64Array): Int32Array {
  const { probs, labels, numClasses } = predictions;
  const out = new Int32Array(labels.length).fill(-1);
  for (let i = 0; i < labels.length; i++) {
    let best = -1;
    for (let c = 0; c < numClasses; c++) {
      const p = probs[i * numClasses + c] as number;
      if (p >= (thresholds[c] as number) && (best < 0 || p > (probs[i * numClasses + best] as number)))
        best = c;
    }
    out[i] = best;
  }
  return out;
}

/**
 * Label errors by confident learning (Northcutt, Jiang & Chuang, JAIR 2021), pruned by noise rate:
 * 1. the confident joint C[y][j] counts images labelled y that are confidently class j (p_j ≥ t_j);
 * 2. C is calibrated so each row sums to the number of images labelled y, giving the estimated count of
 *    images whose given label y should be j;
 * 3. for each y ≠ j, that many images labelled y are flagged, those with the largest margin p_j − p_y.
 * With out-of-fold predictions (see `crossValPredictions`) the model has not fitted the wrong labels.
 */
export function confidentLearningIssues(predictions: Predictions): LabelIssue[] {
  const { probs, labels, numClasses } = predictions;
  const n = labels.length;
  const thresholds = classThresholds(predictions);
  const confident = confidentClasses(predictions, thresholds);
  const joint = new Float64Array(numClasses * numClasses);
  const labelCounts = new Float64Array(numClasses);
  for (let i = 0; i < n; i++) {
    const y = labels[i] as number;
    labelCounts[y]! += 1;
    const j = confident[i] as number;
    if (j >= 0) joint[y * numClasses + j]! += 1;
  }
  // Candidates of each off-diagonal pair, with their margin.
  const best = new Map<number, LabelIssue & { margin: number }>();
  for (let y = 0; y < numClasses; y++) {
    let rowSum = 0;
    for (let j = 0; j < numClasses; j++) rowSum += joint[y * numClasses + j] as number;
    if (rowSum === 0) continue;
    for (let j = 0; j < numClasses; j++) {
      if (j === y) continue;
      const expected = Math.round(
        ((joint[y * numClasses + j] as number) / rowSum) * (labelCounts[y] as number),
      );
      if (expected === 0) continue;
      const candidates: { index: number; margin: number }[] = [];
      for (let i = 0; i < n; i++) {
        if (labels[i] !== y) continue;
        const margin = (probs[i * numClasses + j] as number) - (probs[i * numClasses + y] as number);
        // Only images the model prefers j for: pruning never flags an image whose given label still wins.
        if (margin > 0) candidates.push({ index: i, margin });
      }
      candidates.sort((a, b) => b.margin - a.margin || a.index - b.index);
      for (const { index, margin } of candidates.slice(0, expected)) {
        const previous = best.get(index);
        if (previous && previous.margin >= margin) continue;
        const score = 1 - (probs[index * numClasses + y] as number);
        best.set(index, { index, givenLabel: y, suggestedLabel: j, score, margin });
      }
    }
  }
  return [...best.values()]
    .map(({ index, givenLabel, suggestedLabel, score }) => ({ index, givenLabel, suggestedLabel, score }))
    .sort((a, b) => b.score - a.score || a.index - b.index);
}

/** A label-quality score for every image: 1 − p(given label), higher is worse. */
export function labelScores(predictions: Predictions): Float32Array {
  const { probs, labels, numClasses } = predictions;
  return Float32Array.from(labels, (y, i) => 1 - (probs[i * numClasses + y] as number));
}
