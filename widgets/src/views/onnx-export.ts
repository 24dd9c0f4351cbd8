import { onnxReportHtml, WIDGETS } from "tslab-ml-protocol";
import { el } from "../components/dom";
import { TslabMlView } from "./base-view";

/**
 * The export cell's report: file, opset, signature, operators, verification against tfjs, latencies. The
 * same markup as the notebook's static output (tslab-ml-protocol's onnxReportHtml, every string escaped).
 */
export class OnnxExportView extends TslabMlView<typeof WIDGETS.onnxExport> {
  protected readonly contract = WIDGETS.onnxExport;

  protected draw(): HTMLElement {
    const root = el("div", { className: "tslab-ml-onnx-export", style: "overflow-x:auto;max-width:100%" });
    root.innerHTML = onnxReportHtml(this.state());
    return root;
  }
}
