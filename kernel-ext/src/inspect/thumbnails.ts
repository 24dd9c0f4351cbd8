import type { ImageDataset } from "../data/image-dataset";
import { encodePng } from "../display/png";

/** Largest side of a gallery thumbnail in pixels: enough to judge an image, small enough to ship hundreds. */
export const THUMBNAIL_SIDE = 96;

/** Shrinks HWC uint8 pixels by an integer factor, averaging each block (no aliasing, no dependencies). */
export function shrinkPixels(
  pixels: Uint8Array,
  width: number,
  height: number,
  channels: number,
  factor: number,
): { pixels: Uint8Array; width: number; height: number } {
  if (factor <= 1) return { pixels, width, height };
  const w = Math.max(1, Math.floor(width / factor));
  const h = Math.max(1, Math.floor(height / factor));
  const out = new Uint8Array(w * h * channels);
  const sums = new Float64Array(channels);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      sums.fill(0);
      for (let dy = 0; dy < factor; dy++) {
        const row = (y * factor + dy) * width;
        for (let dx = 0; dx < factor; dx++) {
          const src = (row + x * factor + dx) * channels;
          for (let c = 0; c < channels; c++) sums[c]! += pixels[src + c] as number;
        }
      }
      const dst = (y * w + x) * channels;
      for (let c = 0; c < channels; c++) out[dst + c] = Math.round((sums[c] as number) / (factor * factor));
    }
  }
  return { pixels: out, width: w, height: h };
}

/** A PNG of dataset image `i`, shrunk to at most about THUMBNAIL_SIDE pixels a side. */
export function datasetThumbnail(ds: ImageDataset, i: number): Uint8Array {
  const [height, width, channels] = ds.imageShape;
  const factor = Math.max(1, Math.floor(Math.max(width, height) / THUMBNAIL_SIDE));
  const small = shrinkPixels(ds.pixels(i), width, height, channels, factor);
  return encodePng(small.pixels, small.width, small.height, channels as 1 | 3);
}

/** Drawn size of thumbnails in a view: small images upscaled to about 84 px, large ones at most 96. */
export function thumbnailDrawSize(ds: ImageDataset): number {
  const [height, width] = ds.imageShape;
  const side = Math.max(width, height);
  return Math.min(THUMBNAIL_SIDE, side * Math.max(1, Math.ceil(84 / side)));
}
