import type { JsonObject, MimeBundle } from "../jupyter/messages";
import type { DisplaySession } from "./session";

/** What tslab's display API hands its sink: one MIME entry, binary already base64, and the display id. */
interface TslabDisplayMessage {
  data: MimeBundle;
  metadata: JsonObject;
  transient?: { display_id?: string };
}

/** tslab's display sink lives on this module: `tslab.display.*` and `newDisplay()` throw "Not ready" while null. */
interface TslabJupyterModule {
  lastWriteDisplayData: ((message: TslabDisplayMessage, update: boolean) => void) | null;
}

function tslabJupyter(): TslabJupyterModule | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require("tslab/dist/jupyter") as TslabJupyterModule;
  } catch {
    return undefined;
  }
}

/** tslab's current display sink: set while plain tslab runs a cell (or once this kernel connected it). */
export function tslabDisplaySink(): TslabJupyterModule["lastWriteDisplayData"] {
  return tslabJupyter()?.lastWriteDisplayData ?? null;
}

/**
 * Makes tslab's own public module (`import * as tslab from "tslab"`) display through this kernel, as it
 * does under tslab: `display_data` (with `transient.display_id` for `newDisplay()`), then
 * `update_display_data` for later calls on the same display.
 */
export function connectTslabDisplay(session: DisplaySession): void {
  const jupyter = tslabJupyter();
  if (!jupyter) return;
  jupyter.lastWriteDisplayData = ({ data, metadata, transient }, update) => {
    const displayId = transient?.display_id;
    if (update && displayId) session.updateDisplay(data, displayId, metadata);
    else session.display(data, metadata, displayId);
  };
}
