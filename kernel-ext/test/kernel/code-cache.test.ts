import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { useCodeCache } from "../../src/kernel/code-cache";

const CODE_CACHE = join(__dirname, "..", "..", "src", "kernel", "code-cache.ts");

/** A package big enough to be cached (~300 KB): its module requires a sibling and reports what it saw. */
function bigPackage(root: string, version: string): string {
  const dir = join(root, "node_modules", "big");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "small.js"), "module.exports = 'small';\n");
  const padding = Array.from({ length: 6000 }, (_, i) => `function f${i}(x) { return x * ${i} + 1; }`).join(
    "\n",
  );
  writeFileSync(
    join(dir, "index.js"),
    `${padding}\nmodule.exports = { version: ${JSON.stringify(version)}, sum: f10(2) + f5999(1), small: require("./small"), file: __filename, dir: __dirname, resolved: require.resolve("./small"), self: this === exports };\n`,
  );
  return join(dir, "index.js");
}

/** Loads the package in a fresh process with the cache in `cacheDir`; what it exported and the cache stats. */
function loadInChild(cacheDir: string, file: string): { exported: Record<string, unknown>; stats: object } {
  const script = [
    `const { useCodeCache } = require(${JSON.stringify(CODE_CACHE)});`,
    `const cache = useCodeCache(${JSON.stringify(cacheDir)});`,
    `const exported = require(${JSON.stringify(file)});`,
    "cache.save();",
    "console.log(JSON.stringify({ exported, stats: cache.stats }));",
  ].join("\n");
  const out = execFileSync(process.execPath, ["--import", "tsx", "-e", script], { encoding: "utf8" });
  return JSON.parse(out.trim().split("\n").pop() as string) as {
    exported: Record<string, unknown>;
    stats: object;
  };
}

test("a big module compiles from the code cache on the next start and behaves as when Node loads it", () => {
  const root = mkdtempSync(join(tmpdir(), "tslab-ml-code-cache-"));
  const cacheDir = join(root, "cache");
  const file = bigPackage(root, "1");
  const first = loadInChild(cacheDir, file);
  assert.deepEqual(first.stats, { used: 0, missed: 1 });
  assert.equal(readdirSync(cacheDir).length, 1, "the compiled code was saved");
  const second = loadInChild(cacheDir, file);
  assert.deepEqual(second.stats, { used: 1, missed: 0 });
  assert.deepEqual(second.exported, {
    version: "1",
    sum: 2 * 10 + 1 + 5999 + 1,
    small: "small",
    file,
    dir: join(root, "node_modules", "big"),
    resolved: join(root, "node_modules", "big", "small.js"),
    self: true,
  });
  // Reinstalled (new content): compiled afresh, never from the old cache.
  bigPackage(root, "2");
  const third = loadInChild(cacheDir, file);
  assert.deepEqual(third.stats, { used: 0, missed: 1 });
  assert.equal(third.exported.version, "2");
});

test("a cache folder others can write is not used", () => {
  const dir = join(mkdtempSync(join(tmpdir(), "tslab-ml-code-cache-")), "shared");
  mkdirSync(dir);
  chmodSync(dir, 0o777);
  assert.equal(useCodeCache(dir), undefined);
});
