import type { JsonObject } from "../jupyter/messages";
import { plainText, toMimeBundle, type RichBundle } from "./mime";
import { displaySession } from "./session";
import { tslabDisplaySink } from "./tslab-bridge";

/**
 * Shows a value as a display output: widgets and anything with `[Symbol.for("Jupyter.display")]` richly,
 * everything else as text. Works in the tslab-ml kernel, in plain tslab (static fallbacks) and in Node
 * (prints the text form).
 * @example display(showBatch(ds, { n: 8 }))   // shows the grid mid-cell
 */
export function display(value: unknown, metadata: JsonObject = {}): void {
  const session = displaySession();
  if (session) {
    session.display(toMimeBundle(value), metadata);
    return;
  }
  // Under plain tslab, its own display sink: our objects show their static HTML there too.
  const sink = tslabDisplaySink();
  if (sink) {
    const bundle = toMimeBundle(value);
    const data: Record<string, string> = {};
    for (const [mime, v] of Object.entries(bundle)) {
      if (mime.startsWith("application/vnd.jupyter.widget")) continue;
      data[mime] = typeof v === "string" ? v : JSON.stringify(v);
    }
    sink({ data, metadata: {}, transient: {} }, false);
    return;
  }
  console.log(plainText(value));
}

/**
 * Clears the cell's output; with `wait` (default false), only when the next output arrives, for
 * flicker-free updates in a loop.
 * @example clearOutput(true); display(progressChart);
 */
export function clearOutput(wait = false): void {
  displaySession()?.clearOutput(wait);
}

/**
 * Shows text or a MIME bundle in the frontend's pager (or below the cell where there is none).
 * @example page(report.toCSV())
 */
export function page(content: string | RichBundle): void {
  const session = displaySession();
  const bundle =
    typeof content === "string"
      ? { "text/plain": content }
      : toMimeBundle({ [Symbol.for("Jupyter.display")]: () => content });
  if (session) session.page(bundle);
  else console.log(bundle["text/plain"]);
}
