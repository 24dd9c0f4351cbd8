import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { createTslabRunner, type CellRunner } from "../../src/kernel/cell-runner";
import { KernelHandler } from "../../src/kernel/handler";
import type { JsonObject, Message, Outgoing } from "../../src/jupyter/messages";

// Where an error no cell caught is shown, without sockets: the running cell, else the next one.
let runner: CellRunner;
let handler: KernelHandler;
const sent: Outgoing[] = [];
const logs: string[] = [];
let seq = 0;

before(() => {
  runner = createTslabRunner(mkdtempSync(join(tmpdir(), "tslab-ml-background-")));
  handler = new KernelHandler({
    runner,
    io: { send: (m) => sent.push(m) },
    identity: { implementationVersion: "0.0.0-test", typescriptVersion: "5", banner: "" },
    log: (m) => logs.push(m),
  });
});

after(() => runner.close());

function execute(code: string): { message: Message<JsonObject>; done: Promise<void> } {
  seq += 1;
  const message: Message<JsonObject> = {
    identities: [],
    header: {
      msg_id: `b${seq}`,
      session: "s",
      username: "u",
      date: "",
      msg_type: "execute_request",
      version: "5.3",
    },
    parent_header: {},
    metadata: {},
    content: { code },
    buffers: [],
  };
  return { message, done: handler.handle("shell", message) };
}

const outputsOf = (m: Message<JsonObject>): Outgoing[] =>
  sent.filter((o) => o.parent?.header.msg_id === m.header.msg_id && o.channel === "iopub");
const stderrOf = (m: Message<JsonObject>): string =>
  outputsOf(m)
    .filter((o) => o.msgType === "stream" && o.content.name === "stderr")
    .map((o) => String(o.content.text))
    .join("");

test("while idle an error waits for the next cell, after its execute_input, once", async () => {
  const first = execute("1");
  await first.done;
  const before = sent.length;
  handler.reportBackgroundError("uncaught exception", new RangeError("from a timer"));
  assert.equal(sent.length, before, "nothing sent under a finished cell (a frontend would drop it)");
  assert.match(
    logs.at(-1) ?? "",
    /Uncaught exception \(the kernel keeps running\):\nRangeError: from a timer/,
  );

  const next = execute("2");
  await next.done;
  const types = outputsOf(next.message).map((o) => o.msgType);
  assert.ok(types.indexOf("stream") > types.indexOf("execute_input"), types.join());
  assert.match(
    stderrOf(next.message),
    /^While no cell was running:\nUncaught exception[^\n]*\nRangeError: from a timer/,
  );
  const third = execute("3");
  await third.done;
  assert.equal(stderrOf(third.message), "");
});

test("during a cell the error goes to that cell; non-Error values are shown too", async () => {
  const running = execute("await new Promise((r) => setTimeout(r, 200))");
  await new Promise((r) => setTimeout(r, 50));
  handler.reportBackgroundError("unhandled promise rejection", "a string reason");
  await running.done;
  assert.match(
    stderrOf(running.message),
    /Unhandled promise rejection[^\n]*\nThrown \(not an Error\): a string reason/,
  );
});

test("at most 10 waiting reports are kept, the rest counted", async () => {
  for (let i = 0; i < 25; i++) handler.reportBackgroundError("uncaught exception", new Error(`storm ${i}`));
  const next = execute("4");
  await next.done;
  const stderr = stderrOf(next.message);
  assert.equal(stderr.match(/Error: storm/g)?.length, 10);
  assert.match(stderr, /… and 15 more not shown\./);
});
