import assert from "node:assert/strict";
import { test } from "node:test";
import { classBalanceTable, tableHtml, type ClassBalanceState } from "../src";

const state = {
  title: "Images per class",
  class_names: ["T-shirt/top", 'Ankle <b onmouseover="x()">boot</b>'],
  columns: [
    { name: "training split", counts: [6000, 6000] },
    { name: "test split", counts: [1000, 1000] },
  ],
} as unknown as ClassBalanceState;

test("class-balance table: class and dataset names wrap between words only, and stay escaped", () => {
  const html = tableHtml(classBalanceTable(state));
  // Each word is one unbreakable piece: "T-shirt/top" cannot break at its hyphen.
  assert.match(html, /<span style="white-space:nowrap">T-shirt\/top<\/span>/);
  assert.match(
    html,
    /<span style="white-space:nowrap">training<\/span> <span style="white-space:nowrap">split<\/span>/,
  );
  assert.match(html, /<span style="white-space:nowrap">&lt;b<\/span> /);
  assert.doesNotMatch(html, /<b /, "a class name is text, never markup");
  assert.doesNotMatch(html, /onmouseover="/);
});
