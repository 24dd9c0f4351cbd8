import type * as tf from "@tensorflow/tfjs";
import type { HostTensor } from "./host-tensor";

/** One weight of a layer, readable on the host, with a key that identifies the underlying variable. */
export interface LayerWeight extends HostTensor {
  /** Stable across calls of a shared layer, so its initializers are written once. */
  readonly key: string;
}

/** The weights a converter may read, by Keras name ("kernel", "bias", "moving_mean", ...). */
export class WeightSet {
  constructor(private readonly byName: ReadonlyMap<string, tf.Tensor>) {}

  /** Weights of a tfjs layer, named by the last segment of their variable name. */
  static ofLayer(layer: tf.layers.Layer): WeightSet {
    const map = new Map<string, tf.Tensor>();
    for (const variable of layer.weights)
      map.set(lastSegment(variable.originalName ?? variable.name), variable.read());
    return new WeightSet(map);
  }

  /** Weights whose full variable name contains `/${prefix}` (a Bidirectional's forward_ and backward_ halves). */
  static ofLayerWithPrefix(layer: tf.layers.Layer, prefix: string): WeightSet {
    const map = new Map<string, tf.Tensor>();
    for (const variable of layer.weights) {
      const name = variable.originalName ?? variable.name;
      const segments = name.split("/");
      if (segments.some((s) => s.startsWith(prefix))) map.set(lastSegment(name), variable.read());
    }
    return new WeightSet(map);
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  names(): string[] {
    return [...this.byName.keys()];
  }

  get(name: string): LayerWeight | undefined {
    const tensor = this.byName.get(name);
    if (!tensor) return undefined;
    // dataSync of a variable copies nothing on the cpu backend and creates no tensor: no leak.
    const data = tensor.dataSync();
    const values = data instanceof Float32Array ? data : Float32Array.from(data as ArrayLike<number>);
    return { key: `w${tensor.id}`, shape: tensor.shape, values };
  }
}

function lastSegment(name: string): string {
  const base = name.slice(name.lastIndexOf("/") + 1);
  // Variables made unique by tfjs carry a numeric suffix ("kernel_1"); Keras names never end that way.
  return base.replace(/_\d+$/, "");
}
