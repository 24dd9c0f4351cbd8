// file:// model paths in plain Node without tfjs-node: model.save writes tfjs's layout atomically and
// tf.loadLayersModel reads it back (or refuses untrusted files that point outside their folder).
import assert from "node:assert/strict";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { tf } from "../../src";

const dir = mkdtempSync(join(tmpdir(), "tslab-ml-model-files-"));
after(() => rmSync(dir, { recursive: true, force: true }));

function smallModel(): tf.LayersModel {
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({ filters: 4, kernelSize: 3, inputShape: [8, 8, 1], activation: "relu" }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 3, activation: "softmax" }),
    ],
  });
  model.compile({ optimizer: "adam", loss: "categoricalCrossentropy", metrics: ["accuracy"] });
  return model;
}

function predictions(model: tf.LayersModel): number[] {
  return tf.tidy(() => [
    ...(model.predict(tf.linspace(0, 1, 128).reshape([2, 8, 8, 1])) as tf.Tensor).dataSync(),
  ]);
}

test('model.save("file://DIR") and tf.loadLayersModel("file://DIR/model.json") round-trip without tfjs-node', async () => {
  const before = tf.memory().numTensors;
  const model = smallModel();
  const folder = join(dir, "nested", "model");
  const result = await model.save(`file://${folder}`);
  assert.ok((result.modelArtifactsInfo.weightDataBytes ?? 0) > 0);
  assert.deepEqual(readdirSync(folder).sort(), ["model.json", "weights.bin"], "no temporary files left");
  const json = JSON.parse(readFileSync(join(folder, "model.json"), "utf8"));
  assert.deepEqual(json.weightsManifest[0].paths, ["weights.bin"]);
  assert.equal(json.format, "layers-model");

  const loaded = await tf.loadLayersModel(`file://${folder}/model.json`);
  assert.deepEqual(predictions(loaded), predictions(model));
  assert.equal(loaded.layers.length, model.layers.length);
  // A folder works as well as its model.json.
  const again = await tf.loadLayersModel(`file://${folder}`);
  assert.deepEqual(predictions(again), predictions(model));
  for (const m of [model, loaded, again]) m.dispose();
  assert.equal(tf.memory().numTensors, before);
});

test("saving to NAME.json writes NAME.weights.bin beside it; a second model in the folder keeps its own", async () => {
  const a = smallModel();
  const b = smallModel();
  await a.save(`file://${join(dir, "pair", "a.json")}`);
  await b.save(`file://${join(dir, "pair", "b.json")}`);
  assert.deepEqual(readdirSync(join(dir, "pair")).sort(), [
    "a.json",
    "a.weights.bin",
    "b.json",
    "b.weights.bin",
  ]);
  const loadedA = await tf.loadLayersModel(`file://${join(dir, "pair", "a.json")}`);
  assert.deepEqual(predictions(loadedA), predictions(a));
  for (const m of [a, b, loadedA]) m.dispose();
});

test("a save that fails replaces nothing and leaves no partial files", async () => {
  const folder = join(dir, "kept");
  const first = smallModel();
  await first.save(`file://${folder}`);
  const jsonBefore = readFileSync(join(folder, "model.json"));
  // weights.bin cannot be replaced by a rename over a non-empty folder: the second save fails there.
  rmSync(join(folder, "weights.bin"));
  mkdirSync(join(folder, "weights.bin", "blocker"), { recursive: true });
  await assert.rejects(smallModel().save(`file://${folder}`));
  assert.deepEqual(readdirSync(folder).sort(), ["model.json", "weights.bin"], "no temporary files left");
  assert.deepEqual(readFileSync(join(folder, "model.json")), jsonBefore, "model.json was replaced");
  first.dispose();
});

test("untrusted model files: weights outside the folder, truncated weights and non-JSON are refused clearly", async () => {
  const folder = join(dir, "hostile");
  const model = smallModel();
  await model.save(`file://${folder}`);
  model.dispose();
  const modelJson = join(folder, "model.json");
  const json = JSON.parse(readFileSync(modelJson, "utf8"));

  json.weightsManifest[0].paths = ["../../../etc/passwd"];
  writeFileSync(modelJson, JSON.stringify(json));
  await assert.rejects(tf.loadLayersModel(`file://${modelJson}`), /outside its folder/);

  json.weightsManifest[0].paths = ["weights.bin"];
  writeFileSync(modelJson, JSON.stringify(json));
  writeFileSync(join(folder, "weights.bin"), readFileSync(join(folder, "weights.bin")).subarray(0, 10));
  await assert.rejects(tf.loadLayersModel(`file://${modelJson}`), /hold 10 bytes but its manifest needs \d+/);

  writeFileSync(modelJson, "<html>");
  await assert.rejects(tf.loadLayersModel(`file://${modelJson}`), /is not JSON/);
  await assert.rejects(
    tf.loadLayersModel(`file://${join(dir, "missing", "model.json")}`),
    /cannot load a model/,
  );
  assert.ok(!existsSync(join(dir, "missing")));
});
