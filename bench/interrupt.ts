// Stop during model.fit: time from the interrupt (SIGINT, or interrupt_request on control) to the cell's
// execute_reply, batches that still ran after the reply, and whether the next fit starts — tslab-ml
// against plain tslab, in the same run.
//   node --import tsx bench/interrupt.ts [--runs N]
import { KernelClient, KERNEL_BIN, REPO_ROOT } from "../test/support/kernel-client";
import { join } from "node:path";

const TSLAB_BIN = join(REPO_ROOT, "node_modules", "tslab", "bin", "tslab");

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

const ms = (x: number): string => (Number.isFinite(x) ? x.toFixed(0) : "never");

type Kind = "SIGINT" | "interrupt_request";
interface Figures {
  stopToEndMs: number;
  batchesAfterEnd: number;
  nextFitOk: boolean;
}

const SETUP = `
  const model = tf.sequential({
    layers: [tf.layers.dense({ units: 64, inputShape: [32], activation: "relu" }), tf.layers.dense({ units: 4, activation: "softmax" })],
  });
  model.compile({ optimizer: "adam", loss: "categoricalCrossentropy" });
  const xs = tf.randomNormal([512, 32]);
  const ys = tf.oneHot(tf.randomUniform([512], 0, 4, "int32"), 4);
  const counter = { batches: 0 };
`;

/** Reads the counter through stdout: plain tslab sends no execute_result. */
async function batchesSoFar(kernel: KernelClient): Promise<number> {
  const { outputs } = await kernel.execute("console.log(`batches=${counter.batches}`)");
  const text = outputs.map((m) => (m.header.msg_type === "stream" ? String(m.content.text) : "")).join("");
  const found = /batches=(\d+)/.exec(text);
  if (!found) throw new Error(`no counter in ${JSON.stringify(outputs.map((m) => m.content))}`);
  return Number(found[1]);
}

/** One measurement on a fresh kernel: a kernel that leaves training running would skew the next one. */
async function once(
  name: string,
  argv: (file: string) => string[],
  setup: string,
  kind: Kind,
): Promise<Figures> {
  const kernel = await KernelClient.start({ argv, cwd: REPO_ROOT });
  try {
    await kernel.ready(180_000);
    const { reply } = await kernel.execute(setup);
    if (reply.content.status !== "ok")
      throw new Error(`${name} setup failed: ${JSON.stringify(reply.content)}`);
    return await measure(kernel, kind);
  } finally {
    kernel.process?.kill("SIGKILL");
    await kernel.stop();
  }
}

async function measure(kernel: KernelClient, kind: Kind): Promise<Figures> {
  const seen = kernel.iopubMessages.length;
  const running = kernel.execute(`await model.fit(xs, ys, {
    epochs: 100000, batchSize: 8, verbose: 0,
    callbacks: { onBatchEnd: async () => { if (counter.batches++ === 0) console.log("work started"); } },
  });`);
  await kernel.waitForIopub((m) => kernel.iopubMessages.indexOf(m) >= seen && m.header.msg_type === "stream");
  await sleep(500);
  const stop = performance.now();
  if (kind === "SIGINT") kernel.process!.kill("SIGINT");
  else
    void kernel
      .request("interrupt_request", {}, { channel: "control", timeoutMs: 5000 })
      .catch(() => undefined);
  // Plain tslab has no interrupt_request: its cell would run on. Give up after 5 s and stop it by SIGINT.
  const ended = await Promise.race([running.then(() => true), sleep(5000).then(() => false)]);
  const stopToEndMs = ended ? performance.now() - stop : Infinity;
  if (!ended) {
    kernel.process!.kill("SIGINT");
    await running;
  }
  // tslab drops cells that arrive within 200 ms of a failed one.
  await sleep(300);
  const atEnd = await batchesSoFar(kernel);
  await sleep(1000);
  const later = await batchesSoFar(kernel);
  const { reply } = await kernel.execute(
    "await model.fit(xs, ys, { epochs: 1, batchSize: 64, verbose: 0 });",
  );
  const nextFitOk = reply.content.status === "ok";
  return { stopToEndMs, batchesAfterEnd: later - atEnd, nextFitOk };
}

async function main(): Promise<void> {
  const runs = option("runs", 3);
  const kernels = {
    tslab: {
      argv: (f: string) => [TSLAB_BIN, "kernel", "--config-path", f],
      setup: `import * as tf from "@tensorflow/tfjs";\n${SETUP}`,
    },
    "tslab-ml": { argv: (f: string) => [KERNEL_BIN, "kernel", "--config-path", f], setup: SETUP },
  };
  const results: Record<string, Record<Kind, Figures[]>> = {};
  for (const name of Object.keys(kernels)) results[name] = { SIGINT: [], interrupt_request: [] };
  for (let r = 0; r < runs; r++)
    for (const [name, k] of Object.entries(kernels))
      for (const kind of ["SIGINT", "interrupt_request"] as const)
        results[name]![kind].push(await once(name, k.argv, k.setup, kind));
  console.log(`Stop during model.fit (median of ${runs}; MLP 32→64→4, batch 8)`);
  console.log(
    `${"kernel".padEnd(10)} ${"interrupt".padEnd(18)} ${"stop→end ms".padStart(12)} ${"batches after".padStart(14)} ${"next fit".padStart(9)}`,
  );
  for (const [name, byKind] of Object.entries(results)) {
    for (const [kind, figures] of Object.entries(byKind)) {
      console.log(
        `${name.padEnd(10)} ${kind.padEnd(18)} ${ms(median(figures.map((f) => f.stopToEndMs))).padStart(12)} ` +
          `${median(figures.map((f) => f.batchesAfterEnd))
            .toFixed(0)
            .padStart(14)} ` +
          `${`${figures.filter((f) => f.nextFitOk).length}/${figures.length}`.padStart(9)}`,
      );
    }
  }
  for (const kind of ["SIGINT", "interrupt_request"] as const) {
    const ours = median(results["tslab-ml"]![kind].map((f) => f.stopToEndMs));
    const peer = median(results.tslab![kind].map((f) => f.stopToEndMs));
    console.log(
      `${kind}: tslab-ml / tslab stop→end = ${Number.isFinite(peer) ? `${(ours / peer).toFixed(2)}×` : "— (tslab's cell never ends)"}`,
    );
  }
}

void main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
