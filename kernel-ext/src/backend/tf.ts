// The TensorFlow.js namespace tslab-ml works with. @tensorflow/tfjs-node, when present, registers its
// backend into this same tfjs-core engine, so it is the namespace whatever backend initBackend picked.
export * as tf from "@tensorflow/tfjs";
