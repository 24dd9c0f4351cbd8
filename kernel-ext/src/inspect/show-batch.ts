import * as tf from "@tensorflow/tfjs";
import { ImageDataset } from "../data/image-dataset";
import { sampleIndices, seededRandom } from "../util/random";
import { withTensorScope } from "../util/tensor-scope";
import { ImageBatch } from "./image-batch";
import { toPixelGrid } from "./pixels";

/** Labels as class ids, class names, or a tensor of ids or one-hot rows. */
export type LabelsLike = ArrayLike<number> | readonly string[] | tf.Tensor;

/** Images as NHWC: any tensor is accepted and its rank checked when shown (tf.ones() is typed Tensor<Rank>). */
export type BatchSource =
  ImageDataset | tf.Tensor | { images: tf.Tensor; labels?: LabelsLike; classNames?: readonly string[] };

export type Denormalize =
  | ((images: tf.Tensor4D) => tf.Tensor4D)
  | { mean: number | readonly number[]; std: number | readonly number[] };

/** Options of `showBatch`; every field is optional. */
export interface ShowBatchOptions {
  /** How many images (default: up to 64). */
  n?: number;
  /** Grid columns (default: up to 8). */
  cols?: number;
  /** Preprocessing or augmentation to apply first: show the batch as the network sees it. */
  transform?: (images: tf.Tensor4D) => tf.Tensor4D;
  /** Undo normalisation for display: a function, or the mean/std the batch was normalised with. */
  denormalize?: Denormalize;
  /** Sample images at random with this seed instead of taking the first n. */
  seed?: number;
  title?: string;
  /** Drawn size of a thumbnail in pixels (default: 3× for 28 px images, up to 128). */
  thumbSize?: number;
}

const DEFAULT_N = 64;

function labelCaptions(
  labels: LabelsLike | undefined,
  picked: number[],
  classNames?: readonly string[],
): string[] {
  if (labels === undefined) return picked.map(() => "");
  let values: ArrayLike<number> | readonly string[];
  if (labels instanceof tf.Tensor) {
    values = withTensorScope(() =>
      Array.from((labels.rank === 2 ? labels.argMax(1) : labels).dataSync() as ArrayLike<number>),
    );
  } else {
    values = labels;
  }
  return picked.map((i) => {
    const v = values[i];
    if (v === undefined) return "";
    if (typeof v === "string") return v;
    return classNames?.[v] ?? String(v);
  });
}

function applyDenormalize(images: tf.Tensor4D, denormalize: Denormalize): tf.Tensor4D {
  if (typeof denormalize === "function") return denormalize(images);
  const channels = images.shape[3];
  const perChannel = (v: number | readonly number[], what: string): tf.Tensor => {
    if (typeof v === "number") return tf.scalar(v);
    if (v.length !== channels)
      throw new Error(`denormalize.${what} has ${v.length} values for ${channels} channels`);
    return tf.tensor1d([...v]);
  };
  return images.mul(perChannel(denormalize.std, "std")).add(perChannel(denormalize.mean, "mean"));
}

function checkBatch(images: tf.Tensor, what: string): asserts images is tf.Tensor4D {
  if (images.rank !== 4) {
    throw new Error(`showBatch needs NHWC images (rank 4); ${what} has shape [${images.shape.join(", ")}]`);
  }
}

/**
 * A grid of labelled images from a dataset, a Tensor4D or `{ images, labels }`, after `transform` and
 * `denormalize`: the data as the network sees it. Leaves no tensors behind.
 * @example showBatch(ds, { n: 32, transform: (x) => x.sub(0.5).div(0.5), denormalize: { mean: 0.5, std: 0.5 } })
 */
export function showBatch(source: BatchSource, options: ShowBatchOptions = {}): ImageBatch {
  const total =
    source instanceof ImageDataset
      ? source.length
      : source instanceof tf.Tensor
        ? source.shape[0]
        : source.images.shape[0];
  if (total === 0) throw new Error("showBatch: the source has no images");
  const n = Math.min(options.n ?? DEFAULT_N, total);
  if (!Number.isInteger(n) || n <= 0)
    throw new Error(`showBatch: n must be a positive integer, got ${options.n}`);
  const picked =
    options.seed === undefined
      ? Array.from({ length: n }, (_, i) => i)
      : sampleIndices(total, n, seededRandom(options.seed));

  let captions: string[];
  let origin: string;
  const grid = withTensorScope(() => {
    let batch: tf.Tensor4D;
    if (source instanceof ImageDataset) {
      batch = source.images(picked);
      captions = picked.map((i) => source.classNames[source.label(i)] ?? "");
      origin = source.toString();
    } else {
      const images: tf.Tensor = source instanceof tf.Tensor ? source : source.images;
      checkBatch(images, source instanceof tf.Tensor ? "the tensor" : "images");
      batch = tf.gather(images, picked);
      captions =
        source instanceof tf.Tensor
          ? picked.map((i) => `#${i}`)
          : labelCaptions(source.labels, picked, source.classNames);
      origin = `tensor [${images.shape.join(", ")}]`;
    }
    if (options.transform) {
      batch = options.transform(batch);
      checkBatch(batch, "the output of transform");
    }
    if (options.denormalize) batch = applyDenormalize(batch, options.denormalize);
    return toPixelGrid(batch);
  });

  const side = Math.max(grid.width, grid.height);
  const thumbSize = options.thumbSize ?? Math.min(128, side * Math.max(1, Math.ceil(84 / side)));
  const stage = options.transform ? "after transform" : "as stored";
  return new ImageBatch(grid, {
    title: options.title ?? `${n} of ${origin!}, ${stage} (${grid.scaling})`,
    captions: captions!,
    cols: Math.max(1, Math.min(options.cols ?? 8, n)),
    thumbSize,
  });
}
