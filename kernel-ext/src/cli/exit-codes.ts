/** Exit statuses of `tslab-ml`, the same for every command (listed by `tslab-ml --help`). */
export const EXIT = {
  ok: 0,
  /** The command ran and failed: a missing file, an unsupported layer, no Jupyter found... */
  failure: 1,
  /** The command line is wrong; nothing was done. */
  usage: 2,
  /** `export` wrote the ONNX file, but onnxruntime's outputs differ from TensorFlow.js beyond tolerance. */
  verificationFailed: 3,
} as const;

export const EXIT_CODES_HELP = `Exit status: ${EXIT.ok} success, ${EXIT.failure} failure, ${EXIT.usage} usage error, \
${EXIT.verificationFailed} export verification found differences (the .onnx file is kept).`;
