// The analysis widgets' buttons in a real JupyterLab 4 (the `npm start` host) with this checkout's kernel:
// the label-issue gallery's accept / exclude / undo reach `report.relabeled` and `report.excluded` in the
// kernel, and a misprediction's "saliency" button makes the kernel compute that image's Grad-CAM map
// with the model the mispredictions came from and show it under the gallery. Notebook:
// test/browser/fixtures/analysis.ipynb. Screenshots go to test-output/browser/live-analysis-*.png.
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { Page } from "playwright-core";
import { startLabSession, type LabHost, type LabSession } from "../support/lab-host";
import { openNotebook, runCell, waitForCellOutput } from "../support/lab-notebook";
import { OUTPUT_DIR } from "../support/notebook-runner";

const outDir = join(OUTPUT_DIR, "browser");
const FIXTURE = join(__dirname, "fixtures", "analysis.ipynb");
const CELL_DECISIONS = 3;
const CELL_SALIENCY = 5;

/** What the page functions below use of JupyterLab: typed here, the test project has no DOM lib. */
interface PageGlobals {
  jupyterapp: { commands: { execute(id: string, args?: unknown): Promise<unknown> } };
}

let session: LabSession | undefined;
let lab: LabHost;
let page: Page;

/** What the kernel's report holds now (cell 3 re-run): `{ relabeled: [[index, label]], excluded: [index] }`. */
async function kernelDecisions(
  expected: RegExp,
): Promise<{ relabeled: [number, number][]; excluded: number[] }> {
  await runCell(page, CELL_DECISIONS);
  const text = await waitForCellOutput(page, CELL_DECISIONS, expected, 120_000);
  return JSON.parse(text.trim()) as {
    relabeled: [number, number][];
    excluded: number[];
  };
}

const figure = (slot: number): string => `.tslab-ml-label-issues figure[data-slot="${slot}"]`;

async function shot(name: string): Promise<void> {
  await page.mouse.move(2, 890);
  await page.screenshot({ path: join(outDir, `live-analysis-${name}.png`), fullPage: true });
}

before(
  async () => {
    mkdirSync(outDir, { recursive: true });
    session = await startLabSession([FIXTURE]);
    ({ lab, page } = session);
  },
  { timeout: 16 * 60_000 },
);

after(async () => session?.stop(), { timeout: 60_000 });

test(
  "the notebook runs and shows the label-issue gallery with its buttons",
  { timeout: 300_000 },
  async () => {
    await openNotebook(page, lab, "analysis.ipynb");
    await page.evaluate(() =>
      (globalThis as unknown as PageGlobals).jupyterapp.commands.execute("notebook:run-all-cells"),
    );
    await page.waitForSelector(`${figure(1)} button[data-action="exclude"]`, { timeout: 180_000 });
    const shown = await page.$$eval(".tslab-ml-label-issues figure", (figs) =>
      figs.map((f) => Number(f.getAttribute("data-index"))),
    );
    const planted = [3, 17, 40, 77, 101];
    assert.ok(shown.length >= 2, `label issues shown: ${shown.join(", ")}`);
    assert.deepEqual(
      shown.filter((i) => !planted.includes(i)),
      [],
      "only flipped images are flagged",
    );
    assert.match(
      (await page.textContent(".tslab-ml-label-issues .tslab-ml-decisions")) ?? "",
      new RegExp(
        `^${shown.length} likely label errors in 120 images · 0 relabeled \\(report\\.relabeled\\), 0 excluded`,
      ),
    );
    assert.equal(await page.locator('.tslab-ml-label-issues button[data-action="undo"]').count(), 0);
    assert.match(
      (await page.textContent(figure(0))) ?? "",
      /#\d+: (dark → bright|bright → dark).*undecided/s,
    );
    await shot("1-label-issues");
  },
);

