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
 * (zeros between rows), with the kernel reversed. Used as is for stride 1; strided convolutions
 * split it into phases instead (inputGradPhase) so as not to multiply by those zeros.
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

/**
 * The forward convolution itself. padAfter is derived from the output size rather than taken from
 * tfjs's pad info: with a numeric pad and dimRoundingMode "ceil" the last window reaches past the
 * padded input (those taps read zeros), and valid convolutions may leave rows unread (cropped).
 */
export function forwardAxis(g: AxisGeometry): AxisConv {
  return {
    stride: g.stride,
    dilation: g.dilation,
    padBefore: g.padBefore,
    padAfter: (g.outSize - 1) * g.stride + (g.kernel - 1) * g.dilation + 1 - g.inSize - g.padBefore,
  };
}

/** Height and width geometry of a forward NHWC convolution, from tfjs's own shape rules. */
export function forwardGeometry(info: tf.backend_util.Conv2DInfo): [AxisGeometry, AxisGeometry] {
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

/** One phase of a strided input gradient along one axis (see inputGradPhase). */
export interface AxisPhase {
  /** First tap of the phase's sub-kernel (taps first, first + stride, …). */
  firstTap: number;
  taps: number;
  /** Input rows first, first + stride, … (count of them) come from this phase. */
  first: number;
  count: number;
  /** The stride-1 convolution of dy with the reversed sub-kernel that produces those rows. */
  conv: AxisConv;
}

/**
 * With stride s (and dilation 1), input row i = o·s + k − pad receives taps k ≡ (i + pad) mod s
 * only: the rows of one phase φ = (i + pad) mod s are a stride-1 convolution of dy with the
 * sub-kernel k = φ, φ + s, …, reversed. Splitting dx into the s phases costs what the forward
 * pass costs, where convolving the zero-spread dy costs s times more per axis.
 */
export function inputGradPhase(g: AxisGeometry, phase: number): AxisPhase {
  const taps = phase < g.kernel ? Math.ceil((g.kernel - phase) / g.stride) : 0;
  const first = (((phase - g.padBefore) % g.stride) + g.stride) % g.stride;
  const count = first < g.inSize ? Math.floor((g.inSize - 1 - first) / g.stride) + 1 : 0;
  const qFirst = (first + g.padBefore - phase) / g.stride; // dy row of the phase's first tap
  const padBefore = taps - 1 - qFirst;
  return {
    firstTap: phase,
    taps,
    first,
    count,
    conv: { stride: 1, dilation: 1, padBefore, padAfter: count - 1 + taps - g.outSize - padBefore },
  };
}
