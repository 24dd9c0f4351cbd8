// Widgets in a normal JupyterLab window 700, 970 and 1,400 px wide (the lab host of `npm start`, the example
// notebooks with their saved widget state): the class-balance table fits its output without a sideways
// scroll and breaks no class name mid-word, and a notebook received from elsewhere (untrusted, no widget
// state: JupyterLab sanitises the static HTML) still shows a compact confusion matrix. Screenshots go to
// test-output/browser/lab-fit/.
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

for (const width of WINDOWS) {
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
