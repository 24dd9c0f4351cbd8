// A typed facade over the wasm backend's own kernels, called on TensorInfos outside the engine:
// no Tensor objects, no tape, no engine bookkeeping per call. Every info returned by a method is
// owned by the caller, who hands it back with `release` (or returns it as a kernel output).
import * as tf from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import type { AxisConv } from "./conv-geometry";

export type Info = tf.TensorInfo;
type Pair = [number, number];

/** Height and width convolution geometry. */
export type AxisConvPair = [AxisConv, AxisConv];

/** Explicit NHWC padding as tfjs spells it. */
export type ExplicitPads = [Pair, Pair, Pair, Pair];

export class WasmOps {
  constructor(readonly backend: BackendWasm) {}

  /** Narrows the `{}` that tfjs passes to kernel functions; only the wasm backend is accepted. */
  static of(backend: unknown): WasmOps {
    if (!isWasmBackend(backend)) throw new Error("tslab-ml wasm kernels called with a non-wasm backend");
    return new WasmOps(backend);
  }

  run(kernelName: string, inputs: tf.NamedTensorInfoMap, attrs: tf.NamedAttrMap = {}): Info {
    return single(
      kernelName,
      tf.getKernel(kernelName, "wasm").kernelFunc({ inputs, backend: this.backend, attrs }),
    );
  }

  /** NHWC convolution; negative pads crop the input first (XNNPACK only takes non-negative pads). */
  conv2d(x: Info, filter: Info, h: AxisConv, w: AxisConv): Info {
    return this.withCrop(x, h, w, (input, pads) =>
      this.run(
        tf.Conv2D,
        { x: input, filter },
        {
          strides: [h.stride, w.stride],
          dilations: [h.dilation, w.dilation],
          pad: pads,
          dataFormat: "NHWC",
        },
      ),
    );
  }

  /** Depthwise NHWC convolution with the same padding convention as `conv2d`. */
  depthwiseConv2d(x: Info, filter: Info, h: AxisConv, w: AxisConv): Info {
    return this.withCrop(x, h, w, (input, pads) =>
      this.run(
        tf.DepthwiseConv2dNative,
        { x: input, filter },
        {
          strides: [h.stride, w.stride],
          dilations: [h.dilation, w.dilation],
          pad: pads,
          dataFormat: "NHWC",
        },
      ),
    );
  }

  transpose(x: Info, perm: number[]): Info {
    return this.run(tf.Transpose, { x }, { perm });
  }

  slice(x: Info, begin: number[], size: number[]): Info {
    return this.run(tf.Slice, { x }, { begin, size });
  }

  sum(x: Info, axis: number[]): Info {
    return this.run(tf.Sum, { x }, { axis, keepDims: false });
  }

  release(...infos: Info[]): void {
    for (const info of infos) this.backend.disposeData(info.dataId);
  }

  private withCrop(x: Info, h: AxisConv, w: AxisConv, conv: (input: Info, pads: ExplicitPads) => Info): Info {
    const [n, height, width, c] = x.shape;
    const cropTop = Math.max(0, -h.padBefore);
    const cropBottom = Math.max(0, -h.padAfter);
    const cropLeft = Math.max(0, -w.padBefore);
    const cropRight = Math.max(0, -w.padAfter);
    const pads: ExplicitPads = [
      [0, 0],
      [Math.max(0, h.padBefore), Math.max(0, h.padAfter)],
      [Math.max(0, w.padBefore), Math.max(0, w.padAfter)],
      [0, 0],
    ];
    if (cropTop + cropBottom + cropLeft + cropRight === 0) return conv(x, pads);
    const cropped = this.slice(
      x,
      [0, cropTop, cropLeft, 0],
      [n, height - cropTop - cropBottom, width - cropLeft - cropRight, c],
    );
    try {
      return conv(cropped, pads);
    } finally {
      this.release(cropped);
    }
  }
}

/** A reshaped view sharing the data of `x`: not owned, never released on its own. */
export function view(x: Info, shape: number[]): Info {
  return { dataId: x.dataId, shape, dtype: x.dtype };
}

function single(kernelName: string, out: Info | Info[]): Info {
  if (Array.isArray(out))
    throw new Error(`wasm kernel ${kernelName} returned ${out.length} outputs, expected one`);
  return out;
}

/** Whether `backend` is tfjs-backend-wasm's (whose tensors can be read in place on its heap). */
export function isWasmBackend(backend: unknown): backend is BackendWasm {
  return (
    typeof backend === "object" &&
    backend !== null &&
    "wasm" in backend &&
    "dataIdMap" in backend &&
    typeof (backend as { typedArrayFromHeap?: unknown }).typedArrayFromHeap === "function"
  );
}
