import * as tf from "@tensorflow/tfjs";
import { ImageDataset } from "../../data/image-dataset";
import { withTensorScope } from "../../util/tensor-scope";
import { ImageBatch } from "../image-batch";
import { classifierRows, detectOutputKind, toProbabilities } from "../mispredictions/model-output";
import { overlayMap, toRgb } from "./overlay";
import { saliencyMaps, type SaliencyMethod } from "./saliency-maps";

export interface SaliencyOptions {
  /** Which class's score to explain: the model's prediction (default) or the image's label. */
  target?: "predicted" | "actual";
  /** "grad-cam" (default for models with a convolution) or "input-gradients" (default otherwise). */
  method?: SaliencyMethod;
  /** The convolution layer Grad-CAM uses (default: the last one). */
  layer?: string;
  /** Image pairs (original, map) per row (default 4). */
  cols?: number;
  title?: string;
}

/** Where the model looked: an image grid of originals and their saliency overlays, with the maps kept. */
export class SaliencyView extends ImageBatch {
  /** The maps, one per image asked for (height × width, in [0, 1]). */
  readonly maps: readonly Float32Array[];
  readonly method: SaliencyMethod;
  /** The layer Grad-CAM used. */
  readonly layer: string | undefined;
  /** The dataset indices shown, in order. */
  readonly indices: readonly number[];

  constructor(
    grid: ConstructorParameters<typeof ImageBatch>[0],
    options: ConstructorParameters<typeof ImageBatch>[1],
    result: { maps: Float32Array[]; method: SaliencyMethod; layer: string | undefined; indices: number[] },
  ) {
    super(grid, options);
    this.maps = result.maps;
    this.method = result.method;
    this.layer = result.layer;
    this.indices = result.indices;
  }
}

/** Originals and overlays (RGB, interleaved: original, map, original, map…) with their captions and maps. */
export interface Explanation {
  images: Uint8Array[];
  captions: string[];
  maps: Float32Array[];
  method: SaliencyMethod;
  layer: string | undefined;
  /** "Grad-CAM on conv2d_1" or "input gradients". */
  what: string;
  /** The class the model predicts now for each picked image. */
  predicted: Int32Array;
  width: number;
  height: number;
}

/**
 * Saliency maps of dataset images with the pictures to show them: each original beside its overlay,
 * captioned with the actual and predicted class. Every tensor made here is freed before it returns.
 */
export function explainImages(
  model: tf.LayersModel,
  ds: ImageDataset,
  picked: readonly number[],
  options: Pick<SaliencyOptions, "target" | "method" | "layer"> = {},
): Explanation {
  const [height, width, channels] = ds.imageShape;
  const { probs, result } = withTensorScope(() => {
    const images = ds.images([...picked]);
    const output = classifierRows(model.predict(images) as tf.Tensor);
    const raw = Float32Array.from(output.dataSync() as Float32Array);
    // Logits or a sigmoid unit are read as such: the score is a log-probability either way.
    const outputKind = detectOutputKind(raw, output.shape[1] as number);
    const values = toProbabilities(raw, output.shape[1] as number, outputKind);
    const columns = values.length / picked.length;
    const predicted = Int32Array.from(picked, (_, k) => argmax(values, k * columns, columns));
    const targets = options.target === "actual" ? Int32Array.from(picked, (i) => ds.label(i)) : predicted;
    const result = saliencyMaps(model, images, targets, {
      layer: options.layer,
      method: options.method,
      outputKind,
    });
    return { probs: { values, columns, predicted }, result };
  });
  const size = height * width;
  const images: Uint8Array[] = [];
  const captions: string[] = [];
  picked.forEach((index, k) => {
    const pixels = ds.pixels(index);
    const actual = ds.classNames[ds.label(index)] ?? String(ds.label(index));
    const predictedClass = probs.predicted[k] as number;
    const p = probs.values[k * probs.columns + predictedClass] as number;
    const predicted = ds.classNames[predictedClass] ?? String(predictedClass);
    images.push(
      toRgb(pixels, channels, size),
      overlayMap(pixels, channels, result.maps[k] as Float32Array, width, height),
    );
    captions.push(`#${index} actual: ${actual}`, `predicted: ${predicted} (${(100 * p).toFixed(0)} %)`);
  });
  const what = result.method === "grad-cam" ? `Grad-CAM on ${result.layer}` : "input gradients";
  return {
    images,
    captions,
    maps: result.maps,
    method: result.method,
    layer: result.layer,
    what,
    predicted: probs.predicted,
    width,
    height,
  };
}

/** The drawn size of saliency pictures: small images upscaled to about `target` px, at most `max`. */
export function saliencyDrawSize(ds: ImageDataset, target = 96, max = 128): number {
  const [height, width] = ds.imageShape;
  const side = Math.max(width, height);
  return Math.min(max, side * Math.max(1, Math.ceil(target / side)));
}

/**
 * Where the model looked when it classified these images: Grad-CAM for convolutional models (on the last
 * convolution), input gradients otherwise, overlaid on each image beside the original, captioned with the
 * actual and predicted class and the probability of the prediction.
 * @example saliency(model, test, topLosses(predictions, 8).map((t) => t.index))
 */
export function saliency(
  model: tf.LayersModel,
  ds: ImageDataset,
  indices: readonly number[],
  options: SaliencyOptions = {},
): SaliencyView {
  if (!(model instanceof tf.LayersModel))
    throw new TypeError("saliency: the first argument must be a tf.LayersModel (gradients need its layers)");
  if (!(ds instanceof ImageDataset))
    throw new TypeError("saliency: the second argument must be an ImageDataset");
  if (!Array.isArray(indices) || indices.length === 0)
    throw new TypeError("saliency: give the dataset indices to explain, e.g. [0, 1, 2]");
  const picked = [...indices];
  const explained = explainImages(model, ds, picked, options);
  const { width, height } = explained;
  return new SaliencyView(
    { width, height, channels: 3, images: explained.images, scaling: "" },
    {
      title:
        options.title ??
        `Where the model looked (${explained.what}, for the ${options.target === "actual" ? "actual" : "predicted"} class): original | map`,
      captions: explained.captions,
      cols: 2 * Math.max(1, Math.min(options.cols ?? 4, picked.length)),
      thumbSize: saliencyDrawSize(ds),
    },
    { maps: explained.maps, method: explained.method, layer: explained.layer, indices: picked },
  );
}

function argmax(values: Float32Array, start: number, count: number): number {
  let best = 0;
  for (let c = 1; c < count; c++)
    if ((values[start + c] as number) > (values[start + best] as number)) best = c;
  return best;
}
