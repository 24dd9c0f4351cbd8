import assert from "node:assert/strict";
import { test } from "node:test";
import { expandShorthandProperties } from "../../src/kernel/shorthand";

test("shorthand properties are written out; everything else is left as it was", () => {
  assert.equal(expandShorthandProperties("f({ a, b: 2, c })"), "f({ a: a, b: 2, c: c })");
  assert.equal(expandShorthandProperties("({ a = 1 } = o)"), "({ a: a = 1 } = o)");
  assert.equal(
    expandShorthandProperties("const { a, b } = o; const s = '{ a }';"),
    "const { a, b } = o; const s = '{ a }';",
  );
  assert.equal(expandShorthandProperties("x => ({ x })"), "x => ({ x: x })");
});
