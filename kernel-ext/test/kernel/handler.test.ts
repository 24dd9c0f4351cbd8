import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { createTslabRunner, type CellRunner } from "../../src/kernel/cell-runner";
import { KernelHandler } from "../../src/kernel/handler";
import { captureProcessStreams } from "../../src/kernel/process-streams";
import type { JsonObject, Message, Outgoing } from "../../src/jupyter/messages";

// The handler is tested without sockets: messages in, Outgoing records out, with tslab's real executor.
let runner: CellRunner;
let handler: KernelHandler;
const sent: Outgoing[] = [];
let seq = 0;

before(() => {
  runner = createTslabRunner(mkdtempSync(join(tmpdir(), "tslab-ml-handler-")));
  handler = new KernelHandler({
    runner,
    io: { send: (m) => sent.push(m) },
    identity: { implementationVersion: "0.0.0-test", typescriptVersion: "5", banner: "test banner" },
    log: () => {},
  });
});

after(() => runner.close());

function message(msgType: string, content: JsonObject, buffers: Buffer[] = []): Message<JsonObject> {
  seq += 1;
  return {
    identities: [Buffer.from("client")],
    header: { msg_id: `m${seq}`, session: "s", username: "u", date: "", msg_type: msgType, version: "5.3" },
    parent_header: {},
    metadata: {},
    content,
    buffers,
  };
}

async function run(
  msgType: string,
  content: JsonObject,
  channel: "shell" | "control" = "shell",
): Promise<Outgoing[]> {
  const m = message(msgType, content);
  const start = sent.length;
  await handler.handle(channel, m);
  return sent.slice(start).filter((o) => o.parent?.header.msg_id === m.header.msg_id);
}

const types = (out: Outgoing[]): string[] =>
  out.map((o) => (o.msgType === "status" ? `status:${o.content.execution_state}` : o.msgType));

test("an execution publishes busy, execute_input, outputs, execute_result, then replies and goes idle", async () => {
  const restore = captureProcessStreams((name, text) => handler.writeStream(name, text));
  let out: Outgoing[];
  try {
    out = await run("execute_request", { code: 'console.log("hi"); 40 + 2' });
  } finally {
    restore();
  }
  assert.deepEqual(out.find((o) => o.msgType === "stream")?.content, { name: "stdout", text: "hi\n" });
  assert.deepEqual(types(out), [
    "status:busy",
    "execute_input",
    "stream",
    "execute_result",
    "execute_reply",
    "status:idle",
  ]);
  const result = out.find((o) => o.msgType === "execute_result")!;
  assert.deepEqual(result.content.data, { "text/plain": "42" });
  const reply = out.find((o) => o.msgType === "execute_reply")!;
  assert.equal(reply.channel, "shell");
  assert.equal(reply.content.status, "ok");
  assert.equal(reply.content.execution_count, result.content.execution_count);
});

test("a runtime error gives an error output and an error reply with ename, evalue, traceback", async () => {
  const out = await run("execute_request", { code: 'throw new RangeError("out of range")' });
  const error = out.find((o) => o.msgType === "error")!;
  assert.equal(error.content.ename, "RangeError");
  assert.equal(error.content.evalue, "out of range");
  const reply = out.find((o) => o.msgType === "execute_reply")!;
  assert.equal(reply.content.status, "error");
  assert.deepEqual(reply.content.traceback, error.content.traceback);
  assert.ok(
    !(reply.content.traceback as string[]).some((l) => l.includes("node:internal")),
    "no Node internals in the traceback",
  );
});

test("after an error, executions already queued are aborted (stop_on_error)", async () => {
  const first = message("execute_request", { code: 'throw new Error("stop")' });
  const second = message("execute_request", { code: "1" });
  const start = sent.length;
  await Promise.all([handler.handle("shell", first), handler.handle("shell", second)]);
  const replies = sent.slice(start).filter((o) => o.msgType === "execute_reply");
  assert.deepEqual(
    replies.map((r) => r.content.status),
    ["error", "aborted"],
  );
  const later = await run("execute_request", { code: "2" });
  assert.equal(
    later.find((o) => o.msgType === "execute_reply")!.content.status,
    "ok",
    "only queued requests are aborted",
  );
});

