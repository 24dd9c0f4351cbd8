import { createHash } from "node:crypto";
import { Progress, yieldToEventLoop } from "../display/progress";
import { ImageMeter } from "./image-stats";
import { perceptualHash } from "./perceptual-hash";

/** Everything the pixel checks need, measured in one pass over the images. */
export interface ImageScan {
  brightP99: Float64Array;
  brightP5: Float64Array;
  entropy: Float64Array;
  chroma: Float64Array;
  sharpness: Float64Array;
  noise: Float64Array;
  /**
   * Digest of each image for exact duplicates: of its pixels, or of its small gray image when that is
   * smaller (a 512×512 RGB image: 16 KB instead of 768 KB). Equal pixels give equal keys; equal keys are
   * confirmed on the pixels (`samePixels`) before two images are called duplicates.
   */
  pixelKeys: string[];
  /** Perceptual hashes, [high, low] at 2i, 2i + 1. */
  perceptual: Uint32Array;
}

/**
 * What the pixel checks read of a dataset: an ImageDataset, or its pixels copied into a worker thread
 * (pixel-checks-job.ts). `meta(i)` needs only the original file's size.
 */
export interface PixelSource {
  readonly length: number;
  readonly imageShape: [number, number, number];
  pixels(i: number): Uint8Array;
  meta(i: number): { width: number; height: number };
}

// How many images between two yields to the event loop (so a kernel can send progress).
const YIELD_EVERY = 256;

/** Whether images i and j of the dataset have the same pixels. */
export function samePixels(ds: PixelSource, i: number, j: number): boolean {
  const a = ds.pixels(i);
  const b = ds.pixels(j);
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(
    Buffer.from(b.buffer, b.byteOffset, b.byteLength),
  );
}

/**
 * Measures every image of the dataset for the pixel checks: one read of its pixels (ImageMeter) gives the
 * brightness percentiles, entropy and colourfulness at full resolution and a small gray image, from which
 * sharpness and the perceptual hash come.
 */
export async function scanImages(
  ds: PixelSource,
  options: { progress?: boolean; onProgress?: (done: number) => void } = {},
): Promise<ImageScan> {
  const n = ds.length;
  const [height, width, channels] = ds.imageShape;
  const scan: ImageScan = {
    brightP99: new Float64Array(n),
    brightP5: new Float64Array(n),
    entropy: new Float64Array(n),
    chroma: new Float64Array(n),
    sharpness: new Float64Array(n),
    noise: new Float64Array(n),
    pixelKeys: new Array<string>(n),
    perceptual: new Uint32Array(2 * n),
  };
  const meter = new ImageMeter(width, height, channels);
  const keyOfSmall = meter.smallWidth * meter.smallHeight * 4 < height * width * channels;
  const progress = new Progress("Checking images", n, { unit: "images", enabled: options.progress ?? true });
  for (let i = 0; i < n; i++) {
    const pixels = ds.pixels(i);
    const { stats, small, smallWidth, smallHeight } = meter.measure(pixels, ds.meta(i));
    scan.brightP99[i] = stats.brightP99;
    scan.brightP5[i] = stats.brightP5;
    scan.entropy[i] = stats.entropy;
    scan.chroma[i] = stats.chroma;
    scan.sharpness[i] = stats.sharpness;
    scan.noise[i] = stats.noise;
    const keyed = keyOfSmall ? new Uint8Array(small.buffer, small.byteOffset, small.byteLength) : pixels;
    scan.pixelKeys[i] = createHash("sha1").update(keyed).digest("base64");
    const [high, low] = perceptualHash(small, smallWidth, smallHeight);
    scan.perceptual[2 * i] = high;
    scan.perceptual[2 * i + 1] = low;
    if ((i + 1) % YIELD_EVERY === 0) {
      progress.update(i + 1);
      options.onProgress?.(i + 1);
      await yieldToEventLoop();
    }
  }
  progress.finish();
  return scan;
}
