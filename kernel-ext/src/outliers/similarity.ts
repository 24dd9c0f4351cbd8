import type { ImageDataset } from "../data/image-dataset";
import { resampleArea, toGray } from "./gray";

export const CORRELATION_SIDE = 24;
const SIDE = CORRELATION_SIDE;

/**
 * Pearson correlation of two images' gray levels at 24×24: 1 for the same picture whatever its brightness
 * and contrast, lower as content differs. Confirms perceptual-hash matches; thumbnails are computed on
 * first use and kept.
 */
export function grayCorrelation(ds: ImageDataset): (i: number, j: number) => number {
  const cache = new Map<number, Float32Array>();
  const [height, width, channels] = ds.imageShape;
  const normalized = (i: number): Float32Array => {
    let v = cache.get(i);
    if (v) return v;
    v = resampleArea(toGray(ds.pixels(i), channels), width, height, SIDE, SIDE);
    let mean = 0;
    for (const x of v) mean += x;
    mean /= v.length;
    let norm = 0;
    for (let k = 0; k < v.length; k++) {
      v[k]! -= mean;
      norm += (v[k] as number) ** 2;
    }
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let k = 0; k < v.length; k++) v[k]! *= scale;
    cache.set(i, v);
    return v;
  };
  return (i, j) => {
    const a = normalized(i);
    const b = normalized(j);
    let dot = 0;
    for (let k = 0; k < a.length; k++) dot += (a[k] as number) * (b[k] as number);
    return dot;
  };
}
