// UnsortedSegmentSum for wasm (missing in tfjs-backend-wasm 4.22; it is the gradient of Gather, so
// Embedding layers cannot train without it). out[id] += x[i] over the rows of x, read and written
// directly on the wasm heap in one pass: O(size of x), no per-segment masks.
import * as tf from "@tensorflow/tfjs";
import { WasmOps, type Info } from "./wasm-ops";

function unsortedSegmentSum(args: {
  inputs: tf.NamedTensorInfoMap;
  backend: unknown;
  attrs?: tf.NamedAttrMap;
}): Info {
  const { x, segmentIds } = args.inputs;
  if (!x || !segmentIds) throw new Error("UnsortedSegmentSum needs inputs x and segmentIds");
  const { numSegments } = args.attrs as unknown as tf.UnsortedSegmentSumAttrs;
  const ops = WasmOps.of(args.backend);
  const idRank = segmentIds.shape.length;
  if (segmentIds.shape.some((d, i) => d !== x.shape[i])) {
    throw new Error(`segmentIds shape [${segmentIds.shape}] must be a prefix of x shape [${x.shape}]`);
  }
  const rowSize = tf.util.sizeFromShape(x.shape.slice(idRank));
  const out = ops.backend.makeOutput([numSegments, ...x.shape.slice(idRank)], x.dtype);
  // Views are taken after the allocation: a heap growth detaches earlier ones.
  const target = ops.backend.typedArrayFromHeap(out);
  const source = ops.backend.typedArrayFromHeap(x);
  const ids = ops.backend.typedArrayFromHeap(segmentIds);
  target.fill(0);
  for (let row = 0; row < ids.length; row++) {
    const id = ids[row];
    // As in TensorFlow, ids outside [0, numSegments) contribute to no segment.
    if (id < 0 || id >= numSegments) continue;
    const from = row * rowSize;
    const to = id * rowSize;
    for (let j = 0; j < rowSize; j++) target[to + j] += source[from + j];
  }
  return out;
}

export const unsortedSegmentSumConfig: tf.KernelConfig = {
  kernelName: tf.UnsortedSegmentSum,
  backendName: "wasm",
  kernelFunc: unsortedSegmentSum,
};
