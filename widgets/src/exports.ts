// The module a widget manager loads for "tslab-ml-widgets": every model and view class by name, made from
// the one registry of widgets (tslab-ml-protocol) and its views.
import type { ExportMap } from "@jupyter-widgets/base";
import { WIDGET_KINDS, WIDGETS } from "tslab-ml-protocol";
import { modelClass } from "./views/base-view";
import { VIEWS } from "./views/registry";

export const WIDGET_EXPORTS: ExportMap = Object.fromEntries(
  WIDGET_KINDS.flatMap((kind) => [
    [WIDGETS[kind].model, modelClass(WIDGETS[kind])],
    [WIDGETS[kind].view, VIEWS[kind] as unknown as ExportMap[string]],
  ]),
);
