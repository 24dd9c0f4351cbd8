// Cost of the training diagnostics on the default backend, side by side with their peers as ratios:
// a monitored model.fit (every: 10, with weights, updates and activations on the first batch) against the same
// fit unmonitored (target ≤ 1.15×); trainingCurves against a plain fit; findLearningRate over 100 steps against
// 100 plain trainOnBatch steps (target ≤ 1.2×); and the capture cost of one step of a 20-layer model.
// Times are this process's CPU time (user + system), not wall time: on a shared machine another process's load
// stretches wall time but not the CPU time of single-threaded wasm work. Run: node --import tsx bench/gradient-monitor.ts
import { initBackend, tf } from "../kernel-ext/src/backend";
import { trainingCurves } from "../kernel-ext/src/training/curves";
import { gradientMonitor } from "../kernel-ext/src/training/gradient-monitor";
import { findLearningRate } from "../kernel-ext/src/training/lr-finder";

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
  const t = cpuMs();
  await model.fit(xs, ys, { epochs, batchSize: 64, callbacks, verbose: 0 });
  return cpuMs() - t;
}

/** CPU time of this process in ms. */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
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
  const gradientsOnly: number[] = [];
  const monitored: number[] = [];
  const curves: number[] = [];
  // Interleaved rounds, so a slower moment of a shared machine falls on every variant alike.
  for (let r = 0; r < 5; r++) {
    plain.push(await timeFit(model, xs, ys, [], 2));
    gradientsOnly.push(
      await timeFit(model, xs, ys, [gradientMonitor(model, { every: 10, activations: false })], 2),
    );
    monitored.push(await timeFit(model, xs, ys, [gradientMonitor(model, { every: 10 })], 2));
    curves.push(await timeFit(model, xs, ys, [trainingCurves()], 2));
  }
  const p = median(plain);
  const row = (label: string, times: number[], target = ""): void =>
    console.log(
      `  ${label.padEnd(52)} ${median(times).toFixed(0).padStart(6)} ms   ${(median(times) / p).toFixed(3)}×${target}`,
    );
  console.log("\nmodel.fit, MLP 784-256-128-10, 1,024 samples × 2 epochs, batch 64 (median of 5, CPU ms)");
  console.log(`  ${"unmonitored (peer)".padEnd(52)} ${p.toFixed(0).padStart(6)} ms   1.000×`);
  row("gradientMonitor every 10, gradients/weights/updates", gradientsOnly);
  row("… + activations on the first batch (the default)", monitored, "  (target ≤ 1.15×)");
  row("trainingCurves", curves);

  // 2. The learning-rate finder: 100 ramp steps against 100 plain trainOnBatch steps of the same batches.
  const finderModel = mlp([256, 128], 784, 10);
  await finderModel.trainOnBatch(xs.slice(0, 64), ys.slice(0, 64));
  const batches = Array.from({ length: 16 }, (_, i) => [xs.slice(i * 64, 64), ys.slice(i * 64, 64)] as const);
  const plainSteps: number[] = [];
  const finder: number[] = [];
  for (let r = 0; r < 3; r++) {
    let t = cpuMs();
    for (let s = 0; s < 100; s++) {
      const [bx, by] = batches[s % batches.length]!;
      await finderModel.trainOnBatch(bx, by);
    }
    plainSteps.push(cpuMs() - t);
    t = cpuMs();
    // end 1e-2: Adam stays finite, so all 100 steps run (a diverging ramp would stop early and look cheap).
    await findLearningRate(finderModel, { xs, ys }, { steps: 100, end: 1e-2, batchSize: 64 });
    finder.push(cpuMs() - t);
  }
  const q = median(plainSteps);
  console.log("\nlearning-rate range test, same MLP, 100 steps of batch 64 (median of 3, CPU ms)");
  console.log(`  ${"100 × model.trainOnBatch (peer)".padEnd(52)} ${q.toFixed(0).padStart(6)} ms   1.000×`);
  console.log(
    `  ${"findLearningRate({ steps: 100 }) incl. restore".padEnd(52)} ${median(finder).toFixed(0).padStart(6)} ms   ${(median(finder) / q).toFixed(3)}×  (target ≤ 1.2×)`,
  );
  for (const [bx, by] of batches) tf.dispose([bx, by]);

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
  tf.dispose([xs, ys, small, smallYs]);
}

void main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
