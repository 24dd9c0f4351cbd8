import type * as OrtModule from "onnxruntime-node";
import { lazyModule } from "../util/lazy-module";

// Loaded on first use: a kernel that never touches ONNX never loads the native runtime.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a require on first use is the point
const onnxruntime = lazyModule("onnxruntime-node", () => require("onnxruntime-node") as typeof OrtModule);

/**
 * onnxruntime-node, the runtime `exportOnnx` verifies with, to run an exported `.onnx` file yourself; it
 * resolves even where the notebook's folder has no node_modules.
 * @example const session = await ort.InferenceSession.create("model.onnx");
 */
export const ort: typeof OrtModule = onnxruntime.proxy;
