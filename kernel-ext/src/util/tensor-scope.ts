import * as tf from "@tensorflow/tfjs";

/**
 * Runs `fn` and disposes every tensor it created, like tf.tidy, but for functions that return plain data
 * (pixels, numbers) rather than tensors.
 */
export function withTensorScope<T>(fn: () => T): T {
  tf.engine().startScope();
  try {
    return fn();
  } finally {
    tf.engine().endScope();
  }
}
