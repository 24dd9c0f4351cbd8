// tf.fused.conv2d (what tf.layers.conv2d calls) records its own gradient closure, which rejects
// dilations > 1 and ignores the gradient registry; tfjs-core itself takes the unfused path under a
// gradient tape whenever the activation is not linear. This wrapper takes that same unfused path
// for dilated convolutions under a tape, so that Conv2D's registered gradient (conv2d-grad.ts)
// applies. Everything else, and all inference, goes to the original op unchanged.
import * as tf from "@tensorflow/tfjs";
import { dilationPair } from "./dilated-filter";

type FusedConv2d = typeof tf.fused.conv2d;
type FusedArgs = Parameters<FusedConv2d>[0];

let original: FusedConv2d | undefined;

function applyActivation(y: tf.Tensor4D, args: FusedArgs): tf.Tensor4D {
  switch (args.activation ?? "linear") {
    case "linear":
      return y;
    case "relu":
      return tf.relu(y);
    case "relu6":
      return tf.relu6(y);
    case "elu":
      return tf.elu(y);
    case "sigmoid":
      return tf.sigmoid(y);
    case "leakyrelu":
      return tf.leakyRelu(y, args.leakyreluAlpha);
    case "prelu":
      if (args.preluActivationWeights === undefined)
        throw new Error("prelu activation needs preluActivationWeights");
      return tf.prelu(y, args.preluActivationWeights) as tf.Tensor4D;
    default:
      throw new Error(`unknown fused activation ${String(args.activation)}`);
  }
}

function unfused(args: FusedArgs): tf.Tensor3D | tf.Tensor4D {
  return tf.tidy(() => {
    let y = tf.conv2d(
      args.x as tf.Tensor4D,
      args.filter,
      args.strides,
      args.pad,
      args.dataFormat,
      args.dilations,
      args.dimRoundingMode,
    );
    if (args.bias !== undefined && args.bias !== null) y = tf.add(y, args.bias) as tf.Tensor4D;
    return applyActivation(y, args);
  });
}

/** Installs the wrapper once; returns whether it is installed. */
export function patchFusedConv2dForDilation(): boolean {
  if (original !== undefined) return true;
  const fused = tf.fused as { conv2d: FusedConv2d };
  const descriptor = Object.getOwnPropertyDescriptor(fused, "conv2d");
  if (!descriptor?.writable) return false;
  const op = fused.conv2d;
  original = op;
  const wrapper = (args: FusedArgs): ReturnType<FusedConv2d> => {
    const [dh, dw] = dilationPair(args.dilations);
    // NHWC only, like tfjs-core's own unfused path (its bias broadcasts over the last axis).
    const nhwc = args.dataFormat === undefined || args.dataFormat === "NHWC";
    if ((dh > 1 || dw > 1) && nhwc && tf.engine().state.gradientDepth > 0)
      return unfused(args) as ReturnType<FusedConv2d>;
    return op(args);
  };
  fused.conv2d = wrapper as FusedConv2d;
  return true;
}
