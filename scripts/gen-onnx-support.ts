// Writes docs/onnx-support.md from the ONNX converter registry. Run: node --import tsx scripts/gen-onnx-support.ts
// With --check it only reports (exit status 1) whether the committed file is stale.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { renderSupportTable } from "../kernel-ext/src/onnx/support-table";

const target = join(__dirname, "..", "docs", "onnx-support.md");
const table = renderSupportTable();

if (process.argv.includes("--check")) {
  let current = "";
  try {
    current = readFileSync(target, "utf8");
  } catch {
    // missing counts as stale
  }
  if (current !== table) {
    console.error(`${target} is stale: run node --import tsx scripts/gen-onnx-support.ts`);
    process.exit(1);
  }
  console.log(`${target} is up to date`);
} else {
  writeFileSync(target, table);
  console.log(`wrote ${target}`);
}
