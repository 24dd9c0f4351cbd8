// Widgets in a normal JupyterLab window 700, 970 and 1,400 px wide (the lab host of `npm start`, the example
// notebooks with their saved widget state): the mispredictions gallery's hover preview covers no thumbnail,
// the class-balance table fits its output without a sideways scroll and breaks no class name mid-word, and
// a notebook received from elsewhere (untrusted, no widget state: JupyterLab sanitises the static HTML)
// still shows a compact confusion matrix. Screenshots go to test-output/browser/lab-fit/.
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { Locator, Page } from "playwright-core";
import type { MispredictionsState } from "tslab-ml-protocol";
import { FASHION_MNIST_CLASSES } from "../../kernel-ext/src/data/fashion-mnist";
import { mispredictionsHtml } from "../../kernel-ext/src/inspect/mispredictions/mispredictions-html";
import { REPO_ROOT } from "../support/kernel-client";
import { startLabSession, type LabHost, type LabSession } from "../support/lab-host";
import { openNotebook as openInLab, notebookWithUnknownModels } from "../support/lab-notebook";
import { OUTPUT_DIR } from "../support/notebook-runner";

const WINDOWS = [700, 970, 1400] as const;
const outDir = join(OUTPUT_DIR, "browser", "lab-fit");
const NOTEBOOKS = join(REPO_ROOT, "notebooks");
const DATA = "01-data-inspection.ipynb";
const ERRORS = "02-mispredictions.ipynb";
const UNTRUSTED = "untrusted-02.ipynb";
const STATE_MIME = "application/vnd.jupyter.widget-state+json";
const VIEW_MIME = "application/vnd.jupyter.widget-view+json";

let session: LabSession | undefined;
let lab: LabHost;
let page: Page;

/** The open notebook's panel (JupyterLab keeps the others, hidden). */
const panel = (): Locator => page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)");

interface Shell {
  collapseLeft(): void;
  collapseRight(): void;
}

async function open(path: string, width: number): Promise<void> {
  // A fresh kernel each time: one that outlived a page holds the comms that page opened for the saved
  // models, and JupyterLab's widget manager then never reads the notebook's saved state.
  for (const s of (await lab.api("/api/sessions")) as { id: string }[])
    await lab.api(`/api/sessions/${s.id}`, "DELETE");
  await page.setViewportSize({ width, height: 900 });
  await openInLab(page, lab, path);
  await setWindow(width);
}

/** A window `width` px wide with the side panels closed, as one works in a narrow window. */
async function setWindow(width: number): Promise<void> {
  await page.setViewportSize({ width, height: 900 });
  await page.evaluate(() => {
    const shell = (globalThis as unknown as { jupyterapp?: { shell: Shell } }).jupyterapp?.shell;
    shell?.collapseLeft();
    shell?.collapseRight();
  });
  // Lumino lays out on the resize event, the widgets' ResizeObservers a frame later.
  await page.waitForTimeout(1000);
}

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: join(outDir, `${name}.png`) });
}

interface SavedModel {
  state: Record<string, unknown>;
  buffers?: { path: (string | number)[]; data: string }[];
}

/**
 * Notebook `path` with the static HTML of its mispredictions widgets written by this checkout's kernel
 * code from their saved state (the committed outputs are as old as the notebook's last run).
 */
function withCurrentMispredictionsHtml(path: string): unknown {
  const nb = JSON.parse(readFileSync(path, "utf8")) as {
    metadata: { widgets: Record<string, { state: Record<string, SavedModel> }> };
    cells: { outputs?: { data?: Record<string, unknown> }[] }[];
  };
  const saved = nb.metadata.widgets[STATE_MIME]?.state ?? {};
  for (const output of nb.cells.flatMap((c) => c.outputs ?? [])) {
    const id = (output.data?.[VIEW_MIME] as { model_id?: string } | undefined)?.model_id;
    const model = id === undefined ? undefined : saved[id];
    if (!output.data || model?.state._view_name !== "MispredictionsView") continue;
    const state = structuredClone(model.state);
    for (const { path: at, data } of model.buffers ?? []) {
      let into = state as Record<string | number, unknown>;
      for (const key of at.slice(0, -1)) into = into[key] as Record<string | number, unknown>;
      into[at[at.length - 1] as string | number] = new Uint8Array(Buffer.from(data, "base64"));
    }
    output.data["text/html"] = mispredictionsHtml(state as unknown as MispredictionsState);
  }
  return nb;
}

