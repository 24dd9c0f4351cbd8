import { sampleIndices, seededRandom } from "../util/random";
import type { ImageDataset } from "./image-dataset";
import { largestRemainderQuotas } from "./stratified-subset";

/** Options of `splitDataset`. */
export interface SplitDatasetOptions {
  /** Share of the images held out (0 < validation < 1), or a count of images (an integer ≥ 1). */
  validation: number;
  /** Hold out the same share of every class, so both parts keep the class proportions (default true). */
  stratified?: boolean;
  /** Same seed, same split (default 0). */
  seed?: number;
}

/** What `splitDataset` returns: two datasets sharing the pixels of the original. */
export interface DatasetSplit {
  train: ImageDataset;
  validation: ImageDataset;
}

/** Image indices grouped by label, each group shuffled by `random`. */
function shuffledClassMembers(ds: ImageDataset, random: () => number): number[][] {
  const members: number[][] = ds.classNames.map(() => []);
  ds.labels.forEach((label, i) => members[label]!.push(i));
  return members.map((m) => sampleIndices(m.length, m.length, random).map((k) => m[k] as number));
}

/**
 * Holds out a validation set: `splitDataset(ds, { validation: 0.2, seed: 1 })` → `{ train, validation }`,
 * two views sharing the pixels, disjoint, covering every image, each in dataset order. Stratified by default:
 * every class gives the same share (rounded), so a rare class is not left out of either part by chance.
 * @example const { train, validation } = splitDataset(ds, { validation: 0.2, seed: 1 });
 */
export function splitDataset(ds: ImageDataset, options: SplitDatasetOptions): DatasetSplit {
  const { validation, stratified = true, seed = 0 } = options ?? ({} as SplitDatasetOptions);
  const n = ds.length;
  const isFraction = validation > 0 && validation < 1;
  const isCount = Number.isInteger(validation) && validation >= 1 && validation < n;
  if (!isFraction && !isCount) {
    throw new RangeError(
      `splitDataset: validation must be a share in (0, 1) or a count of images in [1, ${n - 1}], got ${validation}; ` +
        `e.g. splitDataset(ds, { validation: 0.2 })`,
    );
  }
  if (!Number.isFinite(seed)) throw new RangeError(`splitDataset: seed must be a number, got ${seed}`);
  const share = isFraction ? validation : validation / n;
  const random = seededRandom(seed);
  const held: number[] = [];
  if (stratified) {
    const members = shuffledClassMembers(ds, random);
    const quotas = largestRemainderQuotas(
      members.map((m) => m.length),
      share,
    );
    members.forEach((m, c) => {
      for (const index of m.slice(0, quotas[c])) held.push(index);
    });
  } else {
    for (const index of sampleIndices(n, Math.round(n * share), random)) held.push(index);
  }
  held.sort((a, b) => a - b);
  return { train: ds.without(held), validation: ds.subset(held) };
}

/**
 * Stratified k-fold assignment: `fold[i]` in [0, folds) for every image, each class spread as evenly as
 * possible over the folds (its images shuffled by `seed`, then dealt round-robin from a rotating start so
 * small classes don't all land in fold 0).
 */
export function stratifiedFolds(ds: ImageDataset, folds: number, seed = 0): Int32Array {
  if (!Number.isInteger(folds) || folds < 2 || folds > ds.length) {
    throw new RangeError(`folds must be an integer in [2, ${ds.length}], got ${folds}`);
  }
  const fold = new Int32Array(ds.length);
  let start = 0;
  for (const members of shuffledClassMembers(ds, seededRandom(seed))) {
    members.forEach((index, k) => (fold[index] = (start + k) % folds));
    start = (start + members.length) % folds;
  }
  return fold;
}
