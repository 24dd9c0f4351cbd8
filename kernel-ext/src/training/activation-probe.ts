import * as tf from "@tensorflow/tfjs";
import { activationFamily, activationStats, type ActivationFamily } from "./activation-stats";
import type { ActivationStats } from "./monitor-history";

/** Every layer's output on a fixed input batch, in one forward pass (inference mode: no dropout). */
export class ActivationProbe {
  private probe: tf.LayersModel | undefined;
  private layers: tf.layers.Layer[] = [];
  readonly families = new Map<string, ActivationFamily>();

  constructor(
    private readonly model: tf.LayersModel,
    private readonly bins: number,
  ) {
    for (const layer of model.layers) this.families.set(layer.name, activationFamily(layer));
  }

  /** The layer whose output is the model's (first) output. */
  get outputLayer(): string | undefined {
    return this.model.outputs[0]?.sourceLayer.name;
  }

  run(sample: tf.Tensor | tf.Tensor[]): Record<string, ActivationStats> {
    const probe = this.build();
    const out: Record<string, ActivationStats> = {};
    tf.tidy(() => {
      const result = probe.predict(sample);
      const tensors = Array.isArray(result) ? result : [result];
      tensors.forEach((t, i) => {
        const layer = this.layers[i] as tf.layers.Layer;
        out[layer.name] = activationStats(
          t.dataSync() as Float32Array,
          t.shape,
          this.families.get(layer.name) ?? "other",
          this.bins,
        );
      });
    });
    return out;
  }

  private build(): tf.LayersModel {
    if (this.probe) return this.probe;
    // Layers applied more than once (shared) have no single output to watch.
    this.layers = this.model.layers.filter((l) => {
      if (l.getClassName() === "InputLayer") return false;
      try {
        return !Array.isArray(l.output);
      } catch {
        return false;
      }
    });
    this.probe = tf.model({
      inputs: this.model.inputs,
      outputs: this.layers.map((l) => l.output as tf.SymbolicTensor),
    });
    return this.probe;
  }
}
