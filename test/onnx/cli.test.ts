import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileModelHandler, runExportCli } from "../../kernel-ext/src/onnx";
import { checkOnnxFiles } from "./helpers/checker";
import { saveModelFiles } from "./helpers/save-model";
import { offByALittleLayer } from "./helpers/off-by-a-little";
import { tf, useCpuBackend } from "./helpers/tf-setup";
import { mobileNetLike, multiInputMultiOutput, textClassifier } from "./fixtures/architectures";

const dir = mkdtempSync(join(tmpdir(), "tslab-ml-onnx-cli-"));
const written: string[] = [];
before(async () => {
  await useCpuBackend();
});
after(() => {
  try {
    assert.deepEqual(checkOnnxFiles(written), {});
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** Runs the CLI capturing what it prints. */
async function cli(argv: string[]): Promise<{ status: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const status = await runExportCli(argv, {
    stdout: { write: (t: string) => (out += t) },
    stderr: { write: (t: string) => (err += t) },
  });
  return { status, out, err };
}

describe("tslab-ml export (CLI)", () => {
  for (const quantization of ["none", "uint8", "uint16", "float16"] as const) {
    it(`exports and verifies a model saved with ${quantization === "none" ? "float32" : quantization} weights`, async () => {
      const folder = join(dir, `mobilenet-${quantization}`);
      const modelJson = await saveModelFiles(mobileNetLike(tf, 16), folder, quantization, tf);
      const out = join(folder, "model.onnx");
      const r = await cli([modelJson, out]);
      assert.equal(r.status, 0, r.err + r.out);
      assert.match(r.out, /: passed/);
      assert.ok(existsSync(out));
      written.push(out);
      if (quantization !== "none") {
        // The exported weights are the dequantised float32 values tfjs itself uses.
        const loaded = await tf.loadLayersModel(fileModelHandler(modelJson));
        assert.ok(loaded.getWeights().every((w) => w.dtype === "float32"));
        loaded.dispose();
      }
    });
  }

  it("loads functional models whatever class name the topology carries (Model, Functional), with nested models", async () => {
    const folder = join(dir, "functional");
    const modelJson = await saveModelFiles(multiInputMultiOutput(tf), folder, "none", tf);
    // Keras ≥ 2.4 writes "Functional" for functional models, tfjs writes "Model": rename every one.
    writeFileSync(
      modelJson,
      readFileSync(modelJson, "utf8").replace(/"class_name":"Model"/g, '"class_name":"Functional"'),
    );
    assert.match(
      readFileSync(modelJson, "utf8"),
      /"class_name":"Functional"[\s\S]*"class_name":"Sequential"/,
    );
    const out = join(folder, "model.onnx");
    const r = await cli([modelJson, out]);
    assert.equal(r.status, 0, r.err + r.out);
    assert.match(r.out, /passed/);
    assert.match(r.out, /output {3}classes/);
    written.push(out);
  });

  it("honours --opset, --no-verify, --nchw and --fixed-batch", async () => {
    const folder = join(dir, "text");
    const modelJson = await saveModelFiles(textClassifier(tf, false, 6), folder, "none", tf);
    const r = await cli([modelJson, join(folder, "a.onnx"), "--opset", "21", "--no-verify", "--fixed-batch"]);
    assert.equal(r.status, 0, r.err);
    assert.match(r.out, /opset {4}21/);
    assert.match(r.out, /not verified/);
    assert.match(r.out, /tokens: float32\[1×6\]/);
    const image = join(dir, "image");
    const imageJson = await saveModelFiles(mobileNetLike(tf, 16), image, "none", tf);
    const n = await cli([imageJson, join(image, "n.onnx"), "--nchw", "--opset=13"]);
    assert.equal(n.status, 0, n.err);
    assert.match(n.out, /image: float32\[batch×3×16×16\] NCHW/);
    written.push(join(image, "n.onnx"));
  });

  it("refuses a wrong command line with status 2 before loading anything, and a failed load with status 1", async () => {
    assert.equal((await cli(["only-one.json"])).status, 2);
    const badOpset = await cli(["a.json", "b.onnx", "--opset", "x"]);
    assert.equal(badOpset.status, 2);
    assert.match(badOpset.err, /--opset "x" is not supported: choose an integer from 13 to 26/);
    // The model does not exist: refusing the opset first proves the options are checked before any work.
    const outOfRange = await cli([join(dir, "nope", "model.json"), join(dir, "y.onnx"), "--opset", "99"]);
    assert.equal(outOfRange.status, 2);
    assert.match(outOfRange.err, /--opset "99" is not supported/);
    assert.doesNotMatch(outOfRange.err, /not found|ENOENT/);
    assert.match((await cli(["a.json", "b.onnx", "--bogus"])).err, /unknown option --bogus/);
    const missing = await cli([join(dir, "nope", "model.json"), join(dir, "x.onnx")]);
    assert.equal(missing.status, 1);
    assert.match(
      missing.err,
      /model\.json not found: pass the model\.json that model\.save\("file:\/\/DIR"\) wrote/,
    );
    assert.ok(!existsSync(join(dir, "x.onnx")));
    const help = await cli(["--help"]);
    assert.equal(help.status, 0);
    assert.match(help.out, /Usage: tslab-ml export MODEL.json OUT.onnx/);
    assert.match(help.out, /3 export verification found differences/);
  });

  it("exits with status 3 when the verification finds differences, keeping the .onnx file", async () => {
    // A custom layer whose registered converter is deliberately off by 1e-3.
    const model = tf.sequential({
      layers: [tf.layers.dense({ units: 3, inputShape: [4] }), offByALittleLayer("CliOffByALittle")],
    });
    const folder = join(dir, "off");
    const modelJson = await saveModelFiles(model, folder, "none", tf);
    model.dispose();
    const out = join(folder, "off.onnx");
    const r = await cli([modelJson, out]);
    assert.equal(r.status, 3, r.err + r.out);
    assert.match(r.out, /FAILED/);
    assert.ok(existsSync(out));
  });
});
