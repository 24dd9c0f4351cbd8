import { Marked } from "marked";
import { escapeHtml } from "../display/html";
import { WIDGET_STATE_MIME } from "../comm/widget-protocol";
import { joinText, type Notebook } from "./notebook";
import { renderOutput } from "./render-output";
import { sanitizeNotebookHtml } from "./sanitize";
import { safeJsonForScript, safeScriptSource, safeStyleSource } from "./safe-script";

/** The widget bundle inlined into the page, or referenced beside it (`shared`: file names next to the page). */
export type EmbedAssets = { script: string; css: string } | { shared: { script: string; css: string } };

const PAGE_CSS = `
body{font:14px/1.5 -apple-system,"Segoe UI",Roboto,sans-serif;max-width:1100px;margin:24px auto;padding:0 16px;color:#1f1f1f}
.cell{margin:14px 0}.code .source{background:#f6f8fa;border:1px solid #e1e4e8;border-radius:4px;padding:8px;overflow:auto}
.prompt{color:#888;font:12px monospace;margin-bottom:2px}pre{margin:4px 0;white-space:pre-wrap}
.stderr{background:#fff5f5}.error{background:#fdecea;color:#8a1c12;padding:6px}.outputs img{max-width:100%}
`;

/** Markdown as JupyterLab renders it; the HTML it makes (raw tags included) is sanitised before use. */
const markdown = new Marked({ gfm: true, breaks: false });

/** The whole notebook as one HTML page; saved widget state renders live through the inlined bundle. */
export function renderNotebookHtml(nb: Notebook, title: string, assets: EmbedAssets): string {
  const widgetState = nb.metadata.widgets?.[WIDGET_STATE_MIME] as
    { state?: Record<string, unknown> } | undefined;
  const widgetIds = new Set(Object.keys(widgetState?.state ?? {}));
  const cells = nb.cells
    .map((cell) => {
      const source = joinText(cell.source);
      if (cell.cell_type === "markdown")
        return `<div class="cell markdown">${sanitizeNotebookHtml(markdown.parse(source, { async: false }))}</div>`;
      if (cell.cell_type === "raw") return `<div class="cell raw"><pre>${escapeHtml(source)}</pre></div>`;
      const count = cell.execution_count;
      const prompt = typeof count === "number" && Number.isInteger(count) ? `[${count}]` : "[ ]";
      const outputs = (cell.outputs ?? []).map((o) => renderOutput(o, widgetIds)).join("\n");
      return (
        `<div class="cell code"><div class="prompt">${prompt}</div><pre class="source">${escapeHtml(source)}</pre>` +
        `<div class="outputs">${outputs}</div></div>`
      );
    })
    .join("\n");
  const bundle =
    "shared" in assets
      ? `<link rel="stylesheet" href="${escapeHtml(assets.shared.css)}">\n<script src="${escapeHtml(assets.shared.script)}"></script>`
      : `<style>${safeStyleSource(assets.css)}</style>\n<script>${safeScriptSource(assets.script)}</script>`;
  const state = widgetState
    ? `<script type="${WIDGET_STATE_MIME}">${safeJsonForScript(widgetState)}</script>\n${bundle}`
    : "";
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="tslab-ml html">
<title>${escapeHtml(title)}</title><style>${PAGE_CSS}</style></head>
<body>
${cells}
${state}
</body></html>
`;
}
