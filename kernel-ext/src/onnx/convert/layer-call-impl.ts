import type * as tf from "@tensorflow/tfjs";
import type { OnnxGraphBuilder } from "../builder/graph-builder";
import { UnsupportedLayerError } from "../errors";
import { ConfigReader } from "./config-reader";
import type { HostTensor } from "./host-tensor";
import type { LayerCall, WeightTransform } from "./layer-call";
import type { KerasShape, TensorRef } from "./tensor-ref";
import { WeightSet, type LayerWeight } from "./weights";

/** What a layer call needs from the graph walk: the graph, and conversion of sublayers and nested models. */
export interface CallHost {
  readonly graph: OnnxGraphBuilder;
  convertCall(
    layer: tf.layers.Layer,
    inputs: readonly TensorRef[],
    outputShapes: readonly KerasShape[],
    scope: string,
  ): TensorRef[];
  inlineModel(model: tf.LayersModel, inputs: readonly TensorRef[], scope: string): TensorRef[];
  computeOutputShapes(layer: tf.layers.Layer, inputs: readonly TensorRef[]): KerasShape[];
}

/** The LayerCall a converter receives for one call of one layer. */
export class LayerCallImpl implements LayerCall {
  readonly config: ConfigReader;
  readonly weights: WeightSet;
  readonly hint: string;

  constructor(
    private readonly walker: CallHost,
    readonly layer: tf.layers.Layer,
    readonly className: string,
    readonly layerName: string,
    readonly inputs: readonly TensorRef[],
    readonly outputShapes: readonly KerasShape[],
    private readonly scope: string,
  ) {
    this.config = new ConfigReader(layerName, className, layer.getConfig() as Record<string, unknown>);
    this.weights = WeightSet.ofLayer(layer);
    this.hint = layerName;
  }

  get builder(): OnnxGraphBuilder {
    return this.walker.graph;
  }

  get opset(): number {
    return this.walker.graph.opset;
  }

  input(index = 0): TensorRef {
    const t = this.inputs[index];
    if (!t) this.unsupported(`expected at least ${index + 1} input(s), got ${this.inputs.length}`);
    return t;
  }

  weight(name: string): LayerWeight {
    const w = this.weights.get(name);
    if (!w)
      this.unsupported(
        `weight "${name}" not found (layer has: ${this.weights.names().join(", ") || "none"})`,
      );
    return w;
  }

  initializer(weight: LayerWeight, transform?: WeightTransform): string {
    return this.builder.cachedInitializer(`${weight.key}:${transform?.tag ?? "raw"}`, () => {
      const t: HostTensor = transform ? transform.apply(weight) : weight;
      return {
        nameHint: `${this.layerName}/${transform?.tag ?? "weight"}`,
        elemType: "float32",
        dims: t.shape,
        data: t.values,
      };
    });
  }

  unsupported(detail: string): never {
    throw new UnsupportedLayerError(this.layerName, this.className, detail);
  }

  convertSublayer(
    layer: tf.layers.Layer,
    inputs: readonly TensorRef[],
    outputShapes?: readonly KerasShape[],
  ): TensorRef[] {
    const shapes = outputShapes ?? this.walker.computeOutputShapes(layer, inputs);
    return this.walker.convertCall(layer, inputs, shapes, `${this.layerName}/`);
  }

  inlineModel(model: tf.LayersModel, inputs: readonly TensorRef[]): TensorRef[] {
    return this.walker.inlineModel(model, inputs, `${this.scope}${this.layer.name}/`);
  }
}
