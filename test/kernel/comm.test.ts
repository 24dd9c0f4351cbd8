import assert from "node:assert/strict";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { JsonObject, Message } from "../../kernel-ext/src/jupyter/messages";
import { DELIMITER } from "../../kernel-ext/src/kernel/wire";
import { KernelClient } from "../support/kernel-client";

let kernel: KernelClient;

before(async () => {
  kernel = await KernelClient.start();
  await kernel.ready();
});

after(async () => {
  await kernel?.stop();
});

const data = (m: Message): JsonObject => m.content.data as JsonObject;

test("showBatch opens a jupyter.widget comm and displays its view with static fallbacks", async () => {
  const { reply, outputs } = await kernel.execute(
    "const batch = showBatch(tf.ones([3, 5, 5, 1]).mul(0.5), { cols: 3 }); batch",
  );
  assert.equal(reply.content.status, "ok", JSON.stringify(reply.content));
  const open = outputs.find((m) => m.header.msg_type === "comm_open");
  assert.ok(open, "a comm_open on iopub");
  assert.equal(open.content.target_name, "jupyter.widget");
  assert.deepEqual(open.metadata, { version: "2.1.0" });
  const state = (data(open).state ?? {}) as JsonObject;
  assert.equal(state._model_name, "ImageBatchModel");
  assert.equal(state._model_module, "tslab-ml-widgets");
  assert.equal(state._view_name, "ImageBatchView");
  assert.deepEqual(data(open).buffer_paths, [
    ["images", 0],
    ["images", 1],
    ["images", 2],
  ]);
  assert.equal(open.buffers.length, 3, "thumbnails travel as binary frames");
  assert.deepEqual([...open.buffers[0]!.subarray(1, 4)].map((c) => String.fromCharCode(c)).join(""), "PNG");
  assert.ok(!JSON.stringify(open.content).includes("iVBOR"), "no base64 PNG inside the comm JSON");

  const result = outputs.find((m) => m.header.msg_type === "execute_result");
  assert.ok(result);
  const bundle = result.content.data as JsonObject;
  const view = bundle["application/vnd.jupyter.widget-view+json"] as JsonObject;
  assert.deepEqual(view, { model_id: open.content.comm_id, version_major: 2, version_minor: 1 });
  assert.match(String(bundle["text/html"]), /<img src="data:image\/png;base64,/);
  assert.match(String(bundle["image/png"]), /^iVBOR/);
  assert.match(String(bundle["text/plain"]), /3 images 5×5×1/);
});

test("request_state gets an update with the full state; comm_info lists the comm; comm_close removes it", async () => {
  await kernel.execute("const second = showBatch(tf.zeros([2, 4, 4, 3])); second");
  const opens = kernel.iopubMessages.filter((m) => m.header.msg_type === "comm_open");
  const commId = String(opens.at(-1)!.content.comm_id);

  const info = await kernel.request("comm_info_request", { target_name: "jupyter.widget" });
  assert.equal(info.header.msg_type, "comm_info_reply");
  assert.deepEqual((info.content.comms as JsonObject)[commId], { target_name: "jupyter.widget" });
  const otherTarget = await kernel.request("comm_info_request", { target_name: "nothing.here" });
  assert.deepEqual(otherTarget.content.comms, {});

  const requestId = await kernel.post("comm_msg", { comm_id: commId, data: { method: "request_state" } });
  const msgs = await kernel.waitForIopub(
    (m) => (m.parent_header as { msg_id?: string }).msg_id === requestId && m.header.msg_type === "comm_msg",
  );
  const update = msgs.find(
    (m) => (m.parent_header as { msg_id?: string }).msg_id === requestId && m.header.msg_type === "comm_msg",
  )!;
  assert.equal(data(update).method, "update");
  const state = data(update).state as JsonObject;
  assert.equal(state._model_name, "ImageBatchModel");
  assert.deepEqual(state.captions, ["#0", "#1"]);
  assert.equal(update.buffers.length, 2);

  await kernel.post("comm_close", { comm_id: commId, data: {} });
  const after = await kernel.request("comm_info_request", {});
  assert.equal((after.content.comms as JsonObject)[commId], undefined);
});

test("a click in the view (update of `selected`) reaches the kernel and is echoed", async () => {
  await kernel.execute("const clicked = showBatch(tf.zeros([4, 2, 2, 1])); clicked");
  const commId = String(
    kernel.iopubMessages.filter((m) => m.header.msg_type === "comm_open").at(-1)!.content.comm_id,
  );
  const id = await kernel.post("comm_msg", {
    comm_id: commId,
    data: { method: "update", state: { selected: [1, 3] }, buffer_paths: [] },
  });
  const msgs = await kernel.waitForIopub(
    (m) => (m.parent_header as { msg_id?: string }).msg_id === id && m.header.msg_type === "comm_msg",
  );
  const echo = msgs.find(
    (m) => (m.parent_header as { msg_id?: string }).msg_id === id && m.header.msg_type === "comm_msg",
  )!;
  assert.equal(data(echo).method, "echo_update");
  const { outputs } = await kernel.execute("clicked.selected");
  const result = outputs.find((m) => m.header.msg_type === "execute_result")!;
  assert.equal((result.content.data as JsonObject)["text/plain"], "[ 1, 3 ]");
});

test("bad messages leave the kernel alive and answering", async () => {
  // Unknown comm id, malformed comm data, a frontend comm to an unknown target.
  await kernel.post("comm_msg", { comm_id: "no-such-comm", data: { method: "update", state: {} } });
  await kernel.post("comm_msg", { data: "not even an object" } as unknown as JsonObject);
  const openId = await kernel.post("comm_open", {
    comm_id: "front-1",
    target_name: "unknown.target",
    data: {},
  });
  const closes = await kernel.waitForIopub(
    (m) => (m.parent_header as { msg_id?: string }).msg_id === openId && m.header.msg_type === "comm_close",
  );
  assert.ok(closes.some((m) => m.header.msg_type === "comm_close" && m.content.comm_id === "front-1"));

  // A badly signed message is dropped (and logged): no reply, no crash.
  const { frames } = kernel.makeMessage("execute_request", {
    code: "globalThis.hacked = true",
    silent: false,
  });
  const at = frames.findIndex((f) => f.equals(DELIMITER));
  frames[at + 1] = Buffer.from("0".repeat(64));
  await kernel.sendRaw(frames);
  // Garbage frames and a message without a delimiter.
  await kernel.sendRaw([Buffer.from("garbage")]);
  await kernel.sendRaw([DELIMITER, Buffer.from(""), Buffer.from("{")]);
  // A huge buffer (64 MB) on a comm message.
  await kernel.post("comm_msg", { comm_id: "no-such-comm", data: { method: "custom", content: {} } }, [
    new Uint8Array(64 * 1024 * 1024),
  ]);

  const { reply, outputs } = await kernel.execute("globalThis.hacked === true");
  assert.equal(reply.content.status, "ok", JSON.stringify(reply.content));
  const result = outputs.find((m) => m.header.msg_type === "execute_result")!;
  assert.equal((result.content.data as JsonObject)["text/plain"], "false", "the badly signed cell never ran");
  assert.ok(kernel.alive);
  assert.ok(await kernel.heartbeat());
  assert.match(kernel.stderr.join(""), /dropped a message on shell: message signature does not match/);
});

test("the heartbeat answers while a cell blocks the main thread", async () => {
  const running = kernel.execute("const until = Date.now() + 1500; while (Date.now() < until) {}");
  await new Promise((r) => setTimeout(r, 300));
  assert.ok(await kernel.heartbeat(1000));
  await running;
});

test("interrupt_request stops an awaiting cell with an Interrupted error", async () => {
  const running = kernel.execute("await new Promise((r) => setTimeout(r, 30000));");
  await new Promise((r) => setTimeout(r, 500));
  const reply = await kernel.request("interrupt_request", {}, { channel: "control" });
  assert.equal(reply.content.status, "ok", JSON.stringify(reply.content));
  const { reply: executeReply } = await running;
  assert.equal(executeReply.content.status, "error");
  assert.equal(executeReply.content.ename, "Interrupted");
});

test("SIGINT stops a synchronous infinite loop and the kernel runs on", async () => {
  // The cell marks a file just before its loop, so the SIGINT surely lands in the loop itself.
  const marker = join(mkdtempSync(join(tmpdir(), "tslab-ml-sigint-")), "looping");
  const running = kernel.execute(
    `import { writeFileSync } from "fs";\nwriteFileSync(${JSON.stringify(marker)}, "");\nwhile (true) {}`,
  );
  while (!existsSync(marker)) await new Promise((r) => setTimeout(r, 50));
  kernel.process!.kill("SIGINT");
  const { reply } = await running;
  assert.equal(reply.content.status, "error");
  assert.equal(reply.content.ename, "Interrupted");
  const { outputs } = await kernel.execute("1 + 2");
  assert.equal(
    (outputs.find((m) => m.header.msg_type === "execute_result")!.content.data as JsonObject)["text/plain"],
    "3",
  );
});
