/** Bits set in a 32-bit value (a local copy of perceptual-hash's: the search loop calls it ~100 M times). */
function popcount32(v: number): number {
  v -= (v >>> 1) & 0x55555555;
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

/** A duplicate found: `index` repeats `duplicateOf`, the first image of its group (which is not flagged). */
export interface DuplicateMatch {
  index: number;
  duplicateOf: number;
  /** Bits apart (0 for exact duplicates). */
  distance: number;
}

/**
 * Groups images by equal keys; every member but the first of a group is a match. Keys may be cheap digests
 * that distinct images can share: `same(i, j)` then tells whether two images with one key are truly equal
 * (default: they are), and a key holds one group per distinct image.
 */
export function exactDuplicates(
  keys: readonly string[],
  same: (i: number, j: number) => boolean = () => true,
): DuplicateMatch[] {
  const groups = new Map<string, number[]>();
  const out: DuplicateMatch[] = [];
  keys.forEach((key, index) => {
    const firsts = groups.get(key);
    if (firsts === undefined) {
      groups.set(key, [index]);
      return;
    }
    const first = firsts.find((f) => same(f, index));
    if (first === undefined) firsts.push(index);
    else out.push({ index, duplicateOf: first, distance: 0 });
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
  return Array.from({ length: bands }, (_, b) => [
    Math.floor((64 * b) / bands),
    Math.floor((64 * (b + 1)) / bands),
  ]);
}

/** The bits [from, to) of hash i as one number (at most 32 bits: bands are never wider). */
function bandKey(hashes: Uint32Array, i: number, [from, to]: [number, number]): number {
  let key = 0;
  for (let bit = from; bit < to; bit++) {
    const word = bit < 32 ? (hashes[2 * i] as number) : (hashes[2 * i + 1] as number);
    key = ((key << 1) | ((word >>> (bit % 32)) & 1)) >>> 0;
  }
  return key;
}

/** Every `bits`-bit mask with at most `radius` bits set (0 first): the values within `radius` bits of a key are key ^ mask. */
function masksWithin(bits: number, radius: number): number[] {
  const out = [0];
  const extend = (mask: number, from: number, left: number): void => {
    for (let bit = from; bit < bits && left > 0; bit++) {
      const next = (mask | (1 << bit)) >>> 0;
      out.push(next);
      extend(next, bit + 1, left - 1);
    }
  };
  extend(0, 0, radius);
  return out;
}

/**
 * The images of each band value, for lookups: a flat hash table (CSR) with about twice as many slots as
 * images, so memory stays O(n); a slot may hold other values too, which the caller tells apart by comparing
 * the full value. Slots come from a multiplicative hash of the value, not its low bits: hashes cluster, and
 * nearby values sharing low bits filled slots with foreign values (201 M entries read for 47 M matches on
 * Fashion-MNIST's training set). Each slot lists its images in increasing order, with their
 * band value and hash beside them, so that a lookup reads memory in order.
 */
interface BandIndex {
  /** slot(value) = (value · 0x9e3779b1 mod 2³²) >>> shift. */
  shift: number;
  offsets: Int32Array;
  members: Int32Array;
  memberKeys: Uint32Array;
  memberHigh: Uint32Array;
  memberLow: Uint32Array;
}

const slotOf = (value: number, shift: number): number => Math.imul(value, 0x9e3779b1) >>> shift;

/** `sorted`: the candidates in increasing order. */
function bandIndex(keys: Uint32Array, hashes: Uint32Array, sorted: Int32Array, bits: number): BandIndex {
  const tableBits = Math.min(bits, Math.max(8, Math.ceil(Math.log2(Math.max(1, sorted.length))) + 1));
  const slots = 2 ** tableBits;
  const shift = 32 - tableBits;
  const offsets = new Int32Array(slots + 1);
  for (const i of sorted) offsets[slotOf(keys[i] as number, shift) + 1]! += 1;
  for (let k = 0; k < slots; k++) offsets[k + 1]! += offsets[k] as number;
  const fill = offsets.slice(0, slots);
  const count = sorted.length;
  const index: BandIndex = {
    shift,
    offsets,
    members: new Int32Array(count),
    memberKeys: new Uint32Array(count),
    memberHigh: new Uint32Array(count),
    memberLow: new Uint32Array(count),
  };
  for (const i of sorted) {
    const at = fill[slotOf(keys[i] as number, shift)]!++;
    index.members[at] = i;
    index.memberKeys[at] = keys[i] as number;
    index.memberHigh[at] = hashes[2 * i] as number;
    index.memberLow[at] = hashes[2 * i + 1] as number;
  }
  return index;
}

/**
 * Near duplicates by perceptual hash: images within `maxDistance` bits of another, grouped transitively;
 * every member but the first of a group is a match, with its smallest distance to another member.
 * Only the `candidates` are compared, and a pair within distance counts only when `confirm` agrees (a
 * closer look at the pixels: a 64-bit hash alone also matches merely similar images).
 *
 * Multi-index search, not all pairs: the 64 bits are cut into m = max(3, ⌈(d + 1) / 3⌉) bands (3 of 21–22
 * bits for the default d = 8); two hashes within d bits are within r = ⌊d/m⌋ bits (2 for d = 8) on at least
 * one band, else they would differ in m(r + 1) > d bits. So each image looks up, per band, the images whose
 * band value is within r bits of its own (254 lookups a band for 22 bits and r = 2), and a pair is examined
 * in the first band where it is that close. Wide bands matter because real hashes cluster: on
 * Fashion-MNIST's 60,000 training images, 9 exact bands of 7 bits (the plain pigeonhole) put 866 M ordered
 * pairs in shared buckets, 5 bands of 13 bits with r = 1 350 M, 3 bands of 22 bits with r = 2 94 M.
 * `confirm` is not asked about a pair that could change nothing (already in one group, and no closer than
 * either image's closest match).
 */
export function nearDuplicates(
  hashes: Uint32Array,
  candidates: readonly number[],
  maxDistance: number,
  confirm: (i: number, j: number) => boolean = () => true,
): DuplicateMatch[] {
  const n = hashes.length / 2;
  const d = Math.floor(maxDistance);
  if (!(d >= 0)) return [];
  const groups = new UnionFind(n);
  const closest = new Float64Array(n).fill(Infinity);
  const bands = Math.min(32, Math.max(3, Math.ceil((d + 1) / 3)));
  const radius = Math.floor(d / bands);
  const ranges = bandRanges(bands);
  const keys = ranges.map((range) => {
    const k = new Uint32Array(n);
    for (const i of candidates) k[i] = bandKey(hashes, i, range);
    return k;
  });
  const sorted = Int32Array.from(candidates).sort();
  ranges.forEach(([from, to], band) => {
    const bandKeys = keys[band] as Uint32Array;
    const { shift, offsets, members, memberKeys, memberHigh, memberLow } = bandIndex(
      bandKeys,
      hashes,
      sorted,
      to - from,
    );
    const masks = masksWithin(to - from, radius);
    for (const i of sorted) {
      const high = hashes[2 * i] as number;
      const low = hashes[2 * i + 1] as number;
      const key = bandKeys[i] as number;
      for (const flip of masks) {
        const probe = (key ^ flip) >>> 0;
        const slot = slotOf(probe, shift);
        const start = offsets[slot] as number;
        // Each pair once, from its smaller index: a slot's images are in increasing order, so walk it from
        // the end and stop at i.
        for (let at = (offsets[slot + 1] as number) - 1; at >= start; at--) {
          const j = members[at] as number;
          if (j <= i) break;
          if (memberKeys[at] !== probe) continue;
          const distance =
            popcount32((high ^ (memberHigh[at] as number)) >>> 0) +
            popcount32((low ^ (memberLow[at] as number)) >>> 0);
          if (distance > d) continue;
          // Examined in the first band where the pair is within the radius.
          let earlier = 0;
          while (
            earlier < band &&
            popcount32(((keys[earlier] as Uint32Array)[i]! ^ (keys[earlier] as Uint32Array)[j]!) >>> 0) >
              radius
          )
            earlier++;
          if (earlier < band) continue;
          const useless =
            distance >= (closest[i] as number) &&
            distance >= (closest[j] as number) &&
            groups.find(i) === groups.find(j);
          if (useless || !confirm(i, j)) continue;
          groups.union(i, j);
          if (distance < (closest[i] as number)) closest[i] = distance;
          if (distance < (closest[j] as number)) closest[j] = distance;
        }
      }
    }
  });
  const out: DuplicateMatch[] = [];
  for (let index = 0; index < n; index++) {
    const distance = closest[index] as number;
    if (distance === Infinity) continue;
    const root = groups.find(index);
    if (root !== index) out.push({ index, duplicateOf: root, distance });
  }
  return out;
}
