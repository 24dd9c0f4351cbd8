import { hammingDistance } from "./perceptual-hash";

/** A duplicate found: `index` repeats `duplicateOf`, the first image of its group (which is not flagged). */
export interface DuplicateMatch {
  index: number;
  duplicateOf: number;
  /** Bits apart (0 for exact duplicates). */
  distance: number;
}

/** Groups images by equal keys (pixel hashes); every member but the first of a group is a match. */
export function exactDuplicates(keys: readonly string[]): DuplicateMatch[] {
  const first = new Map<string, number>();
  const out: DuplicateMatch[] = [];
  keys.forEach((key, index) => {
    const seen = first.get(key);
    if (seen === undefined) first.set(key, index);
    else out.push({ index, duplicateOf: seen, distance: 0 });
  });
  return out;
}

class UnionFind {
  private readonly parent: Int32Array;
  constructor(n: number) {
    this.parent = Int32Array.from({ length: n }, (_, i) => i);
  }
  find(i: number): number {
    while (this.parent[i] !== i) {
      this.parent[i] = this.parent[this.parent[i] as number] as number;
      i = this.parent[i] as number;
    }
    return i;
  }
  /** Joins two groups; the smaller index becomes the root, so a group's root is its first image. */
  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra < rb) this.parent[rb] = ra;
    else if (rb < ra) this.parent[ra] = rb;
  }
}

/** Bit ranges that split 64 bits into `bands` nearly equal parts. */
function bandRanges(bands: number): [number, number][] {
  return Array.from({ length: bands }, (_, b) => [Math.floor((64 * b) / bands), Math.floor((64 * (b + 1)) / bands)]);
}

/** The bits [from, to) of hash i as one number (at most 32 bits: bands are never wider). */
function bandKey(hashes: Uint32Array, i: number, [from, to]: [number, number]): number {
  let key = 0;
  for (let bit = from; bit < to; bit++) {
    const word = bit < 32 ? (hashes[2 * i] as number) : (hashes[2 * i + 1] as number);
    key = ((key << 1) | ((word >>> bit % 32) & 1)) >>> 0;
  }
  return key;
}

/**
 * Near duplicates by perceptual hash: images within `maxDistance` bits of another, grouped transitively;
 * every member but the first of a group is a match, with its smallest distance to another member.
 * Only the `candidates` are compared, and a pair within distance counts only when `confirm` agrees (a
 * closer look at the pixels: a 64-bit hash alone also matches merely similar images). Pigeonhole search: hashes within d bits agree exactly on at least
 * one of d + 1 bands, so only images sharing a band value are compared, not all pairs.
 */
export function nearDuplicates(
  hashes: Uint32Array,
  candidates: readonly number[],
  maxDistance: number,
  confirm: (i: number, j: number) => boolean = () => true,
): DuplicateMatch[] {
  const n = hashes.length / 2;
  const groups = new UnionFind(n);
  const closest = new Map<number, number>();
  const note = (i: number, d: number): void => {
    closest.set(i, Math.min(closest.get(i) ?? Infinity, d));
  };
  const ranges = bandRanges(Math.min(64, Math.max(2, Math.floor(maxDistance) + 1)));
  const keys = ranges.map((range) => {
    const k = new Uint32Array(n);
    for (const i of candidates) k[i] = bandKey(hashes, i, range);
    return k;
  });
  ranges.forEach((_, band) => {
    const buckets = new Map<number, number[]>();
    const bandKeys = keys[band] as Uint32Array;
    for (const i of candidates) {
      const key = bandKeys[i] as number;
      const bucket = buckets.get(key);
      if (bucket) bucket.push(i);
      else buckets.set(key, [i]);
    }
    for (const bucket of buckets.values()) {
      for (let a = 0; a < bucket.length; a++) {
        for (let b = a + 1; b < bucket.length; b++) {
          const i = bucket[a] as number;
          const j = bucket[b] as number;
          // A pair that agrees on an earlier band was already compared there.
          let comparedBefore = false;
          for (let earlier = 0; earlier < band && !comparedBefore; earlier++) {
            const k = keys[earlier] as Uint32Array;
            comparedBefore = k[i] === k[j];
          }
          if (comparedBefore) continue;
          const d = hammingDistance(hashes, i, j);
          if (d > maxDistance || !confirm(i, j)) continue;
          groups.union(i, j);
          note(i, d);
          note(j, d);
        }
      }
    }
  });
  const out: DuplicateMatch[] = [];
  for (const [index, distance] of closest) {
    const root = groups.find(index);
    if (root !== index) out.push({ index, duplicateOf: root, distance });
  }
  return out.sort((a, b) => a.index - b.index);
}
