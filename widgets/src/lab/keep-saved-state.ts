import type { IRenderMime } from "@jupyterlab/rendermime-interfaces";

const STATE_MIME = "application/vnd.jupyter.widget-state+json";
const VIEW_MIME = "application/vnd.jupyter.widget-view+json";
/** How one widget model's saved state names another (layout, style, children). */
const MODEL_REFERENCE = /IPY_MODEL_([0-9a-zA-Z_-]+)/g;

interface SavedWidgets {
  [STATE_MIME]?: { state?: Record<string, unknown> } & Record<string, unknown>;
}

interface NotebookJson {
  cells?: { outputs?: { data?: Record<string, unknown> }[] }[];
}

/** What this module uses of the notebook model and of @jupyter-widgets/jupyterlab-manager's manager. */
interface NotebookModelLike {
  getMetadata(key: string): unknown;
  setMetadata(key: string, value: unknown): void;
  toJSON(): unknown;
}
interface ManagerLike {
  _context?: { model?: NotebookModelLike } | null;
  _saveState?: () => void;
}

/** The model ids the notebook's outputs show, with every model their saved states reference. */
function shownModels(notebook: NotebookJson, saved: Record<string, unknown>): Set<string> {
  const ids = new Set<string>();
  const visit = (id: string): void => {
    if (ids.has(id)) return;
    ids.add(id);
    const state = saved[id];
    if (state === undefined) return;
    for (const m of JSON.stringify(state).matchAll(MODEL_REFERENCE)) visit(m[1] as string);
  };
  for (const cell of notebook.cells ?? [])
    for (const output of cell.outputs ?? []) {
      const view = output.data?.[VIEW_MIME] as { model_id?: unknown } | undefined;
      if (typeof view?.model_id === "string") visit(view.model_id);
    }
  return ids;
}

/**
 * The widget state to save: what the manager wrote (its live models) plus, for each output still shown,
 * the state the notebook already held. Outputs of a cell that ran again show new models: old ones drop out.
 */
export function mergeSavedState(before: unknown, after: unknown, notebook: unknown): unknown {
  const previous = (before as SavedWidgets | undefined)?.[STATE_MIME]?.state;
  const written = (after as SavedWidgets | undefined)?.[STATE_MIME];
  if (!previous || !written || typeof written.state !== "object" || written.state === null) return after;
  const state: Record<string, unknown> = { ...written.state };
  let added = 0;
  for (const id of shownModels(notebook as NotebookJson, previous)) {
    if (Object.hasOwn(state, id) || !Object.hasOwn(previous, id)) continue;
    state[id] = previous[id];
    added++;
  }
  return added === 0 ? after : { ...(after as object), [STATE_MIME]: { ...written, state } };
}

const patched = new WeakSet<object>();

/**
 * JupyterLab's widget manager saves only models with a live kernel connection: save a notebook reopened
 * without running it (or open an example notebook and press Ctrl+S, or let autosave run) and the widget
 * state it came with is wiped; the next reopening shows static pictures instead of the widgets. This wraps
 * the manager's save so the saved state of every widget still shown in the notebook is kept.
 */
export function keepSavedWidgetState(manager: unknown): void {
  const proto = Object.getPrototypeOf(manager) as ManagerLike | null;
  const save = proto?._saveState;
  if (!proto || typeof save !== "function" || patched.has(proto)) return;
  patched.add(proto);
  proto._saveState = function (this: ManagerLike): void {
    const model = this._context?.model;
    const before = model?.getMetadata("widgets");
    save.call(this);
    if (!model || before === undefined) return;
    const after = model.getMetadata("widgets");
    const merged = mergeSavedState(before, after, model.toJSON());
    if (merged !== after) model.setMetadata("widgets", merged);
  };
}

/**
 * Finds the widget manager behind the widget manager's renderer factory of a notebook (a probe renderer,
 * disposed at once, holds it) and keeps that manager's saves from dropping saved widget state.
 */
export function keepSavedStateOf(factory: IRenderMime.IRendererFactory): void {
  let probe: IRenderMime.IRenderer;
  try {
    probe = factory.createRenderer({
      mimeType: VIEW_MIME,
      sanitizer: { sanitize: (html: string) => html },
      resolver: null,
      linkHandler: null,
      latexTypesetter: null,
    });
  } catch {
    return;
  }
  const holder = (probe as unknown as { _manager?: { promise?: Promise<unknown> } })._manager;
  probe.dispose();
  void holder?.promise?.then(keepSavedWidgetState, () => undefined);
}
