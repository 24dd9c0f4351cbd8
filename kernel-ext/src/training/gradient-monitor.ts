import { inspect } from "node:util";
import * as tf from "@tensorflow/tfjs";
import { DISPLAY_SYMBOL, type Displayable, type RichBundle } from "../display/mime";
import { ActivationProbe } from "./activation-probe";
import { FirstBatchSample } from "./first-batch-sample";
import { concatFloat32 } from "./float-arrays";
import { GradientMonitorWidget } from "./gradient-monitor-widget";
import { MonitorHistory, type StepRecord } from "./monitor-history";
import { gradientEntries, type GradientsInput } from "./named-gradients";
import { tensorStats, type TensorStats } from "./stats";
import { throwIfInterrupted } from "../util/interrupt";
import {
  DEFAULT_VERDICT_THRESHOLDS,
  diagnoseGradients,
  type Verdict,
  type VerdictThresholds,
} from "./verdicts";
import { snapshotWeights, weightsAndUpdates, type WeightSnapshot } from "./weight-capture";
import { stepsPerEpochOf } from "./fit-params";

/** Options of `gradientMonitor`; every field is optional. */
export interface GradientMonitorOptions {
  /** Record every n-th optimizer step (default 10; the first step is always recorded). */
  every?: number;
  /** Histogram bins over log10|x| from 1e-20 to 1e4 (default 48: half a decade each). */
  bins?: number;
  /**
   * Record every layer's activations on a fixed batch (default true): `sample`, or else the first rows of the
   * first training batch.
   */
  activations?: boolean;
  /** A fixed input batch for activations (the same every time, so steps compare). */
  sample?: tf.Tensor | tf.Tensor[];
  /** Rows of the first training batch kept as the sample when none is given (default 32). */
  sampleRows?: number;
  /** Recorded steps kept in memory before older ones are thinned (default 200). */
  maxRecords?: number;
  thresholds?: Partial<VerdictThresholds>;
}

interface PatchedOptimizer {
  applyGradients: tf.Optimizer["applyGradients"];
}

/**
 * Records, per layer, the gradients of the real training steps — captured where the optimizer applies them,
 * not recomputed on another batch —, the weights and what each recorded step changed in them, and activations
 * on a fixed sample; turns them into verdicts. A `model.fit` callback and a live widget.
 */
export class GradientMonitor extends tf.Callback implements Displayable {
  readonly history: MonitorHistory;
  readonly widget: GradientMonitorWidget;
  readonly layerNames: string[];
  private readonly every: number;
  private readonly bins: number;
  private readonly thresholds: VerdictThresholds;
  private readonly variableToLayer = new Map<string, string>();
  private readonly userSample: tf.Tensor | tf.Tensor[] | undefined;
  private readonly firstBatch: FirstBatchSample | undefined;
  private readonly probe: ActivationProbe | undefined;
  private installed: { optimizer: tf.Optimizer; original: tf.Optimizer["applyGradients"] } | undefined;
  private stepCount = 0;
  private pending: StepRecord | undefined;
  private cachedVerdicts: Verdict[] = [];

  constructor(
    private readonly watched: tf.LayersModel,
    options: GradientMonitorOptions = {},
  ) {
    super();
    this.every = Math.max(1, Math.floor(options.every ?? 10));
    this.bins = Math.max(4, Math.floor(options.bins ?? 48));
    this.thresholds = { ...DEFAULT_VERDICT_THRESHOLDS, ...options.thresholds };
    this.history = new MonitorHistory(Math.max(8, options.maxRecords ?? 200));
    const watchActivations = options.activations ?? true;
    this.userSample = watchActivations ? options.sample : undefined;
    if (watchActivations) {
      this.probe = new ActivationProbe(watched, this.bins);
      if (!options.sample)
        this.firstBatch = new FirstBatchSample(watched, Math.max(1, Math.floor(options.sampleRows ?? 32)));
    }
    this.layerNames = [];
    for (const layer of watched.layers) {
      if (layer.getClassName() === "InputLayer") continue;
      this.layerNames.push(layer.name);
      for (const w of layer.trainableWeights) this.variableToLayer.set(w.name, layer.name);
    }
    // Only layers with weights have gradients to chart (flatten, pooling, dropout have none).
    const weighted = watched.layers.filter((l) => l.trainableWeights.length > 0).map((l) => l.name);
    this.widget = new GradientMonitorWidget(weighted, this.bins);
  }

  /** Every problem found so far, with its evidence and the usual cures. */
  get verdicts(): Verdict[] {
    return [...this.cachedVerdicts];
  }

  /** Optimizer steps seen since the monitor was installed. */
  get steps(): number {
    return this.stepCount;
  }

  // model.fit callbacks -----------------------------------------------------------------------------

