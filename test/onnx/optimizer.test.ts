import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import * as ort from "onnxruntime-node";
import { attr } from "../../kernel-ext/src/onnx/ir/attributes";
import type { GraphIR, NodeIR } from "../../kernel-ext/src/onnx/ir/types";
import { optimizeGraph } from "../../kernel-ext/src/onnx/optimize/optimize-graph";
import { encodeModel } from "../../kernel-ext/src/onnx/proto/encode-model";
import { ParityHarness } from "./helpers/parity";
import { mobileNetLike, resNetLike, uNetLike } from "./fixtures/architectures";
import { tf, useCpuBackend } from "./helpers/tf-setup";

const harness = new ParityHarness();
before(async () => {
  await useCpuBackend();
});
after(() => harness.checkAllAndCleanUp());

const NHWC_TO_NCHW = [0, 3, 1, 2];
const NCHW_TO_NHWC = [0, 2, 3, 1];

function node(
  opType: string,
  inputs: string[],
  output: string,
  attributes: NodeIR["attributes"] = {},
): NodeIR {
  return { opType, name: `${output}_node`, inputs, outputs: [output], attributes };
}

function graph(
  nodes: NodeIR[],
  inputs: string[],
  output: string,
  initializers: GraphIR["initializers"] = [],
): GraphIR {
  return {
    name: "g",
    nodes,
    initializers,
    inputs: inputs.map((name) => ({ name, elemType: "float32", shape: [2, 3, 4, 5] })),
    outputs: [{ name: output, elemType: "float32", shape: [] }],
  };
}

const transpose = (x: string, perm: number[], out: string): NodeIR =>
  node("Transpose", [x], out, { perm: attr.ints(perm) });
const count = (g: GraphIR, op: string): number => g.nodes.filter((n) => n.opType === op).length;

async function run(g: GraphIR, feeds: Record<string, Float32Array>): Promise<Float32Array> {
  const bytes = encodeModel({
    opset: 17,
    producerName: "test",
    producerVersion: "0",
    docString: "",
    metadata: {},
    graph: g,
  });
  const session = await ort.InferenceSession.create(bytes);
  const input: Record<string, ort.Tensor> = {};
  for (const [name, data] of Object.entries(feeds))
    input[name] = new ort.Tensor("float32", data, [2, 3, 4, 5]);
  const out = await session.run(input);
  await session.release();
  return out[g.outputs[0]?.name as string]?.data as Float32Array;
}

/** Optimises a copy and checks that onnxruntime computes the same values before and after. */
async function optimizeAndCompare(make: () => GraphIR, inputs: string[]): Promise<GraphIR> {
  const feeds: Record<string, Float32Array> = {};
  inputs.forEach(
    (name, k) => (feeds[name] = Float32Array.from({ length: 120 }, (_, i) => Math.sin(i * 0.37 + k) * 3)),
  );
  const reference = await run(make(), feeds);
  const optimized = optimizeGraph(make());
  const actual = await run(optimized, feeds);
  assert.equal(actual.length, reference.length);
  // Reductions may sum in another order once the layout changes: equal up to float rounding.
  const maxDiff = actual.reduce((m, v, i) => Math.max(m, Math.abs(v - (reference[i] as number))), 0);
  assert.ok(maxDiff <= 1e-6, `max diff ${maxDiff}`);
  return optimized;
}

describe("transpose optimisation", () => {
  it("removes a Transpose followed by its inverse", async () => {
    const g = await optimizeAndCompare(
      () =>
        graph(
          [transpose("x", NHWC_TO_NCHW, "a"), transpose("a", NCHW_TO_NHWC, "b"), node("Relu", ["b"], "y")],
          ["x"],
          "y",
        ),
      ["x"],
    );
    assert.equal(count(g, "Transpose"), 0);
  });

  it("merges two Transposes that are not inverse into one", async () => {
    const g = await optimizeAndCompare(
      () => graph([transpose("x", NHWC_TO_NCHW, "a"), transpose("a", NHWC_TO_NCHW, "y")], ["x"], "y"),
      ["x"],
    );
    assert.equal(count(g, "Transpose"), 1);
  });

  it("pushes a Transpose through activations to meet its inverse", async () => {
    const g = await optimizeAndCompare(
      () =>
        graph(
          [
            transpose("x", NHWC_TO_NCHW, "a"),
            node("Relu", ["a"], "b"),
            node("Clip", ["b", "lo", "hi"], "c"),
            node("Sigmoid", ["c"], "d"),
            transpose("d", NCHW_TO_NHWC, "y"),
          ],
          ["x"],
          "y",
          [
            { name: "lo", elemType: "float32", dims: [], data: new Float32Array([0]) },
            { name: "hi", elemType: "float32", dims: [], data: new Float32Array([6]) },
          ],
        ),
      ["x"],
    );
    assert.equal(count(g, "Transpose"), 0);
  });

  it("pushes Transposes through Add (with a broadcast constant) and Concat", async () => {
    const g = await optimizeAndCompare(
      () =>
        graph(
          [
            transpose("x", NHWC_TO_NCHW, "a"),
            transpose("z", NHWC_TO_NCHW, "b"),
            node("Add", ["a", "b"], "s"),
            node("Mul", ["s", "bias"], "m"),
            node("Concat", ["m", "a"], "c", { axis: attr.int(1) }),
            transpose("c", NCHW_TO_NHWC, "y"),
          ],
          ["x", "z"],
          "y",
          [{ name: "bias", elemType: "float32", dims: [5, 1, 1], data: Float32Array.from([1, 2, 3, 4, 5]) }],
        ),
      ["x", "z"],
    );
    assert.equal(count(g, "Transpose"), 0);
  });

  it("drops a Transpose before a reduction that keeps the remaining axes in order", async () => {
    const g = await optimizeAndCompare(
      () =>
        graph(
          [
            transpose("x", NCHW_TO_NHWC, "a"),
            node("ReduceMean", ["a"], "y", { axes: attr.ints([1, 2]), keepdims: attr.int(0) }),
          ],
          ["x"],
          "y",
        ),
      ["x"],
    );
    assert.equal(count(g, "Transpose"), 0);
  });

  it("keeps the one Transpose a graph output needs", async () => {
    const g = await optimizeAndCompare(
      () => graph([node("Relu", ["x"], "a"), transpose("a", NHWC_TO_NCHW, "y")], ["x"], "y"),
      ["x"],
    );
    assert.equal(count(g, "Transpose"), 1);
  });
});

describe("no cancelling Transpose pairs in exported models", () => {
  it("MobileNet-like: one Transpose with NHWC inputs, none with NCHW inputs", async () => {
    const model = mobileNetLike(tf);
    assert.equal((await harness.expectParity(model)).opCounts.Transpose, 1);
    assert.equal((await harness.expectParity(model, { inputsAsNchw: true })).opCounts.Transpose, undefined);
  });

  it("ResNet-like and U-Net-like with NCHW inputs: only the U-Net's image output transposes back", async () => {
    assert.equal(
      (await harness.expectParity(resNetLike(tf), { inputsAsNchw: true })).opCounts.Transpose,
      undefined,
    );
    const unet = await harness.expectParity(uNetLike(tf), {
      inputsAsNchw: true,
      verify: { freeDimSize: 8, latencyRuns: 0 },
    });
    assert.equal(unet.opCounts.Transpose, 1);
    assert.deepEqual(unet.inputs[0]?.shape, ["batch", 3, "image_dim1", "image_dim2"]);
    assert.equal(unet.inputs[0]?.layout, "NCHW");
  });
});
