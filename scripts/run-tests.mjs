#!/usr/bin/env node
// The whole test suite: build, then every *.test.ts under protocol/test, kernel-ext/test, widgets/test and test/ with
// node's test runner (TypeScript through tsx), then the Python conformance tests against the real kernel.
// `npm test -- <substring>...` runs only the test files whose path contains one of the substrings.
import { spawnSync } from "node:child_process";
import { readdirSync, statSync, existsSync } from "node:fs";
import { join, relative } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const filters = process.argv.slice(2);

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: "inherit", cwd: root, ...opts });
  if (r.error) throw r.error;
  return r.status ?? 1;
}

function findTests(dir, pattern) {
  if (!existsSync(dir)) return [];
  const out = [];
  for (const name of readdirSync(dir)) {
    if (name === "node_modules" || name === "dist") continue;
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...findTests(full, pattern));
    else if (pattern.test(name)) out.push(relative(root, full));
  }
  return out.sort();
}

const selected = (files) =>
  filters.length ? files.filter((f) => filters.some((s) => f.includes(s))) : files;

if (run("npx", ["tsc", "-b", "tsconfig.json"]) !== 0) process.exit(1);
// The kernel prelude's declarations in one file (the kernel would otherwise rebuild them at its first start).
if (run(process.execPath, ["kernel-ext/scripts/build-prelude.mjs"]) !== 0) process.exit(1);
// Lint and formatting are part of the truth too (~15 s); skipped when only some files are asked for.
if (filters.length === 0) {
  if (run("npx", ["eslint", "."]) !== 0) process.exit(1);
  if (run("npx", ["prettier", "--check", "--log-level=warn", "."]) !== 0) {
    console.error("Formatting differs: run npm run format");
    process.exit(1);
  }
}
// The offline embed bundle is what exported notebooks run: rebuild it so tests see current views (1-2 s).
if (run(process.execPath, ["widgets/scripts/build-embed.mjs"]) !== 0) process.exit(1);

const nodeTests = selected(
  ["protocol/test", "kernel-ext/test", "widgets/test", "test"].flatMap((d) =>
    findTests(join(root, d), /\.test\.ts$/),
  ),
);
const pyTests = selected(findTests(join(root, "test"), /^test_.*\.py$/));

let failed = 0;
if (nodeTests.length) {
  failed |= run(process.execPath, [
    "--import",
    "tsx",
    "--test",
    "--test-concurrency=2",
    "--test-reporter=spec",
    ...nodeTests,
  ]);
}
for (const file of pyTests) {
  console.log(`\n# python: ${file}`);
  failed |= run("/usr/bin/python3", [file, "-v"]);
}
process.exit(failed ? 1 : 0);