  override async onTrainBegin(): Promise<void> {
    const optimizer = this.watched.optimizer;
    if (!optimizer) throw new Error("gradientMonitor: compile the model before fit (it has no optimizer)");
    this.install(optimizer);
  }

  override async onBatchEnd(_batch: number, logs?: tf.Logs): Promise<void> {
    // A Callback subclass gets raw batch logs: the loss may still be a scalar tensor.
    const loss = (logs as Record<string, unknown> | undefined)?.loss;
    if (typeof loss === "number") this.history.addLoss(this.stepCount, loss);
    else if (loss instanceof tf.Tensor) this.history.addLoss(this.stepCount, loss.dataSync()[0] as number);
    this.finishStep();
  }

  override async onTrainEnd(): Promise<void> {
    this.finishStep();
    this.uninstall();
    this.publish(true);
  }

  // Custom training loops ------------------------------------------------------------------------------

  /** Captures gradients at `optimizer.applyGradients` from now on (model.fit does this itself). */
  install(optimizer: tf.Optimizer): void {
    if (this.installed?.optimizer === optimizer) return;
    this.uninstall();
    this.firstBatch?.arm();
    const original = optimizer.applyGradients;
    const patched = optimizer as unknown as PatchedOptimizer;
    patched.applyGradients = (grads: GradientsInput) => {
      this.stepCount++;
      if (this.stepCount % this.every !== 0 && this.stepCount !== 1) return original.call(optimizer, grads);
      const weights = this.captureGradients(grads);
      const result = original.call(optimizer, grads);
      if (this.pending) Object.assign(this.pending, weightsAndUpdates(weights, this.bins));
      return result;
    };
    this.installed = { optimizer, original };
  }

  uninstall(): void {
    this.firstBatch?.disarm();
    if (!this.installed) return;
    (this.installed.optimizer as unknown as PatchedOptimizer).applyGradients = this.installed.original;
    this.installed = undefined;
  }

  /** For custom loops: the loss of the step just taken, then activations and verdicts are updated. */
  endStep(loss?: number): void {
    throwIfInterrupted("the training loop");
    if (loss !== undefined) this.history.addLoss(this.stepCount, loss);
    this.finishStep();
  }

  [DISPLAY_SYMBOL](): RichBundle {
    return this.widget[DISPLAY_SYMBOL]();
  }

  override toString(): string {
    return this.widget.toString();
  }

  /** A cell's value and console.log show the summary, not the model and the recorded history. */
  [inspect.custom](): string {
    return this.toString();
  }

  // Recording ----------------------------------------------------------------------------------------

  /** Gradient stats into a pending record; returns the weights as they were before this step. */
  private captureGradients(grads: GradientsInput): WeightSnapshot[] {
    const perLayer = new Map<string, Float32Array[]>();
    const variables = new Map<string, tf.Variable[]>();
    for (const [name, tensor] of gradientEntries(grads)) {
      const layer = this.variableToLayer.get(name) ?? name.split("/")[0] ?? name;
      perLayer.set(layer, [...(perLayer.get(layer) ?? []), tensor.dataSync() as Float32Array]);
      const variable = tf.engine().registeredVariables[name];
      if (variable) variables.set(layer, [...(variables.get(layer) ?? []), variable]);
    }
    const gradients: Record<string, TensorStats> = {};
    for (const [layer, arrays] of perLayer)
      gradients[layer] = tensorStats(concatFloat32(arrays), this.bins, "log10abs");
    this.pending = { step: this.stepCount, gradients, activations: {} };
    return snapshotWeights(variables);
  }

  private finishStep(): void {
    const record = this.pending;
    if (!record) return;
    this.pending = undefined;
    if (this.probe) {
      const sample = this.userSample ?? this.firstBatch?.tensors();
      if (sample) {
        record.activations = this.probe.run(sample);
        if (!this.userSample) tf.dispose(sample);
      }
    }
    this.history.add(record);
    this.cachedVerdicts = diagnoseGradients(this.history, this.layerNames, this.thresholds, {
      outputLayer: this.probe?.outputLayer ?? this.watched.outputs[0]?.sourceLayer.name,
      families: this.probe?.families,
      stepsPerEpoch: stepsPerEpochOf(this.params),
    });
    this.publish(false);
  }

  private publish(force: boolean): void {
    this.widget.update(this.history, this.cachedVerdicts, force);
  }
}

/**
 * A `model.fit` callback and live widget recording, every `every` batches, per-layer statistics of
 * gradients, weights, update/weight ratios and activations, with verdicts (vanishing, exploding, dead,
 * saturated...) and their cures in `monitor.verdicts`.
 * @example const monitor = gradientMonitor(model, { every: 10 }); await model.fit(xs, ys, { callbacks: [monitor] }); monitor
 */
export function gradientMonitor(
  model: tf.LayersModel,
  options: GradientMonitorOptions = {},
): GradientMonitor {
  return new GradientMonitor(model, options);
}
