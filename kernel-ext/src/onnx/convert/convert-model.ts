import type * as tf from "@tensorflow/tfjs";
import { OnnxGraphBuilder } from "../builder/graph-builder";
import { transpose } from "../builder/shape-ops";
import type { Dim, ElemType, GraphIR, ValueInfoIR } from "../ir/types";
import { optimizeGraph } from "../optimize/optimize-graph";
import { ModelWalker } from "./model-walker";
import type { SignatureEntry } from "./signature";
import type { KerasDtype, KerasShape, TensorRef } from "./tensor-ref";
import "../converters";

export interface ConvertOptions {
  opset: number;
  /** Keep the batch dimension symbolic ("batch"); otherwise it is fixed (the model's, or 1). */
  dynamicBatch: boolean;
  /** Give rank-4 image inputs in NCHW; the graph transposes them to the tfjs layout itself. */
  inputsAsNchw: boolean;
}

export interface ConvertedGraph {
  graph: GraphIR;
  inputs: SignatureEntry[];
  outputs: SignatureEntry[];
}

function elemTypeOf(dtype: string): ElemType {
  if (dtype === "int32") return "int32";
  if (dtype === "bool") return "bool";
  return "float32";
}

function signatureDims(shape: KerasShape, opts: ConvertOptions, valueName: string): Dim[] {
  return shape.map((d, i) => {
    if (i === 0) return opts.dynamicBatch ? "batch" : (d ?? 1);
    return d ?? `${valueName}_dim${i}`;
  });
}

/** Names that are unique and stable: tfjs names where possible, "_2" suffixes on clashes. */
function uniqueNames(names: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((n) => {
    const count = (seen.get(n) ?? 0) + 1;
    seen.set(n, count);
    return count === 1 ? n : `${n}_${count}`;
  });
}

/** Converts a tfjs LayersModel (Sequential or functional) into an ONNX graph with tfjs's interface. */
export function convertModel(model: tf.LayersModel, opts: ConvertOptions): ConvertedGraph {
  const b = new OnnxGraphBuilder(opts.opset);
  const inputNames = uniqueNames(model.inputs.map((t, i) => model.inputNames[i] ?? t.name));
  const outputNames = uniqueNames(model.outputs.map((t, i) => model.outputNames[i] ?? t.name));
  inputNames.forEach((n) => b.reserveName(n));
  outputNames.forEach((n) => b.reserveName(n));

  const inputs: SignatureEntry[] = [];
  const inputRefs: TensorRef[] = model.inputs.map((t, i) => {
    const name = inputNames[i] as string;
    const dims = signatureDims(t.shape, opts, name);
    const elemType = elemTypeOf(t.dtype);
    const ref: TensorRef = { name, shape: t.shape, dtype: t.dtype as KerasDtype, mask: null };
    if (opts.inputsAsNchw && t.shape.length === 4) {
      const nchw = [dims[0], dims[3], dims[1], dims[2]] as Dim[];
      inputs.push({ name, elemType, shape: nchw, layout: "NCHW" });
      return { ...ref, name: transpose(b, name, [0, 2, 3, 1], `${name}/to_nhwc`) };
    }
    inputs.push({ name, elemType, shape: dims, layout: t.shape.length === 4 ? "NHWC" : null });
    return ref;
  });

  const walker = new ModelWalker(b);
  const results = walker.inlineModel(model, inputRefs, "");

  const outputs: SignatureEntry[] = results.map((ref, i) => {
    const name = outputNames[i] as string;
    b.nodes.push({
      opType: "Identity",
      name: b.uniqueName(`${name}/output`),
      inputs: [ref.name],
      outputs: [name],
      attributes: {},
    });
    return {
      name,
      elemType: elemTypeOf(ref.dtype),
      shape: signatureDims(ref.shape, opts, name),
      layout: ref.shape.length === 4 ? "NHWC" : null,
    };
  });

  const toValueInfo = (s: SignatureEntry): ValueInfoIR => ({
    name: s.name,
    elemType: s.elemType,
    shape: s.shape,
  });
  const graph: GraphIR = {
    name: model.name,
    nodes: b.nodes,
    initializers: b.initializers,
    inputs: inputs.map(toValueInfo),
    outputs: outputs.map(toValueInfo),
  };
  return { graph: optimizeGraph(graph), inputs, outputs };
}
