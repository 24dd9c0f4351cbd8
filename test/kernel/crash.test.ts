import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { JsonObject, Message } from "../../kernel-ext/src/jupyter/messages";
import { KernelClient } from "../support/kernel-client";

// Issue 11, point 1: nothing a cell does kills the kernel. The kernel runs with the tfjs wasm backend, whose
// own uncaughtException listener re-throws (that is what used to abort the process).
let kernel: KernelClient;

before(async () => {
  kernel = await KernelClient.start();
  await kernel.ready();
});

after(async () => {
  await kernel?.stop();
});

const stderrOf = (outputs: Message[]): string =>
  outputs
    .filter((m) => m.header.msg_type === "stream" && m.content.name === "stderr")
    .map((m) => String(m.content.text))
    .join("");

const stdoutOf = (outputs: Message[]): string =>
  outputs
    .filter((m) => m.header.msg_type === "stream" && m.content.name === "stdout")
    .map((m) => String(m.content.text))
    .join("");

const resultOf = (outputs: Message[]): string | undefined => {
  const result = outputs.find((m) => m.header.msg_type === "execute_result");
  return result ? String((result.content.data as JsonObject)["text/plain"]) : undefined;
};

async function settle(ms = 300): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
}

test("the wasm backend is the one running (its re-throwing listener is the hazard)", async () => {
  const { outputs } = await kernel.execute("tf.getBackend()");
  assert.equal(resultOf(outputs), "'wasm'");
});

test("a throw after its cell ended is shown in the next cell and the kernel goes on", async () => {
  const first = await kernel.execute('setTimeout(() => { throw new Error("late one") }, 10); "scheduled"');
  assert.equal(first.reply.content.status, "ok");
  await settle();
  assert.ok(kernel.alive, `kernel died: ${kernel.stderr.join("")}`);
  const next = await kernel.execute("1 + 1");
  assert.equal(next.reply.content.status, "ok", JSON.stringify(next.reply.content));
  assert.equal(resultOf(next.outputs), "2");
  const stderr = stderrOf(next.outputs);
  assert.match(stderr, /While no cell was running/);
  assert.match(stderr, /Uncaught exception \(the kernel keeps running\)/);
  assert.match(stderr, /Error: late one/);
  // Shown once, not again in the cell after.
  const third = await kernel.execute("2 + 2");
  assert.doesNotMatch(stderrOf(third.outputs), /late one/);
});

test("a throw from a timer while its cell still runs is shown in that cell", async () => {
  const { reply, outputs } = await kernel.execute(
    'setTimeout(() => { throw new TypeError("during") }, 10); await new Promise((r) => setTimeout(r, 400)); "done"',
  );
  assert.equal(reply.content.status, "ok");
  assert.equal(resultOf(outputs), "'done'");
  assert.match(stderrOf(outputs), /Uncaught exception[^\n]*\n\s*TypeError: during/);
});

test("unhandled promise rejections are reported, in the running cell and after it ended", async () => {
  const running = await kernel.execute(
    'void Promise.reject(new RangeError("nobody awaits")); await new Promise((r) => setTimeout(r, 200)); 5',
  );
  assert.equal(running.reply.content.status, "ok");
  assert.equal(resultOf(running.outputs), "5");
  const stderr = stderrOf(running.outputs);
  assert.match(stderr, /Unhandled promise rejection \(the kernel keeps running\)/);
  assert.match(stderr, /RangeError: nobody awaits/);
  assert.equal(stderr.match(/nobody awaits/g)?.length, 1, "reported once, though a listener re-throws it");

  await kernel.execute('setTimeout(() => void Promise.reject("a plain string"), 10); 0');
  await settle();
  assert.ok(kernel.alive);
  const next = await kernel.execute("6");
  assert.match(stderrOf(next.outputs), /Unhandled promise rejection[\s\S]*a plain string/);
  assert.equal(resultOf(next.outputs), "6");
});

test("a timer that throws for ever is reported in bounded form and never stops the kernel", async () => {
  await kernel.execute('const storm = setInterval(() => { throw new Error("storm") }, 5); 0');
  await settle(500);
  const next = await kernel.execute("clearInterval(storm); 7");
  assert.equal(resultOf(next.outputs), "7");
  const stderr = stderrOf(next.outputs);
  assert.ok((stderr.match(/Error: storm/g)?.length ?? 0) <= 10, "at most 10 reports kept");
  assert.match(stderr, /… and \d+ more not shown/);
  assert.ok(kernel.alive);
});

test("process.exit() in a cell is refused with a clear error, after the cell's output", async () => {
  const { reply, outputs } = await kernel.execute('console.log("before exit"); process.exit(3)');
  assert.equal(reply.content.status, "error");
  assert.equal(reply.content.ename, "ExitRefused");
  assert.match(String(reply.content.evalue), /process\.exit\(3\) was refused/);
  assert.match(String(reply.content.evalue), /Kernel › Restart/);
  assert.equal(stdoutOf(outputs), "before exit\n");
  assert.ok(outputs.some((m) => m.header.msg_type === "error"));

  const abort = await kernel.execute("process.abort()");
  assert.equal(abort.reply.content.ename, "ExitRefused");

  // From a timer it is refused too, and reported like any late throw.
  await kernel.execute("setTimeout(() => process.exit(1), 10); 0");
  await settle();
  const next = await kernel.execute("8");
  assert.match(stderrOf(next.outputs), /ExitRefused: process\.exit\(1\) was refused/);
  assert.equal(resultOf(next.outputs), "8");
});

test("after all of that the kernel is alive, answering and beating", async () => {
  assert.ok(kernel.alive);
  assert.ok(await kernel.heartbeat());
  const info = await kernel.request("kernel_info_request", {});
  assert.equal(info.content.status, "ok");
});
