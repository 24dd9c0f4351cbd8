import { registerOnnxConverter } from "../../../kernel-ext/src/onnx";
import { tf } from "./tf-setup";

/**
 * An identity layer whose registered ONNX converter is deliberately wrong (adds 1e-3), so verification must
 * fail. Registered under `className` (converter and tfjs serialization); returns a new layer of it.
 */
export function offByALittleLayer(className: string): tf.layers.Layer {
  registerOnnxConverter(className, (call) =>
    call.builder.op("Add", [call.input().name, call.builder.scalar(1e-3)], {}, call.hint),
  );
  class OffByALittle extends tf.layers.Layer {
    static className = className;
    override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
      return tf.clone(Array.isArray(inputs) ? (inputs[0] as tf.Tensor) : inputs);
    }
  }
  tf.serialization.registerClass(OffByALittle);
  return new OffByALittle({});
}
