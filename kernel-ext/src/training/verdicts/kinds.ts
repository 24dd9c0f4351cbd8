export type VerdictKind =
  | "vanishing"
  | "exploding"
  | "exploding_activations"
  | "saturated_output"
  | "stuck"
  | "dead"
  | "saturated"
  | "non_finite"
  | "update_ratio";

/** A problem `gradientMonitor` found in one layer, with the evidence and the usual cures. */
export interface Verdict {
  /** The layer the problem shows at ("model" when it is the whole model's, like a flat loss). */
  layer: string;
  kind: VerdictKind;
  /** The step the verdict was established at. */
  step: number;
  evidence: string;
  cures: string[];
}

export interface VerdictThresholds {
  /** A layer's gradient RMS below this fraction of the last layer's is vanishing (3 orders of magnitude). */
  vanishingRatio: number;
  /** Recorded steps in a row a vanishing ratio must hold. */
  sustainedRecords: number;
  /** Growth of the global gradient norm from the first records that counts as exploding. */
  explodingGrowth: number;
  /** A layer's gradient RMS this many times the last layer's is exploding toward the input. */
  explodingRatio: number;
  /** A layer's gradient RMS this many times its weights' RMS (and ≥ 1) is exploding at that step. */
  explodingGradientToWeight: number;
  /** Growth of activation RMS along a chain of layers that counts as exploding activations. */
  activationGrowth: number;
  /** Fraction of a ReLU layer's units that are dead for a verdict. */
  deadUnitFraction: number;
  /** Fraction of a sigmoid/tanh layer's values at their bounds for a verdict. */
  saturatedFraction: number;
  /** Fraction of output rows (softmax) or values (sigmoid) pinned at 0/1 for saturated_output. */
  saturatedOutputFraction: number;
  /** Relative change of the loss (first vs last fifth of the steps) under which it is stuck. */
  stuckChange: number;
  /** Steps with a loss needed before a flat loss counts as stuck. */
  stuckSteps: number;
  /** Update/weight RMS ratio (median of the recent records) above which the learning rate is too high. */
  updateRatioHigh: number;
  /** … and below which it is too low. */
  updateRatioLow: number;
}

export const DEFAULT_VERDICT_THRESHOLDS: VerdictThresholds = {
  vanishingRatio: 1e-3,
  sustainedRecords: 3,
  explodingGrowth: 100,
  explodingRatio: 1e3,
  explodingGradientToWeight: 100,
  activationGrowth: 100,
  deadUnitFraction: 0.5,
  saturatedFraction: 0.8,
  saturatedOutputFraction: 0.9,
  stuckChange: 0.01,
  stuckSteps: 10,
  updateRatioHigh: 0.1,
  updateRatioLow: 1e-5,
};

const CLIP = "clip gradients: withGradientClipping(optimizer, { maxGlobalNorm: 1 })";

export const CURES: Record<VerdictKind, string[]> = {
  vanishing: [
    "initialise with He (ReLU) or Glorot (tanh/sigmoid) instead of tiny weights",
    "use ReLU-family activations in hidden layers instead of sigmoid/tanh",
    "add batch normalisation between layers",
    "add residual (skip) connections in deep stacks",
  ],
  exploding: [
    CLIP,
    "lower the learning rate (findLearningRate(model, data) shows where the loss diverges)",
    "initialise with Glorot/He instead of large weights",
    "add batch normalisation",
  ],
  exploding_activations: [
    "initialise with He (ReLU) or Glorot (tanh/sigmoid): each layer should keep the scale of its input",
    "add batch normalisation after the dense/conv layers",
    "normalise the inputs (zero mean, unit variance)",
  ],
  saturated_output: [
    "the logits are far too large: initialise with Glorot/He instead of large weights",
    "normalise the inputs and add batch normalisation so the last layer sees values of order 1",
    "lower the learning rate if the output saturated during training",
  ],
  stuck: [
    "raise the learning rate (findLearningRate(model, data) suggests one)",
    "check the other verdicts: a saturated output, dead units or vanishing gradients stop learning",
    "check that labels match the loss (one-hot for categoricalCrossentropy, ids for sparse)",
    "run overfitBatch(model, ds): a model that cannot fit one batch has a bug",
  ],
  non_finite: [
    "lower the learning rate (the usual cause)",
    CLIP,
    "look for NaN/Infinity in the inputs and for log(0) or division by zero in custom losses",
  ],
  dead: [
    "lower the learning rate (a big step can push ReLUs into the negative for good)",
    "use LeakyReLU or ELU",
    "initialise with He; check that biases are not very negative",
  ],
  saturated: [
    "normalise the inputs (zero mean, unit variance)",
    "initialise with Glorot instead of large weights",
    "add batch normalisation before the activation, or use ReLU",
  ],
  update_ratio: [
    "updates should be about 1e-3 of the weights: scale the learning rate by that factor",
    "findLearningRate(model, data) suggests a learning rate",
  ],
};

export const fmt = (x: number): string =>
  x === 0 ? "0" : Math.abs(x) >= 1e-3 && Math.abs(x) < 1e4 ? x.toPrecision(3) : x.toExponential(2);
