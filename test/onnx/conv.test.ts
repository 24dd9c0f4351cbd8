import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ParityHarness } from "./helpers/parity";
import { single } from "./helpers/models";
import { tf, useCpuBackend } from "./helpers/tf-setup";

const harness = new ParityHarness();
before(async () => {
  await useCpuBackend();
});
after(() => harness.checkAllAndCleanUp());

describe("convolutions match tfjs", () => {
  for (const padding of ["valid", "same"] as const) {
    for (const strides of [1, 2, [2, 1]] as const) {
      it(`Conv2D padding=${padding} strides=${JSON.stringify(strides)}`, async () => {
        const conv = tf.layers.conv2d({
          filters: 4,
          kernelSize: 3,
          padding,
          strides: strides as number | [number, number],
          activation: "relu",
        });
        await harness.expectParity(single(tf, [9, 8, 3], conv));
      });
    }
  }

  it("Conv2D with dilation, rectangular kernel, no bias", async () => {
    const conv = tf.layers.conv2d({
      filters: 3,
      kernelSize: [3, 2],
      dilationRate: 2,
      padding: "same",
      useBias: false,
    });
    await harness.expectParity(single(tf, [10, 9, 2], conv));
  });

  it("Conv2D on dynamic spatial size (SAME_UPPER at run time)", async () => {
    const conv = tf.layers.conv2d({ filters: 3, kernelSize: 3, padding: "same", strides: 2 });
    await harness.expectParity(single(tf, [null, null, 2], conv), {
      verify: { freeDimSize: 11, latencyRuns: 0 },
    });
  });

  it("Conv2D channelsFirst", async () => {
    const conv = tf.layers.conv2d({
      filters: 3,
      kernelSize: 3,
      dataFormat: "channelsFirst",
      padding: "same",
      activation: "elu",
    });
    await harness.expectParity(single(tf, [2, 7, 7], conv));
  });

  for (const padding of ["valid", "same"] as const) {
    it(`Conv1D padding=${padding} stride 2 and dilated`, async () => {
      const a = tf.layers.conv1d({ filters: 4, kernelSize: 3, strides: 2, padding });
      const b = tf.layers.conv1d({ filters: 2, kernelSize: 2, dilationRate: 2, padding, activation: "tanh" });
      await harness.expectParity(single(tf, [13, 3], a, b));
    });
  }

  it("SeparableConv2D channelsFirst without bias; tfjs's broken channelsFirst variants are refused", async () => {
    const sep = tf.layers.separableConv2d({
      filters: 3,
      kernelSize: 3,
      dataFormat: "channelsFirst",
      useBias: false,
    });
    await harness.expectParity(single(tf, [2, 7, 6], sep));
    const withBias = tf.layers.separableConv2d({
      filters: 3,
      kernelSize: 3,
      dataFormat: "channelsFirst",
      name: "sep_cf",
    });
    await assert.rejects(
      harness.export(single(tf, [2, 7, 6], withBias)),
      /Layer "sep_cf" \(class SeparableConv2D\): channelsFirst with a bias/,
    );
    const conv1d = tf.layers.conv1d({
      filters: 2,
      kernelSize: 3,
      dataFormat: "channelsFirst",
      name: "c1_cf",
    });
    await assert.rejects(
      harness.export(single(tf, [3, 9], conv1d)),
      /Layer "c1_cf" \(class Conv1D\): channelsFirst/,
    );
  });

  it("Conv3D", async () => {
    const conv = tf.layers.conv3d({ filters: 2, kernelSize: 2, padding: "same", strides: [1, 2, 2] });
    await harness.expectParity(single(tf, [4, 5, 5, 2], conv));
  });

  for (const padding of ["valid", "same"] as const) {
    for (const [kernelSize, strides] of [
      [3, 2],
      [2, 2],
      [1, 2],
      [4, 3],
      [3, 1],
    ] as const) {
      it(`Conv2DTranspose padding=${padding} kernel ${kernelSize} stride ${strides}`, async () => {
        const deconv = tf.layers.conv2dTranspose({
          filters: 3,
          kernelSize,
          strides,
          padding,
          activation: "relu",
        });
        await harness.expectParity(single(tf, [5, 4, 2], deconv));
      });
    }
  }

  for (const padding of ["valid", "same"] as const) {
    it(`DepthwiseConv2D multiplier 2, stride 2, padding=${padding}`, async () => {
      const dw = tf.layers.depthwiseConv2d({
        kernelSize: 3,
        depthMultiplier: 2,
        strides: 2,
        padding,
        activation: "relu6",
      });
      await harness.expectParity(single(tf, [9, 9, 3], dw));
    });
  }

  it("DepthwiseConv2D with dilationRate (which tfjs's layer ignores)", async () => {
    const dw = tf.layers.depthwiseConv2d({ kernelSize: 3, dilationRate: 2, padding: "same" });
    await harness.expectParity(single(tf, [8, 8, 4], dw));
  });

  it("SeparableConv2D with dilation", async () => {
    const sep = tf.layers.separableConv2d({ filters: 3, kernelSize: 3, dilationRate: 2, padding: "same" });
    await harness.expectParity(single(tf, [9, 9, 2], sep));
  });

  for (const padding of ["valid", "same"] as const) {
    it(`SeparableConv2D multiplier 2, padding=${padding}`, async () => {
      const sep = tf.layers.separableConv2d({
        filters: 5,
        kernelSize: 3,
        depthMultiplier: 2,
        padding,
        strides: 2,
        activation: "sigmoid",
      });
      await harness.expectParity(single(tf, [9, 8, 3], sep));
    });
  }
});
