// Entry of the offline bundle that `tslab-ml html` inlines into an exported notebook: renders the saved
// widget state as live views with @jupyter-widgets/html-manager, no network needed.
import { HTMLManager } from "@jupyter-widgets/html-manager/lib/htmlmanager";
import type { DOMWidgetView } from "@jupyter-widgets/base";
import { errorBox } from "./components/error-box";
import { WIDGET_EXPORTS } from "./exports";
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

function versionProblem(name: string, version: string): string | undefined {
  if (name !== MODULE_NAME) return `this page bundles only ${MODULE_NAME}; it cannot load ${name}@${version}`;
  if (!satisfiesCaret(version, MODULE_VERSION)) {
    return `the notebook needs ${MODULE_NAME} ${version}, this page bundles ${MODULE_VERSION}: re-export it with tslab-ml html`;
  }
  return undefined;
}

async function loader(name: string, version: string): Promise<unknown> {
  const problem = versionProblem(name, version);
  if (problem) throw new Error(problem);
  return WIDGET_EXPORTS;
}

type SavedState = Parameters<HTMLManager["set_state"]>[0] & {
  state?: Record<
    string,
    { model_module?: string; model_module_version?: string; state?: Record<string, unknown> }
  >;
};

function showError(anchor: Element, title: string, e: unknown): void {
  anchor.parentElement?.insertBefore(errorBox(title, String((e as Error)?.message ?? e)), anchor.nextSibling);
}

/** Renders every widget view of the page; one broken widget shows an error box, the others still render. */
export async function renderPage(root: ParentNode = document): Promise<number> {
  const stateTag = root.querySelector(`script[type="${STATE_MIME}"]`);
  if (!stateTag) return 0;
  const manager = new HTMLManager({ loader });
  // Models this page cannot load get our own visible box naming both versions (the stock error widget
  // hides its message behind a click).
  const unloadable = new Map<string, string>();
  try {
    const saved = JSON.parse(stateTag.textContent ?? "{}") as SavedState;
    for (const [id, model] of Object.entries(saved.state ?? {})) {
      const name = model.model_module ?? "";
      if (name.startsWith("@jupyter-widgets/")) continue;
      // The model and the view are loaded separately: any of their versions may be off.
      const versions = [
        model.model_module_version,
        model.state?._model_module_version,
        model.state?._view_module_version,
      ];
      for (const version of versions) {
        const problem = typeof version === "string" ? versionProblem(name, version) : undefined;
        if (problem && !unloadable.has(id)) unloadable.set(id, problem);
      }
    }
    await manager.set_state(saved);
  } catch (e) {
    showError(stateTag, "tslab-ml: the saved widget state cannot be loaded", e);
    return 0;
  }
  let rendered = 0;
  for (const tag of Array.from(root.querySelectorAll(`script[type="${VIEW_MIME}"]`))) {
    try {
      const { model_id: modelId } = JSON.parse(tag.textContent ?? "{}") as { model_id: string };
      const problem = unloadable.get(modelId);
      if (problem) {
        showError(tag, "tslab-ml: widget version mismatch", problem);
        continue;
      }
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

// For pages that add widget output later (and for the render benchmark).
(window as unknown as { tslabMlWidgets: { renderPage: typeof renderPage } }).tslabMlWidgets = { renderPage };

function start(): void {
  void renderPage().catch((e) => console.error("tslab-ml widgets:", e));
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
