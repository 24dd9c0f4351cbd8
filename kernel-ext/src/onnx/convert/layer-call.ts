import type * as tf from "@tensorflow/tfjs";
import type { OnnxGraphBuilder } from "../builder/graph-builder";
import type { ConfigReader } from "./config-reader";
import type { HostTensor } from "./host-tensor";
import type { KerasShape, TensorRef } from "./tensor-ref";
import type { LayerWeight, WeightSet } from "./weights";

/** A host-side rearrangement of a weight before it becomes an initializer (tagged for caching). */
export interface WeightTransform {
  readonly tag: string;
  apply(weight: HostTensor): HostTensor;
}

/** Everything a converter gets for one call of one layer. */
export interface LayerCall {
  readonly layer: tf.layers.Layer;
  readonly className: string;
  /** The layer's name, prefixed by the enclosing models' names for nested models. */
  readonly layerName: string;
  readonly config: ConfigReader;
  /** The call's inputs, in the tfjs layout. */
  readonly inputs: readonly TensorRef[];
  /** The output shapes tfjs computed for this call. */
  readonly outputShapes: readonly KerasShape[];
  readonly builder: OnnxGraphBuilder;
  readonly opset: number;
  /** Prefix for node names of this call. */
  readonly hint: string;
  readonly weights: WeightSet;

  /** The i-th input (the only one by default); an error naming the layer if absent. */
  input(index?: number): TensorRef;
  /** A weight by Keras name; an error naming the layer if absent. */
  weight(name: string): LayerWeight;
  /** The initializer for a weight (optionally rearranged), created once per variable and transform. */
  initializer(weight: LayerWeight, transform?: WeightTransform): string;
  /** Throws an UnsupportedLayerError about an option of this layer. */
  unsupported(detail: string): never;
  /** Converts another layer (wrapped by this one) on the given inputs. */
  convertSublayer(
    layer: tf.layers.Layer,
    inputs: readonly TensorRef[],
    outputShapes?: readonly KerasShape[],
  ): TensorRef[];
  /** Inlines a whole model (a nested Sequential/functional model) on the given inputs. */
  inlineModel(model: tf.LayersModel, inputs: readonly TensorRef[]): TensorRef[];
}
