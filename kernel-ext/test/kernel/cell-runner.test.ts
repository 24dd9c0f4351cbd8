import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { createTslabRunner } from "../../src/kernel/cell-runner";
import { requireFromTslab } from "../../src/kernel/tslab-typescript";

// tslab's converter throws "Unexpected pending rebuildTimer" (in a TypeScript timer, or in the next cell)
// when watched directories change while the kernel idles; reproduced here with the usual trigger: a
// package installed next to the notebook after a cell failed to import it.
test("installing packages and saving files next to the notebook does not break later cells", async () => {
  const dir = mkdtempSync(join(tmpdir(), "tslab-ml-runner-"));
  // A notebook folder with its own packages: TypeScript watches its type roots.
  for (const pkg of ["a", "b"]) {
    mkdirSync(join(dir, "node_modules", "@types", pkg), { recursive: true });
    writeFileSync(join(dir, "node_modules", "@types", pkg, "index.d.ts"), "export {};\n");
  }
  const runner = createTslabRunner(dir);
  const uncaught: unknown[] = [];
  const onUncaught = (e: unknown): void => void uncaught.push(e);
  process.on("uncaughtException", onUncaught);
  try {
    assert.equal(
      (
        await runner.run(
          `import * as api from ${JSON.stringify(join(__dirname, "..", "..", "dist", "index"))};\nconst a = 1;`,
        )
      ).status,
      "ok",
    );
    const missing = await runner.run('import { thing } from "not-installed-yet";');
    assert.equal(missing.status, "error", "the import fails before the package exists");
    for (const sub of ["node_modules/not-installed-yet", "node_modules/@types/extra", ".ipynb_checkpoints"]) {
      mkdirSync(join(dir, sub), { recursive: true });
    }
    writeFileSync(join(dir, "node_modules/@types/extra/index.d.ts"), "export {};\n");
    writeFileSync(join(dir, ".ipynb_checkpoints/nb-checkpoint.ipynb"), "{}");
    await sleep(1500);
    const outcome = await runner.run("a + 1");
    assert.equal(outcome.status, "ok", JSON.stringify(outcome));
    assert.ok(runner.inspect("Math.max", 6), "inspect still works");
    assert.deepEqual(uncaught, []);
  } finally {
    process.off("uncaughtException", onUncaught);
    runner.close();
  }
});

test("shorthand properties naming variables of earlier cells work (tslab alone throws ReferenceError)", async () => {
  const runner = createTslabRunner(mkdtempSync(join(tmpdir(), "tslab-ml-runner-")));
  try {
    assert.equal((await runner.run("const model = 'm'; let count = 2;")).status, "ok");
    const direct = await runner.run("({ model, count })");
    assert.deepEqual(direct, { status: "ok", hasValue: true, value: { model: "m", count: 2 } });
    const inner = await runner.run("function pack() { return { model }; } pack()");
    assert.deepEqual(inner.status === "ok" && inner.value, { model: "m" });
    const destructured = await runner.run(
      "let other = 0; ({ other = 5, count } = { count: 7 } as { other?: number; count: number }); [other, count]",
    );
    assert.deepEqual(destructured.status === "ok" && destructured.value, [5, 7]);
  } finally {
    runner.close();
  }
});

/**
 * A module for the compile thread (`compilerPreload`) that runs `action` (JavaScript, with `fs` in scope)
 * whenever TypeScript looks up a path containing `name`: a hook inside a compile, on the thread doing it.
 */
function lookupHook(dir: string, name: string, action: string): string {
  const file = join(dir, `${name}-hook.cjs`);
  writeFileSync(
    file,
    `const ts = require(${JSON.stringify(requireFromTslab.resolve("@tslab/typescript-for-tslab"))});
const fs = require("node:fs");
const fileExists = ts.sys.fileExists;
ts.sys.fileExists = (path) => {
  if (path.includes(${JSON.stringify(name)})) {
  ${action}
  }
  return fileExists(path);
};
`,
  );
  return file;
}

// A Stop pressed while a cell compiles must not be lost: the compile and the cell's first synchronous
// stretch run without the event loop, so a SIGINT left to the kernel's listener would wait for them.
test("a SIGINT during a cell's compile interrupts the cell and later cells still compile", async () => {
  const dir = mkdtempSync(join(tmpdir(), "tslab-ml-runner-"));
  const marker = join(dir, "signalled");
  // Loaded on the compile thread before TypeScript is used: the SIGINT is sent from inside TypeScript's
  // module resolution, so it surely lands mid-compile.
  const preload = lookupHook(
    dir,
    "sigint-during-compile",
    // One SIGINT in all: the abandoned compile goes on probing paths until its thread is terminated.
    `if (!fs.existsSync(${JSON.stringify(marker)})) {
    fs.writeFileSync(${JSON.stringify(marker)}, "sent");
    process.kill(process.pid, "SIGINT");
  }`,
  );
  const runner = createTslabRunner(dir, { compilerPreload: preload });
  let listenerCalls = 0;
  const listener = (): void => void (listenerCalls += 1);
  process.on("SIGINT", listener);
  try {
    assert.equal((await runner.run("const kept = 41;")).status, "ok");
    const outcome = await runner.run('import "./sigint-during-compile";\nconst unreached = 1;');
    assert.ok(existsSync(marker), "the compile looked the module up");
    assert.equal(outcome.status, "error");
    assert.equal(outcome.status === "error" && outcome.error.ename, "Interrupted");
    await sleep(50);
    assert.equal(listenerCalls, 0, "the SIGINT was spent on the compile, not queued for later");
    const after = await runner.run("kept + 1");
    assert.deepEqual(after, { status: "ok", hasValue: true, value: 42 });
    const typeError = await runner.run('const n: number = "text";');
    assert.equal(typeError.status, "error", "type checking still works after the interrupted compile");
  } finally {
    process.off("SIGINT", listener);
    runner.close();
  }
});

// The compile thread can end (a crash in TypeScript, a fatal error): the cell that was compiling fails
// with an error saying so, instead of the kernel waiting for ever, and the next cell gets a new thread.
test("a compile thread that ends mid-compile fails that cell, and the next cell compiles on a new one", async () => {
  const dir = mkdtempSync(join(tmpdir(), "tslab-ml-runner-"));
  const preload = lookupHook(dir, "compile-thread-exit", "process.exit(3);");
  const runner = createTslabRunner(dir, { compilerPreload: preload });
  try {
    assert.equal((await runner.run("const kept = 41;")).status, "ok");
    const outcome = await runner.run('import "./compile-thread-exit";');
    assert.equal(outcome.status, "error");
    assert.match(outcome.status === "error" ? outcome.error.evalue : "", /thread compiling cells ended/);
    assert.deepEqual(await runner.run("kept + 1"), { status: "ok", hasValue: true, value: 42 });
  } finally {
    runner.close();
  }
});

test("a compile thread that ends before it is asked anything fails the cell, not hangs the kernel", async () => {
  const dir = mkdtempSync(join(tmpdir(), "tslab-ml-runner-"));
  const preload = join(dir, "exit-at-start.cjs");
  writeFileSync(preload, "process.exit(3);\n");
  const runner = createTslabRunner(dir, { compilerPreload: preload });
  try {
    runner.warmUp();
    await sleep(1000);
    const outcome = await runner.run("1 + 1");
    assert.equal(outcome.status, "error");
    assert.match(outcome.status === "error" ? outcome.error.evalue : "", /thread compiling cells ended/);
  } finally {
    runner.close();
  }
});
