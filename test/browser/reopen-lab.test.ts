// Widgets survive reopening a notebook in the JupyterLab host of `npm start`: run a notebook, save it,
// reload the page (the running kernel restores the widgets), shut the kernel down and reopen (the widget
// state saved in the notebook renders them: the host saves it by default).
import assert from "node:assert/strict";
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { Page } from "playwright-core";
import { startLabSession, type LabHost, type LabSession } from "../support/lab-host";
import { REPO_ROOT } from "../support/kernel-client";
import { notebookWithUnknownModels, openNotebook as openInLab } from "../support/lab-notebook";
import { OUTPUT_DIR } from "../support/notebook-runner";

const outDir = join(OUTPUT_DIR, "browser");
const FIXTURE = join(__dirname, "fixtures", "live.ipynb");
const GRADIENTS = join(REPO_ROOT, "notebooks", "05-gradients.ipynb");
const STATE_MIME = "application/vnd.jupyter.widget-state+json";
const VIEW_MIME = "application/vnd.jupyter.widget-view+json";

interface NotebookPanel {
  node: HTMLElement;
  context: { path: string };
  sessionContext: { session: { kernel: { status: string } | null } | null };
}
interface PageGlobals {
  jupyterapp: {
    commands: { execute(id: string, args?: unknown): Promise<unknown> };
    shell: { currentWidget: NotebookPanel | null; widgets(area: string): Iterable<NotebookPanel> };
  };
}

let session: LabSession | undefined;
let lab: LabHost;
let page: Page;

const openNotebook = (path: string): Promise<void> => openInLab(page, lab, path);

/** What the open notebook's widget outputs show: decoded thumbnails, fallbacks, "model not found" errors. */
async function widgetOutputs(path: string): Promise<{
  thumbs: number;
  fallbacks: number;
  notFound: number;
  text: string;
}> {
  return page.evaluate((p) => {
    const shell = (globalThis as unknown as PageGlobals).jupyterapp.shell;
    const panel = Array.from(shell.widgets("main")).find((w) => w.context?.path === p);
    const node = panel?.node;
    if (!node) return { thumbs: 0, fallbacks: 0, notFound: 0, text: "" };
    const imgs = Array.from(node.querySelectorAll<HTMLImageElement>(".tslab-ml-image-batch img"));
    const outputs = Array.from(node.querySelectorAll(".jp-OutputArea-output"));
    return {
      thumbs: imgs.filter((i) => i.complete && i.naturalWidth > 0).length,
      fallbacks: node.querySelectorAll(".tslab-ml-static-fallback").length,
      notFound: outputs.filter((o) => /model not found/.test(o.textContent ?? "")).length,
      text: outputs.map((o) => o.textContent ?? "").join(" | "),
    };
  }, path);
}

async function waitForOutputs(
  path: string,
  done: (o: Awaited<ReturnType<typeof widgetOutputs>>) => boolean,
  what: string,
): Promise<Awaited<ReturnType<typeof widgetOutputs>>> {
  const deadline = Date.now() + 120_000;
  let last = await widgetOutputs(path);
  while (Date.now() < deadline) {
    if (done(last)) return last;
    await page.waitForTimeout(500);
    last = await widgetOutputs(path);
  }
  throw new Error(`${what}: never happened; the outputs show ${JSON.stringify(last)}`);
}

before(
  async () => {
    session = await startLabSession([FIXTURE]);
    ({ lab, page } = session);
  },
  { timeout: 16 * 60_000 },
);

after(async () => session?.stop(), { timeout: 60_000 });

test(
  "run and save: the saved notebook holds the widget state (the host saves it by default)",
  { timeout: 300_000 },
  async () => {
    await openNotebook("live.ipynb");
    await page.evaluate(() =>
      (globalThis as unknown as PageGlobals).jupyterapp.commands.execute("notebook:run-all-cells"),
    );
    await waitForOutputs("live.ipynb", (o) => o.thumbs === 4, "the showBatch widget renders");
    await page.evaluate(() =>
      (globalThis as unknown as PageGlobals).jupyterapp.commands.execute("docmanager:save"),
    );
    const deadline = Date.now() + 30_000;
    let models = 0;
    while (Date.now() < deadline && models === 0) {
      const nb = JSON.parse(readFileSync(join(lab.notebookDir, "live.ipynb"), "utf8")) as {
        metadata: { widgets?: Record<string, { state?: Record<string, unknown> }> };
      };
      models = Object.keys(nb.metadata.widgets?.[STATE_MIME]?.state ?? {}).length;
      if (models === 0) await page.waitForTimeout(500);
    }
    assert.ok(models >= 1, "widget state saved into the notebook's metadata");
  },
);

test("reload with the kernel running: the widgets render live again", { timeout: 300_000 }, async () => {
  await openNotebook("live.ipynb");
  const shown = await waitForOutputs(
    "live.ipynb",
    (o) => o.thumbs === 4,
    "the widget renders after the reload",
  );
  assert.equal(shown.notFound, 0);
  await page.screenshot({ path: join(outDir, "reopen-1-reloaded.png") });
});

