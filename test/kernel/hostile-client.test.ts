import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { JsonObject } from "../../kernel-ext/src/jupyter/messages";
import { DELIMITER } from "../../kernel-ext/src/kernel/wire";
import { KernelClient } from "../support/kernel-client";

// Issue 11, point 2, over real ZeroMQ: what a client sends is data, never structure, and no message
// stops a channel. The kernel runs with a 4 MiB message limit so that the limits are cheap to reach.
let kernel: KernelClient;

before(async () => {
  kernel = await KernelClient.start({ env: { TSLAB_ML_MAX_MESSAGE_MB: "4" } });
  await kernel.ready();
});

after(async () => {
  await kernel?.stop();
});

const log = (): string => kernel.stderr.join("");

async function logShows(pattern: RegExp): Promise<void> {
  for (let i = 0; i < 500 && !pattern.test(log()); i++) await new Promise((r) => setTimeout(r, 20));
  assert.match(log(), pattern);
}

async function stillAnswers(channel: "shell" | "control" = "shell"): Promise<void> {
  const reply = await kernel.request("kernel_info_request", {}, { channel, timeoutMs: 30000 });
  assert.equal(reply.content.status, "ok");
}

async function valueOf(code: string): Promise<string> {
  const { reply, outputs } = await kernel.execute(code);
  assert.equal(reply.content.status, "ok", JSON.stringify(reply.content));
  const result = outputs.find((m) => m.header.msg_type === "execute_result");
  return String((result?.content.data as JsonObject | undefined)?.["text/plain"]);
}

/** Frames with arbitrary JSON text in the header and content positions, correctly signed. */
function signedRaw(headerText: string, contentText = "{}"): Buffer[] {
  const parts = [Buffer.from(headerText), Buffer.from("{}"), Buffer.from("{}"), Buffer.from(contentText)];
  return [DELIMITER, Buffer.from(kernel.signer.sign(parts)), ...parts];
}

test("a signature frame longer than a digest is dropped with a log line; shell and control go on", async () => {
  for (const channel of ["shell", "control"] as const) {
    const { frames } = kernel.makeMessage("kernel_info_request", {});
    const at = frames.findIndex((f) => f.equals(DELIMITER));
    frames[at + 1] = Buffer.alloc(1024 * 1024, "a");
    await kernel.sendRaw(frames, channel);
    await logShows(new RegExp(`dropped a message on ${channel}: message signature frame has 1048576 bytes`));
    await stillAnswers(channel);
  }
});

test("a message over the size limit is dropped with a log line naming the limit", async () => {
  await kernel.post("comm_msg", { comm_id: "none", data: {} }, [new Uint8Array(5 * 1024 * 1024)]);
  await logShows(
    /dropped a message on shell: message is 5\.0 MiB, over the 4\.0 MiB limit \(TSLAB_ML_MAX_MESSAGE_MB/,
  );
  await stillAnswers();
});

test("a frame over libzmq's hard limit drops that connection only; the client reconnects", async () => {
  await kernel.post("comm_msg", { comm_id: "none", data: {} }, [new Uint8Array(17 * 1024 * 1024)]);
  await logShows(/a client connection on shell was dropped \(it closed, or sent a frame over 16 MiB/);
  await stillAnswers();
});

test("a header nested 200,000 deep is refused, not a stack overflow; the kernel answers after", async () => {
  const depth = 200000;
  const header = {
    msg_id: "deep",
    session: kernel.session,
    username: "x",
    date: "",
    msg_type: "kernel_info_request",
    version: "5.3",
  };
  const text = JSON.stringify(header).replace(/}$/, `,"x":${"[".repeat(depth)}${"]".repeat(depth)}}`);
  await kernel.sendRaw(signedRaw(text));
  await logShows(/dropped a message on shell: message header is nested deeper than 100 levels/);
  await stillAnswers();
});

test("a replayed execute_request runs once", async () => {
  const { frames } = kernel.makeMessage("execute_request", {
    code: "globalThis.replayed = (globalThis.replayed ?? 0) + 1",
    silent: true,
  });
  await kernel.sendRaw(frames);
  await kernel.sendRaw(frames);
  await logShows(/dropped a message on shell: message is a replay/);
  assert.equal(await valueOf("globalThis.replayed"), "1");
});

test("a __proto__ key in a message is refused; Object.prototype stays clean", async () => {
  const header = JSON.stringify({
    msg_id: "p1",
    session: kernel.session,
    msg_type: "comm_msg",
    version: "5.3",
  });
  await kernel.sendRaw(signedRaw(header, '{"comm_id":"x","data":{"__proto__":{"polluted":true}}}'));
  await logShows(/dropped a message on shell: message content has a key "__proto__"/);
  assert.equal(await valueOf("({} as any).polluted === undefined"), "true");
});

test("the issue's comm update (buffer_paths [['__proto__','x']]) is refused and later cells work", async () => {
  await kernel.execute("const target = showBatch(tf.zeros([2, 2, 2, 1])); target");
  const commId = String(
    kernel.iopubMessages.filter((m) => m.header.msg_type === "comm_open").at(-1)!.content.comm_id,
  );
  for (const path of [
    ["__proto__", "x"],
    ["constructor", "prototype", "x"],
    ["selected", "__proto__"],
  ]) {
    await kernel.post(
      "comm_msg",
      { comm_id: commId, data: { method: "update", state: {}, buffer_paths: [path] } },
      [new Uint8Array([1, 2, 3])],
    );
  }
  await kernel.post("comm_msg", {
    comm_id: commId,
    data: { method: "update", state: { constructor: { prototype: { x: 1 } } }, buffer_paths: [] },
  });
  await logShows(/comm data refused: it has a key "constructor"/);
  await logShows(/buffer_paths\[0\] holds "__proto__"; keys that name prototypes are refused/);
  assert.equal(await valueOf("[({} as any).x, (Object.prototype as any).x].join(',')"), "','");
  // What used to fail in every later cell ("Maximum call stack size exceeded") now just works.
  assert.equal(await valueOf("[1, 2, 3].map((v) => v * 2).join(' ')"), "'2 4 6'");
  assert.equal(await valueOf("target.selected.length"), "0");
});

test("after all of that: alive, heartbeat, both channels", async () => {
  assert.ok(kernel.alive);
  assert.ok(await kernel.heartbeat());
  await stillAnswers("shell");
  await stillAnswers("control");
});
