import type { TensorRef } from "./tensor-ref";

/**
 * What a converter returns for a layer call: one entry per output of the layer. A plain string is the
 * ONNX value name and takes shape and dtype from tfjs's symbolic output; a TensorRef overrides them (and
 * may set the output mask).
 */
export type ConverterOutput = string | TensorRef;
export type ConverterResult = ConverterOutput | readonly ConverterOutput[];
