import type { IRenderMimeRegistry } from "@jupyterlab/rendermime";
import type { IRenderMime } from "@jupyterlab/rendermime-interfaces";
import { keepSavedStateOf } from "./keep-saved-state";

const WIDGET_VIEW_MIME = "application/vnd.jupyter.widget-view+json";
/** What @jupyter-widgets/jupyterlab-manager writes when neither the kernel nor the notebook has the model. */
const MODEL_NOT_FOUND = /^Error displaying widget: model not found/;

/** The renderer's container, as the widget manager's renderer (a Lumino Panel) exposes it. */
interface PanelLike {
  node: HTMLElement;
  addWidget?(widget: IRenderMime.IRenderer): void;
}

/**
 * The same output without its widget view: the static HTML or picture the kernel put beside it. Returns
 * undefined when the output has nothing else to show.
 */
function staticFallback(
  registry: IRenderMimeRegistry,
  model: IRenderMime.IMimeModel,
): { renderer: IRenderMime.IRenderer; model: IRenderMime.IMimeModel } | undefined {
  const data = Object.fromEntries(Object.entries(model.data).filter(([mime]) => mime !== WIDGET_VIEW_MIME));
  // Untrusted outputs only get safe renderers (a picture, text): never the HTML of an unknown notebook.
  const mime = registry.preferredMimeType(data, model.trusted ? "any" : "ensure");
  if (!mime) return undefined;
  return {
    renderer: registry.createRenderer(mime),
    model: registry.createModel({ data, metadata: model.metadata, trusted: model.trusted }),
  };
}

/** After the widget renderer gave up on a model, shows the output's static fallback in its place. */
function withFallback(registry: IRenderMimeRegistry, renderer: IRenderMime.IRenderer): IRenderMime.IRenderer {
  const render = renderer.renderModel.bind(renderer);
  renderer.renderModel = async (model: IRenderMime.IMimeModel): Promise<void> => {
    await render(model);
    const panel = renderer as unknown as PanelLike;
    if (!MODEL_NOT_FOUND.test(panel.node.textContent ?? "") || !panel.addWidget) return;
    const fallback = staticFallback(registry, model);
    if (!fallback) return;
    panel.node.textContent = "";
    panel.node.classList.add("tslab-ml-static-fallback");
    panel.node.title =
      "The widget's model is gone (kernel restarted, no saved widget state): its static picture";
    panel.addWidget(fallback.renderer);
    await fallback.renderer.renderModel(fallback.model);
  };
  return renderer;
}

let installed = false;
const wrapped = new WeakSet<IRenderMime.IRendererFactory>();

/**
 * Outputs whose widget model neither the running kernel nor the notebook's saved widget state holds show
 * the output's other MIME types (text/html, image/png) instead of "Error displaying widget: model not
 * found". The widget manager registers its renderer factory into every notebook's registry (clones of the
 * application's), so the factory is wrapped where any registry adds it.
 */
export function installStaticFallback(registry: IRenderMimeRegistry): void {
  if (installed) return;
  installed = true;
  const proto = Object.getPrototypeOf(registry) as IRenderMimeRegistry;
  const addFactory = proto.addFactory;
  proto.addFactory = function (this: IRenderMimeRegistry, factory, rank) {
    if (!factory.mimeTypes.includes(WIDGET_VIEW_MIME) || wrapped.has(factory))
      return addFactory.call(this, factory, rank);
    keepSavedStateOf(factory);
    const withStatic: IRenderMime.IRendererFactory = {
      ...factory,
      createRenderer: (options) => withFallback(this, factory.createRenderer(options)),
    };
    wrapped.add(withStatic);
    return addFactory.call(this, withStatic, rank);
  };
  // The factory registered before this plugin ran (the application-wide placeholder).
  const existing = registry.getFactory(WIDGET_VIEW_MIME);
  if (existing) registry.addFactory(existing, registry.getRank(WIDGET_VIEW_MIME));
}