before(
  async () => {
    mkdirSync(outDir, { recursive: true });
    session = await startLabSession([]);
    ({ lab, page } = session);
    // Saved through the server with every code cell trusted, the server signs them: as if run here.
    for (const name of [DATA, ERRORS]) {
      const nb = JSON.parse(readFileSync(join(NOTEBOOKS, name), "utf8")) as {
        cells: { cell_type: string; metadata: Record<string, unknown> }[];
      };
      for (const cell of nb.cells) if (cell.cell_type === "code") cell.metadata.trusted = true;
      await lab.api(`/api/contents/${name}`, "PUT", { type: "notebook", format: "json", content: nb });
    }
    const current = join(outDir, "02-current-html.ipynb");
    writeFileSync(current, JSON.stringify(withCurrentMispredictionsHtml(join(NOTEBOOKS, ERRORS))));
    const { nb } = notebookWithUnknownModels(current, false);
    writeFileSync(join(lab.notebookDir, UNTRUSTED), JSON.stringify(nb));
  },
  { timeout: 16 * 60_000 },
);

after(async () => session?.stop(), { timeout: 60_000 });

interface HoverResult {
  thumb: number;
  /** Thumbnails of the grid (the hovered one included) under the preview. */
  covered: number[];
  /** The preview picture's width over the thumbnail's. */
  scale: number;
  /** The preview lies inside the window. */
  inWindow: boolean;
}

/**
 * Rests the pointer on the first, a middle and the last thumbnail of every row of `grid` in the window (the
 * edges and the middle are where a preview has least and most neighbours) and measures each preview.
 */
async function hoverEach(grid: Locator): Promise<HoverResult[]> {
  const tops = await grid
    .locator("figure.tslab-ml-thumb img")
    .evaluateAll((imgs) => imgs.map((i) => Math.round(i.getBoundingClientRect().top)));
  const rows = new Map<number, number[]>();
  tops.forEach((top, i) => rows.set(top, [...(rows.get(top) ?? []), i]));
  const picked = [...rows.values()].flatMap((row) => [
    ...new Set([row[0], row[Math.floor(row.length / 2)], row[row.length - 1]]),
  ]);
  return hoverEachAt(
    grid,
    picked.filter((i): i is number => i !== undefined),
  );
}

/** The same for the thumbnails `indices` (those inside the window); the pointer leaves after each. */
async function hoverEachAt(grid: Locator, indices: number[]): Promise<HoverResult[]> {
  const figures = grid.locator("figure.tslab-ml-thumb");
  const results: HoverResult[] = [];
  const viewport = page.viewportSize() ?? { width: 0, height: 0 };
  for (const i of indices) {
    const img = figures.nth(i).locator("img");
    const thumb = await img.boundingBox();
    if (!thumb || thumb.y < 0 || thumb.y + thumb.height > viewport.height) continue;
    await page.mouse.move(thumb.x + thumb.width / 2, thumb.y + thumb.height / 2);
    const preview = page.locator(".tslab-ml-hover-preview");
    await preview.waitFor({ timeout: 10_000 });
    const box = await preview.boundingBox();
    const picture = await preview.locator("img").boundingBox();
    assert.ok(box && picture, "the preview is drawn");
    const covered = await figures.evaluateAll(
      (figs, b) =>
        figs
          .map((f, n) => ({ n, r: f.querySelector("img")?.getBoundingClientRect() }))
          .filter(
            ({ r }) =>
              r !== undefined &&
              r.left < b.x + b.width - 1 &&
              b.x < r.right - 1 &&
              r.top < b.y + b.height - 1 &&
              b.y < r.bottom - 1,
          )
          .map(({ n }) => n),
      box,
    );
    results.push({
      thumb: i,
      covered,
      scale: picture.width / thumb.width,
      inWindow:
        box.x >= -1 &&
        box.y >= -1 &&
        box.x + box.width <= viewport.width + 1 &&
        box.y + box.height <= viewport.height + 1,
    });
    await page.mouse.move(1, viewport.height - 1);
    await preview.waitFor({ state: "detached", timeout: 10_000 });
  }
  return results;
}