test("silent executions publish no input or result and do not count", async () => {
  const before = await run("execute_request", { code: "1" });
  const count = before.find((o) => o.msgType === "execute_reply")!.content.execution_count;
  const out = await run("execute_request", { code: "5", silent: true });
  assert.deepEqual(types(out), ["status:busy", "execute_reply", "status:idle"]);
  assert.equal(out.find((o) => o.msgType === "execute_reply")!.content.execution_count, count);
});

test("user_expressions are evaluated after the cell", async () => {
  const out = await run("execute_request", {
    code: "const base = 10;",
    user_expressions: { doubled: "base * 2", broken: "nope()" },
  });
  const ue = out.find((o) => o.msgType === "execute_reply")!.content.user_expressions as JsonObject;
  assert.deepEqual(ue.doubled, { status: "ok", data: { "text/plain": "20" }, metadata: {} });
  assert.equal((ue.broken as JsonObject).status, "error");
});

test("kernel_info, is_complete, complete, inspect and history replies", async () => {
  const info = (await run("kernel_info_request", {})).find((o) => o.msgType === "kernel_info_reply")!;
  assert.equal(info.content.status, "ok");
  assert.equal(info.content.banner, "test banner");
  assert.equal((info.content.language_info as JsonObject).file_extension, ".ts");

  const incomplete = (await run("is_complete_request", { code: "if (x) {" })).find(
    (o) => o.msgType === "is_complete_reply",
  )!;
  assert.equal(incomplete.content.status, "incomplete");

  const completion = (await run("complete_request", { code: "Math.ab", cursor_pos: 7 })).find(
    (o) => o.msgType === "complete_reply",
  )!;
  assert.ok((completion.content.matches as string[]).includes("abs"));
  assert.equal(completion.content.cursor_start, 5);

  const inspect = (await run("inspect_request", { code: "Math.abs", cursor_pos: 6 })).find(
    (o) => o.msgType === "inspect_reply",
  )!;
  assert.equal(inspect.content.found, true);

  await run("execute_request", { code: "const historyMarker = 1;" });
  const history = (
    await run("history_request", {
      hist_access_type: "search",
      pattern: "*historyMarker*",
      output: false,
      raw: true,
    })
  ).find((o) => o.msgType === "history_reply")!;
  assert.equal((history.content.history as unknown[][]).length, 1);
});

test("comm_info_request is answered with comm_info_reply, filtered by target", async () => {
  const opened = handler.comms.open("test.target");
  const out = await run("comm_info_request", { target_name: "test.target" });
  assert.deepEqual(types(out), ["status:busy", "comm_info_reply", "status:idle"]);
  assert.deepEqual(out[1]!.content.comms, { [opened.id]: { target_name: "test.target" } });
  const none = await run("comm_info_request", { target_name: "other" });
  assert.deepEqual(none[1]!.content.comms, {});
  opened.close();
});

test("an unknown message type is ignored without a reply, and a failing request gets an error reply", async () => {
  const out = await run("no_such_request", {});
  assert.deepEqual(types(out), ["status:busy", "status:idle"]);
  const bad = await run("complete_request", { code: "x", cursor_pos: 999 });
  const reply = bad.find((o) => o.msgType === "complete_reply");
  assert.ok(reply, "a reply is still sent");
});

test("interrupt_request on control is answered", async () => {
  const out = await run("interrupt_request", {}, "control");
  const reply = out.find((o) => o.msgType === "interrupt_reply")!;
  assert.equal(reply.channel, "control");
  assert.equal(reply.content.status, "ok");
});
