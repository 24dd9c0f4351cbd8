import * as tf from "@tensorflow/tfjs";
import { InterruptedError, interruptSignal } from "../util/interrupt";

// tfjs computes a batch synchronously and then only awaits promises that are already resolved: without
// a real yield, Stop and interrupt_request would wait in the event loop until the whole fit ended.
const YIELD_EVERY_MS = 50;

type Fit = tf.LayersModel["fit"];
type FitDataset = tf.LayersModel["fitDataset"];
type TrainOnBatch = tf.LayersModel["trainOnBatch"];
type Callbacks = tf.ModelFitArgs["callbacks"];

interface Position {
  epoch: number;
  batch: number;
}

/** Set on LayersModel.prototype so that installing twice (two module copies, a kernel restart) is a no-op. */
const INSTALLED = Symbol.for("tslab-ml.interruptible-training");

/** The fit in progress per model: one still unwinding from an interrupt is waited for. */
const running = new WeakMap<tf.LayersModel, { fitting: Promise<unknown>; signal: AbortSignal }>();

let lastYield = 0;

async function yieldNowAndThen(): Promise<void> {
  if (performance.now() - lastYield < YIELD_EVERY_MS) return;
  await new Promise<void>((resolve) => setImmediate(resolve));
  lastYield = performance.now();
}

function isCallbackObject(value: unknown): boolean {
  return value instanceof tf.Callback || value instanceof tf.CustomCallback;
}

/** The user's callbacks plus ours, in the one form tfjs accepts (all callback objects or all plain args). */
function withCallback(callbacks: Callbacks, ours: tf.CustomCallbackArgs): Callbacks {
  if (callbacks == null) return [ours];
  const list = Array.isArray(callbacks) ? callbacks : [callbacks];
  if (list.length > 0 && isCallbackObject(list[0]))
    return [...(list as tf.Callback[]), new tf.CustomCallback(ours) as unknown as tf.Callback];
  return [...(list as tf.CustomCallbackArgs[]), ours];
}

/**
 * A callback that yields to the event loop between batches and, once `signal` is aborted, sets
 * `stopTraining`: tfjs then ends the fit after the batch in flight, disposing what it owns and clearing its
 * "training" flag, so the same model can be fitted again.
 */
function stopOnInterrupt(
  model: tf.LayersModel,
  signal: AbortSignal,
  position: Position,
): tf.CustomCallbackArgs {
  const check = (): void => {
    if (signal.aborted) model.stopTraining = true;
  };
  return {
    onEpochBegin: async (epoch) => {
      position.epoch = epoch;
      position.batch = -1;
      check();
    },
    onBatchEnd: async (batch) => {
      position.batch = batch;
      await yieldNowAndThen();
      check();
    },
  };
}

function describe(method: string, position: Position): string {
  const where =
    position.batch < 0
      ? "before its first batch"
      : `in epoch ${position.epoch + 1} after batch ${position.batch + 1}`;
  return `Interrupted: ${method} stopped ${where}; the model keeps the weights trained so far and can be trained again`;
}

/**
 * Runs one of tfjs's training loops so that the kernel's interrupt ends it at the next batch: the awaited
 * call rejects with an InterruptedError once tfjs has unwound. Outside a kernel cell it is the plain call.
 */
async function interruptible<T>(
  model: tf.LayersModel,
  method: string,
  callbacks: Callbacks,
  run: (callbacks: Callbacks) => Promise<T>,
): Promise<T> {
  const signal = interruptSignal();
  if (!signal) return run(callbacks);
  const position: Position = { epoch: 0, batch: -1 };
  if (signal.aborted) throw new InterruptedError(describe(method, position));
  // A fit cut loose by an interrupt may still be finishing its batch: start after it.
  const previous = running.get(model);
  if (previous?.signal.aborted) await previous.fitting.catch(() => undefined);
  const fitting = run(withCallback(callbacks, stopOnInterrupt(model, signal, position)));
  running.set(model, { fitting, signal });
  let result: T;
  try {
    result = await fitting;
  } finally {
    if (running.get(model)?.fitting === fitting) running.delete(model);
  }
  if (signal.aborted) throw new InterruptedError(describe(method, position));
  return result;
}

/**
 * Makes `model.fit`, `model.fitDataset` and `model.trainOnBatch` of every tfjs LayersModel (Sequential
 * included: it delegates to one) stop at the next batch when the kernel is interrupted, and yield to the
 * event loop often enough for the interrupt to be read. The kernel calls this once at start.
 */
export function makeTrainingInterruptible(): void {
  const proto = tf.LayersModel.prototype as tf.LayersModel & { [INSTALLED]?: true };
  if (proto[INSTALLED]) return;
  proto[INSTALLED] = true;

  const fit: Fit = proto.fit;
  proto.fit = function (this: tf.LayersModel, x, y, args = {}) {
    return interruptible(this, "model.fit", args.callbacks, (callbacks) =>
      fit.call(this, x, y, { ...args, callbacks }),
    );
  };

  const fitDataset: FitDataset = proto.fitDataset;
  proto.fitDataset = function <T extends tf.TensorContainer>(
    this: tf.LayersModel,
    dataset: tf.data.Dataset<T>,
    args: tf.ModelFitDatasetArgs<T>,
  ) {
    return interruptible(this, "model.fitDataset", args.callbacks, (callbacks) =>
      fitDataset.call(this, dataset, { ...args, callbacks }),
    );
  } as FitDataset;

  const trainOnBatch: TrainOnBatch = proto.trainOnBatch;
  proto.trainOnBatch = async function (this: tf.LayersModel, x, y) {
    const signal = interruptSignal();
    if (signal) {
      await yieldNowAndThen();
      if (signal.aborted)
        throw new InterruptedError("Interrupted: the training loop stopped at model.trainOnBatch");
    }
    return trainOnBatch.call(this, x, y);
  };
}
