// ms per training step of a small CNN and an MLP on tfjs wasm (with tslab-ml's kernels), tfjs cpu
// and PyTorch CPU (bench/train-step.py, spawned), side by side. Batch 64 of Fashion-MNIST-shaped
// random data, softmax cross-entropy on logits, Adam (lr 1e-3); a step is one optimizer update plus
// reading the loss. Wall figures are medians over the timed steps; CPU figures are the process's
// CPU time per step (all threads), which other load on a shared machine disturbs far less.
//
//   node --import tsx bench/train-step.ts [--steps N] [--threads N] [--no-cpu] [--no-torch] [--profile]
//
// --threads sets TSLAB_ML_WASM_THREADS (the wasm thread count) and torch.set_num_threads alike.
// The cpu backend takes ~16 s per CNN step, so it runs one warm-up and one timed step there.
import { spawnSync } from "node:child_process";
import { availableParallelism, loadavg } from "node:os";
import { join } from "node:path";
import { initBackend, tf } from "../kernel-ext/src/backend";

interface Options {
  steps: number;
  threads: number;
  cpu: boolean;
  torch: boolean;
  profile: boolean;
}

function parseArgs(argv: string[]): Options {
  const options: Options = { steps: 30, threads: 1, cpu: true, torch: true, profile: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--steps") options.steps = Number(argv[++i]);
    else if (arg === "--threads") options.threads = Number(argv[++i]);
    else if (arg === "--no-cpu") options.cpu = false;
    else if (arg === "--no-torch") options.torch = false;
    else if (arg === "--profile") options.profile = true;
    else throw new Error(`unknown argument ${arg}`);
  }
  if (!(options.steps >= 1 && options.threads >= 1))
    throw new Error("--steps and --threads must be positive");
  return options;
}

type ModelName = "cnn" | "mlp";
const L = tf.layers;

function build(name: ModelName): tf.Sequential {
  const layers =
    name === "cnn"
      ? [
          L.conv2d({
            inputShape: [28, 28, 1],
            filters: 16,
            kernelSize: 3,
            padding: "same",
            activation: "relu",
          }),
          L.maxPooling2d({ poolSize: 2 }),
          L.conv2d({ filters: 32, kernelSize: 3, padding: "same", activation: "relu" }),
          L.maxPooling2d({ poolSize: 2 }),
          L.flatten(),
          L.dense({ units: 64, activation: "relu" }),
          L.dense({ units: 10 }),
        ]
      : [
          L.flatten({ inputShape: [28, 28, 1] }),
          L.dense({ units: 256, activation: "relu" }),
          L.dense({ units: 128, activation: "relu" }),
          L.dense({ units: 10 }),
        ];
  return tf.sequential({ layers });
}

