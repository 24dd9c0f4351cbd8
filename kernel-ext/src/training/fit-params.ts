/** Optimizer steps per epoch from a tf.Callback's `params` (steps, or samples and batch size). */
export function stepsPerEpochOf(params: unknown): number | undefined {
  const p = (params ?? {}) as { steps?: unknown; samples?: unknown; batchSize?: unknown };
  if (typeof p.steps === "number" && p.steps > 0) return p.steps;
  if (typeof p.samples === "number" && typeof p.batchSize === "number" && p.batchSize > 0)
    return Math.ceil(p.samples / p.batchSize);
  return undefined;
}
