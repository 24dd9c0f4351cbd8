import * as tf from "@tensorflow/tfjs";

/** Images as 8-bit pixels, ready to encode. */
export interface PixelGrid {
  width: number;
  height: number;
  channels: 1 | 3 | 4;
  images: Uint8Array[];
  /** How float values were mapped to 0..255, for the caption of the view. */
  scaling: string;
}

/**
 * Converts an NHWC batch to 8-bit images. Values in [0, 1] are scaled by 255, values in [0, 255] kept;
 * anything else (a normalised batch nobody denormalised) is min–max scaled and the scaling is reported,
 * so the user sees a picture and learns why it may look off.
 */
export function toPixelGrid(batch: tf.Tensor4D): PixelGrid {
  const [n, height, width, channels] = batch.shape;
  if (channels !== 1 && channels !== 3 && channels !== 4) {
    throw new Error(
      `showBatch draws images with 1, 3 or 4 channels, this batch has ${channels}: ` +
        `select channels first (e.g. x.slice([0,0,0,0],[-1,-1,-1,3]))`,
    );
  }
  const values = batch.dataSync();
  let min = Infinity;
  let max = -Infinity;
  let nonFinite = 0;
  for (const v of values) {
    if (!Number.isFinite(v)) {
      nonFinite++;
      continue;
    }
    if (v < min) min = v;
    if (v > max) max = v;
  }
  let offset = 0;
  let scale = 255;
  let scaling = "[0, 1] × 255";
  if (batch.dtype === "int32" || (min >= 0 && max > 1 && max <= 255)) {
    scale = 1;
    scaling = "[0, 255]";
  } else if (min < 0 || max > 1) {
    offset = min;
    scale = max > min ? 255 / (max - min) : 1;
    scaling = `auto-scaled from [${min.toPrecision(3)}, ${max.toPrecision(3)}]: pass denormalize to show true values`;
  }
  if (nonFinite > 0) scaling += `; ${nonFinite} non-finite values drawn black`;
  const size = height * width * channels;
  const images: Uint8Array[] = [];
  for (let k = 0; k < n; k++) {
    const img = new Uint8Array(size);
    for (let j = 0; j < size; j++) {
      const v = values[k * size + j] as number;
      img[j] = Number.isFinite(v) ? Math.max(0, Math.min(255, Math.round((v - offset) * scale))) : 0;
    }
    images.push(img);
  }
  return { width, height, channels, images, scaling };
}
