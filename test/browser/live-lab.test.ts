// Live widgets in a real JupyterLab 4: the front end assembled from npm (widgets/lab-host), started the way
// `npm start` starts it (scripts/start-lab.mjs), with the kernelspec of this checkout in a private Jupyter
// data dir and the prebuilt tslab-ml-widgets labextension. Debian's Chromium runs the notebook
// test/browser/fixtures/live.ipynb and checks the three directions of the widget protocol:
// kernel → view (render), view → kernel (a click), kernel → existing view (a state change).
// The first run installs and builds the lab host (about a minute); later runs reuse it.
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { Page } from "playwright-core";
import { startLabSession, type LabSession } from "../support/lab-host";
import { runCell as runNotebookCell, waitForCellOutput as waitForOutput } from "../support/lab-notebook";
import { OUTPUT_DIR } from "../support/notebook-runner";

const outDir = join(OUTPUT_DIR, "browser");
const FIXTURE = join(__dirname, "fixtures", "live.ipynb");

/** What the page functions below use of the browser: typed here, the test project has no DOM lib. */
interface Cell {
  node: { querySelector(sel: string): { textContent: string | null } | null };
  model: { type: string; sharedModel: { setSource(source: string): void } };
}
interface NotebookPanel {
  context: { path: string };
  sessionContext: { session: { kernel: { status: string } | null } | null };
  content: { widgets: readonly Cell[]; activeCellIndex: number; activeCell: Cell | null };
}
interface PageGlobals {
  jupyterapp: {
    commands: { execute(id: string, args?: unknown): Promise<unknown> };
    shell: { currentWidget: NotebookPanel | null };
    hasPlugin(id: string): boolean;
    isPluginActivated(id: string): boolean;
  };
}
interface Img {
  complete: boolean;
  naturalWidth: number;
}

let session: LabSession | undefined;
let page: Page;

async function shot(name: string): Promise<void> {
  // Off the thumbnails, whose hover zoom would cover their neighbours.
  await page.mouse.move(2, 890);
  await page.waitForTimeout(200);
  await page.screenshot({ path: join(outDir, `live-lab-${name}.png`) });
}

const waitForCellOutput = (index: number, pattern: RegExp): Promise<string> =>
  waitForOutput(page, index, pattern);
const runCell = (index: number): Promise<void> => runNotebookCell(page, index);

const thumbs = (): Promise<{ index: string | null; selected: boolean }[]> =>
  page.$$eval(".tslab-ml-image-batch figure.tslab-ml-thumb", (figs) =>
    figs.map((f) => ({ index: f.getAttribute("data-index"), selected: f.classList.contains("selected") })),
  );

const selectedIndices = async (): Promise<string[]> =>
  (await thumbs()).filter((t) => t.selected).map((t) => t.index ?? "?");

before(
  async () => {
    mkdirSync(outDir, { recursive: true });
    // The first run installs and builds the lab host (npm ci + rspack): minutes, not seconds.
    session = await startLabSession([FIXTURE]);
    page = session.page;
  },
  { timeout: 16 * 60_000 },
);

after(async () => session?.stop(), { timeout: 60_000 });

test(
  "JupyterLab loads the prebuilt tslab-ml-widgets extension and renders showBatch live",
  { timeout: 180_000 },
  async () => {
    assert.ok(session, "the lab host is running");
    await page.goto(`${session.lab.baseUrl}/lab/tree/live.ipynb?token=${session.lab.token}`);
    await page.waitForSelector("body[data-lab-host-restored]", { state: "attached", timeout: 60_000 });
    const plugin = await page.evaluate(() => {
      const app = (globalThis as unknown as PageGlobals).jupyterapp;
      return {
        has: app.hasPlugin("tslab-ml-widgets:plugin"),
        active: app.isPluginActivated("tslab-ml-widgets:plugin"),
      };
    });
    assert.deepEqual(plugin, { has: true, active: true }, "the federated extension's plugin is activated");

    // The kernel of this checkout starts (TypeScript start-up takes a while), then Run All.
    await page
      .waitForFunction(
        () => {
          const panel = (globalThis as unknown as PageGlobals).jupyterapp.shell.currentWidget;
          return (
            panel?.context.path === "live.ipynb" && panel.sessionContext.session?.kernel?.status === "idle"
          );
        },
        null,
        { timeout: 120_000 },
      )
      .catch(async (e: unknown) => {
        // Say what the page last saw, and what the server and kernel logged, rather than only "timeout".
        const seen = await page
          .evaluate(() => {
            const panel = (globalThis as unknown as PageGlobals).jupyterapp.shell.currentWidget;
            return `${panel?.context.path ?? "no notebook"}, kernel ${panel?.sessionContext.session?.kernel?.status ?? "none"}`;
          })
          .catch(() => "the page did not answer");
        throw new Error(
          `${(e as Error).message}\nlast seen: ${seen}\nserver output (end):\n${session?.lab.output().slice(-4000) ?? ""}`,
        );
      });
    await page.evaluate(() =>
      (globalThis as unknown as PageGlobals).jupyterapp.commands.execute("notebook:run-all-cells"),
    );

    await page.waitForSelector(".tslab-ml-image-batch", { timeout: 90_000 });
    await page.waitForFunction(
      () => {
        const doc = (globalThis as unknown as { document: { querySelectorAll(s: string): ArrayLike<Img> } })
          .document;
        const imgs = Array.from(doc.querySelectorAll(".tslab-ml-image-batch img"));
        return imgs.length === 4 && imgs.every((i) => i.complete && i.naturalWidth > 0);
      },
      null,
      { timeout: 30_000 },
    );
    const widths = await page.$$eval(".tslab-ml-image-batch img", (imgs) =>
      imgs.map((i) => (i as unknown as Img).naturalWidth),
    );
    assert.deepEqual(widths, [8, 8, 8, 8], "four 8×8 PNG thumbnails decoded");
    assert.equal(await page.locator(".tslab-ml-widget").count(), 1, "one live view");
    assert.deepEqual(await selectedIndices(), [], "nothing selected yet");
    // Cell 2 (`batch.selected`) ran after the widget cell: an empty selection.
    assert.match(await waitForCellOutput(2, /\[\s*\]/), /\[\s*\]/);
    await shot("1-rendered");
  },
);

