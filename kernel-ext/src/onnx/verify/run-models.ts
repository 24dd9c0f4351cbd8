import * as tf from "@tensorflow/tfjs";
import type * as Ort from "onnxruntime-node";
import { ort } from "../ort";
import type { SignatureEntry } from "../convert/signature";

/** Host copy of one output. */
export type HostOutput = { data: Float32Array; shape: number[] };

/** tfjs predict on the inputs; returns host copies of every output (no tensor stays alive). */
export function predictTfjs(model: tf.LayersModel, inputs: readonly tf.Tensor[]): HostOutput[] {
  const result = model.predict(inputs.length === 1 ? (inputs[0] as tf.Tensor) : [...inputs]);
  const list = Array.isArray(result) ? result : [result];
  const host = list.map((t) => ({ data: Float32Array.from(t.dataSync()), shape: [...t.shape] }));
  tf.dispose(list);
  return host;
}

/** The feeds of an onnxruntime session for tfjs-layout inputs (transposed for NCHW inputs). */
export function onnxFeeds(
  inputs: readonly tf.Tensor[],
  signature: readonly SignatureEntry[],
): Record<string, Ort.Tensor> {
  const feeds: Record<string, Ort.Tensor> = {};
  inputs.forEach((t, i) => {
    const sig = signature[i] as SignatureEntry;
    const laid = sig.layout === "NCHW" ? tf.transpose(t, [0, 3, 1, 2]) : t;
    const data = laid.dataSync();
    const shape = [...laid.shape];
    if (laid !== t) laid.dispose();
    feeds[sig.name] =
      sig.elemType === "int32"
        ? new ort.Tensor("int32", Int32Array.from(data), shape)
        : new ort.Tensor("float32", Float32Array.from(data), shape);
  });
  return feeds;
}

export async function runOnnx(
  session: Ort.InferenceSession,
  feeds: Record<string, Ort.Tensor>,
  outputs: readonly SignatureEntry[],
): Promise<HostOutput[]> {
  const result = await session.run(feeds);
  return outputs.map((o) => {
    const t = result[o.name];
    if (!t) throw new Error(`onnxruntime returned no output "${o.name}"`);
    const data = t.data;
    return {
      data: data instanceof Float32Array ? data : Float32Array.from(data as ArrayLike<number>),
      shape: t.dims.map(Number),
    };
  });
}
