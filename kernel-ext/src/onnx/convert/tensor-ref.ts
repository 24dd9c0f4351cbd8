/** A Keras/tfjs shape: batch first, `null` where the size is only known at run time. */
export type KerasShape = readonly (number | null)[];

export type KerasDtype = "float32" | "int32" | "bool";

/** A tensor of the tfjs model as it exists in the ONNX graph being built. */
export interface TensorRef {
  /** The ONNX value name. */
  readonly name: string;
  /** The tfjs shape of the tensor (always in the tfjs layout, whatever the ONNX producer did). */
  readonly shape: KerasShape;
  readonly dtype: KerasDtype;
  /**
   * Name of a bool tensor [batch, time] when a Keras mask travels with this tensor (Embedding with
   * maskZero, Masking); RNN layers honour it as tfjs does.
   */
  readonly mask?: string | null;
  /**
   * Set when a Keras mask travels with this tensor that the export cannot reproduce (tfjs's own merge of
   * masks is degenerate): harmless unless a layer that reads masks receives it, which then refuses.
   */
  readonly maskProblem?: string;
}

export function rankOf(t: TensorRef): number {
  return t.shape.length;
}
