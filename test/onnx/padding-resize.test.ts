import { after, before, describe, it } from "node:test";
import { ParityHarness } from "./helpers/parity";
import { single } from "./helpers/models";
import { assertOnnxMatches } from "./helpers/reference";
import { tf, useCpuBackend } from "./helpers/tf-setup";
import { KerasCropping1D, KerasUpSampling1D, KerasZeroPadding1D } from "./fixtures/keras-layers";

const harness = new ParityHarness();
before(async () => {
  await useCpuBackend();
});
after(() => harness.checkAllAndCleanUp());

describe("padding, cropping and resizing match tfjs", () => {
  it("ZeroPadding2D symmetric, per side, channelsFirst", async () => {
    await harness.expectParity(single(tf, [4, 5, 2], tf.layers.zeroPadding2d()));
    await harness.expectParity(
      single(
        tf,
        [4, 5, 2],
        tf.layers.zeroPadding2d({
          padding: [
            [1, 2],
            [0, 3],
          ],
        }),
      ),
    );
    await harness.expectParity(
      single(tf, [2, 4, 5], tf.layers.zeroPadding2d({ padding: [2, 1], dataFormat: "channelsFirst" })),
    );
  });

  it("Cropping2D symmetric and per side", async () => {
    await harness.expectParity(single(tf, [7, 6, 2], tf.layers.cropping2D({ cropping: 1 })));
    await harness.expectParity(
      single(
        tf,
        [7, 6, 2],
        tf.layers.cropping2D({
          cropping: [
            [2, 0],
            [1, 3],
          ],
        }),
      ),
    );
    await harness.expectParity(
      single(
        tf,
        [2, 7, 6],
        tf.layers.cropping2D({
          cropping: [
            [1, 2],
            [0, 1],
          ],
          dataFormat: "channelsFirst",
        }),
      ),
    );
  });

  it("ZeroPadding1D, Cropping1D, UpSampling1D (Keras)", async () => {
    await harness.expectParity(single(tf, [5, 3], new KerasZeroPadding1D([2, 1])));
    await harness.expectParity(single(tf, [6, 3], new KerasCropping1D([1, 2])));
    await harness.expectParity(single(tf, [4, 3], new KerasUpSampling1D(3)));
  });

  for (const interpolation of ["nearest", "bilinear"] as const) {
    it(`UpSampling2D ${interpolation}, square and rectangular factors, channelsFirst, dynamic size`, async () => {
      await harness.expectParity(
        single(tf, [3, 4, 2], tf.layers.upSampling2d({ size: [2, 2], interpolation })),
      );
      await harness.expectParity(
        single(tf, [3, 4, 2], tf.layers.upSampling2d({ size: [3, 2], interpolation })),
      );
      await harness.expectParity(
        single(
          tf,
          [2, 3, 4],
          tf.layers.upSampling2d({ size: [2, 3], interpolation, dataFormat: "channelsFirst" }),
        ),
      );
      await harness.expectParity(
        single(tf, [null, null, 2], tf.layers.upSampling2d({ size: [2, 2], interpolation })),
        {
          verify: { freeDimSize: 5, latencyRuns: 0 },
        },
      );
    });
  }

  // tfjs's Resizing layer only runs eagerly (inside a model it receives a list and fails), so the export is
  // checked against the layer applied to a tensor directly: the same tfjs resize kernels.
  for (const opset of [13, 18]) {
    for (const interpolation of ["nearest", "bilinear"] as const) {
      for (const cropToAspectRatio of [false, true]) {
        it(`Resizing ${interpolation} cropToAspectRatio=${cropToAspectRatio} at opset ${opset}`, async () => {
          for (const [inputShape, height, width] of [
            [[4, 6, 3], 7, 5],
            [[9, 8, 3], 3, 2],
            [[null, null, 2], 5, 4],
          ] as const) {
            const layer = tf.layers.resizing({ height, width, interpolation, cropToAspectRatio });
            const exported = await harness.export(single(tf, [...inputShape], layer), {
              opset,
              verify: false,
            });
            const x = tf.randomNormal(
              [2, inputShape[0] ?? 11, inputShape[1] ?? 7, inputShape[2]],
              0,
              1,
              "float32",
              5,
            );
            const expected = layer.apply(x) as tf.Tensor;
            await assertOnnxMatches(exported, [x], [expected]);
            tf.dispose([x, expected]);
          }
        });
      }
    }
  }
});
