import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { registeredConverters, renderSupportTable } from "../../kernel-ext/src/onnx";

describe("docs/onnx-support.md", () => {
  it("is the table the registry generates (run node --import tsx scripts/gen-onnx-support.ts)", () => {
    const committed = readFileSync(join(__dirname, "..", "..", "docs", "onnx-support.md"), "utf8");
    assert.equal(committed, renderSupportTable());
  });

  it("lists every built-in converter", () => {
    const table = renderSupportTable();
    for (const c of registeredConverters().filter((e) => e.builtin))
      assert.ok(table.includes(`\`${c.className}\``), c.className);
  });
});
