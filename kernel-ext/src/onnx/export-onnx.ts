import type * as tf from "@tensorflow/tfjs";
import { resolve } from "node:path";
import { convertModel } from "./convert/convert-model";
import { OnnxExportError } from "./errors";
import { writeFileAtomically } from "../util/atomic-write";
import { interruptCheckpoint, isInterruptedError } from "../util/interrupt";
import type { GraphIR } from "./ir/types";
import { checkOpset, DEFAULT_OPSET, irVersionFor } from "./opset";
import { encodeModel } from "./proto/encode-model";
import type { OnnxExportReport } from "./report";
import { OnnxExport } from "./report-widget";
import { verifyExport, type VerificationReport, type VerifyOptions } from "./verify/verify";

/** Options of `exportOnnx`; every field is optional. */
export interface ExportOnnxOptions {
  /** ONNX opset, 13 to 26 (default 17). */
  opset?: number;
  /** Check the file with onnxruntime-node against tfjs predict (default true); an object tunes the check. */
  verify?: boolean | VerifyOptions;
  /** Rank-4 inputs in NCHW instead of tfjs's NHWC (default false). */
  inputsAsNchw?: boolean;
  /** Symbolic batch dimension (default true); false fixes it to the model's batch size or 1. */
  dynamicBatch?: boolean;
}

const PRODUCER = "tslab-ml";
const PRODUCER_VERSION = "0.1.0";

function opCounts(graph: GraphIR): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const n of graph.nodes) counts[n.opType] = (counts[n.opType] ?? 0) + 1;
  return counts;
}

function parameterCount(model: tf.LayersModel): number {
  return model.weights.reduce((sum, w) => sum + w.shape.reduce((a: number, b) => a * (b ?? 1), 1), 0);
}

/**
 * Exports a tfjs LayersModel to an ONNX file and, unless told otherwise, proves it equal to tfjs with
 * onnxruntime-node. The file is written atomically: a failed export leaves nothing behind and an existing
 * file is only ever replaced by a complete, loadable one.
 * @example const report = await exportOnnx(model, "model.onnx", { opset: 17 }); report.passed
 */
export async function exportOnnx(
  model: tf.LayersModel,
  path: string,
  opts: ExportOnnxOptions = {},
): Promise<OnnxExport> {
  const opset = opts.opset ?? DEFAULT_OPSET;
  checkOpset(opset);
  const dynamicBatch = opts.dynamicBatch ?? true;
  const inputsAsNchw = opts.inputsAsNchw ?? false;
  const file = resolve(path);

  const start = performance.now();
  const converted = convertModel(model, { opset, dynamicBatch, inputsAsNchw });
  const bytes = encodeModel({
    opset,
    producerName: PRODUCER,
    producerVersion: PRODUCER_VERSION,
    docString: `Exported from TensorFlow.js model "${model.name}" by tslab-ml`,
    metadata: { source: "tfjs-layers", layout: inputsAsNchw ? "NCHW inputs" : "tfjs (NHWC)" },
    graph: converted.graph,
  });
  const exportMs = performance.now() - start;
  await interruptCheckpoint("exportOnnx");

  let verification: VerificationReport | null = null;
  await writeFileAtomically(file, bytes, async (temporary) => {
    if (opts.verify === false) return;
    const verifyOptions = typeof opts.verify === "object" ? opts.verify : {};
    try {
      verification = await verifyExport(model, temporary, converted.inputs, converted.outputs, verifyOptions);
    } catch (error) {
      if (isInterruptedError(error)) throw error;
      throw new OnnxExportError(`verification could not run: ${(error as Error).message}`, { cause: error });
    }
  });

  const report: OnnxExportReport = {
    file,
    bytes: bytes.byteLength,
    opset,
    irVersion: irVersionFor(opset),
    modelName: model.name,
    exportMs,
    opCounts: opCounts(converted.graph),
    nodeCount: converted.graph.nodes.length,
    parameterCount: parameterCount(model),
    dynamicBatch,
    inputsAsNchw,
    inputs: converted.inputs,
    outputs: converted.outputs,
    verification,
  };
  return new OnnxExport(report);
}
