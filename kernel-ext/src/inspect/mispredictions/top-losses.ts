import type { Predictions } from "./predictions";

/** One image of a top-loss list: what it is, what the model said, and how wrong it was. */
export interface TopLoss {
  index: number;
  loss: number;
  actual: number;
  predicted: number;
  /** The probability the model gave to the actual class. */
  probActual: number;
}

/** Which images to rank: all, only the mispredicted ones, or one confusion cell. */
export type LossFilter = "all" | "errors" | { actual: number; predicted: number };

/**
 * The `k` images with the highest loss (all of them when k is omitted), highest first; ties by index.
 * With a filter, only mispredictions or one (actual, predicted) cell are ranked.
 * @example topLosses(preds, 10, "errors")   // the 10 worst mispredictions
 */
export function topLosses(predictions: Predictions, k = Infinity, filter: LossFilter = "all"): TopLoss[] {
  const { labels, predicted, losses, probs, numClasses } = predictions;
  const picked: number[] = [];
  for (let i = 0; i < labels.length; i++) {
    const a = labels[i] as number;
    const p = predicted[i] as number;
    if (filter === "all" || (filter === "errors" ? a !== p : a === filter.actual && p === filter.predicted))
      picked.push(i);
  }
  picked.sort((x, y) => (losses[y] as number) - (losses[x] as number) || x - y);
  return picked.slice(0, k).map((index) => ({
    index,
    loss: losses[index] as number,
    actual: labels[index] as number,
    predicted: predicted[index] as number,
    probActual: probs[index * numClasses + (labels[index] as number)] as number,
  }));
}
