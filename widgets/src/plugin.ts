import { IJupyterWidgetRegistry, type ExportMap } from "@jupyter-widgets/base";
import { IRenderMimeRegistry } from "@jupyterlab/rendermime";
import { installStaticFallback } from "./lab/static-fallback";
import { MODULE_NAME, MODULE_VERSION } from "./version";

/**
 * The JupyterLab 4 plugin: registers this module with the widget manager (classes load on first use), and
 * shows the static fallback of a widget output whose model is gone.
 */
const plugin = {
  id: `${MODULE_NAME}:plugin`,
  description: "Widgets of tslab-ml: image batches, misprediction galleries, outliers, training diagnostics",
  requires: [IJupyterWidgetRegistry, IRenderMimeRegistry],
  autoStart: true,
  activate: (_app: unknown, registry: IJupyterWidgetRegistry, rendermime: IRenderMimeRegistry): void => {
    installStaticFallback(rendermime);
    registry.registerWidget({
      name: MODULE_NAME,
      version: MODULE_VERSION,
      exports: async (): Promise<ExportMap> => (await import("./exports")).WIDGET_EXPORTS,
    });
  },
};

export default plugin;
