import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type * as tf from "@tensorflow/tfjs";
import { exportOnnx, type ExportOnnxOptions, type OnnxExport } from "../../../kernel-ext/src/onnx";
import { checkOnnxFiles, CHECKER_MAX_OPSET } from "./checker";
import { tf as tfjs } from "./tf-setup";

const tensorCount = (): number => tfjs.memory().numTensors;

/**
 * Exports models into one temporary folder per test file, asserts that onnxruntime agrees with tfjs,
 * and remembers the files so that one python call can run the ONNX checker on all of them at the end.
 */
export class ParityHarness {
  readonly dir = mkdtempSync(join(tmpdir(), "tslab-ml-onnx-"));
  private readonly files: string[] = [];
  private counter = 0;

  /** Exports (verification on unless `opts.verify` is false) and asserts that no tfjs tensor leaked. */
  async export(model: tf.LayersModel, opts: ExportOnnxOptions = {}, name?: string): Promise<OnnxExport> {
    const file = join(this.dir, `${name ?? model.name}-${this.counter++}.onnx`);
    const before = tensorCount();
    const result = await exportOnnx(model, file, { ...opts, verify: opts.verify ?? { latencyRuns: 0 } });
    assert.equal(tensorCount(), before, "exportOnnx leaked tfjs tensors");
    if ((opts.opset ?? 17) <= CHECKER_MAX_OPSET) this.files.push(file);
    return result;
  }

  /** Exports and asserts that every output of every input set is within tolerance. */
  async expectParity(
    model: tf.LayersModel,
    opts: ExportOnnxOptions = {},
    name?: string,
  ): Promise<OnnxExport> {
    const result = await this.export(model, opts, name);
    assert.ok(result.verification, "verification ran");
    assert.ok(result.passed, `onnxruntime differs from tfjs:\n${result.toString()}`);
    return result;
  }

  /** Runs the ONNX checker on every file exported so far, then removes the folder. */
  checkAllAndCleanUp(): void {
    try {
      const failures = checkOnnxFiles(this.files);
      assert.deepEqual(failures, {}, `onnx.checker rejected files:\n${JSON.stringify(failures, null, 2)}`);
    } finally {
      rmSync(this.dir, { recursive: true, force: true });
    }
  }

  get checkedFileCount(): number {
    return this.files.length;
  }
}

/** Asserts that `fn` leaves the number of live tfjs tensors unchanged. */
export async function withoutTensorLeak<T>(tfjs: typeof tf, fn: () => Promise<T>): Promise<T> {
  const before = tfjs.memory().numTensors;
  const result = await fn();
  assert.equal(tfjs.memory().numTensors, before, "tfjs tensors leaked");
  return result;
}