for (const width of WINDOWS) {
  test(
    `${width} px window: the gallery's hover preview covers no thumbnail, wherever the gallery is scrolled`,
    { timeout: 300_000 },
    async () => {
      await open(ERRORS, width);
      const grid = panel().locator(".tslab-ml-mispredictions .tslab-ml-grid-cells").first();
      await grid.locator("figure.tslab-ml-thumb img").first().waitFor({ timeout: 120_000 });
      const bad: string[] = [];
      for (const place of ["start", "center", "end"] as const) {
        await grid.evaluate((g, block) => g.scrollIntoView({ block }), place);
        await page.waitForTimeout(300);
        const results = await hoverEach(grid);
        assert.ok(results.length >= 4, `${place}: thumbnails in the window (${results.length})`);
        for (const r of results) {
          if (r.covered.length > 0) bad.push(`${place} #${r.thumb}: covers ${r.covered.join(",")}`);
          if (r.scale < 1.5) bad.push(`${place} #${r.thumb}: only ${r.scale.toFixed(2)}× the thumbnail`);
          if (!r.inWindow) bad.push(`${place} #${r.thumb}: outside the window`);
        }
        // The preview of a thumbnail in the middle of the window, for the eye.
        const middle = results[Math.floor(results.length / 2)];
        const img = grid.locator("figure.tslab-ml-thumb img").nth(middle?.thumb ?? 0);
        await img.hover();
        await page.locator(".tslab-ml-hover-preview").waitFor({ timeout: 10_000 });
        await shot(`gallery-${width}-${place}`);
        await page.mouse.move(1, 899);
      }
      assert.deepEqual(bad, []);

      // A window no taller than the gallery: at 700 and 970 px no free room around it, the preview opens
      // inside the grid under the hovered row, and stays (showing the next picture) while the pointer moves
      // along the row.
      const gridHeight = (await grid.boundingBox())?.height ?? 0;
      await page.setViewportSize({ width, height: Math.ceil(gridHeight) + 120 });
      await page.waitForTimeout(1000);
      await grid.evaluate((g) => g.scrollIntoView({ block: "center" }));
      await page.waitForTimeout(300);
      const imgs = grid.locator("figure.tslab-ml-thumb img");
      const first = await imgs.nth(0).boundingBox();
      const second = await imgs.nth(1).boundingBox();
      assert.ok(first && second && Math.abs(first.y - second.y) < 1, "two thumbnails side by side");
      await page.mouse.move(first.x + first.width / 2, first.y + first.height / 2);
      const preview = page.locator(".tslab-ml-hover-preview");
      await preview.waitFor({ timeout: 10_000 });
      await shot(`gallery-${width}-inline`);
      const inline = await preview.evaluate(
        (p, g) => {
          p.setAttribute("data-seen", "1");
          return { inGrid: g.contains(p), caption: p.querySelector("img")?.alt ?? "" };
        },
        await grid.elementHandle(),
      );
      if (width === 1400) {
        // Room beside the grid however short the window: the preview floats there, covering nothing.
        assert.ok(!inline.inGrid, "room beside the grid: the preview floats there");
        const [beside] = await hoverEachAt(grid, [0]);
        assert.deepEqual(beside?.covered, [], "the preview covers no thumbnail");
        return;
      }
      assert.ok(inline.inGrid, "no room in the window: the preview is inside the grid");
      const moved = await imgs.nth(0).boundingBox();
      assert.deepEqual(moved, first, "the hovered thumbnail stays where it was");
      await page.mouse.move(second.x + second.width / 2, second.y + second.height / 2, { steps: 4 });
      await page.waitForTimeout(400);
      const after = await page.evaluate(() => {
        const p = document.querySelector(".tslab-ml-hover-preview");
        return { same: p?.getAttribute("data-seen") === "1", caption: p?.querySelector("img")?.alt ?? "" };
      });
      assert.ok(after.same, "along the row the open preview stays");
      assert.notEqual(after.caption, inline.caption, "and shows the thumbnail now under the pointer");
      const [result] = (await hoverEachAt(grid, [1])).filter((r) => r.thumb === 1);
      assert.deepEqual(result?.covered, [], "the inline preview covers no thumbnail");
      assert.ok((result?.scale ?? 0) >= 1.5, `the inline preview is ${result?.scale}× the thumbnail`);
      await page.mouse.move(1, 1);
      await preview.waitFor({ state: "detached", timeout: 10_000 });
    },
  );

  test(
    `${width} px window: the class-balance table fits without a sideways scroll and breaks no class name`,
    { timeout: 300_000 },
    async () => {
      await open(DATA, width);
      const views = panel().locator(".tslab-ml-widget .tslab-ml-class-balance");
      await views.first().locator("table").waitFor({ timeout: 120_000 });
      const count = await views.count();
      assert.ok(count >= 2, `the notebook's class-balance views (${count})`);
      for (let v = 0; v < count; v++) {
        const view = views.nth(v);
        await view.evaluate((e) => e.scrollIntoView({ block: "start" }));
        await page.waitForTimeout(300);
        const fit = await view.evaluate((e) => {
          const scroller = e.querySelector(".tslab-ml-table-scroll") as HTMLElement;
          const broken: string[] = [];
          // Class names and dataset names: a word drawn on two lines has boxes at two heights.
          const cells = e.querySelectorAll("tbody tr td:first-child, thead th");
          for (const cell of Array.from(cells)) {
            const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
              const content = node.textContent ?? "";
              const re = /\S+/g;
              for (let m = re.exec(content); m; m = re.exec(content)) {
                const range = document.createRange();
                range.setStart(node, m.index);
                range.setEnd(node, m.index + m[0].length);
                const lines = new Set(Array.from(range.getClientRects()).map((r) => Math.round(r.top)));
                if (lines.size > 1) broken.push(m[0]);
              }
            }
          }
          return { scrollWidth: scroller.scrollWidth, clientWidth: scroller.clientWidth, broken };
        });
        await shot(`class-balance-${width}-${v}`);
        assert.deepEqual(fit.broken, [], `view ${v}: class and dataset names drawn whole`);
        assert.ok(
          fit.scrollWidth <= fit.clientWidth + 1,
          `view ${v}: no sideways scroll: the table is ${fit.scrollWidth} px in ${fit.clientWidth} px`,
        );
      }
    },
  );

  test(
    `${width} px window: an untrusted notebook's sanitised confusion matrix stays compact`,
    { timeout: 300_000 },
    async () => {
      await open(UNTRUSTED, width);
      const matrix = panel().locator("table.tslab-ml-confusion").first();
      await matrix.waitFor({ timeout: 120_000 });
      await matrix.evaluate((m) => m.scrollIntoView({ block: "center" }));
      await page.waitForTimeout(300);
      const fit = await matrix.evaluate((m) => {
        const output = m.closest(".jp-OutputArea-output") as HTMLElement;
        const sanitised = !/writing-mode/.test(m.outerHTML);
        const cells = Array.from(m.querySelectorAll("td.tslab-ml-cell")).map(
          (c) => c.getBoundingClientRect().width,
        );
        const heads = Array.from(m.querySelectorAll("thead th[title]")).map((h) => ({
          title: h.getAttribute("title") ?? "",
          width: h.getBoundingClientRect().width,
        }));
        return {
          sanitised,
          width: m.getBoundingClientRect().width,
          output: output.getBoundingClientRect().width,
          widestCell: Math.max(...cells),
          heads,
        };
      });
      await shot(`untrusted-matrix-${width}`);
      assert.ok(fit.sanitised, "JupyterLab sanitised the untrusted HTML");
      assert.deepEqual(
        fit.heads.map((h) => h.title),
        FASHION_MNIST_CLASSES,
        "every class column keeps its full name on hover",
      );
      assert.ok(fit.width <= fit.output, `the matrix (${fit.width} px) fits the output (${fit.output} px)`);
      assert.ok(fit.widestCell <= 64, `class columns stay narrow: the widest is ${fit.widestCell} px`);
    },
  );
}
