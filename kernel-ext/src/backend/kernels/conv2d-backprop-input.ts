// Conv2DBackpropInput for wasm. tfjs-backend-wasm has one, but it is a scalar C++ loop about ten
// times slower than its XNNPACK forward convolution (78 ms against 7 ms for a 64×14×14×16 input and a
// 3×3×16×32 filter), and it is both the input gradient of Conv2D and the forward of Conv2DTranspose.
// dx is the forward convolution of dy (spread `stride` apart with zeros) with the kernel reversed
// and its channel axes swapped.
import * as tf from "@tensorflow/tfjs";
import { checkOutShape, requireNhwc } from "./kernel-checks";
import { forwardGeometry, inputGradAxis, type AxisConv } from "./conv-geometry";
import { WasmOps, type Info } from "./wasm-ops";

export interface InputGradParams {
  strides: [number, number] | number;
  dilations: [number, number] | number;
  pad: tf.Conv2DBackpropInputAttrs["pad"];
  dimRoundingMode?: "floor" | "round" | "ceil";
  inputShape: [number, number, number, number];
}

/**
 * Input gradient of an NHWC convolution (depthwise when `depthwise`, filter [kh, kw, c, m]).
 * The stride-1 convolution it runs reads each upsampled row once per tap; with stride s that is s²
 * more multiply-adds than the forward pass, most of them with zeros, still far cheaper than the
 * scalar kernel it replaces.
 */
export function convInputGrad(ops: WasmOps, dy: Info, filter: Info, p: InputGradParams, depthwise: boolean): Info {
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
  const rows = inputGradAxis(gh);
  const cols = inputGradAxis(gw);
  const strided = gh.stride > 1 || gw.stride > 1;
  const spread = strided ? ops.upsample(dy, gh.stride, gw.stride) : dy;
  const reversed = ops.run(tf.Reverse, { x: filter }, { dims: [0, 1] });
  let dx: Info;
  if (depthwise) {
    dx = depthwiseInputGrad(ops, spread, reversed, rows, cols);
  } else {
    const swapped = ops.transpose(reversed, [0, 1, 3, 2]); // [kh, kw, co, ci]
    dx = ops.conv2d(spread, swapped, rows, cols);
    ops.release(swapped);
  }
  ops.release(reversed);
  if (strided) ops.release(spread);
  return dx;
}

// Depthwise: every output channel c·m + q comes from input channel c alone, so the transposed
// convolution is a multiplier-1 depthwise convolution over the c·m channels followed by a sum over q.
function depthwiseInputGrad(
  ops: WasmOps,
  spread: Info,
  reversed: Info,
  rows: AxisConv,
  cols: AxisConv,
): Info {
  const [kh, kw, c, m] = reversed.shape;
  const perChannel = { dataId: reversed.dataId, shape: [kh, kw, c * m, 1], dtype: reversed.dtype };
  const dxAll = ops.depthwiseConv2d(spread, perChannel, rows, cols); // [n, h, w, c·m]
  if (m === 1) return dxAll;
  const [n, h, w] = dxAll.shape;
  const dx = ops.sum({ dataId: dxAll.dataId, shape: [n, h, w, c, m], dtype: dxAll.dtype }, [4]);
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
