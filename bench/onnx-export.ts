// ONNX export benchmark: export time of a ~3M-parameter model (target under 2 s) and predict latency of
// onnxruntime-node against tfjs on the same inputs. Run: node --import tsx bench/onnx-export.ts
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { exportOnnx } from "../kernel-ext/src/onnx";

type T = tf.SymbolicTensor;
const ap = (layer: tf.layers.Layer, x: T): T => layer.apply(x) as T;

/** A small-image CNN classifier of about three million parameters (most of them in the dense head). */
function cnn3M(): tf.LayersModel {
  const L = tf.layers;
  const input = tf.input({ shape: [64, 64, 3], name: "image" });
  let x = input;
  for (const filters of [32, 64, 128, 128]) {
    x = ap(L.conv2d({ filters, kernelSize: 3, padding: "same", useBias: false }), x);
    x = ap(L.batchNormalization(), x);
    x = ap(L.activation({ activation: "relu" }), x);
    x = ap(L.maxPooling2d({ poolSize: 2 }), x);
  }
  x = ap(L.flatten(), x);
  x = ap(L.dense({ units: 1344, activation: "relu" }), x);
  x = ap(L.dropout({ rate: 0.3 }), x);
  const out = ap(L.dense({ units: 10, activation: "softmax" }), x);
  return tf.model({ inputs: input, outputs: out, name: "cnn_3m" });
}

/** A text model with the recurrent ops: Embedding, bidirectional LSTM, GRU. */
function textModel(): tf.LayersModel {
  const L = tf.layers;
  const input = tf.input({ shape: [64], name: "tokens" });
  let x = ap(L.embedding({ inputDim: 20000, outputDim: 64 }), input);
  x = ap(
    L.bidirectional({
      layer: L.lstm({ units: 64, returnSequences: true, recurrentInitializer: "glorotUniform" }) as tf.RNN,
    }),
    x,
  );
  x = ap(L.gru({ units: 64, recurrentInitializer: "glorotUniform" }), x);
  const out = ap(L.dense({ units: 4, activation: "softmax" }), x);
  return tf.model({ inputs: input, outputs: out, name: "text_bilstm" });
}

const pad = (s: string, n: number): string => s.padEnd(n);
const num = (v: number, digits = 2): string => v.toFixed(digits).padStart(9);

async function main(): Promise<void> {
  await tf.setBackend("cpu");
  const dir = mkdtempSync(join(tmpdir(), "tslab-ml-bench-"));
  try {
    const rows: string[] = [];
    for (const make of [cnn3M, textModel]) {
      const model = make();
      const params = model.countParams();
      // Export only (conversion, optimisation, serialisation, atomic write): best of 3.
      const times: number[] = [];
      let bytes = 0;
      for (let i = 0; i < 3; i++) {
        const start = performance.now();
        const r = await exportOnnx(model, join(dir, `${model.name}.onnx`), { verify: false });
        times.push(performance.now() - start);
        bytes = r.bytes;
      }
      const exportMs = Math.min(...times);
      console.log(
        `${model.name}: ${params.toLocaleString("en-US")} parameters, ${(bytes / 1e6).toFixed(1)} MB, export ${exportMs.toFixed(0)} ms (best of 3) ${exportMs < 2000 ? "< 2 s target" : "OVER the 2 s target"}`,
      );
      for (const batchSize of [1, 8]) {
        const verified = await exportOnnx(model, join(dir, `${model.name}.onnx`), {
          verify: { batchSize, latencyRuns: 5 },
        });
        const v = verified.verification;
        const l = v?.latency;
        if (!v || !l) throw new Error("no verification figures");
        const diff = Math.max(...v.cases.flatMap((c) => c.outputs.map((o) => o.maxAbsDiff)));
        rows.push(
          `${pad(model.name, 12)} ${String(batchSize).padStart(5)} ${num(l.tfjsMs)} ${num(l.onnxMs)} ${num(l.tfjsMs / l.onnxMs, 1)}x ${String(l.runs).padStart(5)}   ${diff.toExponential(1)}  ${v.passed ? "passed" : "FAILED"}`,
        );
      }
      model.dispose();
    }
    console.log(
      `\npredict latency, median over the runs (tfjs backend: ${tf.getBackend()}, onnxruntime-node CPU)`,
    );
    console.log(`${pad("model", 12)} batch   tfjs ms   onnx ms  tfjs/onnx  runs  max|diff|  verification`);
    for (const r of rows) console.log(r);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
