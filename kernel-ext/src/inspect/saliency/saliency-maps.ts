import * as tf from "@tensorflow/tfjs";
import type { OutputKind } from "../mispredictions/model-output";

/** How a map was made: Grad-CAM on a convolution's output, or the gradient of the class score w.r.t. pixels. */
export type SaliencyMethod = "grad-cam" | "input-gradients";

export interface SaliencyResult {
  method: SaliencyMethod;
  /** The layer Grad-CAM used (undefined for input gradients). */
  layer: string | undefined;
  /** One map per image, height × width, in [0, 1] (1 = where the class score depends most). */
  maps: Float32Array[];
  height: number;
  width: number;
}

const CONV_CLASSES = new Set(["Conv2D", "SeparableConv2D", "DepthwiseConv2D", "Conv2DTranspose", "Conv3D"]);

/** The last layer with a spatial [batch, h, w, channels] output made by a convolution, if any. */
export function lastConvLayer(model: tf.LayersModel): tf.layers.Layer | undefined {
  for (let i = model.layers.length - 1; i >= 0; i--) {
    const layer = model.layers[i] as tf.layers.Layer;
    const shape = layer.outputShape;
    const spatial = Array.isArray(shape) && !Array.isArray(shape[0]) && shape.length === 4;
    if (CONV_CLASSES.has(layer.getClassName()) && spatial) return layer;
  }
  return undefined;
}

/** Log-probabilities per class ([batch, classes]; one sigmoid unit becomes two classes) of a raw output. */
function logProbabilities(output: tf.Tensor, kind: OutputKind): tf.Tensor {
  const rows = output.reshape([output.shape[0] as number, -1]);
  switch (kind) {
    case "logits":
      return tf.logSoftmax(rows);
    case "sigmoid-logit":
      return tf.concat([tf.logSigmoid(rows.neg()), tf.logSigmoid(rows)], 1);
    case "sigmoid":
      return tf.concat([tf.log(tf.scalar(1).sub(rows).add(1e-12)), tf.log(rows.add(1e-12))], 1);
    default:
      return tf.log(rows.add(1e-12));
  }
}

/** Scales each map to [0, 1] by its own maximum (a map of zeros stays zeros). */
function normalise(maps: tf.Tensor3D): tf.Tensor3D {
  return tf.tidy(() => {
    const max = maps.max([1, 2], true);
    return maps.div(max.add(1e-12)) as tf.Tensor3D;
  });
}

/**
 * Class-score saliency for a batch. Grad-CAM (Selvaraju et al., 2017) when the model has a convolution: the
 * gradient of the target class's score with respect to the last convolution's feature maps, averaged over
 * space, weights those maps; their positive sum, upsampled to the image, is the map. Otherwise (dense
 * models) input gradients as gradient × input, absolute, largest over channels: how much each pixel's
 * value moved the score (the bare gradient of a dense net hardly depends on the image shown).
 * The score is the log-probability of the target class (read from the output as `outputKind` says:
 * probabilities, logits, or one sigmoid unit), so a softmax output does not saturate the gradient.
 */
export function saliencyMaps(
  model: tf.LayersModel,
  images: tf.Tensor4D,
  targets: Int32Array,
  options: { layer?: string; method?: SaliencyMethod; outputKind?: OutputKind } = {},
): SaliencyResult {
  const [n, height, width] = images.shape;
  const conv = options.layer ? model.getLayer(options.layer) : lastConvLayer(model);
  const method: SaliencyMethod = options.method ?? (conv ? "grad-cam" : "input-gradients");
  if (method === "grad-cam" && !conv) {
    throw new Error(
      `saliency: Grad-CAM needs a convolution layer and ${model.name} has none; use method "input-gradients"`,
    );
  }
  const outputKind = options.outputKind ?? "probabilities";
  const columns = (model.outputs[0]?.shape.at(-1) ?? 1) as number;
  const numClasses = outputKind === "sigmoid" || outputKind === "sigmoid-logit" ? 2 : columns;
  const mask = tf.oneHot(tf.tensor1d(targets, "int32"), numClasses).toFloat();
  try {
    const score = (output: tf.Tensor): tf.Scalar =>
      tf.tidy(() => logProbabilities(output.toFloat(), outputKind).mul(mask).sum() as tf.Scalar);
    const maps = tf.tidy(() => {
      if (method === "input-gradients") {
        const gradient = tf.grad((x: tf.Tensor) => score(model.apply(x) as tf.Tensor))(images);
        return normalise(gradient.mul(images).abs().max(3) as tf.Tensor3D);
      }
      const layer = conv as tf.layers.Layer;
      // The model split at the convolution: features = head(input); output = tail(features).
      const features = tf.model({ inputs: model.inputs, outputs: layer.output as tf.SymbolicTensor });
      const activations = features.predict(images) as tf.Tensor4D;
      const tail = tailOf(model, layer);
      const gradient = tf.grad((a: tf.Tensor) => score(tail(a)))(activations) as tf.Tensor4D;
      const weights = gradient.mean([1, 2], true);
      const cam = tf.relu(activations.mul(weights).sum(3, true)) as tf.Tensor4D;
      const resized = tf.image.resizeBilinear(cam, [height, width]);
      return normalise(resized.squeeze([3]) as tf.Tensor3D);
    });
    const data = maps.dataSync() as Float32Array;
    maps.dispose();
    const size = height * width;
    return {
      method,
      layer: method === "grad-cam" ? conv?.name : undefined,
      maps: Array.from({ length: n }, (_, k) => data.slice(k * size, (k + 1) * size)),
      height,
      width,
    };
  } finally {
    mask.dispose();
  }
}

/**
 * The part of a sequential stack after `layer`, as a function of that layer's output. Functional models with
 * branches after the convolution are not split this way: the error says so.
 */
function tailOf(model: tf.LayersModel, layer: tf.layers.Layer): (x: tf.Tensor) => tf.Tensor {
  const at = model.layers.indexOf(layer);
  const rest = model.layers.slice(at + 1);
  for (const next of rest) {
    const inbound = next.inboundNodes.flatMap((node) => node.inboundLayers);
    if (inbound.length !== 1) {
      throw new Error(
        `saliency: the layers after "${layer.name}" are not a simple chain ("${next.name}" has ${inbound.length} inputs); ` +
          `pass { layer } naming a later convolution, or { method: "input-gradients" }`,
      );
    }
  }
  return (x) => rest.reduce((h, next) => next.apply(h, { training: false }) as tf.Tensor, x);
}
