/**
 * The TensorFlow.js namespace (`@tensorflow/tfjs` 4.22), on the backend `initBackend` chose; in a cell it
 * is the same `tf` a model was built with, whatever the backend (tfjs-node registers into this engine too).
 * @example const x = tf.tensor2d([[1, 2], [3, 4]]); x.matMul(x).print();
 */
export * as tf from "@tensorflow/tfjs";
