import assert from "node:assert/strict";
import { test } from "node:test";
import {
  lrFinderHtml,
  lrFinderLossRange,
  lrFinderMarkers,
  modelSummaryHtml,
  modelSummaryTable,
  tableHtml,
  type LearningRateFinderState,
  type ModelSummaryState,
} from "../src";

const row = (name: string, inputs: string[], params: number): ModelSummaryState["rows"][number] => ({
  name,
  class_name: "Dense",
  output_shape: "[null, 4]",
  trainable_params: params,
  non_trainable_params: 0,
  activation: "relu",
  weight_bytes: params * 4,
  inputs,
});

const summary: ModelSummaryState = {
  title: "Model m: 2 layers",
  rows: [row("h1", ["x"], 2000), row("out", ["h1"], 10)],
  total_trainable: 2010,
  total_non_trainable: 0,
  total_weight_bytes: 8040,
  monitored: true,
  verdicts: [
    { layer: "h1", kind: "dead", step: 4, evidence: 'all <units> "zero"', cures: ["He init"] },
    { layer: "(model)", kind: "stuck", step: 9, evidence: "flat loss", cures: [] },
  ],
};

test("model summary: one table for both renderers; verdicts as escaped badges on their layer's row", () => {
  const spec = modelSummaryTable(summary);
  assert.deepEqual(
    spec.columns.map((c) => c.label),
    ["layer", "type", "output shape", "trainable", "non-trainable", "activation", "weights", "verdicts"],
    "a plain stack has no inputs column",
  );
  const html = tableHtml(spec);
  assert.match(
    html,
    /<span title="step 4: all &lt;units&gt; &quot;zero&quot;\ncures: He init"[^>]*>dead<\/span>/,
  );
  assert.doesNotMatch(html, /<units>/);
  assert.match(html, /<tfoot[^>]*><tr[^>]*><td[^>]*>total<\/td>/, "totals in the footer");
  assert.match(html, /7\.9 KiB/, "weight memory with the shared byte formatter");
  // The model-wide verdict is above the table, not in a row.
  const fallback = modelSummaryHtml(summary);
  assert.match(fallback, /tslab-ml-model-verdicts[^>]*>model: <span[^>]*>stuck<\/span>/);
  const unmonitored = modelSummaryTable({ ...summary, monitored: false, verdicts: [] });
  assert.ok(!unmonitored.columns.some((c) => c.key === "verdicts"), "no verdict column without a monitor");
  const graph = modelSummaryTable({ ...summary, rows: [row("a", ["x"], 1), row("b", ["x"], 1)] });
  assert.ok(
    graph.columns.some((c) => c.key === "inputs"),
    "a graph model lists each layer's inputs",
  );
});

const finder: LearningRateFinderState = {
  title: "Learning rate finder: steepest descent at 1.0e-2",
  lrs: [1e-4, 1e-3, 1e-2, 1e-1, 1],
  losses: [2.3, 2.2, 1.5, 9.0, null],
  smoothed: [2.3, 2.25, 1.9, 2.5, null],
  steepest: 1e-2,
  min_over_10: 1e-3,
  stopped_early: true,
  note: "5 steps <of> batch 64",
};

test("learning-rate finder: shared series, markers and loss range; the SVG has a log axis and both marks", () => {
  const [lo, hi] = lrFinderLossRange(finder) ?? [NaN, NaN];
  assert.ok(Math.abs(lo - (1.9 - 0.05 * 0.6)) < 1e-12 && hi === 2.5, "the smoothed loss's range");
  assert.deepEqual(
    lrFinderMarkers(finder).map((m) => m.label),
    ["steepest 1.0e-2", "min/10 1.0e-3"],
  );
  assert.deepEqual(lrFinderMarkers({ ...finder, steepest: null, min_over_10: null }), []);
  const html = lrFinderHtml(finder);
  assert.match(html, /learning rate \(log scale\)/);
  assert.match(html, />1\.00e-4</, "the axis starts at the first learning rate");
  assert.equal((html.match(/<line /g) ?? []).length, 2, "both suggestions marked");
  assert.equal((html.match(/<polyline /g) ?? []).length, 2, "raw and smoothed loss");
  // The raw loss's 9.0 is drawn at the top edge, not off the chart.
  const ys = [...html.matchAll(/points="([^"]+)"/g)].flatMap((m) =>
    m[1]!.split(" ").map((p) => Number(p.split(",")[1])),
  );
  assert.ok(
    ys.every((y) => y >= 0 && y <= 220),
    `inside the chart: ${ys.join(" ")}`,
  );
  assert.match(html, /5 steps &lt;of&gt; batch 64/);
  assert.equal(lrFinderHtml({ ...finder, smoothed: [null, null, null, null, null] }).includes("<svg"), true);
});

test("learning-rate finder: a diverged end of the run does not set the loss scale", () => {
  // The run of notebook 05: the smoothed loss falls from 2.3 to 0.9, then explodes to 4e5 in its last steps.
  const diverged = { ...finder, smoothed: [2.3, 2.2, 0.9, 1.4, 4e5] };
  const [lo, hi] = lrFinderLossRange(diverged) ?? [NaN, NaN];
  assert.ok(lo < 0.9 && lo > 0.6, `a little under the minimum: ${lo}`);
  assert.ok(hi >= 2.3 && hi <= 5, `from the minimum to a little above the start, not to 4e5: ${hi}`);
  // A loss that never fell: the start and a rise above it stay visible.
  const [flatLo, flatHi] = lrFinderLossRange({ ...finder, smoothed: [2.3, 2.3, 2.4, 50, null] }) ?? [
    NaN,
    NaN,
  ];
  assert.ok(flatLo < 2.3 && flatHi > 2.4 && flatHi < 3, `${flatLo}…${flatHi}`);
});
