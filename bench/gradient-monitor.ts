// Cost of gradientMonitor: a monitored model.fit (every: 10) against the same fit unmonitored, and the
// capture cost of one step of a 20-layer model, on the default backend. Run: node --import tsx bench/gradient-monitor.ts
import { performance } from "node:perf_hooks";
import { initBackend, tf } from "../kernel-ext/src/backend";
import { gradientMonitor } from "../kernel-ext/src/training/gradient-monitor";

function mlp(hidden: number[], inputs: number, outputs: number): tf.Sequential {
  const model = tf.sequential();
  hidden.forEach((units, i) =>
    model.add(tf.layers.dense({ units, activation: "relu", inputShape: i === 0 ? [inputs] : undefined })),
  );
  model.add(tf.layers.dense({ units: outputs, activation: "softmax" }));
  model.compile({ optimizer: tf.train.adam(1e-3), loss: "categoricalCrossentropy" });
  return model;
}

async function timeFit(
  model: tf.Sequential,
  xs: tf.Tensor,
  ys: tf.Tensor,
  callbacks: tf.Callback[],
  epochs: number,
): Promise<number> {
  const t = performance.now();
  await model.fit(xs, ys, { epochs, batchSize: 64, callbacks, verbose: 0 });
  return performance.now() - t;
}

const median = (v: number[]): number => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)] as number;

async function main(): Promise<void> {
  const backend = await initBackend();
  console.log(`backend: ${backend.name} ${backend.version}, ${backend.threads} thread(s)`);
  const n = 1024;
  const xs = tf.randomUniform([n, 784]);
  const ys = tf.oneHot(tf.randomUniform([n], 0, 10, "int32"), 10);

  // 1. Monitored vs unmonitored fit, MLP 784-256-128-10, batch 64, 16 steps an epoch.
  const model = mlp([256, 128], 784, 10);
  await timeFit(model, xs, ys, [], 1); // warm-up: kernels compiled, optimizer slots created
  const plain: number[] = [];
  const monitored: number[] = [];
  const withActivations: number[] = [];
  const sample = xs.slice(0, 64);
  for (let r = 0; r < 3; r++) {
    plain.push(await timeFit(model, xs, ys, [], 2));
    monitored.push(await timeFit(model, xs, ys, [gradientMonitor(model, { every: 10 })], 2));
    withActivations.push(await timeFit(model, xs, ys, [gradientMonitor(model, { every: 10, sample })], 2));
  }
  const p = median(plain);
  console.log("\nmodel.fit, MLP 784-256-128-10, 1,024 samples × 2 epochs, batch 64 (median of 3)");
  console.log(`  unmonitored                          ${p.toFixed(0).padStart(6)} ms`);
  console.log(
    `  gradientMonitor every 10             ${median(monitored).toFixed(0).padStart(6)} ms   ${(median(monitored) / p).toFixed(3)}×  (target ≤ 1.15×)`,
  );
  console.log(
    `  … with activations on 64 samples     ${median(withActivations).toFixed(0).padStart(6)} ms   ${(median(withActivations) / p).toFixed(3)}×`,
  );

  // 2. Capture of one step, 20 dense layers of 128 units: every step recorded vs none, per step.
  const deep = mlp(
    Array.from({ length: 19 }, () => 128),
    784,
    10,
  );
  const small = xs.slice(0, 640);
  const smallYs = ys.slice(0, 640);
  await timeFit(deep, small, smallYs, [], 1);
  const steps = 10;
  const deepPlain: number[] = [];
  const deepEvery: number[] = [];
  for (let r = 0; r < 3; r++) {
    deepPlain.push(await timeFit(deep, small, smallYs, [], 1));
    deepEvery.push(await timeFit(deep, small, smallYs, [gradientMonitor(deep, { every: 1 })], 1));
  }
  const perStep = (median(deepEvery) - median(deepPlain)) / steps;
  console.log("\ncapture of one step, 20-layer MLP (19×128 hidden), gradients of every layer");
  console.log(
    `  step unmonitored ${(median(deepPlain) / steps).toFixed(1)} ms, recorded ${(median(deepEvery) / steps).toFixed(1)} ms`,
  );
  console.log(
    `  capture cost per step               ${perStep.toFixed(1).padStart(6)} ms   (target < 50 ms)`,
  );
  tf.dispose([xs, ys, sample, small, smallYs]);
}

void main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
