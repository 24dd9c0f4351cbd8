// Entry of the offline bundle that `tslab-ml html` inlines into an exported notebook: renders the saved
// widget state as live views with @jupyter-widgets/html-manager, no network needed.
import { HTMLManager } from "@jupyter-widgets/html-manager/lib/htmlmanager";
import type { DOMWidgetView } from "@jupyter-widgets/base";
import { errorBox } from "./components/error-box";
import * as classes from "./exports";
import { MODULE_NAME, MODULE_VERSION } from "./version";

const STATE_MIME = "application/vnd.jupyter.widget-state+json";
const VIEW_MIME = "application/vnd.jupyter.widget-view+json";

function satisfiesCaret(range: string, version: string): boolean {
  const want = range
    .replace(/^[\^~]/, "")
    .split(".")
    .map(Number);
  const have = version.split(".").map(Number);
  // 0.x: the minor is the breaking part; else the major.
  return want[0] === 0 ? have[0] === 0 && have[1] === want[1] : have[0] === want[0];
}

async function loader(name: string, version: string): Promise<unknown> {
  if (name !== MODULE_NAME)
    throw new Error(`this page bundles only ${MODULE_NAME}; it cannot load ${name}@${version}`);
  if (!satisfiesCaret(version, MODULE_VERSION)) {
    throw new Error(
      `the notebook needs ${MODULE_NAME} ${version}, this page bundles ${MODULE_VERSION}: re-export it with tslab-ml html`,
    );
  }
  return classes;
}

function showError(anchor: Element, title: string, e: unknown): void {
  anchor.parentElement?.insertBefore(errorBox(title, String((e as Error)?.message ?? e)), anchor.nextSibling);
}

/** Renders every widget view of the page; one broken widget shows an error box, the others still render. */
export async function renderPage(root: ParentNode = document): Promise<number> {
  const stateTag = root.querySelector(`script[type="${STATE_MIME}"]`);
  if (!stateTag) return 0;
  const manager = new HTMLManager({ loader });
  try {
    await manager.set_state(JSON.parse(stateTag.textContent ?? "{}"));
  } catch (e) {
    showError(stateTag, "tslab-ml: the saved widget state cannot be loaded", e);
    return 0;
  }
  let rendered = 0;
  for (const tag of Array.from(root.querySelectorAll(`script[type="${VIEW_MIME}"]`))) {
    try {
      const { model_id: modelId } = JSON.parse(tag.textContent ?? "{}") as { model_id: string };
      const model = await manager.get_model(modelId);
      const host = document.createElement("div");
      host.className = "tslab-ml-live";
      tag.parentElement?.insertBefore(host, tag.nextSibling);
      const view = (await manager.create_view(model)) as DOMWidgetView;
      await manager.display_view(view, host);
      // The static fallback right before the view is no longer needed.
      const fallback = tag.previousElementSibling;
      if (fallback?.classList.contains("tslab-ml-fallback")) (fallback as HTMLElement).style.display = "none";
      rendered++;
    } catch (e) {
      showError(tag, "tslab-ml: a widget could not be rendered", e);
    }
  }
  document.body.dataset.tslabMlRendered = String(rendered);
  return rendered;
}

function start(): void {
  void renderPage().catch((e) => console.error("tslab-ml widgets:", e));
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
