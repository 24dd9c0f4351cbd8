// A convolution with dilation d equals a dilation-1 convolution with the "effective" filter: the
// taps spread d apart with zeros in between. Gradients of dilated convolutions are taken through
// that filter with the backends' dilation-1 gradient kernels, which every backend has.
import * as tf from "@tensorflow/tfjs";

/** Kernel attributes without the optional ones left undefined (tfjs's attribute map has no undefined). */
export function attrMap(attrs: Record<string, tf.NamedAttrMap[string] | undefined>): tf.NamedAttrMap {
  const out: tf.NamedAttrMap = {};
  for (const [key, value] of Object.entries(attrs)) if (value !== undefined) out[key] = value;
  return out;
}

export function dilationPair(dilations: [number, number] | number | null | undefined): [number, number] {
  // tfjs-layers passes null for "no dilation".
  if (dilations === undefined || dilations === null) return [1, 1];
  return typeof dilations === "number" ? [dilations, dilations] : dilations;
}

/** [kh, kw, a, b] → [(kh−1)·dh + 1, (kw−1)·dw + 1, a, b], zeros between the taps. */
export function effectiveFilter(filter: tf.Tensor4D, [dh, dw]: [number, number]): tf.Tensor4D {
  return tf.tidy(() => {
    const [kh, kw, a, b] = filter.shape;
    const spread = tf.pad(tf.reshape(filter, [kh, 1, kw, 1, a, b]), [
      [0, 0],
      [0, dh - 1],
      [0, 0],
      [0, dw - 1],
      [0, 0],
      [0, 0],
    ]);
    const full = tf.reshape(spread, [kh * dh, kw * dw, a, b]) as tf.Tensor4D;
    return tf.slice(full, [0, 0, 0, 0], [(kh - 1) * dh + 1, (kw - 1) * dw + 1, a, b]);
  });
}

/** The taps of an effective-filter gradient that belong to the real filter. */
export function realTaps(grad: tf.Tensor4D, [dh, dw]: [number, number]): tf.Tensor4D {
  return tf.stridedSlice(grad, [0, 0, 0, 0], grad.shape, [dh, dw, 1, 1]) as tf.Tensor4D;
}