test("a click on a thumbnail reaches the kernel", { timeout: 120_000 }, async () => {
  await page.click('.tslab-ml-image-batch figure.tslab-ml-thumb[data-index="1"]');
  await page.waitForSelector('.tslab-ml-image-batch figure.tslab-ml-thumb.selected[data-index="1"]', {
    timeout: 10_000,
  });
  assert.deepEqual(await selectedIndices(), ["1"]);
  assert.equal(await page.locator(".tslab-ml-offline-note").count(), 0, "a live widget has its kernel");
  // Re-run `batch.selected`: the kernel's widget object got the new state through comm_msg.
  await runCell(2);
  const text = await waitForCellOutput(2, /\[\s*1\s*\]/);
  assert.match(text, /^\s*\[\s*1\s*\]\s*$/);
  await shot("2-clicked");
});

test("a kernel-side change re-renders the existing view", { timeout: 120_000 }, async () => {
  // Mark the live view: the same element must show the new state (no re-run of the widget cell).
  await page.$eval(".tslab-ml-widget", (el) => el.setAttribute("data-live-mark", "original"));
  const widgetPrompt = await page.evaluate(() => {
    const cell = (globalThis as unknown as PageGlobals).jupyterapp.shell.currentWidget?.content.widgets[1];
    return cell?.node.querySelector(".jp-InputArea-prompt")?.textContent ?? "";
  });

  await page.evaluate(async () => {
    const app = (globalThis as unknown as PageGlobals).jupyterapp;
    const panel = app.shell.currentWidget;
    if (!panel) throw new Error("no notebook open");
    panel.content.activeCellIndex = 2;
    await app.commands.execute("notebook:insert-cell-below");
    const cell = panel.content.activeCell;
    if (!cell || cell.model.type !== "code") throw new Error("no new code cell");
    cell.model.sharedModel.setSource("batch.selected = [0, 2]");
    await app.commands.execute("notebook:run-cell");
  });

  await page.waitForFunction(
    () => {
      const doc = (
        globalThis as unknown as {
          document: { querySelectorAll(s: string): ArrayLike<{ getAttribute(n: string): string | null }> };
        }
      ).document;
      const sel = Array.from(doc.querySelectorAll(".tslab-ml-image-batch figure.tslab-ml-thumb.selected"));
      return sel.map((f) => f.getAttribute("data-index")).join(",") === "0,2";
    },
    null,
    { timeout: 30_000 },
  );
  assert.deepEqual(await selectedIndices(), ["0", "2"]);
  assert.equal(
    await page.locator('.tslab-ml-widget[data-live-mark="original"]').count(),
    1,
    "same view element",
  );
  assert.equal(await page.locator(".tslab-ml-widget").count(), 1, "no second view appeared");
  assert.match(
    (await page.textContent(".tslab-ml-image-batch .tslab-ml-title")) ?? "",
    /2 selected/,
    "the title counts the selection",
  );
  const promptAfter = await page.evaluate(() => {
    const cell = (globalThis as unknown as PageGlobals).jupyterapp.shell.currentWidget?.content.widgets[1];
    return cell?.node.querySelector(".jp-InputArea-prompt")?.textContent ?? "";
  });
  assert.equal(promptAfter, widgetPrompt, "the widget cell was not re-run");
  // And the kernel agrees.
  await runCell(2);
  assert.match(await waitForCellOutput(2, /\[\s*0,\s*2\s*\]/), /\[\s*0,\s*2\s*\]/);
  await shot("3-kernel-update");
});

test("no page errors and no console errors beyond the known ones of a 1.x server", () => {
  // jupyter-server 1.x has no /api/me, /api/events or /lsp/status (JupyterLab 4 asks for them).
  const known = [/404 \(Not Found\) @ \S+\/(api\/me|lsp\/status)\b/, /\/api\/events\/subscribe/];
  const unexpected = (session?.consoleErrors ?? []).filter((e) => !known.some((k) => k.test(e)));
  assert.deepEqual(session?.pageErrors, [], "uncaught errors in the page");
  assert.deepEqual(unexpected, [], "console errors");
});
