// Conv2DBackpropFilter for wasm (tfjs-backend-wasm 4.22 has none, so Conv2D layers cannot train).
// dW[kh, kw, ci, co] = Σ_{n, oh, ow} x[n, oh·s + kh·d − pad, …, ci] · dy[n, oh, ow, co] is itself a
// convolution: batch and channel axes of x swap ([ci, H, W, n]), dy becomes the filter
// ([oh, ow, n, co]), the forward stride becomes its dilation (see conv-geometry.ts). Layers with few
// input taps per output channel use the im2col form instead (im2col-filter-grad.ts).
import * as tf from "@tensorflow/tfjs";
import { filterGradAxis, forwardAxis, forwardGeometry } from "./conv-geometry";
import { im2colFilterGrad } from "./im2col-filter-grad";
import { checkOutShape, requireNhwc } from "./kernel-checks";
import { WasmOps, type Info } from "./wasm-ops";

function conv2dBackpropFilter(args: {
  inputs: tf.NamedTensorInfoMap;
  backend: unknown;
  attrs?: tf.NamedAttrMap;
}): Info {
  const { x, dy } = args.inputs;
  if (!x || !dy) throw new Error("Conv2DBackpropFilter needs inputs x and dy");
  const attrs = args.attrs as unknown as tf.Conv2DBackpropFilterAttrs;
  requireNhwc(attrs.dataFormat, tf.Conv2DBackpropFilter);
  const ops = WasmOps.of(args.backend);
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    attrs.filterShape,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
  checkOutShape(info.outShape, dy.shape);
  // Both forms are exact; the convolution form has XNNPACK pack dy as a filter (O(|dy|) per call),
  // the im2col form builds patches Cin·kh·kw/Cout times the size of dy.
  const [gh, gw] = forwardGeometry(info);
  if (info.inChannels * info.filterHeight * info.filterWidth < info.outChannels) {
    return im2colFilterGrad(ops, x, dy, info, [forwardAxis(gh), forwardAxis(gw)]);
  }
  const xT = ops.transpose(x, [3, 1, 2, 0]); // [ci, H, W, n]
  const dyT = ops.transpose(dy, [1, 2, 0, 3]); // [oh, ow, n, co]
  const grad = ops.conv2d(xT, dyT, filterGradAxis(gh), filterGradAxis(gw)); // [ci, kh, kw, co]
  ops.release(xT, dyT);
  const dw = ops.transpose(grad, [1, 2, 0, 3]);
  ops.release(grad);
  return dw;
}

export const conv2dBackpropFilterConfig: tf.KernelConfig = {
  kernelName: tf.Conv2DBackpropFilter,
  backendName: "wasm",
  kernelFunc: conv2dBackpropFilter,
};
