export type CapacityVerdict = "underfitting" | "overfitting" | "good_fit" | "not_converged";

/** The verdict of `diagnoseCapacity`, its evidence and advice. */
export interface CapacityDiagnosis {
  verdict: CapacityVerdict;
  evidence: string[];
  advice: string[];
  /** The epoch with the best validation loss, when there is one. */
  bestEpoch?: number;
  curves: Record<string, number[]>;
}

/** A tf.History, its `.history`, or plain curves. */
export type HistoryLike =
  { history: Record<string, (number | { dataSync(): ArrayLike<number> })[]> } | Record<string, number[]>;

/** What `diagnoseCapacity` counts as a generalisation gap, a plateau or still learning. */
export interface CapacityThresholds {
  /** Relative loss drop per epoch over the last epochs that still counts as learning (default 1%). */
  stillLearning: number;
  /** How far validation loss may rise above its best before it is overfitting (default 10%). */
  valRise: number;
  /** val/train loss ratio that counts as a generalisation gap (default 1.5). */
  gapRatio: number;
  /** Final/initial training loss above which little was learned (default 0.5). */
  learnedLittle: number;
}

const DEFAULTS: CapacityThresholds = { stillLearning: 0.01, valRise: 0.1, gapRatio: 1.5, learnedLittle: 0.5 };

const ADVICE: Record<CapacityVerdict, string[]> = {
  underfitting: [
    "give the model more capacity (more units or layers) or train it longer",
    "raise the learning rate, lower regularisation (dropout, weight decay)",
    "run overfitBatch(model, ds): a model that cannot fit one batch has a bug, not too little capacity",
  ],
  overfitting: [
    "stop at the best epoch (tf.callbacks.earlyStopping({ monitor: 'val_loss' }))",
    "more data or augmentation; remove outliers and label errors (findOutliers)",
    "regularise: dropout, weight decay, a smaller model",
  ],
  not_converged: ["train for more epochs", "raise the learning rate or check the learning-rate schedule"],
  good_fit: ["capacity fits the data: now tune for the last points, or try the full dataset"],
};

function toCurves(history: HistoryLike): Record<string, number[]> {
  const raw = "history" in history && typeof history.history === "object" ? history.history : history;
  const out: Record<string, number[]> = {};
  for (const [key, values] of Object.entries(raw as Record<string, unknown[]>)) {
    if (!Array.isArray(values)) continue;
    out[key] = values.map((v) =>
      typeof v === "number" ? v : Number((v as { dataSync(): ArrayLike<number> }).dataSync()[0]),
    );
  }
  return out;
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
const num = (x: number): string => x.toPrecision(3);

/** Mean relative drop per epoch over the last `window` epochs (positive while the loss falls). */
function recentDropPerEpoch(values: number[], window: number): number {
  const w = Math.min(window, values.length - 1);
  if (w < 1) return 0;
  const start = values[values.length - 1 - w] as number;
  const end = values[values.length - 1] as number;
  return start > 0 ? (start - end) / start / w : 0;
}

/**
 * Judges capacity from learning curves: overfitting when validation loss turned back up while training loss
 * kept falling (or a large gap opened), not converged while training loss still falls, underfitting when it
 * plateaued having learned little, otherwise a good fit. The evidence lists the numbers behind the verdict.
 */
export function judgeCapacity(
  history: HistoryLike,
  thresholds: Partial<CapacityThresholds> = {},
): CapacityDiagnosis {
  const t = { ...DEFAULTS, ...thresholds };
  const curves = toCurves(history);
  const loss = curves.loss;
  if (!loss || loss.length === 0) {
    throw new Error(
      'diagnoseCapacity needs a training history with a "loss" curve: pass the result of model.fit',
    );
  }
  const val = curves.val_loss;
  const n = loss.length;
  const first = loss[0] as number;
  const last = loss[n - 1] as number;
  const evidence: string[] = [
    `training loss ${num(first)} → ${num(last)} over ${n} epoch${n > 1 ? "s" : ""}`,
  ];
  const verdict = (v: CapacityVerdict, bestEpoch?: number): CapacityDiagnosis => ({
    verdict: v,
    evidence,
    advice: ADVICE[v],
    bestEpoch,
    curves,
  });
  const window = Math.max(2, Math.round(n * 0.25));
  const drop = recentDropPerEpoch(loss, window);

  if (val && val.length === n && n >= 3) {
    const best = val.indexOf(Math.min(...val));
    const valLast = val[n - 1] as number;
    const valBest = val[best] as number;
    evidence.push(`validation loss best ${num(valBest)} at epoch ${best + 1}, last ${num(valLast)}`);
    const rose = valBest > 0 ? (valLast - valBest) / valBest : 0;
    const trainKeptFalling = last < (loss[best] as number);
    const gap = last > 0 ? valLast / last : 1;
    if ((rose >= t.valRise && trainKeptFalling) || (gap >= t.gapRatio && rose > 0.02)) {
      evidence.push(
        `validation loss rose ${pct(rose)} from its best while training loss fell to ${num(last)}`,
      );
      evidence.push(`validation/training loss ratio ${gap.toFixed(2)}`);
      return verdict("overfitting", best + 1);
    }
    evidence.push(`validation/training loss ratio ${gap.toFixed(2)}`);
  }
  if (n < 3 || drop >= t.stillLearning) {
    evidence.push(
      n < 3
        ? `only ${n} epoch${n > 1 ? "s" : ""}: too few to judge`
        : `training loss still falls ${pct(drop)} per epoch over the last ${window} epochs`,
    );
    return verdict("not_converged");
  }
  evidence.push(
    `training loss changed ${pct(drop)} per epoch over the last ${window} epochs: it has plateaued`,
  );
  const learned = first > 0 ? last / first : 1;
  const acc = curves.acc ?? curves.accuracy;
  const accLast = acc?.[acc.length - 1];
  if (learned >= t.learnedLittle || (accLast !== undefined && accLast < 0.6)) {
    evidence.push(
      `it kept ${pct(learned)} of its initial value` +
        (accLast !== undefined ? `; training accuracy ${pct(accLast)}` : ""),
    );
    return verdict("underfitting");
  }
  evidence.push(
    `it fell to ${pct(learned)} of its initial value` +
      (accLast !== undefined ? `; training accuracy ${pct(accLast)}` : ""),
  );
  return verdict("good_fit");
}
