import { el, fromHtml, titleElement } from "../components/dom";
import { SortableTable } from "../components/sortable-table";
import { modelSummaryTable, modelWideVerdictsHtml, WIDGETS } from "tslab-ml-protocol";
import { TslabMlView } from "./base-view";

/**
 * Layers, output shapes, parameter counts, activations and weight memory; verdict badges with a monitor.
 * The same table as the static fallback (tslab-ml-protocol's modelSummaryTable), sortable here.
 */
export class ModelSummaryView extends TslabMlView<typeof WIDGETS.modelSummary> {
  protected readonly contract = WIDGETS.modelSummary;

  protected draw(): HTMLElement {
    const state = this.state();
    const modelWide = modelWideVerdictsHtml(state);
    return el("div", { className: "tslab-ml-model-summary" }, [
      titleElement(state.title),
      ...(modelWide ? [fromHtml(modelWide)] : []),
      new SortableTable(modelSummaryTable(state)).element,
    ]);
  }
}
