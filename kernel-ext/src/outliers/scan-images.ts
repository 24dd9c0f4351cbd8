import { createHash } from "node:crypto";
import type { ImageDataset } from "../data/image-dataset";
import { Progress, yieldToEventLoop } from "../display/progress";
import { toGray } from "./gray";
import { imageStats } from "./image-stats";
import { perceptualHash } from "./perceptual-hash";

/** Everything the pixel checks need, measured in one pass over the images. */
export interface ImageScan {
  brightP99: Float64Array;
  brightP5: Float64Array;
  entropy: Float64Array;
  chroma: Float64Array;
  sharpness: Float64Array;
  /** Hash of the pixels (exact duplicates). */
  pixelKeys: string[];
  /** Perceptual hashes, [high, low] at 2i, 2i + 1. */
  perceptual: Uint32Array;
}

// How many images between two yields to the event loop (so a kernel can send progress).
const YIELD_EVERY = 256;

export async function scanImages(ds: ImageDataset, options: { progress?: boolean } = {}): Promise<ImageScan> {
  const n = ds.length;
  const [height, width, channels] = ds.imageShape;
  const scan: ImageScan = {
    brightP99: new Float64Array(n),
    brightP5: new Float64Array(n),
    entropy: new Float64Array(n),
    chroma: new Float64Array(n),
    sharpness: new Float64Array(n),
    pixelKeys: new Array<string>(n),
    perceptual: new Uint32Array(2 * n),
  };
  const progress = new Progress("Checking images", n, { unit: "images", enabled: options.progress ?? true });
  for (let i = 0; i < n; i++) {
    const pixels = ds.pixels(i);
    const gray = toGray(pixels, channels);
    const meta = ds.meta(i);
    const stats = imageStats(pixels, gray, { width, height, channels }, meta);
    scan.brightP99[i] = stats.brightP99;
    scan.brightP5[i] = stats.brightP5;
    scan.entropy[i] = stats.entropy;
    scan.chroma[i] = stats.chroma;
    scan.sharpness[i] = stats.sharpness;
    scan.pixelKeys[i] = createHash("sha1").update(pixels).digest("base64");
    const [high, low] = perceptualHash(gray, width, height);
    scan.perceptual[2 * i] = high;
    scan.perceptual[2 * i + 1] = low;
    if ((i + 1) % YIELD_EVERY === 0) {
      progress.update(i + 1);
      await yieldToEventLoop();
    }
  }
  progress.finish();
  return scan;
}
