import type { Predictions } from "../inspect/mispredictions/predictions";

/** A likely label error: the image's index and its score, 1 − p(given label). */
export interface LabelIssue {
  index: number;
  score: number;
}

/**
 * Likely label errors by confident learning (Northcutt et al., 2021): each class c gets a threshold t_c,
 * the mean probability the model gives c on images labelled c. An image labelled y is flagged when some
 * other class k reaches its own threshold (p_k ≥ t_k: the model is as sure of k as it usually is of k)
 * while p_y stays below t_y and below `maxSelfConfidence`. Images the model is merely unsure about (no
 * class reaches its threshold) are not label errors and are left alone.
 */
export function labelIssues(predictions: Predictions, maxSelfConfidence: number): LabelIssue[] {
  const { probs, labels, numClasses } = predictions;
  const sums = new Float64Array(numClasses);
  const counts = new Float64Array(numClasses);
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i] as number;
    sums[y]! += probs[i * numClasses + y] as number;
    counts[y]! += 1;
  }
  const thresholds = Float64Array.from(sums, (s, c) =>
    (counts[c] as number) > 0 ? s / (counts[c] as number) : Infinity,
  );
  const out: LabelIssue[] = [];
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i] as number;
    const self = probs[i * numClasses + y] as number;
    if (self >= (thresholds[y] as number) || self > maxSelfConfidence) continue;
    let confidentOther = false;
    for (let c = 0; c < numClasses && !confidentOther; c++) {
      confidentOther = c !== y && (probs[i * numClasses + c] as number) >= (thresholds[c] as number);
    }
    if (confidentOther) out.push({ index: i, score: 1 - self });
  }
  return out;
}
