// initBackend / backendInfo: the default choice, explicit choices, errors for what is missing,
// idempotence, switching, the kernels it registers, and the opt-in multi-threaded wasm build
// (run in child processes, which must also exit on their own).
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { join } from "node:path";
import {
  addedKernelNames,
  backendInfo,
  BackendUnavailableError,
  initBackend,
  replacedKernelNames,
  tf,
  type BackendInfo,
} from "../../src/backend";

const tfjsNodeInstalled = (() => {
  try {
    createRequire(__filename).resolve("@tensorflow/tfjs-node");
    return true;
  } catch {
    return false;
  }
})();

function runChild(env: Record<string, string>): { info: BackendInfo; values: number[] } {
  const child = spawnSync(
    process.execPath,
    ["--import", "tsx", join(__dirname, "fixtures", "wasm-child.ts")],
    {
      env: { ...process.env, ...env },
      encoding: "utf8",
      timeout: 90_000,
    },
  );
  assert.equal(child.error, undefined, `child failed to run or did not exit: ${String(child.error)}`);
  assert.equal(child.status, 0, `child exited with ${child.status}: ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split("\n").pop() ?? "") as { info: BackendInfo; values: number[] };
}

describe("initBackend", () => {
  test("nothing is reported before the first call", () => {
    assert.equal(backendInfo(), undefined);
  });

  test("the default is the best available backend", async () => {
    const info = await initBackend();
    assert.equal(info.name, tfjsNodeInstalled ? "tensorflow" : "wasm");
    assert.equal(tf.getBackend(), info.name);
    assert.match(info.version, /^\d+\.\d+\.\d+/);
    assert.ok(Number.isInteger(info.threads) && info.threads >= 1);
    assert.deepEqual(backendInfo(), info);
  });

  test("a second call is cheap and returns the same info", async () => {
    const first = await initBackend();
    const second = await initBackend(first.name);
    const third = await initBackend();
    assert.equal(second, first);
    assert.equal(third, first);
  });

  test("concurrent calls agree", async () => {
    const infos = await Promise.all([initBackend("cpu"), initBackend("wasm"), initBackend("cpu")]);
    assert.deepEqual(
      infos.map((i) => i.name),
      ["cpu", "wasm", "cpu"],
    );
    assert.equal(tf.getBackend(), "cpu");
    assert.equal(backendInfo()?.name, "cpu");
  });

  test("switches between backends and back, leaving no tensor behind", async () => {
    await initBackend("wasm");
    const tensors = tf.memory().numTensors;
    const cpu = await initBackend("cpu");
    assert.deepEqual(cpu, { name: "cpu", version: tf.version_core, threads: 1 });
    assert.equal(tf.getBackend(), "cpu");
    const wasm = await initBackend("wasm");
    assert.equal(wasm.name, "wasm");
    assert.equal(wasm.version, "4.22.0");
    assert.equal(tf.getBackend(), "wasm");
    assert.equal(backendInfo(), wasm);
    assert.equal(tf.memory().numTensors, tensors);
  });

  test("registers tslab-ml's kernels on wasm", async () => {
    await initBackend("wasm");
    for (const name of [...addedKernelNames, ...replacedKernelNames]) {
      assert.ok(tf.getKernel(name, "wasm"), `${name} is not registered for wasm`);
    }
  });

  test(
    "asking for tensorflow without @tensorflow/tfjs-node names what is missing and how to fix it",
    { skip: tfjsNodeInstalled && "@tensorflow/tfjs-node is installed here" },
    async () => {
      const before = await initBackend("wasm");
      await assert.rejects(initBackend("tensorflow"), (error: unknown) => {
        assert.ok(error instanceof BackendUnavailableError);
        assert.equal(error.backend, "tensorflow");
        assert.match(error.message, /@tensorflow\/tfjs-node/);
        assert.match(error.message, /npm install @tensorflow\/tfjs-node@/);
        return true;
      });
      // A failed request leaves the working backend in place.
      assert.equal(backendInfo(), before);
      assert.equal(tf.getBackend(), "wasm");
    },
  );

  test("an unknown name is a TypeError", async () => {
    await assert.rejects(initBackend("webgpu" as unknown as "cpu"), TypeError);
  });

  test("multi-threaded wasm (TSLAB_ML_WASM_THREADS=2) computes what single-threaded wasm does, and exits", () => {
    const single = runChild({ TSLAB_ML_WASM_THREADS: "1" });
    const threaded = runChild({ TSLAB_ML_WASM_THREADS: "2" });
    assert.equal(single.info.threads, 1);
    assert.equal(threaded.info.threads, 2);
    assert.equal(threaded.values.length, single.values.length);
    threaded.values.forEach((v, i) => {
      const e = single.values[i];
      assert.ok(Math.abs(v - e) <= 1e-4 * Math.max(1, Math.abs(e)), `value ${i}: ${v} against ${e}`);
    });
  });

  test("a bad TSLAB_ML_WASM_THREADS is reported", () => {
    const child = spawnSync(
      process.execPath,
      ["--import", "tsx", join(__dirname, "fixtures", "wasm-child.ts")],
      {
        env: { ...process.env, TSLAB_ML_WASM_THREADS: "two" },
        encoding: "utf8",
        timeout: 60_000,
      },
    );
    assert.equal(child.status, 1);
    assert.match(child.stderr, /TSLAB_ML_WASM_THREADS must be a positive integer/);
  });
});
