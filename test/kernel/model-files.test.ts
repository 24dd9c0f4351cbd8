// The workflow the README shows: a notebook cell saves its model by file path, loads it back, and the
// command line exports the saved model.json to ONNX.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { KERNEL_BIN, KernelClient } from "../support/kernel-client";

const notebookDir = mkdtempSync(join(tmpdir(), "tslab-ml-save-"));
let kernel: KernelClient;

before(async () => {
  kernel = await KernelClient.start({ cwd: notebookDir });
  await kernel.ready();
});

after(async () => {
  await kernel?.stop();
  rmSync(notebookDir, { recursive: true, force: true });
});

const value = (code: string): Promise<string> => kernel.valueOf(code);

test('a cell saves with model.save("file://DIR") and loads with tf.loadLayersModel, predictions equal', async () => {
  const { reply } = await kernel.execute(`
    const model = tf.sequential({
      layers: [
        tf.layers.conv2d({ filters: 4, kernelSize: 3, inputShape: [8, 8, 1], activation: "relu" }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 3, activation: "softmax" }),
      ],
    });
    model.compile({ optimizer: "adam", loss: "categoricalCrossentropy" });
    await model.fit(tf.randomNormal([16, 8, 8, 1]), tf.oneHot(tf.tensor1d([0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0], "int32"), 3), { epochs: 2, verbose: 0 });
    await model.save("file://saved/classifier");
    const loaded = await tf.loadLayersModel("file://saved/classifier/model.json");
    const probe = tf.linspace(0, 1, 128).reshape([2, 8, 8, 1]);
  `);
  assert.equal(reply.content.status, "ok", JSON.stringify(reply.content));
  assert.deepEqual(readdirSync(join(notebookDir, "saved", "classifier")).sort(), [
    "model.json",
    "weights.bin",
  ]);
  assert.equal(
    await value(
      "JSON.stringify(Array.from((model.predict(probe) as tf.Tensor).dataSync())) === JSON.stringify(Array.from((loaded.predict(probe) as tf.Tensor).dataSync()))",
    ),
    "true",
  );
});

test("tslab-ml export turns the saved model.json into a verified ONNX file", () => {
  const out = join(notebookDir, "classifier.onnx");
  const run = spawnSync(process.execPath, [KERNEL_BIN, "export", "saved/classifier/model.json", out], {
    cwd: notebookDir,
    encoding: "utf8",
    timeout: 120_000,
  });
  assert.equal(run.status, 0, run.stderr + run.stdout);
  assert.match(run.stdout, /passed/);
  assert.ok(existsSync(out));
});
