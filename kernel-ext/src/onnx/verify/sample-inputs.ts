import * as tf from "@tensorflow/tfjs";
import { normalFrom, seededRandom } from "../../util/random";

/** How the random verification inputs are drawn. */
export interface RandomInputSpec {
  batchSize: number;
  /** Size used for every unknown non-batch dimension (sequence length, image side of a fully convolutional net). */
  freeDimSize: number;
  seed: number;
}

/** For each model input: the integer range of the Embedding layers it feeds, if any. */
function embeddingRanges(model: tf.LayersModel): Map<number, number> {
  const ranges = new Map<number, number>();
  const inputIds = new Set(model.inputs.map((t) => t.id));
  for (const layer of model.layers) {
    if (layer.getClassName() !== "Embedding") continue;
    const inputDim = (layer.getConfig() as { inputDim?: number }).inputDim ?? 1;
    for (const node of layer.inboundNodes) {
      for (const t of node.inputTensors) {
        if (!inputIds.has(t.id)) continue;
        ranges.set(t.id, Math.min(ranges.get(t.id) ?? Infinity, inputDim));
      }
    }
  }
  return ranges;
}

/**
 * Seeded inputs for every model input: standard normal floats, or valid token ids for inputs that feed
 * an Embedding (integers below its inputDim) and for int32 inputs. Caller disposes the tensors.
 */
export function randomInputs(model: tf.LayersModel, spec: RandomInputSpec): tf.Tensor[] {
  const random = seededRandom(spec.seed);
  const ranges = embeddingRanges(model);
  return model.inputs.map((input) => {
    const shape = input.shape.map((d, i) => (i === 0 ? spec.batchSize : (d ?? spec.freeDimSize)));
    const size = shape.reduce((a, b) => a * b, 1);
    const range = ranges.get(input.id) ?? (input.dtype === "int32" ? 10 : undefined);
    if (range !== undefined) {
      const ids = Array.from({ length: size }, () => Math.floor(random() * range));
      return input.dtype === "int32"
        ? tf.tensor(Int32Array.from(ids), shape, "int32")
        : tf.tensor(Float32Array.from(ids), shape);
    }
    return tf.tensor(
      Float32Array.from({ length: size }, () => normalFrom(random)),
      shape,
      "float32",
    );
  });
}
