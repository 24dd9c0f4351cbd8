import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { Browser } from "playwright-core";
import { launchChromium } from "../support/browser";

import { executeAndExport, OUTPUT_DIR } from "../support/notebook-runner";

const outDir = join(OUTPUT_DIR, "browser");
let browser: Browser;
let html: string;

before(async () => {
  html = executeAndExport(join(__dirname, "fixtures-static", "training.ipynb"), "training");
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
});

test("the gradient monitor, capacity, training curves, model summary and learning-rate finder render from saved state", async () => {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  // The page inlines the 6 MB widget bundle: parsing it takes long on a loaded machine.
  await page.goto(`file://${html}`, { timeout: 120000 });
  await page.waitForSelector("body[data-tslab-ml-rendered]", { timeout: 120000 });
  assert.equal(await page.getAttribute("body", "data-tslab-ml-rendered"), "5");
  const monitor = page.locator(".tslab-ml-live .tslab-ml-gradient-monitor");
  await monitor.locator(".js-plotly-plot").first().waitFor({ timeout: 20000 });
  const traces = await page.$$eval(".tslab-ml-live .tslab-ml-gradient-monitor .js-plotly-plot", (plots) =>
    plots.map((p) => ((p as unknown as { data?: unknown[] }).data ?? []).length),
  );
  assert.deepEqual(
    traces,
    [1, 2, 3, 1],
    "heatmap, gradient flow (mean and max), update/weight ratio (2 layers and the 1e-3 line), loss",
  );
  const heatmapSteps = await page.$eval(
    ".tslab-ml-live .tslab-ml-gradient-monitor .js-plotly-plot",
    (p) => ((p as unknown as { data: { x: number[] }[] }).data[0]!.x ?? []).length,
  );
  assert.ok(heatmapSteps >= 6, `${heatmapSteps} recorded steps in the heatmap`);
  // Every line of the log charts (gradient flow, update/weight ratio) lies inside its plot's y range, and
  // every heatmap row holding mass too: nothing is drawn off the chart or clipped into an edge bin.
  const outside = await page.$$eval(".tslab-ml-live .tslab-ml-gradient-monitor .js-plotly-plot", (plots) =>
    plots.flatMap((p, i) => {
      const plot = p as unknown as {
        data: { type: string; name?: string; y: (number | null)[]; z?: number[][] }[];
        _fullLayout: { yaxis: { type: string; range: [number, number] } };
      };
      const { type, range } = plot._fullLayout.yaxis;
      const [lo, hi] = [Math.min(...range), Math.max(...range)];
      const misses: string[] = [];
      for (const trace of plot.data) {
        if (trace.type === "heatmap") {
          trace.y.forEach((center, b) => {
            const mass = (trace.z?.[b] ?? []).some((v) => v > 0);
            if (mass && center !== null && (center < lo || center > hi))
              misses.push(`chart ${i} heatmap row ${center} outside [${lo}, ${hi}]`);
          });
        } else if (type === "log") {
          for (const y of trace.y)
            if (y !== null && y > 0 && (Math.log10(y) < lo || Math.log10(y) > hi))
              misses.push(`chart ${i} ${trace.name}: ${y} outside 1e${lo.toFixed(2)}…1e${hi.toFixed(2)}`);
        }
      }
      return misses;
    }),
  );
  assert.deepEqual(outside, [], "lines and heatmap rows inside their plots");
  assert.match((await monitor.locator(".tslab-ml-title").textContent()) ?? "", /Gradient monitor: step \d+/);
  // The selector shows weights, updates and activations in the same heatmap.
  const heatmapOf = async (kind: string): Promise<{ axis: string; mass: number; layers: string[] }> => {
    await monitor.locator("select.tslab-ml-hist-kind").selectOption(kind);
    return page.$eval(".tslab-ml-live .tslab-ml-gradient-monitor", (root) => {
      const plot = root.querySelector(".js-plotly-plot") as unknown as {
        data: { z: number[][] }[];
        layout: { yaxis: { title: { text: string } } };
      };
      const select = root.querySelector("select.tslab-ml-layer") as HTMLSelectElement;
      return {
        axis: plot.layout.yaxis.title.text,
        mass: plot.data[0]!.z.flat().reduce((a, b) => a + b, 0),
        layers: [...select.options].map((o) => o.text),
      };
    });
  };
  const weights = await heatmapOf("weight");
  assert.equal(weights.axis, "log10 |w|");
  assert.ok(weights.mass > 0, "weight histograms are drawn");
  const activations = await heatmapOf("act");
  assert.equal(activations.axis, "log10 |a|");
  assert.deepEqual(activations.layers, ["hidden", "out"]);
  assert.ok(activations.mass > 0, "activation histograms are drawn");
  const capacity = page.locator(".tslab-ml-live .tslab-ml-capacity");
  assert.match((await capacity.locator(".tslab-ml-verdict").textContent()) ?? "", /Capacity: /);
  const curves = await page.$$eval(".tslab-ml-live .tslab-ml-capacity .js-plotly-plot", (plots) =>
    plots.map((p) => ((p as unknown as { data?: { name: string }[] }).data ?? []).map((d) => d.name)),
  );
  assert.ok(curves[0]!.includes("loss") && curves[0]!.includes("val_loss"));
  // trainingCurves: loss per batch and per epoch, training and validation, and the accuracy-free metrics hidden.
  const curveNames = await page.$eval(".tslab-ml-live .tslab-ml-training-curves .js-plotly-plot", (p) =>
    (p as unknown as { data: { name: string; x: number[] }[] }).data.map((d) => `${d.name}:${d.x.length}`),
  );
  assert.deepEqual(curveNames, ["loss (batch):18", "loss:6", "val_loss:6"]);
  assert.match(
    (await page.locator(".tslab-ml-live .tslab-ml-training-curves .tslab-ml-title").textContent()) ?? "",
    /done, epoch 6 of 6/,
  );
  // modelSummary: a row per layer and the totals, with a verdicts column (the monitor is given).
  const summary = page.locator(".tslab-ml-live .tslab-ml-model-summary");
  const rows = await summary.locator("tr").allTextContents();
  assert.equal(rows.length, 4, rows.join(" | "));
  assert.match(rows[0]!, /verdicts/);
  assert.match(rows[1]!, /hidden.*Dense.*\[null, 16\].*144.*relu/);
  // The learning-rate finder: loss and smoothed loss on a log axis, with both suggestions marked.
  const finder = await page.$eval(".tslab-ml-live .tslab-ml-lr-finder .js-plotly-plot", (p) => {
    const plot = p as unknown as { data: { name: string }[]; layout: { xaxis: { type: string } } };
    return { names: plot.data.map((d) => d.name), axis: plot.layout.xaxis.type };
  });
  assert.equal(finder.axis, "log");
  assert.deepEqual(finder.names.slice(0, 2), ["loss", "smoothed"]);
  assert.ok(
    finder.names.some((n) => n.startsWith("steepest")) && finder.names.some((n) => n.startsWith("min/10")),
  );
  await page.screenshot({ path: join(outDir, "training.png"), fullPage: true });
  assert.deepEqual(errors, []);
  await page.close();
});
