import * as tf from "@tensorflow/tfjs";

interface CapturedInput {
  values: Float32Array | Int32Array | Uint8Array;
  shape: number[];
  dtype: tf.DataType;
}

type Apply = tf.layers.Layer["apply"];

/**
 * The first rows of the first training batch, taken as the model's input layers receive it during training
 * (so it works for fit, fitDataset and trainOnBatch alike). The values are copied out of the engine: the
 * sample owns no tensor between steps, and tensors made from it by `tensors()` belong to the caller.
 */
export class FirstBatchSample {
  private captured: (CapturedInput | undefined)[];
  private restore: (() => void)[] = [];

  constructor(
    private readonly model: tf.LayersModel,
    private readonly rows: number,
  ) {
    this.captured = model.inputs.map(() => undefined);
  }

  get ready(): boolean {
    return this.captured.every((c) => c !== undefined);
  }

  /** Wraps the layers fed by the model's inputs until every input was seen once in a training step. */
  arm(): void {
    if (this.ready || this.restore.length > 0) return;
    this.model.inputs.forEach((input, k) => {
      for (const layer of this.model.layers) {
        if (layer.getClassName() === "InputLayer") continue;
        const node = layer.inboundNodes[0];
        const position = node ? node.inputTensors.indexOf(input) : -1;
        if (position < 0) continue;
        this.wrap(layer, position, k);
        return;
      }
    });
  }

  disarm(): void {
    for (const undo of this.restore.splice(0)) undo();
  }

  /** The sample as tensors (one per model input); undefined until a training step was seen. */
  tensors(): tf.Tensor[] | undefined {
    if (!this.ready) return undefined;
    return this.captured.map((c) => tf.tensor(c!.values, c!.shape, c!.dtype));
  }

  private wrap(layer: tf.layers.Layer, position: number, inputIndex: number): void {
    const original = layer.apply;
    const patched: Apply = (inputs, kwargs) => {
      const list = Array.isArray(inputs) ? inputs : [inputs];
      const value = list[position];
      if (
        this.captured[inputIndex] === undefined &&
        (kwargs as { training?: boolean } | undefined)?.training === true &&
        value instanceof tf.Tensor
      ) {
        const n = Math.min(this.rows, value.shape[0] ?? 0);
        const rowSize = value.size / Math.max(1, value.shape[0] ?? 1);
        // dataSync reads the batch already computed; no op is added to the gradient tape.
        const all = value.dataSync() as Float32Array | Int32Array | Uint8Array;
        this.captured[inputIndex] = {
          values: all.slice(0, n * rowSize),
          shape: [n, ...value.shape.slice(1)],
          dtype: value.dtype,
        };
        if (this.ready) this.disarm();
      }
      return original.call(layer, inputs, kwargs);
    };
    layer.apply = patched;
    this.restore.push(() => {
      layer.apply = original;
    });
  }
}
