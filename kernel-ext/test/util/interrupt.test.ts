import assert from "node:assert/strict";
import { test } from "node:test";
import { forEachConcurrent } from "../../src/data/concurrent";
import {
  InterruptedError,
  interruptCheckpoint,
  interruptSignal,
  isInterruptedError,
  runInterruptible,
  throwIfInterrupted,
} from "../../src/util/interrupt";

test("outside a kernel cell checkpoints never throw", async () => {
  assert.equal(interruptSignal(), undefined);
  throwIfInterrupted("anything");
  await interruptCheckpoint();
});

test("work a cell started, awaited or not, sees that cell's interrupt", async () => {
  const cell = new AbortController();
  const other = new AbortController();
  let background: Promise<unknown> | undefined;
  await runInterruptible(cell.signal, async () => {
    background = (async () => {
      await new Promise((r) => setTimeout(r, 20));
      await interruptCheckpoint("the background loop");
    })().catch((e: unknown) => e);
    await interruptCheckpoint();
  });
  // Another cell's work is not affected by this cell's interrupt.
  const elsewhere = runInterruptible(other.signal, () => interruptCheckpoint());
  cell.abort();
  await elsewhere;
  const thrown = await background;
  assert.ok(isInterruptedError(thrown));
  assert.equal((thrown as Error).message, "Interrupted: the background loop stopped");
  assert.throws(() => runInterruptible(cell.signal, () => throwIfInterrupted()), InterruptedError);
});

test("forEachConcurrent starts no task after one failed and rejects once the others settled", async () => {
  const started: number[] = [];
  let inFlight = 0;
  let settledWhenRejected = -1;
  await assert.rejects(
    forEachConcurrent(100, 4, async (i) => {
      started.push(i);
      inFlight++;
      await new Promise((r) => setTimeout(r, 5));
      inFlight--;
      if (i === 5) throw new InterruptedError();
    }).finally(() => (settledWhenRejected = inFlight)),
    InterruptedError,
  );
  assert.equal(settledWhenRejected, 0, "no task still running when the call rejects");
  assert.ok(started.length < 12, `tasks kept starting: ${started.length}`);
});
