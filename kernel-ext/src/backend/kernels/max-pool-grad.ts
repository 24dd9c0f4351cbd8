// MaxPoolGrad for wasm. tfjs-backend-wasm 4.22 has one, but it starts each window's running maximum
// at FLT_MIN (the smallest positive float) instead of −∞, so windows whose values are all ≤ 0 send
// their gradient to the tensor's first element or nowhere, and it took 22 ms of a 76 ms CNN step.
// This one sends each window's gradient to the window's first maximum, as the cpu backend and
// TensorFlow do, in one pass over the wasm heap with channels innermost (contiguous reads).
import * as tf from "@tensorflow/tfjs";
import { WasmOps, type Info } from "./wasm-ops";

function maxPoolGrad(args: {
  inputs: tf.NamedTensorInfoMap;
  backend: unknown;
  attrs?: tf.NamedAttrMap;
}): Info {
  const { dy, input, output } = args.inputs;
  if (!dy || !input) throw new Error("MaxPoolGrad needs inputs dy and input");
  const { filterSize, strides, pad, dimRoundingMode } = args.attrs as unknown as tf.MaxPoolGradAttrs;
  const ops = WasmOps.of(args.backend);
  const info = tf.backend_util.computePool2DInfo(
    input.shape as [number, number, number, number],
    filterSize,
    strides,
    1,
    pad,
    dimRoundingMode,
  );
  const { batchSize, inHeight, inWidth, inChannels: channels, outHeight, outWidth } = info;
  const { strideHeight, strideWidth, effectiveFilterHeight, effectiveFilterWidth } = info;
  const { top: padTop, left: padLeft } = info.padInfo;
  const dx = ops.backend.makeOutput(input.shape, "float32");
  // Views after the allocation: growing the heap detaches earlier ones.
  const x = ops.backend.typedArrayFromHeap(input) as Float32Array;
  const g = ops.backend.typedArrayFromHeap(dy) as Float32Array;
  // The forward maxima (always passed by tfjs's gradient): finding the first element equal to the
  // maximum costs half of a running comparison, whose branches mispredict on every new maximum.
  const y = output ? (ops.backend.typedArrayFromHeap(output) as Float32Array) : undefined;
  const out = ops.backend.typedArrayFromHeap(dx) as Float32Array;
  out.fill(0);
  const rowStride = inWidth * channels;
  const twoByTwo = effectiveFilterHeight === 2 && effectiveFilterWidth === 2;
  let at = 0; // index into dy and y
  for (let b = 0; b < batchSize; b++) {
    const xBatch = b * inHeight * rowStride;
    for (let oh = 0; oh < outHeight; oh++) {
      const top = oh * strideHeight - padTop;
      const hFrom = Math.max(0, top);
      const hTo = Math.min(inHeight, top + effectiveFilterHeight);
      for (let ow = 0; ow < outWidth; ow++) {
        const left = ow * strideWidth - padLeft;
        const wFrom = Math.max(0, left);
        const wTo = Math.min(inWidth, left + effectiveFilterWidth);
        const corner = xBatch + hFrom * rowStride + wFrom * channels;
        const whole2x2 = twoByTwo && hTo - hFrom === 2 && wTo - wFrom === 2;
        for (let c = 0; c < channels; c++, at++) {
          let where = -1;
          if (y !== undefined) {
            const m = y[at];
            if (whole2x2) {
              // The usual pooling window, unrolled: a third faster than firstEqual's loops.
              const p = corner + c;
              if (x[p] === m) where = p;
              else if (x[p + channels] === m) where = p + channels;
              else if (x[p + rowStride] === m) where = p + rowStride;
              else if (x[p + rowStride + channels] === m) where = p + rowStride + channels;
            } else {
              where = firstEqual(x, m, corner + c, hTo - hFrom, wTo - wFrom, rowStride, channels);
            }
          }
          // No element equals the maximum (no output given, or a NaN): compare as the cpu backend does.
          if (where < 0) where = firstMax(x, corner + c, hTo - hFrom, wTo - wFrom, rowStride, channels);
          if (where >= 0) out[where] += g[at];
        }
      }
    }
  }
  return dx;
}

function firstEqual(
  x: Float32Array,
  m: number,
  start: number,
  rows: number,
  cols: number,
  rowStride: number,
  step: number,
): number {
  for (let h = 0, rowAt = start; h < rows; h++, rowAt += rowStride) {
    for (let w = 0, p = rowAt; w < cols; w++, p += step) if (x[p] === m) return p;
  }
  return -1;
}

/** Strictly greater from −∞: the first maximum wins and NaNs are skipped, as in the cpu backend. */
function firstMax(
  x: Float32Array,
  start: number,
  rows: number,
  cols: number,
  rowStride: number,
  step: number,
): number {
  let best = -Infinity;
  let where = -1;
  for (let h = 0, rowAt = start; h < rows; h++, rowAt += rowStride) {
    for (let w = 0, p = rowAt; w < cols; w++, p += step) {
      if (x[p] > best) {
        best = x[p];
        where = p;
      }
    }
  }
  return where;
}

export const maxPoolGradConfig: tf.KernelConfig = {
  kernelName: tf.MaxPoolGrad,
  backendName: "wasm",
  kernelFunc: maxPoolGrad,
};
