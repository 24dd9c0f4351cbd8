import type * as tf from "@tensorflow/tfjs";
import type { LayerCall } from "../convert/layer-call";
import type { TensorRef } from "../convert/tensor-ref";
import { registerBuiltinConverter } from "../registry";

/** A model used as a layer inside another model is inlined, its layers named under its own name. */
function nestedModel(call: LayerCall): TensorRef[] {
  return call.inlineModel(call.layer as tf.LayersModel, call.inputs);
}

for (const className of ["Sequential", "Model", "Functional"]) {
  registerBuiltinConverter(className, nestedModel, { family: "Models", notes: "nested models are inlined" });
}
