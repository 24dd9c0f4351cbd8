import type * as tf from "@tensorflow/tfjs";
import type { OnnxGraphBuilder } from "../builder/graph-builder";
import { UnsupportedLayerError } from "../errors";
import { findConverter, supportedClassNames } from "../registry";
import type { ConverterOutput } from "./converter-result";
import { LayerCallImpl, type CallHost } from "./layer-call-impl";
import type { KerasDtype, KerasShape, TensorRef } from "./tensor-ref";

type SymbolicTensor = tf.SymbolicTensor;

/** Shapes tfjs reports for a layer's outputs: one shape, or a list of shapes for multi-output layers. */
function asShapeList(shapes: tf.Shape | tf.Shape[]): KerasShape[] {
  if (shapes.length > 0 && Array.isArray(shapes[0])) return shapes as tf.Shape[];
  return [shapes as tf.Shape];
}

/**
 * Walks a tfjs model's graph from its outputs and converts each layer call exactly once (shared layers
 * once per call, nested models inlined), mapping every symbolic tensor to an ONNX value.
 */
export class ModelWalker implements CallHost {
  constructor(private readonly builder: OnnxGraphBuilder) {}

  inlineModel(model: tf.LayersModel, inputs: readonly TensorRef[], scope: string): TensorRef[] {
    if (inputs.length !== model.inputs.length) {
      throw new Error(
        `model "${model.name}" has ${model.inputs.length} inputs but was given ${inputs.length}`,
      );
    }
    const values = new Map<number, TensorRef>();
    model.inputs.forEach((t, i) => values.set(t.id, inputs[i] as TensorRef));
    const valueOf = (t: SymbolicTensor): TensorRef => {
      const known = values.get(t.id);
      if (known) return known;
      const layer = t.sourceLayer;
      const node = layer.inboundNodes[t.nodeIndex];
      if (!node) throw new Error(`tensor "${t.name}" has no producing node in model "${model.name}"`);
      const nodeInputs = node.inputTensors.map(valueOf);
      const outputs = this.convertCall(
        layer,
        nodeInputs,
        node.outputTensors.map((o) => o.shape),
        scope,
        node.outputTensors.map((o) => o.dtype),
      );
      node.outputTensors.forEach((o, i) => {
        const ref = outputs[i];
        if (!ref)
          throw new Error(
            `layer "${layer.name}" produced ${outputs.length} outputs, tfjs expects ${node.outputTensors.length}`,
          );
        values.set(o.id, ref);
      });
      return values.get(t.id) as TensorRef;
    };
    return model.outputs.map(valueOf);
  }

  convertCall(
    layer: tf.layers.Layer,
    inputs: readonly TensorRef[],
    outputShapes: readonly KerasShape[],
    scope: string,
    outputDtypes?: readonly string[],
  ): TensorRef[] {
    const className = layer.getClassName();
    const layerName = `${scope}${layer.name}`;
    const entry = findConverter(className);
    if (!entry) {
      throw new UnsupportedLayerError(
        layerName,
        className,
        `no ONNX converter for class ${className}. Supported classes: ${supportedClassNames().join(", ")}. ` +
          `Register one with registerOnnxConverter("${className}", fn).`,
      );
    }
    const opset = this.builder.opset;
    if (opset < entry.opsets.min || opset > entry.opsets.max) {
      throw new UnsupportedLayerError(
        layerName,
        className,
        `its converter handles opsets ${entry.opsets.min} to ${entry.opsets.max}, not ${opset}`,
      );
    }
    const call = new LayerCallImpl(this, layer, className, layerName, inputs, outputShapes, scope);
    const result = entry.convert(call);
    const list: readonly ConverterOutput[] = Array.isArray(result) ? result : [result as ConverterOutput];
    // Layers that support masking pass their first input's mask on (tfjs's default computeMask), others drop it.
    const passMask = layer.supportsMasking ? (inputs[0]?.mask ?? null) : null;
    const passProblem = layer.supportsMasking ? inputs[0]?.maskProblem : undefined;
    const withMask = (ref: TensorRef): TensorRef => {
      if (ref.mask !== undefined) return ref;
      return passProblem === undefined
        ? { ...ref, mask: passMask }
        : { ...ref, mask: passMask, maskProblem: passProblem };
    };
    return list.map((out, i) => {
      if (typeof out !== "string") return withMask(out);
      const shape = outputShapes[i];
      if (!shape) throw new Error(`converter of ${className} returned more outputs than the layer has`);
      const dtype = (outputDtypes?.[i] ?? "float32") as KerasDtype;
      return withMask({ name: out, shape, dtype });
    });
  }

  /** The output shapes of a layer applied to inputs of the given shapes, as tfjs computes them. */
  computeOutputShapes(layer: tf.layers.Layer, inputs: readonly TensorRef[]): KerasShape[] {
    const inputShapes = inputs.map((t) => [...t.shape]);
    const arg = inputShapes.length === 1 ? (inputShapes[0] as tf.Shape) : inputShapes;
    return asShapeList(layer.computeOutputShape(arg));
  }

  get graph(): OnnxGraphBuilder {
    return this.builder;
  }
}
