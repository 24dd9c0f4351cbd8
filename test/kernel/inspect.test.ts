import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { JsonObject } from "../../kernel-ext/src/jupyter/messages";
import { KernelClient } from "../support/kernel-client";

// The API explains itself in the notebook: Shift+Tab (inspect_request) and a cell's value (execute_result).
let kernel: KernelClient;

before(async () => {
  kernel = await KernelClient.start();
  await kernel.ready();
});

after(async () => {
  await kernel?.stop();
});

async function inspectAt(code: string, cursor = code.length): Promise<string> {
  const reply = await kernel.request("inspect_request", { code, cursor_pos: cursor, detail_level: 0 });
  assert.equal(reply.content.status, "ok");
  if (!reply.content.found) return "";
  return String(((reply.content.data ?? {}) as JsonObject)["text/plain"] ?? "");
}

async function valueOf(code: string): Promise<string> {
  const { reply, outputs } = await kernel.execute(code);
  assert.equal(reply.content.status, "ok", JSON.stringify(reply.content));
  const result = outputs.find((m) => m.header.msg_type === "execute_result");
  assert.ok(result, `an execute_result for ${code}`);
  return String(((result.content.data ?? {}) as JsonObject)["text/plain"] ?? "");
}

test("inspect inside a call's parentheses shows the called function's signature and doc", async () => {
  for (const code of [
    "loadImageFolder(",
    'loadImageFolder("data/", ',
    'loadImageFolder("data/", { size: 32 }',
  ]) {
    const text = await inspectAt(code);
    assert.match(
      text,
      /loadImageFolder\(dir: string, options\?: (ml\.)?LoadImageFolderOptions\): Promise<(ml\.)?ImageDataset>/,
      code,
    );
    assert.match(text, /dir\/<class>\/<image>/, `${code}: the doc comment`);
    assert.doesNotMatch(text, /^any$/);
  }
  // A method of a result object, and the name itself still inspects as before.
  assert.match(
    await inspectAt("const ds0 = await loadFashionMnist({ split: 'test' }); ds0.subset("),
    /subset\(indices/,
  );
  assert.match(await inspectAt("showBatch", 4), /showBatch\(source: (ml\.)?BatchSource/);
});

// The kernel reads declaration files with their doc comments deferred (a faster start) and puts them back
// when a name is inspected: tfjs's and tslab-ml's (the prelude's bundle), TypeScript's libraries and the
// type roots (@types/node) all still show their docs, `@param` tags included.
test("inspect shows the docs of tfjs, TypeScript's libraries and @types/node", async () => {
  const tensor2d = await inspectAt("tf.tensor2d(");
  assert.match(tensor2d, /tensor2d\(values: TensorLike2D/);
  assert.match(tensor2d, /Creates rank-2 `tf\.Tensor`/);
  assert.match(tensor2d, /@param values The values of the tensor/);
  assert.match(
    await inspectAt("Math.max(", 8),
    /Returns the larger of a set of supplied numeric expressions/,
  );
  assert.match(await inspectAt("process.cwd(", 11), /current working directory/);
  // A name inspected again (its docs are put back once) shows the same.
  assert.equal(await inspectAt("tf.tensor2d("), tensor2d);
});

test("inspecting an options type lists its fields with their docs", async () => {
  for (const code of ["ml.LoadImageFolderOptions", "let opts: ml.LoadImageFolderOptions = {}"]) {
    const text = await inspectAt(code, code.indexOf("Options") + 3);
    assert.match(text, /interface LoadImageFolderOptions/, code);
    assert.match(text, /Fields:/, code);
    assert.match(text, /^ {2}size\?: /m, code);
    assert.match(text, /^ {2}channels\?: /m, code);
    assert.match(text, /^ {6}\S/m, `${code}: each field's doc, indented under it`);
  }
});

test("result objects print a short summary, never their pixels or arrays", async () => {
  const dataset = await valueOf(
    "const ds = await loadFashionMnist({ split: 'test' }); const small = stratifiedSubset(ds, { perClass: 3, seed: 1 }); small",
  );
  assert.match(dataset, /^ImageDataset\(30 images 28×28×1, 10 classes\) \{ T-shirt\/top: 3, Trouser: 3/);
  assert.ok(dataset.length < 400, dataset);
  const predictions = await valueOf(
    "const model = tf.sequential({ layers: [tf.layers.flatten({ inputShape: [28, 28, 1] }), tf.layers.dense({ units: 10, activation: 'softmax' })] });\n" +
      "const preds = await collectPredictions(model, small); preds",
  );
  assert.match(
    predictions,
    /^Predictions\(30 images, 10 classes: accuracy \d+\.\d%, mean loss \d+\.\d{3}\)$/,
  );
  const report = await valueOf("const report = await findOutliers(small); report");
  assert.ok(report.length < 600 && !/Float32Array|Uint8Array/.test(report), report);
  assert.match(await valueOf("typeof report.counts === 'object' && !Array.isArray(report.counts)"), /^true$/);
  const monitor = await valueOf("const monitor = gradientMonitor(model); monitor");
  assert.ok(monitor.length < 600 && !/LayersModel|Sequential \{/.test(monitor), monitor);
  assert.match(await valueOf("small.classCounts"), /^\[\s*3, 3, 3/);
});
