import { WIDGETS } from "tslab-ml-protocol";
import { Widget } from "../display/widget";
import type { SignatureEntry } from "./convert/signature";
import type { OnnxExportReport } from "./report";
import { renderOnnxReportHtml } from "./report-html";
import { renderOnnxReportText } from "./report-text";
import type { LatencyReport } from "./verify/latency";
import type { VerificationReport } from "./verify/verify";

/**
 * What `exportOnnx` returns (the report type must stay assignable to the widget's state: a compile error
 * otherwise): the report as typed fields, displayed as the OnnxExport widget in the
 * kernel and as self-contained HTML or text elsewhere.
 */
export class OnnxExport extends Widget<typeof WIDGETS.onnxExport, OnnxExportReport> {
  constructor(readonly report: OnnxExportReport) {
    super(WIDGETS.onnxExport, report);
  }

  get file(): string {
    return this.report.file;
  }

  get bytes(): number {
    return this.report.bytes;
  }

  get opset(): number {
    return this.report.opset;
  }

  get irVersion(): number {
    return this.report.irVersion;
  }

  get modelName(): string {
    return this.report.modelName;
  }

  /** Milliseconds spent converting and serialising. */
  get exportMs(): number {
    return this.report.exportMs;
  }

  get nodeCount(): number {
    return this.report.nodeCount;
  }

  get parameterCount(): number {
    return this.report.parameterCount;
  }

  get opCounts(): Record<string, number> {
    return this.report.opCounts;
  }

  get inputs(): SignatureEntry[] {
    return this.report.inputs;
  }

  get outputs(): SignatureEntry[] {
    return this.report.outputs;
  }

  get verification(): VerificationReport | null {
    return this.report.verification;
  }

  /** Median predict latency of tfjs and onnxruntime, when verification timed them. */
  get latency(): LatencyReport | null {
    return this.report.verification?.latency ?? null;
  }

  /** True when verification ran and every output of every input set was within tolerance. */
  get passed(): boolean {
    return this.report.verification?.passed ?? false;
  }

  protected fallbackHtml(): string {
    return renderOnnxReportHtml(this.report);
  }

  toString(): string {
    return renderOnnxReportText(this.report);
  }

  toJSON(): OnnxExportReport {
    return this.report;
  }
}
