import { after, before, describe, it } from "node:test";
import { ParityHarness } from "./helpers/parity";
import { single } from "./helpers/models";
import { tf, useCpuBackend } from "./helpers/tf-setup";

const harness = new ParityHarness();
before(async () => {
  await useCpuBackend();
});
after(() => harness.checkAllAndCleanUp());

describe("pooling layers match tfjs", () => {
  for (const padding of ["valid", "same"] as const) {
    for (const [poolSize, strides] of [
      [2, undefined],
      [3, 2],
      [
        [3, 2],
        [1, 2],
      ],
    ] as const) {
      const args = {
        poolSize: poolSize as number | [number, number],
        strides: strides as number | [number, number] | undefined,
        padding,
      };
      it(`MaxPooling2D / AveragePooling2D ${JSON.stringify(args)}`, async () => {
        await harness.expectParity(single(tf, [7, 8, 3], tf.layers.maxPooling2d(args)));
        await harness.expectParity(single(tf, [7, 8, 3], tf.layers.averagePooling2d(args)));
      });
    }
    it(`MaxPooling1D / AveragePooling1D padding=${padding}`, async () => {
      await harness.expectParity(
        single(tf, [9, 3], tf.layers.maxPooling1d({ poolSize: 3, strides: 2, padding })),
      );
      await harness.expectParity(single(tf, [9, 3], tf.layers.averagePooling1d({ poolSize: 2, padding })));
    });
  }

  it("pooling on dynamic spatial sizes", async () => {
    await harness.expectParity(
      single(tf, [null, null, 2], tf.layers.maxPooling2d({ poolSize: 3, strides: 2, padding: "same" })),
      {
        verify: { freeDimSize: 9, latencyRuns: 0 },
      },
    );
    await harness.expectParity(
      single(tf, [null, null, 2], tf.layers.averagePooling2d({ poolSize: 2, padding: "same" })),
      {
        verify: { freeDimSize: 7, latencyRuns: 0 },
      },
    );
  });

  it("channelsFirst pooling", async () => {
    await harness.expectParity(
      single(tf, [2, 6, 6], tf.layers.maxPooling2d({ poolSize: 2, dataFormat: "channelsFirst" })),
    );
    await harness.expectParity(
      single(tf, [2, 6, 6], tf.layers.globalAveragePooling2d({ dataFormat: "channelsFirst" })),
    );
  });

  it("global poolings 1D and 2D", async () => {
    await harness.expectParity(single(tf, [5, 4], tf.layers.globalAveragePooling1d()));
    await harness.expectParity(single(tf, [5, 4], tf.layers.globalMaxPooling1d()));
    await harness.expectParity(single(tf, [5, 6, 4], tf.layers.globalAveragePooling2d({})));
    await harness.expectParity(single(tf, [5, 6, 4], tf.layers.globalMaxPooling2d({})));
  });

  for (const opset of [13, 18, 26]) {
    it(`global pooling after a convolution at opset ${opset} (axes as attribute or input)`, async () => {
      const conv = tf.layers.conv2d({ filters: 3, kernelSize: 3 });
      await harness.expectParity(single(tf, [6, 6, 2], conv, tf.layers.globalMaxPooling2d({})), { opset });
    });
  }

  it("3D pooling", async () => {
    await harness.expectParity(
      single(tf, [4, 6, 6, 2], tf.layers.maxPooling3d({ poolSize: 2, padding: "same" })),
    );
    await harness.expectParity(
      single(tf, [4, 6, 6, 2], tf.layers.averagePooling3d({ poolSize: [2, 3, 3], strides: 2 })),
    );
  });
});
