import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { Message } from "../../kernel-ext/src/jupyter/messages";
import { KernelClient } from "../support/kernel-client";

// Stop (SIGINT) and interrupt_request must stop the work a cell started, not only end the cell: each test
// starts long work, interrupts it, then checks that it ended with Interrupted, that nothing of it runs
// afterwards (a counter the work bumps stays put), that the model trains again and no tensor leaked.

let kernel: KernelClient;

before(async () => {
  kernel = await KernelClient.start();
  await kernel.ready();
  const { reply } = await kernel.execute(`
    const model = tf.sequential({
      layers: [
        tf.layers.dense({ units: 64, inputShape: [32], activation: "relu" }),
        tf.layers.dense({ units: 4, activation: "softmax" }),
      ],
    });
    model.compile({ optimizer: "adam", loss: "categoricalCrossentropy" });
    const xs = tf.randomNormal([512, 32]);
    const ys = tf.oneHot(tf.randomUniform([512], 0, 4, "int32"), 4);
    const counter = { batches: 0, predictions: 0, scanned: 0 };
    // Tells the test (on stdout) that the work is under way.
    const tick = (name: "batches" | "predictions" | "scanned") => {
      if (counter[name]++ === 0) console.log("work started");
    };
    const x8 = xs.slice(0, 8);
    const y8 = ys.slice(0, 8);
    const batches = tf.data.generator(function* () {
      for (;;) yield tf.tidy(() => ({ xs: tf.randomNormal([8, 32]), ys: tf.oneHot(tf.randomUniform([8], 0, 4, "int32"), 4) }));
    });
    // Creates the optimizer's variables, so that the count below is the steady state.
    await model.fit(xs, ys, { epochs: 1, batchSize: 64, verbose: 0 });
    const baseline = tf.memory().numTensors;
  `);
  assert.equal(reply.content.status, "ok", JSON.stringify(reply.content));
});

after(async () => {
  await kernel?.stop();
});

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

const value = (code: string): Promise<string> => kernel.valueOf(code);

type Interrupt = "SIGINT" | "interrupt_request";

async function interrupt(how: Interrupt): Promise<void> {
  if (how === "SIGINT") {
    kernel.process!.kill("SIGINT");
    return;
  }
  const reply = await kernel.request("interrupt_request", {}, { channel: "control" });
  assert.equal(reply.content.status, "ok", JSON.stringify(reply.content));
}

/** Runs `code`, interrupts it once it printed "work started" (see `tick`), and returns the cell's reply. */
async function interruptWhenStarted(code: string, how: Interrupt): Promise<Message> {
  const seen = kernel.iopubMessages.length;
  const running = kernel.execute(code);
  await kernel.waitForIopub(
    (m) =>
      kernel.iopubMessages.indexOf(m) >= seen &&
      m.header.msg_type === "stream" &&
      String(m.content.text).includes("work started"),
  );
  await sleep(300);
  await interrupt(how);
  const { reply } = await running;
  return reply;
}

/** Asserts a counter read in later cells no longer moves: nothing of the interrupted work runs on. */
async function assertStopped(counter: string): Promise<void> {
  const first = await value(counter);
  await sleep(1000);
  assert.equal(await value(counter), first, `${counter} still moves after the interrupt`);
}

async function assertTrainsAgainWithoutLeaks(): Promise<void> {
  const { reply } = await kernel.execute(
    "await model.fit(xs, ys, { epochs: 1, batchSize: 64, verbose: 0 });",
  );
  assert.equal(reply.content.status, "ok", `a following fit works: ${JSON.stringify(reply.content)}`);
  assert.equal(await value("tf.memory().numTensors - baseline"), "0", "tensors leaked");
}

