import { IJupyterWidgetRegistry, type ExportMap } from "@jupyter-widgets/base";
import { MODULE_NAME, MODULE_VERSION } from "./version";

/** The JupyterLab 4 plugin: registers this module with the widget manager (classes load on first use). */
const plugin = {
  id: `${MODULE_NAME}:plugin`,
  description: "Widgets of tslab-ml: image batches, misprediction galleries, outliers, training diagnostics",
  requires: [IJupyterWidgetRegistry],
  autoStart: true,
  activate: (_app: unknown, registry: IJupyterWidgetRegistry): void => {
    registry.registerWidget({
      name: MODULE_NAME,
      version: MODULE_VERSION,
      exports: async () => (await import("./exports")) as unknown as ExportMap,
    });
  },
};

export default plugin;
