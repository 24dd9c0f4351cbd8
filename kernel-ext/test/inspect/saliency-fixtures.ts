// Shared by the saliency tests: a planted dataset whose class is decided by where a bright square is.
import { tf } from "../../src/backend";
import { ImageDataset } from "../../src/data/image-dataset";
import { seededRandom } from "../../src/util/random";

export const SIDE = 16;

/**
 * Dim noise everywhere; class 0 has a bright 4×4 square somewhere in the left half, class 1 in the right
 * half. Returns where each square is, to check the maps point at it.
 */
export function blobs(n: number): { ds: ImageDataset; squares: [number, number][] } {
  const random = seededRandom(4);
  const pixels = new Uint8Array(n * SIDE * SIDE);
  const labels = new Int32Array(n);
  const squares: [number, number][] = [];
  for (let i = 0; i < n; i++) {
    const label = i % 2;
    labels[i] = label;
    for (let p = 0; p < SIDE * SIDE; p++) pixels[i * SIDE * SIDE + p] = Math.floor(random() * 40);
    const x0 = (label ? 9 : 1) + Math.floor(random() * 3);
    const y0 = 2 + Math.floor(random() * 10);
    squares.push([x0, y0]);
    for (let y = y0; y < y0 + 4; y++)
      for (let x = x0; x < x0 + 4; x++) pixels[i * SIDE * SIDE + y * SIDE + x] = 230;
  }
  const ds = new ImageDataset({
    pixels,
    height: SIDE,
    width: SIDE,
    channels: 1,
    labels,
    classNames: ["left", "right"],
  });
  return { ds, squares };
}

/** Whether the map's hottest pixel lies on the square (within 2 px of it). */
export function pointsAt(map: Float32Array, [x0, y0]: [number, number]): boolean {
  let best = 0;
  for (let p = 1; p < map.length; p++) if ((map[p] as number) > (map[best] as number)) best = p;
  const x = best % SIDE;
  const y = Math.floor(best / SIDE);
  return (map[best] as number) > 0 && x >= x0 - 2 && x < x0 + 6 && y >= y0 - 2 && y < y0 + 6;
}

export async function trained(layers: tf.layers.Layer[], ds: ImageDataset): Promise<tf.Sequential> {
  const model = tf.sequential({ layers });
  model.compile({
    optimizer: tf.train.adam(0.01),
    loss: "sparseCategoricalCrossentropy",
    metrics: ["accuracy"],
  });
  const xs = ds.images();
  const ys = tf.tensor2d(Float32Array.from(ds.labels), [ds.length, 1]);
  // No shuffling: with seeded weights the training, and so the maps, are the same every run.
  await model.fit(xs, ys, { epochs: 20, batchSize: 32, shuffle: false, verbose: 0 });
  tf.dispose([xs, ys]);
  return model;
}

export const init = (seed: number): ReturnType<typeof tf.initializers.glorotUniform> =>
  tf.initializers.glorotUniform({ seed });

/** Two convolutions (the last named "last_conv"), global max pooling and a softmax, trained on `ds`. */
export function trainedCnn(ds: ImageDataset): Promise<tf.Sequential> {
  return trained(
    [
      tf.layers.conv2d({
        inputShape: [SIDE, SIDE, 1],
        filters: 8,
        kernelSize: 3,
        padding: "same",
        activation: "relu",
        kernelInitializer: init(1),
      }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.conv2d({
        filters: 8,
        kernelSize: 3,
        padding: "same",
        activation: "relu",
        kernelInitializer: init(2),
        name: "last_conv",
      }),
      tf.layers.globalMaxPooling2d({}),
      tf.layers.dense({ units: 2, activation: "softmax", kernelInitializer: init(3) }),
    ],
    ds,
  );
}

/** A dense network (no convolution), trained on `ds`. */
export function trainedDense(ds: ImageDataset): Promise<tf.Sequential> {
  return trained(
    [
      tf.layers.flatten({ inputShape: [SIDE, SIDE, 1] }),
      tf.layers.dense({ units: 16, activation: "relu", kernelInitializer: init(4) }),
      tf.layers.dense({ units: 2, activation: "softmax", kernelInitializer: init(5) }),
    ],
    ds,
  );
}