/** One training step's closure, and what to dispose after. */
function trainer(name: ModelName): { step: () => void; dispose: () => void } {
  const model = build(name);
  const optimizer = tf.train.adam(1e-3);
  const x = tf.randomUniform([64, 28, 28, 1]);
  const labels = tf.oneHot(tf.randomUniform([64], 0, 10, "int32") as tf.Tensor1D, 10);
  const step = () => {
    const loss = optimizer.minimize(
      () => tf.losses.softmaxCrossEntropy(labels, model.apply(x) as tf.Tensor) as tf.Scalar,
      true,
    );
    loss?.dataSync();
    loss?.dispose();
  };
  return {
    step,
    dispose: () => {
      tf.dispose([x, labels]);
      optimizer.dispose();
      model.dispose();
    },
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

interface Timing {
  wall: number;
  cpu: number;
}

function timeSteps(name: ModelName, warmup: number, steps: number): Timing {
  const { step, dispose } = trainer(name);
  for (let i = 0; i < warmup; i++) step();
  const times: number[] = [];
  const cpuStart = process.cpuUsage();
  for (let i = 0; i < steps; i++) {
    const start = performance.now();
    step();
    times.push(performance.now() - start);
  }
  const cpu = process.cpuUsage(cpuStart);
  dispose();
  return { wall: median(times), cpu: (cpu.user + cpu.system) / 1000 / steps };
}

async function profileWasm(name: ModelName): Promise<string> {
  const { step, dispose } = trainer(name);
  for (let i = 0; i < 3; i++) step();
  const profile = await tf.profile(() => step());
  dispose();
  const byKernel = new Map<string, number>();
  for (const k of profile.kernels) byKernel.set(k.name, (byKernel.get(k.name) ?? 0) + Number(k.kernelTimeMs));
  const total = [...byKernel.values()].reduce((a, b) => a + b, 0);
  const top = [...byKernel.entries()].sort((a, b) => b[1] - a[1]).slice(0, 8);
  return (
    `  ${name}: ${profile.kernels.length} kernels, ${total.toFixed(1)} ms in kernels; ` +
    top.map(([k, ms]) => `${k} ${ms.toFixed(1)}`).join(", ")
  );
}

interface TorchResult {
  torch: string;
  threads: number;
  cnn: Timing;
  mlp: Timing;
}

function runTorch(threads: number, steps: number): TorchResult | string {
  const child = spawnSync(
    "/usr/bin/python3",
    [join(__dirname, "train-step.py"), "--threads", String(threads), "--steps", String(steps)],
    {
      encoding: "utf8",
      timeout: 600_000,
    },
  );
  if (child.error) return `could not run /usr/bin/python3: ${child.error.message}`;
  if (child.status !== 0) return `train-step.py failed: ${child.stderr.trim().split("\n").pop() ?? ""}`;
  return JSON.parse(child.stdout.trim().split("\n").pop() ?? "{}") as TorchResult;
}

const fmt = (ms: number | undefined) => (ms === undefined ? "—" : ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));
const ratio = (a: number | undefined, b: number | undefined) =>
  a === undefined || b === undefined ? "—" : `${(a / b).toFixed(a / b >= 10 ? 0 : 2)}×`;

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  process.env.TSLAB_ML_WASM_THREADS = String(options.threads);
  const models: ModelName[] = ["cnn", "mlp"];
  const wasm: Partial<Record<ModelName, Timing>> = {};
  const cpu: Partial<Record<ModelName, Timing>> = {};

  const info = await initBackend("wasm");
  for (const m of models) wasm[m] = timeSteps(m, 5, options.steps);
  const profiles: string[] = [];
  // One at a time: tf.profile records every kernel the engine runs meanwhile.
  if (options.profile) for (const m of models) profiles.push(await profileWasm(m));

  if (options.cpu) {
    await initBackend("cpu");
    cpu.cnn = timeSteps("cnn", 1, 1);
    cpu.mlp = timeSteps("mlp", 2, 5);
  }
  const torch = options.torch ? runTorch(info.threads, options.steps) : "skipped (--no-torch)";

  const t = typeof torch === "string" ? undefined : torch;
  console.log(
    `train step, batch 64, Adam, softmax cross-entropy; ${options.steps} timed steps (cpu backend: 1 CNN, 5 MLP)`,
  );
  console.log(
    `tfjs ${tf.version_core}, wasm ${info.version} with ${info.threads} thread(s); ` +
      (t ? `PyTorch ${t.torch} with ${t.threads} thread(s)` : `PyTorch: ${String(torch)}`),
  );
  console.log(
    `load average at the end: ${loadavg()
      .map((v) => v.toFixed(2))
      .join(" ")} on ${availableParallelism()} cores`,
  );
  console.log("");
  for (const kind of ["wall", "cpu"] as const) {
    console.log(
      kind === "wall" ? "wall-clock ms per step (median)" : "CPU ms per step (process, all threads)",
    );
    console.log("model  wasm ms  tfjs-cpu ms  torch ms  cpu/wasm  wasm/torch");
    for (const m of models) {
      const [w, c, p] = [wasm[m]?.[kind], cpu[m]?.[kind], t?.[m][kind]];
      console.log(
        `${m.padEnd(5)}  ${fmt(w).padStart(7)}  ${fmt(c).padStart(11)}  ${fmt(p).padStart(8)}  ` +
          `${ratio(c, w).padStart(8)}  ${ratio(w, p).padStart(10)}`,
      );
    }
    console.log("");
  }
  console.log("targets: cpu/wasm ≥ 100× on the CNN; wasm/torch ≤ 2× on both");
  if (profiles.length) console.log(["wasm kernel time, top kernels (ms):", ...profiles].join("\n"));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
