// MaxPoolGrad for wasm. tfjs-backend-wasm 4.22 has one, but it starts each window's running maximum
// at FLT_MIN (the smallest positive float) instead of −∞, so windows whose values are all ≤ 0 send
// their gradient nowhere (or to element 0), and it is slow (22 ms of a 76 ms CNN step). This one
// scatters dy to the first maximum of each window, as the cpu backend and TensorFlow do, in one
// pass over the wasm heap, channels innermost so that every read is contiguous.
import * as tf from "@tensorflow/tfjs";
import { WasmOps, type Info } from "./wasm-ops";

function maxPoolGrad(args: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }): Info {
  const { dy, input } = args.inputs;
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
  const dx = ops.backend.makeOutput(input.shape, "float32");
  // Views after the allocation: growing the heap detaches earlier ones.
  const x = ops.backend.typedArrayFromHeap(input) as Float32Array;
  const g = ops.backend.typedArrayFromHeap(dy) as Float32Array;
  const out = ops.backend.typedArrayFromHeap(dx) as Float32Array;
  out.fill(0);
  const rowStride = inWidth * channels;
  const { strideHeight, strideWidth, effectiveFilterHeight, effectiveFilterWidth } = info;
  const { top: padTop, left: padLeft } = info.padInfo;
  let dyAt = 0;
  for (let b = 0; b < batchSize; b++) {
    const xBatch = b * inHeight * rowStride;
    for (let oh = 0; oh < outHeight; oh++) {
      const top = oh * strideHeight - padTop;
      const hFrom = Math.max(0, top);
      const hTo = Math.min(inHeight, top + effectiveFilterHeight);
      for (let ow = 0; ow < outWidth; ow++, dyAt += channels) {
        const left = ow * strideWidth - padLeft;
        const wFrom = Math.max(0, left);
        const wTo = Math.min(inWidth, left + effectiveFilterWidth);
        const corner = xBatch + hFrom * rowStride + wFrom * channels;
        for (let c = 0; c < channels; c++) {
          // Strictly greater from −∞: the first maximum wins and NaNs are skipped, as in the cpu
          // backend. The running maximum lives in locals: typed-array stores here cost more.
          let best = -Infinity;
          let where = -1;
          for (let h = hFrom, rowAt = corner + c; h < hTo; h++, rowAt += rowStride) {
            for (let w = wFrom, at = rowAt; w < wTo; w++, at += channels) {
              const v = x[at];
              if (v > best) {
                best = v;
                where = at;
              }
            }
          }
          if (where >= 0) out[where] += g[dyAt + c];
        }
      }
    }
  }
  return dx;
}

export const maxPoolGradConfig: tf.KernelConfig = {
  kernelName: tf.MaxPoolGrad,
  backendName: "wasm",
  kernelFunc: maxPoolGrad,
};
