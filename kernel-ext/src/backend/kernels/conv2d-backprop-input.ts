// Conv2DBackpropInput for wasm. tfjs-backend-wasm has one, but it is a scalar C++ loop about ten
// times slower than its XNNPACK forward convolution (78 ms against 7 ms for a 64×14×14×16 input and a
// 3×3×16×32 filter), and it is both the input gradient of Conv2D and the forward of Conv2DTranspose.
// dx is a forward convolution of dy with the kernel reversed and its channel axes swapped, split
// into phases when the convolution is strided.
import * as tf from "@tensorflow/tfjs";
import { checkOutShape, requireNhwc } from "./kernel-checks";
import { forwardGeometry, inputGradAxis, type AxisConv } from "./conv-geometry";
import { stridedInputGrad, type Stride1InputGrad } from "./strided-input-grad";
import { WasmOps, view, type Info } from "./wasm-ops";

export interface InputGradParams {
  strides: [number, number] | number;
  dilations: [number, number] | number;
  pad: tf.Conv2DBackpropInputAttrs["pad"];
  dimRoundingMode?: "floor" | "round" | "ceil";
  inputShape: [number, number, number, number];
}

/**
 * Input gradient of an NHWC convolution (depthwise when `depthwise`, filter [kh, kw, c, m]): the
 * forward convolution of dy with the kernel reversed (and, not depthwise, its channel axes
 * swapped); by phases when strided (strided-input-grad.ts).
 */
export function convInputGrad(
  ops: WasmOps,
  dy: Info,
  filter: Info,
  p: InputGradParams,
  depthwise: boolean,
): Info {
  const info = tf.backend_util.computeConv2DInfo(
    p.inputShape,
    filter.shape as [number, number, number, number],
    p.strides,
    p.dilations,
    p.pad,
    p.dimRoundingMode,
    depthwise,
  );
  checkOutShape(info.outShape, dy.shape);
  const [gh, gw] = forwardGeometry(info);
  const stride1: Stride1InputGrad = (g, kernel, rows, cols) => {
    const reversed = ops.run(tf.Reverse, { x: kernel }, { dims: [0, 1] });
    try {
      if (depthwise) return depthwiseStride1(ops, g, reversed, rows, cols);
      const swapped = ops.transpose(reversed, [0, 1, 3, 2]); // [kh, kw, co, ci]
      const dx = ops.conv2d(g, swapped, rows, cols);
      ops.release(swapped);
      return dx;
    } finally {
      ops.release(reversed);
    }
  };
  if (gh.stride === 1 && gw.stride === 1) return stride1(dy, filter, inputGradAxis(gh), inputGradAxis(gw));
  // tfjs allows a stride or a dilation above 1, not both, so phases always have dilation 1.
  return stridedInputGrad(ops, dy, filter, p.inputShape, [gh, gw], stride1);
}

// Depthwise: every output channel c·m + q comes from input channel c alone, so the transposed
// convolution is a multiplier-1 depthwise convolution over the c·m channels followed by a sum over q.
function depthwiseStride1(ops: WasmOps, dy: Info, reversed: Info, rows: AxisConv, cols: AxisConv): Info {
  const [kh, kw, c, m] = reversed.shape;
  const dxAll = ops.depthwiseConv2d(dy, view(reversed, [kh, kw, c * m, 1]), rows, cols); // [n, h, w, c·m]
  if (m === 1) return dxAll;
  const [n, h, w] = dxAll.shape;
  const dx = ops.sum(view(dxAll, [n, h, w, c, m]), [4]);
  ops.release(dxAll);
  return dx;
}

function conv2dBackpropInput(args: {
  inputs: tf.NamedTensorInfoMap;
  backend: unknown;
  attrs?: tf.NamedAttrMap;
}): Info {
  const { dy, filter } = args.inputs;
  if (!dy || !filter) throw new Error("Conv2DBackpropInput needs inputs dy and filter");
  const attrs = args.attrs as unknown as tf.Conv2DBackpropInputAttrs;
  requireNhwc(attrs.dataFormat, tf.Conv2DBackpropInput);
  return convInputGrad(WasmOps.of(args.backend), dy, filter, { ...attrs, dilations: 1 }, false);
}

export const conv2dBackpropInputConfig: tf.KernelConfig = {
  kernelName: tf.Conv2DBackpropInput,
  backendName: "wasm",
  kernelFunc: conv2dBackpropInput,
};
