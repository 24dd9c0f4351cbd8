// DepthwiseConv2dNativeBackpropFilter / BackpropInput for wasm (both missing in tfjs-backend-wasm
// 4.22, so DepthwiseConv2D and SeparableConv2D layers cannot train). Both run on the wasm backend's
// own XNNPACK depthwise convolution; dilations are honoured (the kernel attrs carry them).
import * as tf from "@tensorflow/tfjs";
import { checkOutShape } from "./kernel-checks";
import { convInputGrad } from "./conv2d-backprop-input";
import { filterGradAxis, forwardGeometry } from "./conv-geometry";
import { WasmOps, view, type Info } from "./wasm-ops";

type KernelArgs = { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap };

/**
 * dW[kh, kw, c, q] = Σ_{n, oh, ow} x[n, oh·s + kh·d − pad, …, c] · dy[n, oh, ow, c·M + q].
 * Folding the batch into the channels makes it one depthwise convolution: input x as
 * [1, H, W, n·C], filter dy as [oh, ow, n·C, M] (stride and dilation swapped as for Conv2D), giving
 * [1, kh, kw, n·C·M], then a sum over n.
 */
function depthwiseFilterGrad(args: KernelArgs): Info {
  const { x, dy } = args.inputs;
  if (!x || !dy) throw new Error("DepthwiseConv2dNativeBackpropFilter needs inputs x and dy");
  const attrs = args.attrs as unknown as tf.DepthwiseConv2dNativeBackpropFilterAttrs;
  const ops = WasmOps.of(args.backend);
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    attrs.filterShape,
    attrs.strides,
    attrs.dilations ?? 1,
    attrs.pad,
    attrs.dimRoundingMode,
    true,
  );
  checkOutShape(info.outShape, dy.shape);
  const [gh, gw] = forwardGeometry(info);
  const [n, height, width, c] = x.shape;
  const [kh, kw, , m] = attrs.filterShape;
  const [, oh, ow] = dy.shape;
  const xT = ops.transpose(x, [1, 2, 0, 3]); // [H, W, n, C]
  const dyT = ops.transpose(dy, [1, 2, 0, 3]); // [oh, ow, n, C·M]
  const perSample = ops.depthwiseConv2d(
    view(xT, [1, height, width, n * c]),
    view(dyT, [oh, ow, n * c, m]),
    filterGradAxis(gh),
    filterGradAxis(gw),
  );
  ops.release(xT, dyT);
  const dw = ops.sum(view(perSample, [kh, kw, n, c * m]), [2]);
  ops.release(perSample);
  return view(dw, [kh, kw, c, m]);
}

function depthwiseInputGrad(args: KernelArgs): Info {
  const { dy, filter } = args.inputs;
  if (!dy || !filter) throw new Error("DepthwiseConv2dNativeBackpropInput needs inputs dy and filter");
  const attrs = args.attrs as unknown as tf.DepthwiseConv2dNativeBackpropInputAttrs;
  return convInputGrad(
    WasmOps.of(args.backend),
    dy,
    filter,
    { ...attrs, dilations: attrs.dilations ?? 1 },
    true,
  );
}

export const depthwiseBackpropFilterConfig: tf.KernelConfig = {
  kernelName: tf.DepthwiseConv2dNativeBackpropFilter,
  backendName: "wasm",
  kernelFunc: depthwiseFilterGrad,
};

export const depthwiseBackpropInputConfig: tf.KernelConfig = {
  kernelName: tf.DepthwiseConv2dNativeBackpropInput,
  backendName: "wasm",
  kernelFunc: depthwiseInputGrad,
};
