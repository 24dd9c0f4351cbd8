/**
 * onnxruntime-node, the runtime `exportOnnx` verifies with, to run an exported `.onnx` file yourself; it
 * resolves even where the notebook's folder has no node_modules.
 * @example const session = await ort.InferenceSession.create("model.onnx");
 */
export * as ort from "onnxruntime-node";
