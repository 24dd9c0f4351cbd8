import { escapeHtml } from "../display/html";
import { WIDGET_VIEW_MIME } from "../comm/widget-protocol";
import { joinText, type NotebookOutput } from "./notebook";
import { safeJsonForScript } from "./safe-script";
import { sanitizeNotebookHtml } from "./sanitize";

// eslint-disable-next-line no-control-regex -- ANSI colour codes in tracebacks are exactly control characters.
const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function pre(text: string, className: string): string {
  return `<pre class="${className}">${escapeHtml(text.replace(ANSI, ""))}</pre>`;
}

/**
 * One output as HTML. A widget view becomes a view tag the embed bundle replaces with the live widget,
 * right after its static fallback (shown until then, and where scripts do not run).
 */
export function renderOutput(output: NotebookOutput, widgetIds: ReadonlySet<string>): string {
  switch (output.output_type) {
    case "stream":
      return pre(joinText(output.text), output.name === "stderr" ? "stream stderr" : "stream");
    case "error":
      return pre((output.traceback ?? [`${output.ename}: ${output.evalue}`]).join("\n"), "error");
    case "display_data":
    case "execute_result":
      return renderBundle(output.data ?? {}, widgetIds);
    default:
      return "";
  }
}

function renderBundle(data: Record<string, unknown>, widgetIds: ReadonlySet<string>): string {
  const view = data[WIDGET_VIEW_MIME] as { model_id?: string } | undefined;
  const fallback = renderStatic(data);
  if (view?.model_id && widgetIds.has(view.model_id)) {
    return (
      `<div class="tslab-ml-fallback">${fallback}</div>` +
      `<script type="${WIDGET_VIEW_MIME}">${safeJsonForScript(view)}</script>`
    );
  }
  return fallback;
}

function renderStatic(data: Record<string, unknown>): string {
  const text = (mime: string): string | undefined => {
    const v = data[mime];
    return v === undefined
      ? undefined
      : typeof v === "string" || Array.isArray(v)
        ? joinText(v as string[])
        : JSON.stringify(v);
  };
  // Rich first: the notebook's own HTML, then pictures, then text.
  // HTML is sanitised (a notebook file is untrusted: its outputs may carry scripts); pictures must be base64.
  const html = text("text/html");
  if (html !== undefined) return `<div class="html-output">${sanitizeNotebookHtml(html)}</div>`;
  for (const mime of ["image/png", "image/jpeg", "image/gif"]) {
    const b64 = text(mime)?.replace(/\s/g, "");
    if (b64 !== undefined && BASE64.test(b64)) return `<img src="data:${mime};base64,${b64}" alt="output">`;
  }
  const svg = text("image/svg+xml");
  if (svg !== undefined)
    return `<img src="data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}" alt="svg output">`;
  const plain = text("text/plain");
  return plain !== undefined ? pre(plain, "text-output") : "";
}
