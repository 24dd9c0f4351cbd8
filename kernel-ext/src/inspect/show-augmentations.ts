import * as tf from "@tensorflow/tfjs";
import { ImageDataset } from "../data/image-dataset";
import { withTensorScope } from "../util/tensor-scope";
import { ImageBatch } from "./image-batch";
import { toPixelGrid } from "./pixels";
import type { Denormalize } from "./show-batch";

/** An augmentation: one image as a [1, H, W, C] batch in, its augmented version out (rank 3 or 4). */
export type Augment = (image: tf.Tensor4D, draw: number) => tf.Tensor;

/** Options of `showAugmentations`. */
export interface ShowAugmentationsOptions {
  /** How many augmented versions (default 8). */
  n?: number;
  cols?: number;
  /** Undo normalisation the augmentation applies, for display (as in showBatch). */
  denormalize?: Denormalize;
  thumbSize?: number;
}

const DEFAULT_N = 8;

function asBatch(out: tf.Tensor, draw: number): tf.Tensor4D {
  if (out.rank === 3) return out.expandDims(0) as tf.Tensor4D;
  if (out.rank === 4 && out.shape[0] === 1) return out as tf.Tensor4D;
  throw new Error(
    `showAugmentations: augment must return one image ([H, W, C] or [1, H, W, C]); draw ${draw} returned ` +
      `shape [${out.shape.join(", ")}]`,
  );
}

function denormalized(batch: tf.Tensor4D, denormalize: Denormalize | undefined): tf.Tensor4D {
  if (!denormalize) return batch;
  if (typeof denormalize === "function") return denormalize(batch);
  const { mean, std } = denormalize;
  return batch
    .mul(tf.tensor(typeof std === "number" ? std : [...std]))
    .add(tf.tensor(typeof mean === "number" ? mean : [...mean]));
}

/**
 * One sample and `n` augmented versions of it side by side: `augment` is called once per version, so each
 * draws its own randomness. Versions of another size than the original are shown resized to its size.
 * Leaves no tensors behind.
 * @example showAugmentations(ds, 0, (img) => tf.image.flipLeftRight(img), { n: 8 })
 */
export function showAugmentations(
  ds: ImageDataset,
  index: number,
  augment: Augment,
  options: ShowAugmentationsOptions = {},
): ImageBatch {
  if (!(ds instanceof ImageDataset))
    throw new TypeError("showAugmentations: the first argument must be an ImageDataset");
  if (!Number.isInteger(index) || index < 0 || index >= ds.length) {
    throw new RangeError(`showAugmentations: index ${index} is outside the dataset (0..${ds.length - 1})`);
  }
  if (typeof augment !== "function") {
    throw new TypeError(
      "showAugmentations: augment must be a function (image: Tensor4D) => Tensor, e.g. x => tf.image.flipLeftRight(x)",
    );
  }
  const n = options.n ?? DEFAULT_N;
  if (!Number.isInteger(n) || n <= 0)
    throw new RangeError(`showAugmentations: n must be a positive integer, got ${n}`);
  const [height, width, channels] = ds.imageShape;
  let resized = false;
  const grid = withTensorScope(() => {
    const original = ds.images([index]);
    const versions = Array.from({ length: n }, (_, draw) => {
      let out = asBatch(augment(original, draw), draw);
      if (out.shape[3] !== channels) {
        throw new Error(
          `showAugmentations: draw ${draw} has ${out.shape[3]} channels, the image ${channels}`,
        );
      }
      if (out.shape[1] !== height || out.shape[2] !== width) {
        resized = true;
        out = tf.image.resizeBilinear(out, [height, width]);
      }
      return denormalized(out.toFloat() as tf.Tensor4D, options.denormalize);
    });
    // The original and the versions are scaled separately: a normalising augmentation must not wash it out.
    const originalGrid = toPixelGrid(original);
    const versionsGrid = toPixelGrid(tf.concat(versions, 0) as tf.Tensor4D);
    return { ...versionsGrid, images: [...originalGrid.images, ...versionsGrid.images] };
  });
  const className = ds.classNames[ds.label(index)] ?? "";
  const side = Math.max(width, height);
  return new ImageBatch(grid, {
    title:
      `Augmentations of #${index} (${className}): original and ${n} versions (${grid.scaling})` +
      (resized ? "; versions resized to the original size" : ""),
    captions: ["original", ...Array.from({ length: n }, (_, k) => `version ${k + 1}`)],
    cols: Math.max(1, Math.min(options.cols ?? 9, n + 1)),
    thumbSize: options.thumbSize ?? Math.min(128, side * Math.max(1, Math.ceil(84 / side))),
  });
}
