import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import {
  exportOnnx,
  MAX_OPSET,
  registerOnnxConverter,
  supportedClassNames,
  UnsupportedLayerError,
  type LayerCall,
} from "../../kernel-ext/src/onnx";
import { ParityHarness, withoutTensorLeak } from "./helpers/parity";
import { single } from "./helpers/models";
import { offByALittleLayer } from "./helpers/off-by-a-little";
import { tf, useCpuBackend } from "./helpers/tf-setup";

const harness = new ParityHarness();
const dir = mkdtempSync(join(tmpdir(), "tslab-ml-onnx-behaviour-"));
before(async () => {
  await useCpuBackend();
});
after(() => {
  rmSync(dir, { recursive: true, force: true });
  harness.checkAllAndCleanUp();
});

/** A custom layer: y = x · scale + 1, with a trainable per-feature scale. */
class ScaleShift extends tf.layers.Layer {
  static className = "ScaleShift";
  private scale!: tf.LayerVariable;

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const features = (inputShape as tf.Shape).slice(-1)[0] as number;
    this.scale = this.addWeight(
      "scale",
      [features],
      "float32",
      tf.initializers.randomUniform({ minval: 0.5, maxval: 2, seed: 1 }),
    );
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() =>
      tf.add(tf.mul(Array.isArray(inputs) ? (inputs[0] as tf.Tensor) : inputs, this.scale.read()), 1),
    );
  }
}

class Mystery extends tf.layers.Layer {
  static className = "Mystery";
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.neg(Array.isArray(inputs) ? (inputs[0] as tf.Tensor) : inputs);
  }
}

class Broken extends tf.layers.Layer {
  static className = "BrokenForTest";
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.neg(Array.isArray(inputs) ? (inputs[0] as tf.Tensor) : inputs);
  }
}

function filesIn(folder: string): string[] {
  return readdirSync(folder).sort();
}

describe("custom converters", () => {
  it("a registered converter exports a custom layer, and registering a class twice is an error", async () => {
    registerOnnxConverter("ScaleShift", (call: LayerCall) => {
      const b = call.builder;
      const scaled = b.op("Mul", [call.input().name, call.initializer(call.weight("scale"))], {}, call.hint);
      return b.op("Add", [scaled, b.scalar(1)], {}, call.hint);
    });
    await harness.expectParity(single(tf, [4], tf.layers.dense({ units: 3 }), new ScaleShift({})));
    assert.throws(
      () => registerOnnxConverter("ScaleShift", (call) => call.input().name),
      /already registered/,
    );
    assert.throws(
      () => registerOnnxConverter("Dense", (call) => call.input().name),
      /already registered \(a built-in converter\)/,
    );
    assert.ok(supportedClassNames().includes("ScaleShift"));
  });

  it("a converter's declared opsets are enforced", async () => {
    registerOnnxConverter("Mystery", (call) => call.builder.op("Neg", [call.input().name], {}, call.hint), {
      opsets: { min: 18 },
    });
    const model = single(tf, [3], new Mystery({}));
    await assert.rejects(
      exportOnnx(model, join(dir, "m17.onnx"), { opset: 17 }),
      /handles opsets 18 to 26, not 17/,
    );
    await harness.expectParity(model, { opset: 18 });
  });
});

describe("bad input", () => {
  it("an unsupported layer names the layer, its class and the supported classes", async () => {
    const model = single(
      tf,
      [3],
      tf.layers.dense({ units: 2, name: "before" }),
      new (class Unknown extends tf.layers.Layer {
        static className = "UnknownThing";
        override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
          return Array.isArray(inputs) ? (inputs[0] as tf.Tensor) : inputs;
        }
      })({ name: "odd_layer" }),
    );
    const error = await exportOnnx(model, join(dir, "unknown.onnx")).then(
      () => assert.fail("should throw"),
      (e: unknown) => e,
    );
    assert.ok(error instanceof UnsupportedLayerError);
    assert.equal(error.layerName, "odd_layer");
    assert.equal(error.className, "UnknownThing");
    assert.match(error.message, /Layer "odd_layer" \(class UnknownThing\)/);
    assert.match(error.message, /Supported classes: .*Conv2D.*Dense.*LSTM/);
    assert.match(error.message, /registerOnnxConverter\("UnknownThing"/);
  });

  it("an unsupported option names the layer and the option", async () => {
    const model = single(
      tf,
      [8, 2],
      tf.layers.conv1d({ filters: 2, kernelSize: 3, padding: "causal", name: "causal_conv" }),
    );
    await assert.rejects(
      exportOnnx(model, join(dir, "causal.onnx")),
      /Layer "causal_conv" \(class Conv1D\): padding "causal"/,
    );
    await assert.rejects(
      exportOnnx(model, join(dir, "x.onnx"), { opset: 12 }),
      /opset 12 is not supported: choose an integer from 13 to 26/,
    );
    await assert.rejects(exportOnnx(model, join(dir, "x.onnx"), { opset: MAX_OPSET + 1 }), RangeError);
  });
});

