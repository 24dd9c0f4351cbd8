import { sampleIndices, seededRandom } from "../util/random";
import type { ImageDataset } from "./image-dataset";

/** Options of `stratifiedSubset`: give exactly one of `perClass` and `fraction`. */
export interface StratifiedSubsetOptions {
  /** Take this many images of each class (all of a smaller class): a balanced subset. */
  perClass?: number;
  /** Take this fraction of every class (0 < fraction ≤ 1): class proportions kept. */
  fraction?: number;
  /** Same seed, same subset (default 0). */
  seed?: number;
}

/**
 * Per-class quotas that sum to round(total × fraction) and follow each class's share as closely as whole
 * numbers allow (largest remainder).
 */
export function largestRemainderQuotas(counts: readonly number[], fraction: number): number[] {
  const total = counts.reduce((a, b) => a + b, 0);
  const exact = counts.map((c) => c * fraction);
  const quotas = exact.map(Math.floor);
  let missing = Math.round(total * fraction) - quotas.reduce((a, b) => a + b, 0);
  const byRemainder = exact
    .map((e, c) => ({ c, r: e - Math.floor(e) }))
    .sort((a, b) => b.r - a.r || a.c - b.c);
  for (const { c } of byRemainder) {
    if (missing <= 0) break;
    quotas[c]! += 1;
    missing--;
  }
  return quotas;
}

/**
 * A smaller dataset with the same classes, to iterate fast on a representative sample: `fraction` keeps
 * class proportions, `perClass` balances them. Deterministic for a seed; images keep their dataset order.
 * @example const small = stratifiedSubset(train, { perClass: 200, seed: 1 });
 */
export function stratifiedSubset(ds: ImageDataset, options: StratifiedSubsetOptions): ImageDataset {
  const { perClass, fraction, seed = 0 } = options ?? {};
  if ((perClass === undefined) === (fraction === undefined)) {
    throw new TypeError(
      "stratifiedSubset: pass exactly one of perClass (images per class) or fraction (share of every class), " +
        "e.g. stratifiedSubset(ds, { fraction: 0.1 })",
    );
  }
  if (perClass !== undefined && !(Number.isInteger(perClass) && perClass > 0)) {
    throw new RangeError(`stratifiedSubset: perClass must be a positive integer, got ${perClass}`);
  }
  if (fraction !== undefined && !(fraction > 0 && fraction <= 1)) {
    throw new RangeError(`stratifiedSubset: fraction must be in (0, 1], got ${fraction}`);
  }
  if (!Number.isFinite(seed)) throw new RangeError(`stratifiedSubset: seed must be a number, got ${seed}`);

  const members: number[][] = ds.classNames.map(() => []);
  ds.labels.forEach((label, i) => members[label]!.push(i));
  const counts = members.map((m) => m.length);
  const quotas =
    fraction !== undefined
      ? // A class that has images keeps at least one, so none disappears.
        largestRemainderQuotas(counts, fraction).map((q, c) =>
          (counts[c] as number) > 0 ? Math.max(1, q) : 0,
        )
      : counts.map((c) => Math.min(c, perClass as number));
  const random = seededRandom(seed);
  const picked: number[] = [];
  members.forEach((indices, c) => {
    for (const k of sampleIndices(indices.length, quotas[c] as number, random))
      picked.push(indices[k] as number);
  });
  return ds.subset(picked.sort((a, b) => a - b));
}
