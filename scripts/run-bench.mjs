#!/usr/bin/env node
// `npm run bench`: runs every bench/*.ts in turn (each prints its figures beside its peer's, as ratios);
// `npm run bench -- <name>...` runs only those (e.g. `npm run bench -- train-step kernel-startup`).
// Benchmarks are not tests: they time things, so run them on a quiet machine.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(fileURLToPath(new URL(".", import.meta.url)), "..");
const benchDir = join(root, "bench");
const all = readdirSync(benchDir)
  .filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))
  .map((f) => f.replace(/\.ts$/, ""))
  .sort();

const asked = process.argv.slice(2).filter((a) => a !== "--");
if (asked.includes("--help") || asked.includes("-h")) {
  console.log(`Usage: npm run bench [-- NAME...]\nBenchmarks: ${all.join(", ")}`);
  process.exit(0);
}
const unknown = asked.filter((name) => !all.includes(name.replace(/^bench\//, "").replace(/\.ts$/, "")));
if (unknown.length) {
  console.error(`unknown benchmark ${unknown.join(", ")}: choose from ${all.join(", ")}`);
  process.exit(2);
}
const chosen = asked.length ? asked.map((a) => a.replace(/^bench\//, "").replace(/\.ts$/, "")) : all;

const failed = [];
for (const name of chosen) {
  console.log(`\n# bench/${name}.ts`);
  const r = spawnSync(process.execPath, ["--import", "tsx", join(benchDir, `${name}.ts`)], {
    stdio: "inherit",
    cwd: root,
  });
  if (r.status !== 0) failed.push(name);
}
if (failed.length) {
  console.error(`\nfailed: ${failed.join(", ")}`);
  process.exit(1);
}
