// Padding arithmetic that turns the two gradients of a 2-D convolution into forward convolutions,
// so that they run on the wasm backend's XNNPACK convolution instead of scalar loops.
//
// Along one spatial axis a forward convolution reads, for output o and tap k, the input row
//   i = o * stride + k * dilation - padBefore.
// Both rewrites below follow from that one relation.
import type * as tf from "@tensorflow/tfjs";

/** Geometry of a forward convolution along one spatial axis. */
export interface AxisGeometry {
  inSize: number;
  outSize: number;
  kernel: number;
  stride: number;
  dilation: number;
  padBefore: number;
}

/** A stride-1 or strided convolution along one axis, with pads that may be negative (= crop). */
export interface AxisConv {
  stride: number;
  dilation: number;
  padBefore: number;
  padAfter: number;
}

/**
 * Filter gradient as a convolution of the input (the spatial axis is unchanged) with the output
 * gradient as the filter (its spatial extent becomes the kernel): the forward stride becomes the
 * dilation, the forward dilation becomes the stride, and the pads are chosen so that exactly
 * `kernel` outputs come out. padAfter is negative when a valid convolution leaves trailing input
 * rows unread; those rows must then be cropped.
 */
export function filterGradAxis(g: AxisGeometry): AxisConv {
  const span = (g.outSize - 1) * g.stride + 1;
  return {
    stride: g.dilation,
    dilation: g.stride,
    padBefore: g.padBefore,
    padAfter: (g.kernel - 1) * g.dilation + span - g.inSize - g.padBefore,
  };
}

/**
 * Input gradient as a stride-1 convolution of the output gradient, upsampled by the stride
 * (zeros between rows; `upsampledSize` rows), with the kernel reversed.
 */
export function inputGradAxis(g: AxisGeometry): AxisConv {
  const upsampledSize = (g.outSize - 1) * g.stride + 1;
  const reach = (g.kernel - 1) * g.dilation;
  return {
    stride: 1,
    dilation: g.dilation,
    padBefore: reach - g.padBefore,
    padAfter: g.inSize - upsampledSize + g.padBefore,
  };
}

/** The forward convolution itself, as height and width AxisConvs (explicit pads). */
export function forwardAxes(info: tf.backend_util.Conv2DInfo): [AxisConv, AxisConv] {
  return [
    { stride: info.strideHeight, dilation: info.dilationHeight, padBefore: info.padInfo.top, padAfter: info.padInfo.bottom },
    { stride: info.strideWidth, dilation: info.dilationWidth, padBefore: info.padInfo.left, padAfter: info.padInfo.right },
  ];
}

/** Height and width geometry of a forward NHWC convolution, from tfjs's own shape rules. */
export function forwardGeometry(
  info: tf.backend_util.Conv2DInfo,
): [AxisGeometry, AxisGeometry] {
  return [
    {
      inSize: info.inHeight,
      outSize: info.outHeight,
      kernel: info.filterHeight,
      stride: info.strideHeight,
      dilation: info.dilationHeight,
      padBefore: info.padInfo.top,
    },
    {
      inSize: info.inWidth,
      outSize: info.outWidth,
      kernel: info.filterWidth,
      stride: info.strideWidth,
      dilation: info.dilationWidth,
      padBefore: info.padInfo.left,
    },
  ];
}
