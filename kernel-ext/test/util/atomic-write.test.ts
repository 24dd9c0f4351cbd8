import assert from "node:assert/strict";
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { writeFileAtomically } from "../../src/util/atomic-write";
import { removeStaleTemporaries, STALE_AFTER_MS } from "../../src/util/temporary-files";

let root: string;
before(() => {
  root = mkdtempSync(join(tmpdir(), "tslab-ml-atomic-"));
});
after(() => rmSync(root, { recursive: true, force: true }));

function freshDir(name: string): string {
  const dir = join(root, name);
  mkdirSync(dir);
  return dir;
}

/** A child stopped inside writeFileAtomically(target): resolves once its temporary file is written. */
async function writerInTheMiddle(
  target: string,
  mode = "",
): Promise<{
  child: ChildProcessWithoutNullStreams;
  temporary: string;
  next: (text: string) => Promise<void>;
}> {
  const child = spawn(process.execPath, ["--import", "tsx", join(__dirname, "write-child.ts"), target, mode]);
  let out = "";
  const waiters: { text: string; resolve: () => void }[] = [];
  child.stdout.on("data", (chunk: Buffer) => {
    out += chunk.toString();
    for (const w of waiters.splice(0))
      if (out.includes(w.text)) w.resolve();
      else waiters.push(w);
  });
  const next = (text: string): Promise<void> =>
    out.includes(text) ? Promise.resolve() : new Promise((resolve) => waiters.push({ text, resolve }));
  await next("writing ");
  const temporary = /writing (.*)\n/.exec(out)?.[1] as string;
  return { child, temporary, next };
}

const exited = (
  child: ChildProcessWithoutNullStreams,
): Promise<{ code: number | null; signal: string | null }> =>
  new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));

test("killed with -9 mid-write: the temporary file stays, and the next write into the folder removes it", async () => {
  const dir = freshDir("kill9");
  const target = join(dir, "model.onnx");
  writeFileSync(target, "previous");
  const { child, temporary } = await writerInTheMiddle(target);
  assert.match(temporary, /\/\.model\.onnx\.\d+\.[0-9a-f]{12}\.tmp$/);
  const done = exited(child);
  child.kill("SIGKILL");
  assert.equal((await done).signal, "SIGKILL");
  assert.ok(existsSync(temporary), "kill -9 cannot be caught: the temporary file is left");
  assert.equal(readFileSync(target, "utf8"), "previous", "the target is untouched");

  await writeFileAtomically(join(dir, "other.html"), Buffer.from("page"));
  assert.deepEqual(readdirSync(dir).sort(), ["model.onnx", "other.html"], "the stale file is gone");
});

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  test(`${signal} mid-write: the temporary file is removed and the process dies of the signal`, async () => {
    const dir = freshDir(signal);
    const target = join(dir, "model.onnx");
    const { child, temporary } = await writerInTheMiddle(target);
    assert.ok(existsSync(temporary));
    const done = exited(child);
    child.kill(signal);
    assert.deepEqual(await done, { code: null, signal });
    assert.deepEqual(readdirSync(dir), [], "no temporary file, no target");
  });
}

test("a process that handles SIGINT itself (the kernel) lives on; its write completes", async () => {
  const dir = freshDir("interruptible");
  const target = join(dir, "model.onnx");
  const { child, temporary, next } = await writerInTheMiddle(target, "interruptible");
  child.kill("SIGINT");
  await next("interrupted");
  assert.ok(existsSync(temporary), "the write in flight keeps its file");
  child.stdin.write("go on\n");
  await next("committed");
  await exited(child);
  assert.deepEqual(readdirSync(dir), ["model.onnx"]);
  assert.equal(readFileSync(target).length, 1 << 20);
});

test("a live writer's temporary file is left alone by another write into the folder", async () => {
  const dir = freshDir("concurrent");
  const target = join(dir, "a.onnx");
  const { child, temporary, next } = await writerInTheMiddle(target);
  await writeFileAtomically(join(dir, "b.onnx"), Buffer.from("b"));
  assert.ok(existsSync(temporary), "the other process is still writing");
  child.stdin.write("go on\n");
  await next("committed");
  await exited(child);
  assert.deepEqual(readdirSync(dir).sort(), ["a.onnx", "b.onnx"]);
});

test("stale means: writer gone, or older than STALE_AFTER_MS; other hidden files are not touched", async () => {
  const dir = freshDir("stale");
  const live = `.x.onnx.1.${"a".repeat(12)}.tmp`; // pid 1 runs
  const old = `.y.onnx.1.${"b".repeat(12)}.tmp`;
  const gone = `.z.onnx.999999999.${"c".repeat(12)}.tmp`;
  for (const name of [live, old, gone, ".keep", ".x.onnx.tmp", "notes.tmp"])
    writeFileSync(join(dir, name), "");
  const past = (Date.now() - STALE_AFTER_MS - 60_000) / 1000;
  utimesSync(join(dir, old), past, past);
  // A folder written as a whole (writeCleanFolder) that a crash left half-written.
  const folder = `.clean.999999999.${"d".repeat(12)}.tmp`;
  mkdirSync(join(dir, folder, "cat"), { recursive: true });
  writeFileSync(join(dir, folder, "cat", "1.png"), "");
  const removed = await removeStaleTemporaries(dir);
  assert.deepEqual(removed.map((p) => p.slice(dir.length + 1)).sort(), [old, gone, folder].sort());
  assert.deepEqual(readdirSync(dir).sort(), [live, ".keep", ".x.onnx.tmp", "notes.tmp"].sort());
});

test("file system errors name the target and say what to do; nothing is left behind", async () => {
  const dir = freshDir("errors");
  await assert.rejects(
    writeFileAtomically(join(dir, "missing", "model.onnx"), Buffer.from("x")),
    (error: Error) => {
      assert.equal(
        error.message,
        `could not write ${join(dir, "missing", "model.onnx")}: its folder does not exist; create it first (ENOENT)`,
      );
      return true;
    },
  );
  mkdirSync(join(dir, "taken"));
  await assert.rejects(
    writeFileAtomically(join(dir, "taken"), Buffer.from("x")),
    new RegExp(`could not write ${join(dir, "taken")}: it is a folder \\(EISDIR\\)`),
  );
  await assert.rejects(
    writeFileAtomically(join(dir, "checked.bin"), Buffer.from("x"), async () => {
      throw new Error("the check failed");
    }),
    /^Error: the check failed$/,
  );
  assert.deepEqual(readdirSync(dir), ["taken"]);
});
