import * as tf from "@tensorflow/tfjs";
import { DISPLAY_SYMBOL, type Displayable, type RichBundle } from "../display/mime";
import { activationFamily, activationStats, type ActivationFamily } from "./activation-stats";
import { GradientMonitorWidget } from "./gradient-monitor-widget";
import { MonitorHistory, type ActivationStats, type StepRecord } from "./monitor-history";
import { gradientEntries, type GradientsInput } from "./named-gradients";
import { tensorStats, type TensorStats } from "./stats";
import { throwIfInterrupted } from "../util/interrupt";
import {
  DEFAULT_VERDICT_THRESHOLDS,
  diagnoseGradients,
  type Verdict,
  type VerdictThresholds,
} from "./verdicts";

export interface GradientMonitorOptions {
  /** Record every n-th optimizer step (default 10). */
  every?: number;
  /** Histogram bins (default 30). */
  bins?: number;
  /** Record activations of every layer on `sample` (default: true when a sample is given). */
  activations?: boolean;
  /** A fixed input batch for activations (the same every time, so steps compare). */
  sample?: tf.Tensor | tf.Tensor[];
  /** Recorded steps kept in memory before older ones are thinned (default 200). */
  maxRecords?: number;
  thresholds?: Partial<VerdictThresholds>;
}

interface PatchedOptimizer {
  applyGradients: tf.Optimizer["applyGradients"];
}

/**
 * Records per-layer gradient statistics of the real training steps — captured where the optimizer
 * applies them, not recomputed on another batch — and activations on a fixed sample, and turns them into
 * verdicts (vanishing, exploding, non-finite, dead, saturated). A `model.fit` callback and a live widget.
 */
export class GradientMonitor extends tf.Callback implements Displayable {
  readonly history: MonitorHistory;
  readonly widget: GradientMonitorWidget;
  readonly layerNames: string[];
  private readonly every: number;
  private readonly bins: number;
  private readonly thresholds: VerdictThresholds;
  private readonly variableToLayer = new Map<string, string>();
  private readonly families = new Map<string, ActivationFamily>();
  private readonly sample: tf.Tensor | tf.Tensor[] | undefined;
  private probe: tf.LayersModel | undefined;
  private probeLayers: tf.layers.Layer[] = [];
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
    this.bins = Math.max(4, Math.floor(options.bins ?? 30));
    this.thresholds = { ...DEFAULT_VERDICT_THRESHOLDS, ...options.thresholds };
    this.history = new MonitorHistory(Math.max(8, options.maxRecords ?? 200));
    this.sample = options.activations === false ? undefined : options.sample;
    if (options.activations === true && !options.sample) {
      throw new Error(
        "gradientMonitor: activations need a fixed input batch: pass { sample: xs.slice(0, 64) }",
      );
    }
    this.layerNames = [];
    for (const layer of watched.layers) {
      if (layer.getClassName() === "InputLayer") continue;
      this.layerNames.push(layer.name);
      this.families.set(layer.name, activationFamily(layer));
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
    const original = optimizer.applyGradients;
    const patched = optimizer as unknown as PatchedOptimizer;
    patched.applyGradients = (grads: GradientsInput) => {
      this.stepCount++;
      if (this.stepCount % this.every === 0 || this.stepCount === 1) this.captureGradients(grads);
      return original.call(optimizer, grads);
    };
    this.installed = { optimizer, original };
  }

  uninstall(): void {
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

  // Recording ----------------------------------------------------------------------------------------

  private captureGradients(grads: GradientsInput): void {
    const perLayer = new Map<string, Float32Array[]>();
    for (const [name, tensor] of gradientEntries(grads)) {
      const layer = this.variableToLayer.get(name) ?? name.split("/")[0] ?? name;
      const values = tensor.dataSync() as Float32Array;
      perLayer.set(layer, [...(perLayer.get(layer) ?? []), values]);
    }
    const gradients: Record<string, TensorStats> = {};
    for (const [layer, arrays] of perLayer)
      gradients[layer] = tensorStats(concat(arrays), this.bins, "log10abs");
    this.pending = { step: this.stepCount, gradients, activations: {} };
  }

  private finishStep(): void {
    const record = this.pending;
    if (!record) return;
    this.pending = undefined;
    if (this.sample) record.activations = this.captureActivations();
    this.history.add(record);
    this.cachedVerdicts = diagnoseGradients(this.history, this.layerNames, this.thresholds);
    this.publish(false);
  }

  private captureActivations(): Record<string, ActivationStats> {
    const sample = this.sample as tf.Tensor | tf.Tensor[];
    if (!this.probe) {
      this.probeLayers = this.watched.layers.filter(
        (l) => l.getClassName() !== "InputLayer" && !Array.isArray(l.output),
      );
      this.probe = tf.model({
        inputs: this.watched.inputs,
        outputs: this.probeLayers.map((l) => l.output as tf.SymbolicTensor),
      });
    }
    const probe = this.probe;
    const out: Record<string, ActivationStats> = {};
    tf.tidy(() => {
      const result = probe.predict(sample);
      const tensors = Array.isArray(result) ? result : [result];
      tensors.forEach((t, i) => {
        const layer = this.probeLayers[i] as tf.layers.Layer;
        out[layer.name] = activationStats(
          t.dataSync() as Float32Array,
          t.shape,
          this.families.get(layer.name) ?? "other",
          this.bins,
        );
      });
    });
    return out;
  }

  private publish(force: boolean): void {
    this.widget.update(this.history, this.cachedVerdicts, force);
  }
}

function concat(arrays: Float32Array[]): Float32Array {
  if (arrays.length === 1) return arrays[0] as Float32Array;
  const out = new Float32Array(arrays.reduce((n, a) => n + a.length, 0));
  let at = 0;
  for (const a of arrays) {
    out.set(a, at);
    at += a.length;
  }
  return out;
}

/** A `model.fit` callback and live widget recording per-layer gradients and activations (DESIGN name). */
export function gradientMonitor(
  model: tf.LayersModel,
  options: GradientMonitorOptions = {},
): GradientMonitor {
  return new GradientMonitor(model, options);
}
