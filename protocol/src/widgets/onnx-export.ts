import { defineWidget, type StateOf } from "../contract";
import { s, type Infer } from "../schema";

const signature = s.object({
  name: s.string(),
  elemType: s.string(),
  /** Dimensions; a symbolic one (the batch) is a string. */
  shape: s.array(s.union(s.integer(), s.string())),
  layout: s.literal("NHWC", "NCHW").nullable(),
});
export type OnnxSignatureState = Infer<typeof signature>;

/** Non-finite diffs arrive as null (JSON has no Infinity). */
const outputComparison = s.object({
  name: s.string(),
  shape: s.array(s.integer()),
  maxAbsDiff: s.number().nullable(),
  maxRelDiff: s.number().nullable(),
  passed: s.boolean(),
});
export type OnnxOutputComparisonState = Infer<typeof outputComparison>;

const latency = s.object({
  tfjsMs: s.number(),
  onnxMs: s.number(),
  runs: s.integer(),
  batchSize: s.integer(),
  backend: s.string(),
});

/** The ONNX export report (`exportOnnx`). */
export const onnxExport = defineWidget({
  model: "OnnxExportModel",
  view: "OnnxExportView",
  state: s.object({
    file: s.string(),
    bytes: s.integer(),
    opset: s.integer(),
    irVersion: s.integer(),
    modelName: s.string(),
    exportMs: s.number(),
    opCounts: s.record(s.integer()),
    nodeCount: s.integer(),
    parameterCount: s.integer(),
    dynamicBatch: s.boolean(),
    inputsAsNchw: s.boolean(),
    inputs: s.array(signature),
    outputs: s.array(signature),
    verification: s
      .object({
        atol: s.number(),
        rtol: s.number(),
        passed: s.boolean(),
        cases: s.array(
          s.object({
            label: s.string(),
            batchSize: s.integer(),
            outputs: s.array(outputComparison),
            passed: s.boolean(),
          }),
        ),
        latency: latency.nullable(),
      })
      .nullable(),
  }),
});
export type OnnxExportState = StateOf<typeof onnxExport>;
