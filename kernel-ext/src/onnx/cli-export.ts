import { existsSync } from "node:fs";
import { UsageError } from "../cli/args";
import { runCommand, type CliStreams, type Command } from "../cli/command";
import { EXIT, EXIT_CODES_HELP } from "../cli/exit-codes";
import { DEFAULT_OPSET, MAX_OPSET, MIN_OPSET } from "./opset";

export type { CliStreams } from "../cli/command";

interface ExportArgs {
  model: string;
  out: string;
  opset: number;
  verify: boolean;
  nchw: boolean;
  fixedBatch: boolean;
}

/** `tslab-ml export MODEL.json OUT.onnx [--opset N] [--no-verify] [--nchw] [--fixed-batch]`. */
export const exportCommand: Command<ExportArgs> = {
  spec: {
    name: "export",
    summary: "Export a saved TensorFlow.js model (model.json) to ONNX, verified with onnxruntime-node.",
    positionals: ["MODEL.json", "OUT.onnx"],
    options: {
      opset: {
        type: "string",
        value: "N",
        help: `ONNX opset, ${MIN_OPSET} to ${MAX_OPSET} (default ${DEFAULT_OPSET})`,
      },
      "no-verify": { type: "boolean", help: "skip the onnxruntime check" },
      nchw: { type: "boolean", help: "take rank-4 image inputs as NCHW (default: tfjs's NHWC)" },
      "fixed-batch": { type: "boolean", help: "fix the batch dimension instead of keeping it symbolic" },
    },
    details:
      'In a notebook, save the model first: await model.save("file://my-model") writes my-model/model.json.\n' +
      EXIT_CODES_HELP,
  },
  validate({ positionals, values }) {
    const rawOpset = values.opset;
    let opset = DEFAULT_OPSET;
    if (typeof rawOpset === "string") {
      opset = Number(rawOpset);
      if (!/^\d+$/.test(rawOpset) || opset < MIN_OPSET || opset > MAX_OPSET)
        throw new UsageError(
          `--opset ${JSON.stringify(rawOpset)} is not supported: choose an integer from ${MIN_OPSET} to ${MAX_OPSET}`,
        );
    }
    return {
      model: positionals[0] as string,
      out: positionals[1] as string,
      opset,
      verify: values["no-verify"] !== true,
      nchw: values.nchw === true,
      fixedBatch: values["fixed-batch"] === true,
    };
  },
  async run(args, { streams }) {
    if (!existsSync(args.model))
      throw new Error(`${args.model} not found: pass the model.json that model.save("file://DIR") wrote`);
    // Loaded here, not at the top: `tslab-ml --help` and usage errors answer without loading TensorFlow.js.
    const tf = await import("@tensorflow/tfjs");
    const { exportOnnx } = await import("./export-onnx");
    const { fileModelHandler } = await import("../backend/model-files");
    await tf.ready();
    const model = await tf.loadLayersModel(fileModelHandler(args.model));
    try {
      const result = await exportOnnx(model, args.out, {
        opset: args.opset,
        verify: args.verify,
        inputsAsNchw: args.nchw,
        dynamicBatch: !args.fixedBatch,
      });
      streams.stdout.write(`${result.toString()}\n`);
      return result.verification && !result.verification.passed ? EXIT.verificationFailed : EXIT.ok;
    } finally {
      model.dispose();
    }
  },
};

/**
 * Runs `tslab-ml export` with `argv` (what follows "export"), printing on `streams`; returns the exit
 * status: 0 exported, 1 failed, 2 usage error, 3 exported but the verification found differences.
 */
export async function runExportCli(argv: readonly string[], streams: CliStreams = process): Promise<number> {
  const status = await runCommand(exportCommand, argv, { streams, binPath: "" });
  return status === "running" ? EXIT.ok : status;
}
