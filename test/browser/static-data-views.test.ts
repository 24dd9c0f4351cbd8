import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { launchChromium } from "../support/browser";

import { executeAndExport, OUTPUT_DIR } from "../support/notebook-runner";

const outDir = join(OUTPUT_DIR, "browser");
let browser: Browser;
let html: string;
let page: Page;

before(async () => {
  html = executeAndExport(join(__dirname, "fixtures-static", "data.ipynb"), "data");
  browser = await launchChromium();
  page = await browser.newPage();
  await page.goto(`file://${html}`);
  await page.waitForSelector("body[data-tslab-ml-rendered]", { timeout: 30000 });
});

after(async () => {
  await page?.screenshot({ path: join(outDir, "data.png"), fullPage: true });
  await browser?.close();
});

test("all three data widgets render live from the saved state", async () => {
  assert.equal(await page.getAttribute("body", "data-tslab-ml-rendered"), "3");
  assert.equal(await page.locator(".tslab-ml-live .tslab-ml-error").count(), 0);
});

test("class balance: a row per class, both datasets, and a grouped bar chart", async () => {
  const view = page.locator(".tslab-ml-live .tslab-ml-class-balance");
  assert.equal(await view.locator("tbody tr").count(), 3);
  const bars = await view
    .locator(".js-plotly-plot")
    .evaluate((p) => ((p as unknown as { data: { name: string }[] }).data ?? []).map((d) => d.name));
  assert.deepEqual(bars, ["full", "subset"]);
});

test("mispredictions: a 3×3 confusion matrix, a gallery with loss captions; a cell click asks the kernel to filter", async () => {
  const view = page.locator(".tslab-ml-live .tslab-ml-mispredictions");
  assert.equal(await view.locator("td.tslab-ml-cell").count(), 9);
  const thumbs = await view
    .locator(".tslab-ml-thumb img")
    .evaluateAll((imgs) => imgs.map((i) => (i as HTMLImageElement).naturalWidth));
  assert.ok(thumbs.length > 0 && thumbs.every((w) => w > 0), "decoded thumbnails");
  assert.match((await view.locator(".tslab-ml-thumb").first().textContent()) ?? "", /loss \d/);
  // Offline there is no kernel: the click still updates the view's model, which is what a kernel would receive.
  const offDiagonal = view.locator("td.tslab-ml-cell[data-actual='0'][data-predicted='1']");
  await offDiagonal.click();
  await page.waitForFunction(
    () =>
      document.querySelector(
        ".tslab-ml-live .tslab-ml-mispredictions .tslab-ml-clear-filter:not([disabled])",
      ) !== null,
  );
});

test("offline, a control that needs the kernel says so above the view instead of doing nothing", async () => {
  const view = page.locator(".tslab-ml-live .tslab-ml-widget:has(.tslab-ml-mispredictions)");
  await view.locator("td.tslab-ml-cell[data-actual='1'][data-predicted='0']").click();
  const note = view.locator(".tslab-ml-offline-note");
  await note.waitFor({ timeout: 10000 });
  assert.match((await note.textContent()) ?? "", /^No kernel behind this widget.*Run the cell again/);
  assert.equal(await note.count(), 1, "said once, however often the view redraws");
  assert.equal(
    await page
      .locator(".tslab-ml-live .tslab-ml-widget:has(.tslab-ml-class-balance) .tslab-ml-offline-note")
      .count(),
    0,
    "a view nobody clicked says nothing",
  );
});

test("a thumbnail the pointer rests on shows larger beside the grid, covering no other thumbnail", async () => {
  await page.setViewportSize({ width: 1400, height: 900 });
  const grid = page.locator(".tslab-ml-live .tslab-ml-mispredictions .tslab-ml-grid-cells");
  const figures = grid.locator("figure.tslab-ml-thumb");
  assert.ok((await figures.count()) >= 2, "a gallery with neighbours");
  const hovered = figures.nth(1);
  await hovered.scrollIntoViewIfNeeded();
  await hovered.locator("img").hover();
  const preview = page.locator(".tslab-ml-hover-preview");
  await preview.waitFor({ timeout: 10000 });
  const box = await preview.boundingBox();
  const thumb = await hovered.locator("img").boundingBox();
  assert.ok(box && thumb && box.width >= 1.5 * thumb.width, `larger than the thumbnail: ${box?.width} px`);
  const overlaps = await figures.evaluateAll((figs, b) => {
    return figs
      .map((f, i) => ({ i, r: f.getBoundingClientRect() }))
      .filter(({ r }) => r.left < b.x + b.width && b.x < r.right && r.top < b.y + b.height && b.y < r.bottom)
      .map(({ i }) => i);
  }, box!);
  assert.deepEqual(overlaps, [], "no thumbnail (hovered or neighbour) under the preview");
  // The thumbnail itself keeps its size and place: nothing grows over the neighbours or the title above.
  assert.deepEqual(await hovered.locator("img").boundingBox(), thumb);
  await page.mouse.move(1, 1);
  await preview.waitFor({ state: "detached", timeout: 10000 });
});

test("outlier report: tabs per kind, clicking a thumbnail marks it excluded, its class menu relabels it", async () => {
  const view = page.locator(".tslab-ml-live .tslab-ml-outlier-report");
  const tabs = await view.locator(".tslab-ml-tab").allTextContents();
  assert.ok(
    tabs.some((t) => /^dark \(\d+\)$/.test(t)),
    tabs.join(", "),
  );
  const first = view.locator(".tslab-ml-thumb").first();
  if ((await first.count()) > 0) {
    await first.locator("img").click();
    await page.waitForFunction(() =>
      /^1 excluded/.test(document.querySelector(".tslab-ml-live .tslab-ml-excluded")?.textContent ?? ""),
    );
    // Picking a class in the menu relabels the image and leaves its exclusion alone; clear takes it back.
    const menu = view.locator(".tslab-ml-thumb").first().locator("select.tslab-ml-action-menu");
    const [menuWidth, figureWidth] = await Promise.all(
      [menu, view.locator(".tslab-ml-thumb").first()].map(
        async (l) => (await l.boundingBox())?.width ?? Infinity,
      ),
    );
    assert.ok(
      menuWidth <= (figureWidth ?? 0),
      `the class menu (${menuWidth} px) fits its thumbnail (${figureWidth} px)`,
    );
    const className = (await menu.locator("option").nth(2).textContent()) ?? "";
    await menu.selectOption({ index: 2 });
    await page.waitForFunction(() =>
      /^1 excluded, 1 relabeled/.test(
        document.querySelector(".tslab-ml-live .tslab-ml-excluded")?.textContent ?? "",
      ),
    );
    assert.equal(
      await view.locator(".tslab-ml-thumb").first().locator(".tslab-ml-detail").textContent(),
      `excluded · relabeled as ${className}`,
    );
    assert.equal(await view.locator(".tslab-ml-thumb").first().locator("select").inputValue(), "1");
    await view.locator(".tslab-ml-thumb").first().locator("button[data-action='clear']").click();
    await page.waitForFunction(() =>
      /^1 excluded, 0 relabeled/.test(
        document.querySelector(".tslab-ml-live .tslab-ml-excluded")?.textContent ?? "",
      ),
    );
  }
});
