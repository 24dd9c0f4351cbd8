import { resampleArea } from "./gray";

/** What the pixel checks measure of one image. */
export interface ImageStats {
  /** 99th and 5th percentile of luma, 0..1. */
  brightP99: number;
  brightP5: number;
  /** Shannon entropy of the 256-level gray histogram, bits. */
  entropy: number;
  /** Mean over pixels of (max − min channel) / 255; 0 for gray images. */
  chroma: number;
  /** Laplacian variance over gray variance at the sharpness scale; NaN for a flat image. */
  sharpness: number;
}

/** Sharpness is measured at most this many pixels a side: fast, and comparable across image sizes. */
export const SHARPNESS_SIDE = 64;
// Below this gray standard deviation (0..255) an image is flat: its "sharpness" would be noise over zero.
const FLAT_STD = 2;

function histogramStats(gray: Float32Array): { p99: number; p5: number; entropy: number } {
  const hist = new Uint32Array(256);
  for (let i = 0; i < gray.length; i++) hist[Math.min(255, Math.round(gray[i] as number))]! += 1;
  const n = gray.length;
  let entropy = 0;
  let cumulative = 0;
  let p5 = -1;
  let p99 = -1;
  for (let v = 0; v < 256; v++) {
    const count = hist[v] as number;
    if (count > 0) entropy -= (count / n) * Math.log2(count / n);
    cumulative += count;
    if (p5 < 0 && cumulative >= 0.05 * n) p5 = v;
    if (p99 < 0 && cumulative >= 0.99 * n) p99 = v;
  }
  return { p99: p99 / 255, p5: p5 / 255, entropy };
}

function chromaOf(pixels: Uint8Array, channels: number): number {
  if (channels < 3) return 0;
  let sum = 0;
  const n = pixels.length / channels;
  for (let i = 0; i < n; i++) {
    const p = i * channels;
    const r = pixels[p] as number;
    const g = pixels[p + 1] as number;
    const b = pixels[p + 2] as number;
    sum += Math.max(r, g, b) - Math.min(r, g, b);
  }
  return sum / n / 255;
}

/**
 * Variance of the 4-neighbour Laplacian over the variance of the image, on the gray image shrunk to at most
 * SHARPNESS_SIDE a side and never above the original file's resolution (an upscaled small file is judged
 * at its own resolution, not blamed for the upscaling). Dividing by the variance makes it contrast-free:
 * a dark or washed-out image is not "blurry" for being dim.
 */
export function sharpnessOf(
  gray: Float32Array,
  width: number,
  height: number,
  originalWidth: number,
  originalHeight: number,
): number {
  const scale = Math.min(1, SHARPNESS_SIDE / Math.max(width, height), originalWidth / width, originalHeight / height);
  const w = Math.max(3, Math.round(width * scale));
  const h = Math.max(3, Math.round(height * scale));
  const small = w === width && h === height ? gray : resampleArea(gray, width, height, w, h);
  let mean = 0;
  for (let i = 0; i < small.length; i++) mean += small[i] as number;
  mean /= small.length;
  let variance = 0;
  for (let i = 0; i < small.length; i++) variance += ((small[i] as number) - mean) ** 2;
  variance /= small.length;
  if (variance < FLAT_STD * FLAT_STD) return NaN;
  let lapSum = 0;
  let lapSq = 0;
  let count = 0;
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      const i = y * w + x;
      const lap =
        (small[i - 1] as number) + (small[i + 1] as number) + (small[i - w] as number) + (small[i + w] as number) - 4 * (small[i] as number);
      lapSum += lap;
      lapSq += lap * lap;
      count++;
    }
  }
  const lapMean = lapSum / count;
  return (lapSq / count - lapMean * lapMean) / variance;
}

export function imageStats(
  pixels: Uint8Array,
  gray: Float32Array,
  shape: { width: number; height: number; channels: number },
  original: { width: number; height: number },
): ImageStats {
  const { p99, p5, entropy } = histogramStats(gray);
  return {
    brightP99: p99,
    brightP5: p5,
    entropy,
    chroma: chromaOf(pixels, shape.channels),
    sharpness: sharpnessOf(gray, shape.width, shape.height, original.width, original.height),
  };
}