for (const how of ["interrupt_request", "SIGINT"] as const) {
  test(`${how} during model.fit stops training at the next batch`, async () => {
    await value("counter.batches = 0");
    const reply = await interruptWhenStarted(
      `await model.fit(xs, ys, {
        epochs: 100000, batchSize: 8, verbose: 0,
        callbacks: { onBatchEnd: async () => tick("batches") },
      });`,
      how,
    );
    assert.equal(reply.content.status, "error");
    assert.equal(reply.content.ename, "Interrupted");
    assert.match(String(reply.content.evalue), /model\.fit stopped in epoch \d+ after batch \d+/);
    await assertStopped("counter.batches");
    await assertTrainsAgainWithoutLeaks();
  });
}

test("SIGINT during model.fitDataset with callback objects stops training", async () => {
  await value("counter.batches = 0");
  const reply = await interruptWhenStarted(
    `await model.fitDataset(batches, {
      epochs: 100000, batchesPerEpoch: 64, verbose: 0,
      callbacks: [new tf.CustomCallback({ onBatchEnd: async () => tick("batches") })],
    });`,
    "SIGINT",
  );
  assert.equal(reply.content.ename, "Interrupted", JSON.stringify(reply.content));
  assert.match(String(reply.content.evalue), /model\.fitDataset stopped/);
  await assertStopped("counter.batches");
  await assertTrainsAgainWithoutLeaks();
});

test("interrupt_request during a custom loop of trainOnBatch steps stops the loop", async () => {
  await value("counter.batches = 0");
  const reply = await interruptWhenStarted(
    `for (;;) { await model.trainOnBatch(x8, y8); tick("batches"); }`,
    "interrupt_request",
  );
  assert.equal(reply.content.ename, "Interrupted", JSON.stringify(reply.content));
  await assertStopped("counter.batches");
  await assertTrainsAgainWithoutLeaks();
});

test("interrupt_request during collectPredictions stops predicting", async () => {
  const { reply: setup } = await kernel.execute(`
    const many = new ImageDataset({
      pixels: new Uint8Array(200000 * 32).map((_, i) => (i * 7) % 256),
      height: 4, width: 8, channels: 1,
      labels: Int32Array.from({ length: 200000 }, (_, i) => i % 4),
      classNames: ["a", "b", "c", "d"],
    });
    const flat = (images: tf.Tensor) => { tick("predictions"); return model.predict(images.reshape([-1, 32])) as tf.Tensor; };
  `);
  assert.equal(setup.content.status, "ok", JSON.stringify(setup.content));
  const reply = await interruptWhenStarted(
    "await collectPredictions(flat, many, { batchSize: 16, progress: false });",
    "interrupt_request",
  );
  assert.equal(reply.content.ename, "Interrupted", JSON.stringify(reply.content));
  assert.match(String(reply.content.evalue), /Interrupted/);
  await assertStopped("counter.predictions");
  assert.equal(await value("tf.memory().numTensors - baseline"), "0", "tensors leaked");
  assert.equal(
    await value(
      "(await collectPredictions(flat, many.subset([0, 1, 2, 3]), { progress: false })).labels.length",
    ),
    "4",
  );
});

test("SIGINT during findOutliers stops the scan", async () => {
  const { reply: setup } = await kernel.execute(`
    class CountedDataset extends ImageDataset {
      override pixels(i: number) { tick("scanned"); return super.pixels(i); }
    }
    const counted = new CountedDataset({
      pixels: new Uint8Array(200000 * 32).map((_, i) => (i * 13) % 256),
      height: 4, width: 8, channels: 1,
      labels: Int32Array.from({ length: 200000 }, (_, i) => i % 4),
      classNames: ["a", "b", "c", "d"],
    });
  `);
  assert.equal(setup.content.status, "ok", JSON.stringify(setup.content));
  const reply = await interruptWhenStarted(
    "await findOutliers(counted, { checks: ['blurry', 'exact_duplicate'], progress: false });",
    "SIGINT",
  );
  assert.equal(reply.content.ename, "Interrupted", JSON.stringify(reply.content));
  await assertStopped("counter.scanned");
  assert.equal(await value("tf.memory().numTensors - baseline"), "0", "tensors leaked");
});
