import type { PixelSource } from "./scan-images";
import { resampleArea, toGray } from "./gray";

export const CORRELATION_SIDE = 24;
const SIDE = CORRELATION_SIDE;
const CELLS = SIDE * SIDE;
/** Thumbnails are compared in this many parts, each with its norm kept, for the early exit of `atLeast`. */
const PARTS = 4;
const PART = CELLS / PARTS;

/**
 * Gray thumbnails at 24×24, centred and scaled to unit norm, made on first use and kept (2.3 KB an image:
 * 138 MB if all of 60,000 images have a near match to confirm). The dot product of two is the Pearson
 * correlation of the images' gray levels: 1 for the same picture whatever its brightness and contrast,
 * lower as content differs.
 */
class Thumbnails {
  // Image → its thumbnail's place in `store` (−1: not made yet).
  private readonly slots: Int32Array;
  private made = 0;
  private store = new Float32Array(64 * CELLS);
  /** Per thumbnail, the norm of each part from that part to the end (Cauchy–Schwarz bounds). */
  private tails = new Float64Array(64 * PARTS);

  constructor(private readonly ds: PixelSource) {
    this.slots = new Int32Array(ds.length).fill(-1);
  }

  /** Where image i's thumbnail starts in `store`, made now if needed. */
  private offset(i: number): number {
    const known = this.slots[i] as number;
    if (known >= 0) return known * CELLS;
    const slot = this.made++;
    if ((slot + 1) * CELLS > this.store.length) {
      const grown = new Float32Array(this.store.length * 2);
      grown.set(this.store);
      this.store = grown;
      const tails = new Float64Array(this.tails.length * 2);
      tails.set(this.tails);
      this.tails = tails;
    }
    const [height, width, channels] = this.ds.imageShape;
    const v = resampleArea(toGray(this.ds.pixels(i), channels), width, height, SIDE, SIDE);
    let mean = 0;
    for (let k = 0; k < CELLS; k++) mean += v[k] as number;
    mean /= CELLS;
    let norm = 0;
    for (let k = 0; k < CELLS; k++) {
      const d = (v[k] as number) - mean;
      v[k] = d;
      norm += d * d;
    }
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    const base = slot * CELLS;
    for (let k = 0; k < CELLS; k++) this.store[base + k] = (v[k] as number) * scale;
    let tail = 0;
    for (let part = PARTS - 1; part >= 0; part--) {
      for (let k = part * PART; k < (part + 1) * PART; k++) tail += (this.store[base + k] as number) ** 2;
      this.tails[slot * PARTS + part] = Math.sqrt(tail);
    }
    this.slots[i] = slot;
    return base;
  }

  /** Dot product of cells [from, to) of two thumbnails (four sums, which the CPU overlaps). */
  private partialDot(a: number, b: number, from: number, to: number): number {
    const store = this.store;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let k = from; k < to; k += 4) {
      s0 += (store[a + k] as number) * (store[b + k] as number);
      s1 += (store[a + k + 1] as number) * (store[b + k + 1] as number);
      s2 += (store[a + k + 2] as number) * (store[b + k + 2] as number);
      s3 += (store[a + k + 3] as number) * (store[b + k + 3] as number);
    }
    return s0 + s1 + s2 + s3;
  }

  correlation(i: number, j: number): number {
    const a = this.offset(i);
    const b = this.offset(j);
    return this.partialDot(a, b, 0, CELLS);
  }

  /**
   * Whether correlation(i, j) ≥ min, stopping as soon as the rest cannot make up the difference: after each
   * quarter, the remaining terms add at most ‖a_rest‖·‖b_rest‖. Same answer, a fraction of the reads for
   * the many pairs that are far from `min`.
   */
  atLeast(i: number, j: number, min: number): boolean {
    const a = this.offset(i);
    const b = this.offset(j);
    const ta = (a / CELLS) * PARTS;
    const tb = (b / CELLS) * PARTS;
    let dot = 0;
    for (let part = 0; part < PARTS; part++) {
      if (dot + (this.tails[ta + part] as number) * (this.tails[tb + part] as number) < min) return false;
      dot += this.partialDot(a, b, part * PART, (part + 1) * PART);
    }
    return dot >= min;
  }
}

/**
 * Pearson correlation of two images' gray levels at 24×24 (see Thumbnails): confirms perceptual-hash matches.
 */
export function grayCorrelation(ds: PixelSource): (i: number, j: number) => number {
  const thumbnails = new Thumbnails(ds);
  return (i, j) => thumbnails.correlation(i, j);
}

/** Whether two images' gray correlation (grayCorrelation) is at least `min`, with an early exit. */
export function correlatesAtLeast(ds: PixelSource, min: number): (i: number, j: number) => boolean {
  const thumbnails = new Thumbnails(ds);
  return (i, j) => thumbnails.atLeast(i, j, min);
}