test(
  "accept and exclude in the gallery reach report.relabeled and report.excluded; undo takes them back",
  {
    timeout: 180_000,
  },
  async () => {
    const first = Number(await page.getAttribute(figure(0), "data-index"));
    const second = Number(await page.getAttribute(figure(1), "data-index"));
    const suggested = /→ bright/.test((await page.textContent(figure(0))) ?? "") ? 1 : 0;
    await page.click(`${figure(0)} button[data-action="accept"]`);
    await page.waitForSelector(`${figure(0)} button[data-action="accept"][aria-pressed="true"]`, {
      timeout: 20_000,
    });
    await page.click(`${figure(1)} button[data-action="exclude"]`);
    await page.waitForSelector(`${figure(1)} button[data-action="exclude"][aria-pressed="true"]`, {
      timeout: 20_000,
    });
    assert.match(
      (await page.textContent(`${figure(0)} .tslab-ml-detail`)) ?? "",
      /relabeled as (dark|bright)/,
    );
    assert.match((await page.textContent(`${figure(1)} .tslab-ml-detail`)) ?? "", /^excluded$/);
    assert.match(
      (await page.textContent(".tslab-ml-label-issues .tslab-ml-decisions")) ?? "",
      /1 relabeled \(report\.relabeled\), 1 excluded/,
    );
    await shot("2-decided");
    assert.deepEqual(await kernelDecisions(/"excluded":\[\d+\]/), {
      relabeled: [[first, suggested]],
      excluded: [second],
    });
    // Excluding the accepted image replaces its decision; undo on the other clears it.
    await page.click(`${figure(0)} button[data-action="exclude"]`);
    await page.click(`${figure(1)} button[data-action="undo"]`);
    await page.waitForFunction(
      (sel) => (document.querySelector(sel)?.textContent ?? "").includes("undecided"),
      `${figure(1)} .tslab-ml-detail`,
      { timeout: 20_000 },
    );
    assert.deepEqual(await kernelDecisions(new RegExp(`"relabeled":\\[\\],"excluded":\\[${first}\\]`)), {
      relabeled: [],
      excluded: [first],
    });
  },
);

test(
  "a misprediction's button opens its Grad-CAM map, computed by the kernel with the model",
  {
    timeout: 180_000,
  },
  async () => {
    const button = '.tslab-ml-mispredictions figure[data-slot="0"] button[data-action="saliency"]';
    await page.waitForSelector(button, { timeout: 60_000 });
    const index = Number(
      await page.getAttribute('.tslab-ml-mispredictions figure[data-slot="0"]', "data-index"),
    );
    await page.click(button);
    await page.waitForFunction(
      () => {
        const imgs = Array.from(
          document.querySelectorAll<HTMLImageElement>(".tslab-ml-mispredictions .tslab-ml-saliency img"),
        );
        return imgs.length === 2 && imgs.every((i) => i.complete && i.naturalWidth === 4);
      },
      null,
      { timeout: 60_000 },
    );
    const heading =
      (await page.textContent(".tslab-ml-mispredictions .tslab-ml-saliency .tslab-ml-heading")) ?? "";
    assert.match(heading, new RegExp(`Where the model looked for #${index} \\(Grad-CAM on the_conv`));
    assert.match(
      (await page.textContent(".tslab-ml-mispredictions .tslab-ml-saliency")) ?? "",
      /actual: (dark|bright).*predicted: (dark|bright) \(\d+ %\)/s,
    );
    await page.locator(".tslab-ml-mispredictions .tslab-ml-saliency").scrollIntoViewIfNeeded();
    await shot("3-saliency");
    await runCell(page, CELL_SALIENCY);
    const text = await waitForCellOutput(page, CELL_SALIENCY, /grad-cam/, 120_000);
    assert.deepEqual(JSON.parse(text.trim()), {
      index,
      method: "grad-cam",
      layer: "the_conv",
      leaked: 0,
    });
    // The panel closes.
    await page.click(".tslab-ml-mispredictions .tslab-ml-saliency-close");
    await page.waitForSelector(".tslab-ml-mispredictions .tslab-ml-saliency", {
      state: "detached",
      timeout: 20_000,
    });
  },
);

test("no uncaught page errors", () => {
  assert.deepEqual(session?.pageErrors, []);
});
