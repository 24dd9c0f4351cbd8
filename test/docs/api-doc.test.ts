import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { API_DOC_FILE, collectApi, REGENERATE_COMMAND, renderApiDoc } from "../../scripts/api-docs/render-api";

const entries = collectApi();

describe("docs/api.md", () => {
  it(`is what the index and its doc comments generate (stale? run ${REGENERATE_COMMAND})`, () => {
    const committed = readFileSync(API_DOC_FILE, "utf8");
    assert.ok(
      committed === renderApiDoc(entries),
      `docs/api.md is stale: run ${REGENERATE_COMMAND} and commit docs/api.md`,
    );
  });

  it("documents exactly the names the package exports at run time", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const runtime = Object.keys(require("../../kernel-ext/src/index") as object).sort();
    const documented = entries.filter((e) => e.value).map((e) => e.name).sort();
    assert.deepEqual(documented, runtime);
  });
});

describe("doc comments of the public API", () => {
  it("every function, class and namespace says what it is, every function with a one-line @example", () => {
    const missing = entries
      .filter((e) => e.value && (!e.doc || (e.kind === "function" && e.examples.length === 0)))
      .map((e) => `${e.name} (${!e.doc ? "no doc comment" : "no @example"})`);
    assert.deepEqual(missing, [], `add a doc comment with an @example line, then run ${REGENERATE_COMMAND}`);
  });
});
