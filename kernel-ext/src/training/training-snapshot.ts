import * as tf from "@tensorflow/tfjs";

/** A way back to the model and optimizer state of one moment. */
export interface TrainingSnapshot {
  /** Puts the weights, optimizer state and learning rate back, bit for bit, and frees the copies. */
  restore(): Promise<void>;
}

interface LearningRateHolder {
  learningRate?: unknown;
  setLearningRate?: (lr: number) => void;
}

/** The optimizer's current learning rate; a clear error when it has none to change. */
export function learningRateOf(optimizer: tf.Optimizer): number {
  const lr = (optimizer as unknown as LearningRateHolder).learningRate;
  if (typeof lr !== "number") {
    throw new Error(
      `the optimizer ${optimizer.getClassName()} has no numeric learningRate: use tf.train.sgd, momentum, adam, ` +
        "adamax, rmsprop or adagrad",
    );
  }
  return lr;
}

/** Sets the learning rate the optimizer uses from its next step on (SGD and momentum cache it as a tensor). */
export function setLearningRate(optimizer: tf.Optimizer, lr: number): void {
  const holder = optimizer as unknown as LearningRateHolder;
  if (typeof holder.setLearningRate === "function") holder.setLearningRate(lr);
  else holder.learningRate = lr;
}

/** Scalars an optimizer keeps outside getWeights (Adam's accumulated β powers): restored exactly too. */
function ownVariables(optimizer: tf.Optimizer): [string, tf.Variable][] {
  return Object.entries(optimizer).filter((e): e is [string, tf.Variable] => e[1] instanceof tf.Variable);
}

/**
 * Copies the model's weights (trainable and not, e.g. batch-norm statistics) and its optimizer's state —
 * slots such as Adam's moments, the iteration count, internal scalars, the learning rate. `restore()` puts
 * them back exactly and frees every tensor the interval created in the optimizer.
 */
export async function snapshotTraining(model: tf.LayersModel): Promise<TrainingSnapshot> {
  const optimizer = model.optimizer;
  if (!optimizer) throw new Error("compile the model first (model.compile({ optimizer, loss }))");
  const weights = model.getWeights().map((w) => w.clone());
  const lr = (optimizer as unknown as LearningRateHolder).learningRate;
  // Optimizer weights are its live variables plus a fresh iteration scalar: keep copies, free the scalar.
  const live = await optimizer.getWeights();
  const slots = live.map((w) => ({ name: w.name, tensor: w.tensor.clone() }));
  tf.dispose(live.filter((w) => !(w.tensor instanceof tf.Variable)).map((w) => w.tensor));
  const scalars = ownVariables(optimizer).map(([key, v]) => ({ key, value: v.clone() }));
  return {
    async restore(): Promise<void> {
      model.setWeights(weights);
      tf.dispose(weights);
      // setWeights makes new slot variables: free the ones of the interval.
      const during = await optimizer.getWeights();
      await optimizer.setWeights(slots);
      tf.dispose(during.map((w) => w.tensor));
      tf.dispose(slots.map((w) => w.tensor));
      const now = new Map(ownVariables(optimizer));
      for (const { key, value } of scalars) now.get(key)?.assign(value);
      tf.dispose(scalars.map((s) => s.value));
      if (typeof lr === "number") setLearningRate(optimizer, lr);
    },
  };
}
