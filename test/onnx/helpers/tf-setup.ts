import * as tf from "@tensorflow/tfjs";

/** tfjs on the cpu backend, as every ONNX test wants it (quietly: no hint about tfjs-node). */
export async function useCpuBackend(): Promise<typeof tf> {
  tf.env().set("IS_TEST", true);
  await tf.setBackend("cpu");
  await tf.ready();
  return tf;
}

export { tf };
