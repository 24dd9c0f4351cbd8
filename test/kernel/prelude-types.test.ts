import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { KernelClient } from "../support/kernel-client";

// The prelude's helpers and `tf` stay fully typed in cells, whatever makes cells fast.
let kernel: KernelClient;
const notebookDir = mkdtempSync(join(tmpdir(), "tslab-ml-prelude-"));

before(async () => {
  // A module next to the notebook: cells import it (tslab compiles it along with the cell).
  writeFileSync(
    join(notebookDir, "helper.ts"),
    "export function twice(n: number): number {\n  return 2 * n;\n}\n",
  );
  kernel = await KernelClient.start({ cwd: notebookDir });
  await kernel.ready();
});

after(async () => {
  await kernel?.stop();
});

/** What Shift+Tab at the end of `code` shows (asserting something was found). */
async function inspectEnd(code: string): Promise<string> {
  const reply = await kernel.request("inspect_request", { code, cursor_pos: code.length, detail_level: 0 });
  assert.equal(reply.content.found, true, code);
  return String((reply.content.data as Record<string, unknown>)["text/plain"]);
}

test("inspecting a helper shows its real signature", async () => {
  assert.match(
    await inspectEnd("exportOnnx"),
    /exportOnnx\(model: .*LayersModel, path: string, opts\?: ExportOnnxOptions\): Promise<OnnxExport>/,
  );
});

test("inspecting a tfjs function shows its signature and doc", async () => {
  const text = await inspectEnd("tf.tensor2d");
  assert.match(
    text,
    /function tensor2d\(values: TensorLike2D, shape\?: \[number, number\], dtype\?: DataType\): Tensor2D/,
  );
  assert.match(text, /Creates rank-2 `tf\.Tensor`/);
  // A method tfjs adds to Tensor from another file (`declare module '../tensor'`).
  assert.match(await inspectEnd("tf.zeros([2]).square"), /Tensor<Rank>\.square<T>\(this: T\): T/);
});

test("tfjs APIs used wrongly are compile errors, chained ops included", async () => {
  const { reply } = await kernel.execute("tf.zeros([2]).square(3);");
  assert.equal(reply.content.ename, "CompileError");
  assert.match(String(reply.content.evalue), /Expected 0 arguments, but got 1/);
  const conv = await kernel.execute('tf.layers.conv2d({ filters: "8", kernelSize: 3 });');
  assert.equal(conv.reply.content.ename, "CompileError");
  assert.match(String(conv.reply.content.evalue), /Type 'string' is not assignable to type 'number'/);
});

test("a cell importing tfjs itself gets the very types of the prelude's tf", async () => {
  const { reply } = await kernel.execute(
    'import type * as tfjs from "@tensorflow/tfjs";\nconst fromImport: tf.Tensor = tf.ones([1]) as tfjs.Tensor;\nconst fromPrelude: tfjs.LayersModel = tf.sequential();\nfromImport.shape.length',
  );
  assert.equal(reply.content.status, "ok", JSON.stringify(reply.content));
});

test("the index's option and result types are in scope by name", async () => {
  const { reply } = await kernel.execute(
    "const opts: ExportOnnxOptions = { opset: 17 };\nconst info: BackendInfo | undefined = undefined;\nopts.opset",
  );
  assert.equal(reply.content.status, "ok", JSON.stringify(reply.content));
  const wrong = await kernel.execute('const bad: ExportOnnxOptions = { opset: "17" };');
  assert.match(String(wrong.reply.content.evalue), /Type 'string' is not assignable to type 'number'/);
});

test("completion offers helpers and tf's own API", async () => {
  const helper = await kernel.request("complete_request", { code: "showBa", cursor_pos: 6 });
  assert.ok((helper.content.matches as string[]).includes("showBatch"), JSON.stringify(helper.content));
  const tf = await kernel.request("complete_request", { code: "tf.zerosL", cursor_pos: 9 });
  assert.ok((tf.content.matches as string[]).includes("zerosLike"), JSON.stringify(tf.content));
});

test("a helper used with the wrong types is a compile error naming the mismatch", async () => {
  const { reply } = await kernel.execute('exportOnnx("not a model", 42);');
  assert.equal(reply.content.status, "error");
  assert.equal(reply.content.ename, "CompileError");
  assert.match(
    String(reply.content.evalue),
    /Argument of type '(string|"not a model")' is not assignable to parameter of type 'LayersModel'/,
  );
  const { reply: tfReply } = await kernel.execute("const t: number = tf.zeros([2]);");
  assert.equal(tfReply.content.status, "error");
  assert.match(String(tfReply.content.evalue), /Type 'Tensor<Rank>' is not assignable to type 'number'/);
});

test("values keep their types across cells, and a cell can import a module next to the notebook", async () => {
  const first = await kernel.execute(
    "const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2] })] });",
  );
  assert.equal(first.reply.content.status, "ok", JSON.stringify(first.reply.content));
  const { reply, outputs } = await kernel.execute(
    'import { twice } from "./helper";\ntwice(model.layers.length + model.outputs.length)',
  );
  assert.equal(reply.content.status, "ok", JSON.stringify(reply.content));
  const result = outputs.find((m) => m.header.msg_type === "execute_result");
  assert.equal((result?.content.data as Record<string, unknown>)["text/plain"], "4");
  const wrong = await kernel.execute("const n: string = twice(1);");
  assert.match(String(wrong.reply.content.evalue), /Type 'number' is not assignable to type 'string'/);
});
