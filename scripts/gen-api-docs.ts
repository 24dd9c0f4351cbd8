// Writes docs/api.md from the package index and its doc comments: `npm run docs:api`.
// With --check it only reports (exit status 1) whether the committed file is stale.
import { readFileSync, writeFileSync } from "node:fs";
import { API_DOC_FILE, REGENERATE_COMMAND, renderApiDoc } from "./api-docs/render-api";

const doc = renderApiDoc();
if (process.argv.includes("--check")) {
  let current = "";
  try {
    current = readFileSync(API_DOC_FILE, "utf8");
  } catch {
    // missing counts as stale
  }
  if (current !== doc) {
    console.error(`${API_DOC_FILE} is stale: run ${REGENERATE_COMMAND}`);
    process.exit(1);
  }
  console.log(`${API_DOC_FILE} is up to date`);
} else {
  writeFileSync(API_DOC_FILE, doc);
  console.log(`wrote ${API_DOC_FILE}`);
}
