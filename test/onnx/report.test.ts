import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import {
  exportOnnx,
  renderOnnxReportHtml,
  renderOnnxReportText,
  type OnnxExportReport,
} from "../../kernel-ext/src/onnx";
import { tf, useCpuBackend } from "./helpers/tf-setup";

const dir = mkdtempSync(join(tmpdir(), "tslab-ml-onnx-report-"));
before(async () => {
  await useCpuBackend();
});
after(() => rmSync(dir, { recursive: true, force: true }));

const HOSTILE = `<script>alert("x")</script>&'`;

/** tfjs restricts layer and tensor names, not model names; file names may hold anything. */
async function hostileExport(): Promise<Awaited<ReturnType<typeof exportOnnx>>> {
  const input = tf.input({ shape: [3], name: "features" });
  const out = tf.layers.dense({ units: 2, name: "scores" }).apply(input) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: out, name: `model${HOSTILE}` });
  return exportOnnx(model, join(dir, `file<b>&"'.onnx`), { verify: { latencyRuns: 2 } });
}

describe("export report", () => {
  it("is plain typed data with every figure the export produced", async () => {
    const result = await hostileExport();
    const r: OnnxExportReport = result.report;
    assert.equal(r.opset, 17);
    assert.equal(r.irVersion, 8);
    assert.ok(r.bytes > 0 && r.exportMs >= 0);
    assert.deepEqual(r.opCounts, { MatMul: 1, Add: 1 });
    assert.equal(r.parameterCount, 8);
    assert.deepEqual(r.inputs, [
      { name: "features", elemType: "float32", shape: ["batch", 3], layout: null },
    ]);
    assert.deepEqual(r.outputs, [{ name: "scores", elemType: "float32", shape: ["batch", 2], layout: null }]);
    assert.equal(r.modelName, `model${HOSTILE}`);
    assert.ok(r.verification?.passed);
    assert.ok(r.verification?.latency && r.verification.latency.runs === 2);
    assert.deepEqual(JSON.parse(JSON.stringify(r)), r, "JSON round-trips (it is the widget state)");
  });

  it("renders self-contained HTML with every model string escaped", async () => {
    const result = await hostileExport();
    const html = renderOnnxReportHtml(result.report);
    assert.ok(!html.includes("<script"), "no markup from the model");
    assert.ok(!html.includes("file<b>"));
    assert.ok(html.includes("model&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;"));
    assert.ok(html.includes("file&lt;b&gt;&amp;&quot;&#39;.onnx"));
    assert.ok(!/<(link|img|iframe)\b|src=|href=/.test(html), "no external resources");
    assert.match(html, /passed/);
    assert.equal(renderOnnxReportHtml(result.report), html, "pure");
  });

  it("has a text summary and displays itself in Jupyter", async () => {
    const result = await hostileExport();
    const text = renderOnnxReportText(result.report);
    assert.equal(result.toString(), text);
    assert.match(text, /ONNX export of "model<script>.*": passed/);
    assert.match(text, /latency {2}tfjs \(cpu\) [\d.]+ ms, onnxruntime [\d.]+ ms/);
    const bundle = (result as unknown as Record<symbol, () => Record<string, unknown>>)[
      Symbol.for("Jupyter.display")
    ]?.();
    assert.ok(bundle);
    assert.equal(bundle["text/plain"], text);
    assert.equal(bundle["text/html"], renderOnnxReportHtml(result.report));
  });

  it("says when the export was not verified", async () => {
    const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [2], units: 1 })] });
    const result = await exportOnnx(model, join(dir, "nv.onnx"), { verify: false });
    assert.equal(result.verification, null);
    assert.equal(result.passed, false);
    assert.match(result.toString(), /not verified/);
    assert.match(renderOnnxReportHtml(result.report), /not verified/);
  });
});
