import assert from "node:assert/strict";
import { test } from "node:test";
import { confusionMatrixHtml, perClassMetricsTable, type MispredictionsState } from "../src";

const state = {
  class_names: ["cat", "dog", "fox"],
  // actual × predicted: cat 8 right, 2 as dog; dog 5 right, 5 as cat; fox never predicted, 4 as dog.
  confusion: [
    [8, 2, 0],
    [5, 5, 0],
    [0, 4, 0],
  ],
  per_class_accuracy: [0.8, 0.5, 0],
  filter: null,
} as unknown as MispredictionsState;

test("per-class precision, recall and F1 from the confusion matrix; a class never predicted has no precision", () => {
  const rows = perClassMetricsTable(state).rows;
  const close = (a: unknown, b: number): boolean => typeof a === "number" && Math.abs(a - b) < 1e-12;
  // cat: 8 of 13 predicted cats are cats; 8 of 10 cats found.
  assert.ok(close(rows[0]!.precision, 8 / 13) && close(rows[0]!.recall, 0.8));
  assert.ok(close(rows[0]!.f1, (2 * (8 / 13) * 0.8) / (8 / 13 + 0.8)));
  // dog: 5 of 11 predicted dogs; 5 of 10 dogs.
  assert.ok(close(rows[1]!.precision, 5 / 11) && close(rows[1]!.recall, 0.5));
  assert.equal(rows[2]!.precision, null);
  assert.equal(rows[2]!.recall, 0);
  assert.equal(rows[2]!.f1, null);
  assert.equal(rows[2]!.support, 4);
});

test("the confusion matrix in counts or as shares of each actual class", () => {
  const counts = confusionMatrixHtml(state);
  const shares = confusionMatrixHtml(state, true);
  assert.match(counts, />5<\/td>/);
  assert.match(shares, />50\.0%<\/td>/, "dog → cat: 5 of 10 dogs");
  assert.match(shares, />80\.0%<\/td>/);
  assert.doesNotMatch(shares, />5<\/td>/);
});

test("the matrix's column names: vertical where styles are kept, a few letters flat where a sanitiser drops writing-mode", () => {
  const html = confusionMatrixHtml({
    ...state,
    class_names: ["cat", 'dog"><img src=x onerror=alert(1)>', "fox"],
  } as MispredictionsState);
  const heads = [...html.matchAll(/<th title="([^"]*)"[^>]*><div style="([^"]*)">([^<]*)<\/div><\/th>/g)];
  assert.equal(heads.length, 3, "one header per class, its full name in the title");
  for (const [, , style] of heads) {
    assert.match(style!, /writing-mode:vertical-rl/);
    // What survives JupyterLab's sanitiser keeps the flat label short: max-width, overflow, ellipsis.
    assert.match(style!, /max-width:[\d.]+em/);
    assert.match(style!, /text-overflow:ellipsis/);
    assert.match(style!, /white-space:nowrap/);
  }
  assert.equal(heads[1]![1], "dog&quot;&gt;&lt;img src=x onerror=alert(1)&gt;");
  assert.doesNotMatch(html, /<img/, "a class name is text, never markup");
});
