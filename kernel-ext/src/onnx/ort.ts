// onnxruntime-node as tslab-ml loads it: cells get it as `ort` (like `tf`), the same runtime the export
// was verified with, and it resolves even where the notebook's folder has no node_modules.
export * as ort from "onnxruntime-node";