describe("atomic writes", () => {
  it("a failed export leaves nothing behind and keeps an existing file", async () => {
    const target = join(dir, "keep.onnx");
    writeFileSync(target, "previous contents");
    const before = filesIn(dir);
    const model = single(tf, [3], new Mystery({}));
    await withoutTensorLeak(tf, () => assert.rejects(exportOnnx(model, target, { opset: 17 })));
    assert.equal(readFileSync(target, "utf8"), "previous contents");
    assert.deepEqual(filesIn(dir), before, "no temporary file left");
  });

  it("a file onnxruntime cannot load is never committed", async () => {
    registerOnnxConverter("BrokenForTest", (call) =>
      call.builder.op("NoSuchOperator", [call.input().name], {}, call.hint),
    );
    const target = join(dir, "broken.onnx");
    writeFileSync(target, "old");
    const before = filesIn(dir);
    const model = single(tf, [3], new Broken({}));
    await withoutTensorLeak(tf, () =>
      assert.rejects(exportOnnx(model, target), /verification could not run: onnxruntime could not load/),
    );
    assert.equal(readFileSync(target, "utf8"), "old");
    assert.deepEqual(filesIn(dir), before);
    // Without verification the (invalid) file is written: the user asked for no check.
    await exportOnnx(model, target, { verify: false });
    assert.notEqual(readFileSync(target, "utf8"), "old");
  });

  it("temporary files a killed export left are removed by the next one; errors name the target", async () => {
    const crashed = join(dir, `.crashed.onnx.999999999.${"0".repeat(12)}.tmp`); // that pid runs nowhere
    writeFileSync(crashed, "half a model");
    const model = single(tf, [3], tf.layers.dense({ units: 2 }));
    await withoutTensorLeak(tf, () => exportOnnx(model, join(dir, "after-crash.onnx"), { verify: false }));
    assert.ok(!existsSync(crashed));
    const missing = join(dir, "no-such-folder", "m.onnx");
    await withoutTensorLeak(tf, () =>
      assert.rejects(
        exportOnnx(model, missing, { verify: false }),
        new RegExp(`could not write ${missing}: its folder does not exist; create it first`),
      ),
    );
  });

  it("a successful export replaces the file whole", async () => {
    const target = join(dir, "replace.onnx");
    writeFileSync(target, "old");
    const model = single(tf, [3], tf.layers.dense({ units: 2 }));
    const result = await withoutTensorLeak(tf, () => exportOnnx(model, target));
    assert.equal(readFileSync(target).byteLength, result.bytes);
    assert.ok(existsSync(target));
    assert.ok(!filesIn(dir).some((f) => f.endsWith(".tmp")));
  });
});

describe("verification options", () => {
  it("checks user samples besides the random inputs, and times both runtimes", async () => {
    const model = single(tf, [4], tf.layers.dense({ units: 3, activation: "sigmoid" }));
    const sample = tf.tensor2d([[1, 2, 3, 4]]);
    const withSample = await exportOnnx(model, join(dir, "tol.onnx"), {
      verify: { samples: [sample], latencyRuns: 3 },
    });
    sample.dispose();
    assert.equal(withSample.verification?.cases.length, 2);
    assert.equal(withSample.verification?.cases[1]?.label, "sample 1");
    assert.equal(withSample.verification?.cases[1]?.batchSize, 1);
    assert.ok((withSample.verification?.latency?.onnxMs ?? -1) >= 0);
    assert.ok((withSample.verification?.latency?.tfjsMs ?? -1) >= 0);
    assert.equal(withSample.verification?.latency?.runs, 3);
  });

  it("flags a real mismatch", async () => {
    // A registered converter that is deliberately wrong (adds 1e-3): verification must say FAILED.
    const result = await exportOnnx(
      single(tf, [3], offByALittleLayer("OffByALittle")),
      join(dir, "off.onnx"),
      {
        verify: { latencyRuns: 0 },
      },
    );
    assert.equal(result.passed, false);
    assert.match(result.toString(), /FAILED/);
    const output = result.verification?.cases[0]?.outputs[0];
    assert.ok(output && Math.abs(output.maxAbsDiff - 1e-3) < 1e-4);
  });
});
