import * as tf from "@tensorflow/tfjs";
import { exportOnnx } from "./export-onnx";
import { fileModelHandler } from "./io/file-io-handler";
import { DEFAULT_OPSET, MAX_OPSET, MIN_OPSET } from "./opset";

const USAGE = `Usage: tslab-ml export MODEL.json OUT.onnx [--opset N] [--no-verify] [--nchw] [--fixed-batch]

Exports a TensorFlow.js LayersModel (model.json + weight shards) to ONNX and checks it against tfjs
with onnxruntime-node.
  --opset N       ONNX opset, ${MIN_OPSET} to ${MAX_OPSET} (default ${DEFAULT_OPSET})
  --no-verify     skip the onnxruntime check
  --nchw          take rank-4 image inputs as NCHW (default: the tfjs NHWC layout)
  --fixed-batch   fix the batch dimension instead of keeping it symbolic
Exit status: 0 exported (and verified), 1 verification found differences, 2 error.`;

export interface CliStreams {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

interface ExportArgs {
  model: string;
  out: string;
  opset: number;
  verify: boolean;
  nchw: boolean;
  fixedBatch: boolean;
}

class UsageError extends Error {}

function parseArgs(argv: readonly string[]): ExportArgs | "help" {
  const positional: string[] = [];
  const args = { opset: DEFAULT_OPSET, verify: true, nchw: false, fixedBatch: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === "-h" || a === "--help") return "help";
    else if (a === "--no-verify") args.verify = false;
    else if (a === "--nchw") args.nchw = true;
    else if (a === "--fixed-batch") args.fixedBatch = true;
    else if (a === "--opset" || a.startsWith("--opset=")) {
      const value = a.includes("=") ? a.slice(a.indexOf("=") + 1) : argv[++i];
      const opset = Number(value);
      if (!Number.isInteger(opset))
        throw new UsageError(`--opset needs an integer, got ${JSON.stringify(value ?? "")}`);
      args.opset = opset;
    } else if (a.startsWith("-")) throw new UsageError(`unknown option ${a}`);
    else positional.push(a);
  }
  if (positional.length !== 2)
    throw new UsageError(`expected MODEL.json and OUT.onnx, got ${positional.length} argument(s)`);
  return { model: positional[0] as string, out: positional[1] as string, ...args };
}

/**
 * `tslab-ml export MODEL.json OUT.onnx [--opset N] [--no-verify]`: `argv` is what follows "export".
 * Returns the process exit status; prints the report (or the error) on the given streams.
 */
export async function runExportCli(argv: string[], streams: CliStreams = process): Promise<number> {
  let args: ExportArgs | "help";
  try {
    args = parseArgs(argv);
  } catch (error) {
    streams.stderr.write(`tslab-ml export: ${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (args === "help") {
    streams.stdout.write(`${USAGE}\n`);
    return 0;
  }
  let model: tf.LayersModel | undefined;
  try {
    await tf.ready();
    model = await tf.loadLayersModel(fileModelHandler(args.model));
    const result = await exportOnnx(model, args.out, {
      opset: args.opset,
      verify: args.verify,
      inputsAsNchw: args.nchw,
      dynamicBatch: !args.fixedBatch,
    });
    streams.stdout.write(`${result.toString()}\n`);
    return result.verification && !result.verification.passed ? 1 : 0;
  } catch (error) {
    streams.stderr.write(`tslab-ml export: ${(error as Error).message}\n`);
    return 2;
  } finally {
    model?.dispose();
  }
}
