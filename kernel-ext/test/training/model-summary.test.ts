import assert from "node:assert/strict";
import { before, test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../src/backend";
import { DISPLAY_SYMBOL } from "../../src/display/mime";
import { gradientMonitor } from "../../src/training/gradient-monitor";
import { modelSummary } from "../../src/training/summary";
import { blobs, heInit, mlp } from "./planted/nets";

before(async () => {
  await initBackend("wasm");
});

test("modelSummary lists layers, output shapes, trainable and frozen parameters, activations and memory", () => {
  const model = tf.sequential({
    name: "small_cnn",
    layers: [
      tf.layers.conv2d({
        filters: 8,
        kernelSize: 3,
        activation: "relu",
        inputShape: [12, 12, 1],
        name: "conv",
      }),
      tf.layers.batchNormalization({ name: "bn" }),
      tf.layers.flatten({ name: "flat" }),
      tf.layers.dense({ units: 3, activation: "softmax", name: "classes" }),
    ],
  });
  const summary = modelSummary(model);
  assert.deepEqual(
    summary.rows.map((r) => [
      r.name,
      r.class_name,
      r.output_shape,
      r.trainable_params,
      r.non_trainable_params,
      r.activation,
    ]),
    [
      ["conv", "Conv2D", "[null, 10, 10, 8]", 3 * 3 * 8 + 8, 0, "relu"],
      ["bn", "BatchNormalization", "[null, 10, 10, 8]", 16, 16, ""],
      ["flat", "Flatten", "[null, 800]", 0, 0, ""],
      ["classes", "Dense", "[null, 3]", 800 * 3 + 3, 0, "softmax"],
    ],
  );
  assert.equal(summary.totalParams, model.countParams());
  assert.equal(summary.rows[0]!.weight_bytes, 80 * 4);
  const bundle = summary[DISPLAY_SYMBOL]();
  assert.match(
    String(bundle["text/plain"]),
    /Model small_cnn: 4 layers, 2,515 parameters \(2,499 trainable\), input \[null, 12, 12, 1\]/,
  );
  assert.match(String(bundle["text/html"]), /BatchNormalization/);
  assert.doesNotMatch(String(bundle["text/html"]), /verdicts/, "no verdict column without a monitor");
  model.dispose();
});

test("with a monitor, each layer's verdicts show on its row", async () => {
  const model = mlp(2, "relu", heInit(1), "softmax", -50);
  model.compile({ optimizer: tf.train.sgd(0.01), loss: "categoricalCrossentropy" });
  const { xs, ys } = blobs(1);
  const monitor = gradientMonitor(model, { every: 2 });
  await model.fit(xs, ys, { epochs: 1, batchSize: 32, callbacks: [monitor], verbose: 0 });
  const summary = modelSummary(model, { monitor });
  const text = summary.toString();
  assert.match(text, /h1 .*\[dead/, text);
  assert.match(String(summary[DISPLAY_SYMBOL]()["text/html"]), /<span title="[^"]*"[^>]*>dead<\/span>/);
  tf.dispose([xs, ys]);
  model.dispose();
});

test("a functional model lists each layer's inputs", () => {
  const input = tf.input({ shape: [4], name: "x" });
  const left = tf.layers.dense({ units: 2, name: "left" }).apply(input) as tf.SymbolicTensor;
  const right = tf.layers.dense({ units: 3, name: "right" }).apply(input) as tf.SymbolicTensor;
  const joined = tf.layers.concatenate({ name: "joined" }).apply([left, right]) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: joined, name: "two_branches" });
  const rows = modelSummary(model).rows;
  assert.deepEqual(
    rows.map((r) => [r.name, r.inputs, r.output_shape]),
    [
      ["left", [], "[null, 2]"],
      ["right", [], "[null, 3]"],
      ["joined", ["left", "right"], "[null, 5]"],
    ],
  );
  model.dispose();
});
