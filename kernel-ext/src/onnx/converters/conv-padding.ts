import { attr } from "../ir/attributes";
import type { Attribute } from "../ir/types";

/**
 * Keras "same" padding: the output has ceil(in / stride) positions and the extra padding goes at the end.
 * With every spatial size known the pads are written out; otherwise ONNX's SAME_UPPER computes the same
 * pads at run time.
 */
export function samePadding(
  inSize: number,
  kernel: number,
  stride: number,
  dilation: number,
): [number, number] {
  const effective = (kernel - 1) * dilation + 1;
  const out = Math.ceil(inSize / stride);
  const total = Math.max((out - 1) * stride + effective - inSize, 0);
  const begin = Math.floor(total / 2);
  return [begin, total - begin];
}

/** The pads/auto_pad attributes of a Conv or Pool node for Keras padding over the given spatial sizes. */
export function paddingAttributes(
  padding: string,
  spatial: readonly (number | null)[],
  kernel: readonly number[],
  strides: readonly number[],
  dilations: readonly number[],
): Record<string, Attribute> {
  if (padding === "valid") return {};
  if (spatial.some((s) => s === null)) return { auto_pad: attr.string("SAME_UPPER") };
  const begins: number[] = [];
  const ends: number[] = [];
  spatial.forEach((size, i) => {
    const [b, e] = samePadding(
      size as number,
      kernel[i] as number,
      strides[i] as number,
      dilations[i] as number,
    );
    begins.push(b);
    ends.push(e);
  });
  return { pads: attr.ints([...begins, ...ends]) };
}
