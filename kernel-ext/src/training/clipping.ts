import * as tf from "@tensorflow/tfjs";
import { gradientEntries, sameShapeAs, type GradientsInput } from "./named-gradients";

/** What `clipByGlobalNorm` returns: the clipped gradients (same shape as given) and the norm before clipping. */
export interface ClipResult<G> {
  grads: G;
  /** Global L2 norm before clipping (NaN or Infinity when a gradient is not finite). */
  globalNorm: number;
}

function globalNormOf(tensors: tf.Tensor[]): number {
  return tf.tidy(() => Math.sqrt(tf.addN(tensors.map((t) => t.square().sum())).dataSync()[0] as number));
}

/**
 * Scales every gradient by maxNorm / globalNorm when the global norm exceeds maxNorm (the clipping of
 * Pascanu et al.), keeping their directions. Accepts a tensor list or the optimizer's named form.
 * The returned tensors are new; the caller disposes them.
 * @example const { grads, globalNorm } = clipByGlobalNorm(optimizer.computeGradients(loss).grads, 5);
 */
export function clipByGlobalNorm<G extends tf.Tensor[] | GradientsInput>(
  grads: G,
  maxNorm: number,
): ClipResult<G> {
  if (!(maxNorm > 0)) throw new RangeError(`maxNorm must be positive, got ${maxNorm}`);
  const isList = Array.isArray(grads) && (grads.length === 0 || grads[0] instanceof tf.Tensor);
  const entries: [string, tf.Tensor][] = isList
    ? (grads as tf.Tensor[]).map((t, i) => [String(i), t])
    : gradientEntries(grads as GradientsInput);
  const globalNorm = entries.length ? globalNormOf(entries.map(([, t]) => t)) : 0;
  const scale = Number.isFinite(globalNorm) && globalNorm > maxNorm ? maxNorm / globalNorm : 1;
  const clipped: [string, tf.Tensor][] = entries.map(([name, t]) => [name, tf.tidy(() => t.mul(scale))]);
  const out = isList ? clipped.map(([, t]) => t) : sameShapeAs(grads as GradientsInput, clipped);
  return { grads: out as G, globalNorm };
}

/** Options of `withGradientClipping`: give `maxGlobalNorm`, `clipValue` or both. */
export interface ClippingOptions {
  /** Rescale all gradients together when their global L2 norm exceeds this. */
  maxGlobalNorm?: number;
  /** Clip every gradient element to [-clipValue, clipValue]. */
  clipValue?: number;
  /** Called when a step's gradients are not finite; that step is skipped. Default: a console warning. */
  onNonFinite?: (step: number, globalNorm: number) => void;
}

/** What a clipping optimizer has done so far. */
export interface ClippingReport {
  steps: number;
  clippedSteps: number;
  skippedNonFinite: number;
  lastGlobalNorm: number;
  maxGlobalNormSeen: number;
}

const CLIPPING = Symbol.for("tslab-ml.gradient-clipping");

type ClippingOptimizer<O> = O & { clippingReport: ClippingReport };

/**
 * Makes `optimizer` clip gradients before applying them, so it can go straight into `model.compile`.
 * Gradients with NaN or Infinity are reported and that step is skipped, never applied. Returns the same
 * optimizer object (wrapped once), with a `clippingReport`.
 * @example model.compile({ optimizer: withGradientClipping(tf.train.adam(1e-3), { maxGlobalNorm: 1 }), loss: "categoricalCrossentropy" });
 */
export function withGradientClipping<O extends tf.Optimizer>(
  optimizer: O,
  options: ClippingOptions,
): ClippingOptimizer<O> {
  const { maxGlobalNorm, clipValue } = options;
  if (maxGlobalNorm === undefined && clipValue === undefined) {
    throw new Error("withGradientClipping needs maxGlobalNorm or clipValue (e.g. { maxGlobalNorm: 1 })");
  }
  if (maxGlobalNorm !== undefined && !(maxGlobalNorm > 0))
    throw new RangeError(`maxGlobalNorm must be positive, got ${maxGlobalNorm}`);
  if (clipValue !== undefined && !(clipValue > 0))
    throw new RangeError(`clipValue must be positive, got ${clipValue}`);
  const target = optimizer as ClippingOptimizer<O> & { [CLIPPING]?: true };
  if (target[CLIPPING])
    throw new Error("this optimizer already clips gradients; wrap the original optimizer once");
  const report: ClippingReport = {
    steps: 0,
    clippedSteps: 0,
    skippedNonFinite: 0,
    lastGlobalNorm: 0,
    maxGlobalNormSeen: 0,
  };
  const warn =
    options.onNonFinite ??
    ((step: number, norm: number) =>
      console.warn(
        `tslab-ml: step ${step} has non-finite gradients (global norm ${norm}); the update was skipped`,
      ));
  const apply = optimizer.applyGradients.bind(optimizer);
  target.applyGradients = (grads: GradientsInput): void => {
    report.steps++;
    const entries = gradientEntries(grads);
    const norm = globalNormOf(entries.map(([, t]) => t));
    report.lastGlobalNorm = norm;
    if (!Number.isFinite(norm)) {
      report.skippedNonFinite++;
      warn(report.steps, norm);
      return;
    }
    report.maxGlobalNormSeen = Math.max(report.maxGlobalNormSeen, norm);
    const scale = maxGlobalNorm !== undefined && norm > maxGlobalNorm ? maxGlobalNorm / norm : 1;
    if (scale < 1 || clipValue !== undefined) report.clippedSteps += scale < 1 ? 1 : 0;
    const clipped: [string, tf.Tensor][] = entries.map(([name, t]) => [
      name,
      tf.tidy(() => {
        const scaled = scale < 1 ? t.mul(scale) : t.clone();
        return clipValue !== undefined ? scaled.clipByValue(-clipValue, clipValue) : scaled;
      }),
    ]);
    try {
      apply(sameShapeAs(grads, clipped));
    } finally {
      tf.dispose(clipped.map(([, t]) => t));
    }
  };
  target.clippingReport = report;
  target[CLIPPING] = true;
  return target;
}
