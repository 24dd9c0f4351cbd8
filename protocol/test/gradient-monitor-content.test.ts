import assert from "node:assert/strict";
import { test } from "node:test";
import { curesTable, logAxisRange, occupiedBinRange, tableHtml, verdictTable } from "../src";

test("the update/weight axis covers ratios far below the healthy 1e-3 line, and the line", () => {
  // Notebook 05's Glorot sigmoid model: ratios of 5e-6 to 1.5e-5, nowhere near 1e-3.
  const [lo, hi] = logAxisRange([5e-6, null, 1.5e-5, 0, NaN, 8e-6], [1e-3]) ?? [NaN, NaN];
  assert.ok(lo <= Math.log10(5e-6) && lo > Math.log10(5e-6) - 0.5, `low end ${lo}`);
  assert.ok(hi >= -3 && hi < -2.5, `high end ${hi}`);
  const [lo2, hi2] = logAxisRange([3e-13, 0.012]) ?? [NaN, NaN];
  assert.ok(lo2 <= Math.log10(3e-13) && hi2 >= Math.log10(0.012), "gradients over 11 decades");
  assert.equal(logAxisRange([0, null, -1, NaN]), undefined, "nothing positive: plotly's autorange");
});

test("the heatmap's y range keeps every bin that holds mass, with a bin to spare, within the edges", () => {
  const edges = Array.from({ length: 49 }, (_, i) => -20 + i * 0.5);
  const z = edges.slice(0, -1).map(() => [0, 0, 0]);
  z[14] = [0.5, 0, 0.2]; // -13 … -12.5: a vanished layer's gradients
  z[30] = [0.5, 1, 0.8]; // -5 … -4.5
  assert.deepEqual(occupiedBinRange(edges, z), [-13.5, -4]);
  z[0] = [0.1, 0, 0];
  z[47] = [0, 0.1, 0];
  assert.deepEqual(occupiedBinRange(edges, z), [-20, 4], "never beyond the edges");
  assert.deepEqual(occupiedBinRange(edges, []), [-20, 4], "nothing recorded: every edge");
});

test("verdicts: one row per finding; the usual cures once per kind of problem, with the layers it was found in", () => {
  const cures = ["He initialisation", "batch normalisation"];
  const verdicts = ["d1", "d2", "d3"].map((layer, i) => ({
    layer,
    kind: "vanishing",
    step: 10 + i,
    evidence: `mean |g| 1e-${9 + i}`,
    cures,
  }));
  verdicts.push({ layer: "d2", kind: "vanishing", step: 40, evidence: "again", cures });
  verdicts.push({ layer: "out", kind: "exploding", step: 12, evidence: "max |g| 1e5", cures: ["clip"] });
  const table = verdictTable(verdicts);
  assert.equal(table.rows.length, 5);
  assert.ok(!table.columns.some((c) => c.key === "cures"), "no cures repeated on every row");
  const cured = curesTable(verdicts);
  assert.deepEqual(cured.rows, [
    { kind: "vanishing", layers: "d1, d2, d3", cures: "He initialisation; batch normalisation" },
    { kind: "exploding", layers: "out", cures: "clip" },
  ]);
  assert.equal(tableHtml(cured).match(/He initialisation/g)?.length, 1);
});