test(
  "kernel shut down, notebook reopened: the saved widget state renders",
  { timeout: 300_000 },
  async () => {
    const sessions = (await lab.api("/api/sessions")) as { id: string }[];
    for (const s of sessions) await lab.api(`/api/sessions/${s.id}`, "DELETE");
    assert.deepEqual(await lab.api("/api/kernels"), [], "no kernel left");
    await openNotebook("live.ipynb");
    const shown = await waitForOutputs(
      "live.ipynb",
      (o) => o.thumbs === 4,
      "the widget renders from saved state",
    );
    assert.equal(shown.notFound, 0);
    // The new kernel never made this widget: a click selects in the view and says the kernel won't see it.
    const panel = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)");
    await panel.locator(".tslab-ml-image-batch figure.tslab-ml-thumb img").first().click();
    const note = panel.locator(".tslab-ml-offline-note");
    await note.waitFor({ timeout: 30_000 });
    assert.match((await note.textContent()) ?? "", /^No kernel behind this widget/);
    await page.screenshot({ path: join(outDir, "reopen-2-saved-state.png") });
  },
);

test(
  "saved again without running: the widget state it came with stays, and renders at the next opening",
  { timeout: 300_000 },
  async () => {
    // JupyterLab's manager saves only models with a live kernel connection; the model shown here has none.
    const file = join(lab.notebookDir, "live.ipynb");
    const savedAt = statSync(file).mtimeMs;
    await page.evaluate(() =>
      (globalThis as unknown as PageGlobals).jupyterapp.commands.execute("docmanager:save"),
    );
    // Every widget output of the saved file still has its model's state.
    const missing = (): string[] => {
      const nb = JSON.parse(readFileSync(file, "utf8")) as {
        metadata: { widgets?: Record<string, { state?: Record<string, unknown> }> };
        cells: { outputs?: { data?: Record<string, { model_id?: string }> }[] }[];
      };
      const state = nb.metadata.widgets?.[STATE_MIME]?.state ?? {};
      const shown = nb.cells.flatMap((c) => (c.outputs ?? []).map((o) => o.data?.[VIEW_MIME]?.model_id));
      return shown.filter((id): id is string => id !== undefined && !(id in state));
    };
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline && statSync(file).mtimeMs === savedAt) await page.waitForTimeout(200);
    assert.notEqual(statSync(file).mtimeMs, savedAt, "the notebook was saved");
    assert.deepEqual(missing(), [], "the saved state of every widget output survived the save");
    for (const s of (await lab.api("/api/sessions")) as { id: string }[])
      await lab.api(`/api/sessions/${s.id}`, "DELETE");
    await openNotebook("live.ipynb");
    const shown = await waitForOutputs(
      "live.ipynb",
      (o) => o.thumbs === 4,
      "the widget renders from the state saved again",
    );
    assert.equal(shown.fallbacks, 0, "the live view, not its static picture");
    assert.equal(shown.notFound, 0);
  },
);

/** Example notebook 05 with widget views no kernel holds and no saved widget state (see the helper). */
function unknownModels(trusted: boolean): { nb: unknown; titles: string[] } {
  const made = notebookWithUnknownModels(GRADIENTS, trusted);
  assert.ok(made.titles.length >= 5 && made.titles.every((t) => t !== ""), "widget outputs with static HTML");
  return made;
}

test(
  "saved trusted without widget state, models held by no kernel: the static fallback, not 'model not found'",
  { timeout: 300_000 },
  async () => {
    const { nb, titles } = unknownModels(true);
    await lab.api("/api/contents/unknown-models.ipynb", "PUT", {
      type: "notebook",
      format: "json",
      content: nb,
    });
    // The signature lives in the server's database: reading the notebook back says whether it is trusted.
    const saved = (await lab.api("/api/contents/unknown-models.ipynb")) as {
      content: { cells: { cell_type: string; metadata: { trusted?: boolean } }[] };
    };
    const code = saved.content.cells.filter((c) => c.cell_type === "code");
    assert.ok(
      code.length > 0 && code.every((c) => c.metadata.trusted === true),
      "the server signed the notebook (its widget outputs are trusted)",
    );

    await openNotebook("unknown-models.ipynb");
    const shown = await waitForOutputs(
      "unknown-models.ipynb",
      (o) => o.fallbacks === titles.length || o.notFound > 0,
      "every widget output shows its static fallback",
    );
    assert.equal(shown.notFound, 0, "no 'model not found'");
    assert.equal(shown.fallbacks, titles.length, "one static fallback per widget output");
    for (const title of titles) assert.ok(shown.text.includes(title), `the fallback shows "${title}"`);
    const fallback = await page.$$eval(".tslab-ml-static-fallback", (nodes) =>
      nodes.map((n) => ({
        tables: n.querySelectorAll("table").length,
        svgs: n.querySelectorAll("svg").length,
      })),
    );
    // The kernel's static HTML (tables, SVG charts), not the plain-text summary.
    assert.ok(fallback.filter((f) => f.tables > 0).length >= titles.length - 1, JSON.stringify(fallback));
    assert.ok(
      fallback.some((f) => f.svgs > 0),
      "the learning-rate finder's SVG chart is drawn",
    );
    await page.locator(".tslab-ml-static-fallback").last().scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(outDir, "reopen-3-static-fallback.png") });
  },
);

test(
  "the same notebook untrusted (received from elsewhere): its sanitised HTML, no 'model not found'",
  {
    timeout: 300_000,
  },
  async () => {
    const { nb, titles } = unknownModels(false);
    writeFileSync(join(lab.notebookDir, "untrusted-copy.ipynb"), JSON.stringify(nb));
    await openNotebook("untrusted-copy.ipynb");
    const shown = await waitForOutputs(
      "untrusted-copy.ipynb",
      (o) => titles.every((t) => o.text.includes(t)) || o.notFound > 0,
      "every widget output shows its HTML",
    );
    assert.equal(shown.notFound, 0, "no 'model not found'");
  },
);
