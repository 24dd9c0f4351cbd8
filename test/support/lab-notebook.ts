// Driving a notebook in the JupyterLab host (started with --expose-app) from a browser test: open it, run a
// cell through JupyterLab's own commands, read a cell's output.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import type { LabHost } from "./lab-host";

/** What these functions use of JupyterLab in the page: typed here, the test project has no DOM lib. */
interface NotebookPanel {
  context: { path: string };
  sessionContext: { session: { kernel: { status: string } | null } | null };
  content: {
    widgets: readonly { node: { querySelector(sel: string): { textContent: string | null } | null } }[];
    activeCellIndex: number;
  };
}
interface LabGlobals {
  jupyterapp: {
    commands: { execute(id: string, args?: unknown): Promise<unknown> };
    shell: { currentWidget: NotebookPanel | null };
  };
}

/** Opens `path` in the lab and waits for its kernel to be idle. */
export async function openNotebook(page: Page, lab: LabHost, path: string): Promise<void> {
  await page.goto(`${lab.baseUrl}/lab/tree/${path}?token=${lab.token}`);
  await page.waitForSelector("body[data-lab-host-restored]", { state: "attached", timeout: 120_000 });
  await page.waitForFunction(
    (p) => {
      const panel = (globalThis as unknown as LabGlobals).jupyterapp.shell.currentWidget;
      return panel?.context.path === p && panel.sessionContext.session?.kernel?.status === "idle";
    },
    path,
    { timeout: 180_000 },
  );
}

/** Text of the outputs of cell `index` of the open notebook. */
export async function cellOutput(page: Page, index: number): Promise<string> {
  return page.evaluate((i) => {
    const cell = (globalThis as unknown as LabGlobals).jupyterapp.shell.currentWidget?.content.widgets[i];
    return cell?.node.querySelector(".jp-OutputArea-output")?.textContent ?? "";
  }, index);
}

/** The output of cell `index` once it matches `pattern`; throws with the last output after `timeoutMs`. */
export async function waitForCellOutput(
  page: Page,
  index: number,
  pattern: RegExp,
  timeoutMs = 60_000,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let text = "";
  while (Date.now() < deadline) {
    text = await cellOutput(page, index);
    if (pattern.test(text)) return text;
    await page.waitForTimeout(200);
  }
  throw new Error(`cell ${index} output never matched ${pattern}; last: ${JSON.stringify(text)}`);
}

/** Runs cell `index` of the open notebook through JupyterLab's own commands. */
export async function runCell(page: Page, index: number): Promise<void> {
  await page.evaluate(async (i) => {
    const app = (globalThis as unknown as LabGlobals).jupyterapp;
    const panel = app.shell.currentWidget;
    if (!panel) throw new Error("no notebook open");
    panel.content.activeCellIndex = i;
    await app.commands.execute("notebook:run-cell");
  }, index);
}

const VIEW_MIME = "application/vnd.jupyter.widget-view+json";

const unescapeHtml = (html: string): string =>
  html.replace(
    /&(amp|lt|gt|quot|#39);/g,
    (_, e: string) => ({ amp: "&", lt: "<", gt: ">", quot: '"' })[e] ?? "'",
  );

/**
 * An executed notebook as a JupyterLab without widget-state saving leaves it: widget views whose model ids
 * no kernel holds (fresh ids) and no widget state in the metadata; its code cells signed `trusted` or not
 * (a notebook received from elsewhere). Returns the titles of the widgets' static HTML too.
 */
export function notebookWithUnknownModels(path: string, trusted: boolean): { nb: unknown; titles: string[] } {
  const nb = JSON.parse(readFileSync(path, "utf8")) as {
    metadata: Record<string, unknown>;
    cells: {
      cell_type: string;
      metadata: Record<string, unknown>;
      outputs?: { data?: Record<string, unknown> }[];
    }[];
  };
  delete nb.metadata.widgets;
  const titles: string[] = [];
  for (const cell of nb.cells) {
    // The server signs a notebook saved with every code cell trusted, as JupyterLab saves what it ran.
    if (cell.cell_type === "code") cell.metadata.trusted = trusted;
    for (const output of cell.outputs ?? []) {
      const view = output.data?.[VIEW_MIME] as { model_id: string } | undefined;
      if (!view) continue;
      view.model_id = randomBytes(16).toString("hex");
      const html = [output.data?.["text/html"] ?? ""].flat().join("");
      const title = /<b>([^<]+)<\/b>|class="tslab-ml-title"[^>]*>([^<]+)</.exec(html);
      titles.push(unescapeHtml(title?.[1] ?? title?.[2] ?? ""));
    }
  }
  return { nb, titles };
}
