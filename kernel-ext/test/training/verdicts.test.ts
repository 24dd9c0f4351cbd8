import assert from "node:assert/strict";
import { test } from "node:test";
import { MonitorHistory, type ActivationStats } from "../../src/training/monitor-history";
import { tensorStats } from "../../src/training/stats";
import { diagnoseGradients } from "../../src/training/verdicts";

const grads = (values: number[]): ReturnType<typeof tensorStats> =>
  tensorStats(Float32Array.from(values), 8, "log10abs");
const act = (dead: number): ActivationStats => ({
  ...tensorStats(new Float32Array(4), 4, "linear"),
  deadUnitFraction: dead,
  saturatedFraction: 0,
});

test("all-zero gradients at the start are not a baseline for an explosion", () => {
  const h = new MonitorHistory(50);
  h.add({ step: 1, gradients: { a: grads([0, 0]) }, activations: {} });
  h.add({ step: 2, gradients: { a: grads([0, 0]) }, activations: {} });
  h.add({ step: 3, gradients: { a: grads([0.1, 0.1]) }, activations: {} });
  h.add({ step: 4, gradients: { a: grads([0.2, 0.1]) }, activations: {} });
  assert.deepEqual(
    diagnoseGradients(h, ["a"]).map((v) => v.kind),
    [],
  );
  h.add({ step: 5, gradients: { a: grads([50, 40]) }, activations: {} });
  const verdicts = diagnoseGradients(h, ["a"]);
  assert.deepEqual(
    verdicts.map((v) => v.kind),
    ["exploding"],
  );
  assert.match(verdicts[0]!.evidence, /from 1\.41e-1|from 0\.141/);
});

test("after non-finite gradients, dead units are not reported as a separate cause", () => {
  const h = new MonitorHistory(50);
  h.add({ step: 1, gradients: { a: grads([NaN, 1]) }, activations: { a: act(1) } });
  assert.deepEqual(
    diagnoseGradients(h, ["a"]).map((v) => v.kind),
    ["non_finite"],
  );
  const healthy = new MonitorHistory(50);
  healthy.add({ step: 1, gradients: { a: grads([1, 1]) }, activations: { a: act(1) } });
  assert.deepEqual(
    diagnoseGradients(healthy, ["a"]).map((v) => v.kind),
    ["dead"],
  );
});

test("gradients growing toward the input at one step are exploding, with both layers named", () => {
  const h = new MonitorHistory(50);
  h.add({
    step: 1,
    gradients: { a: grads([3, -2]), b: grads([0.5, 0.2]), c: grads([1e-3, 2e-3]) },
    activations: {},
  });
  const verdicts = diagnoseGradients(h, ["a", "b", "c"]);
  assert.deepEqual(
    verdicts.map((v) => [v.kind, v.layer, v.step]),
    [["exploding", "a", 1]],
  );
  assert.match(verdicts[0]!.evidence, /toward the input/);
});

test("a flat loss is stuck only over whole epochs: batches of different difficulty do not hide it", () => {
  const h = new MonitorHistory(50);
  // Four batches an epoch, each with its own loss, the same every epoch: nothing is learned.
  for (let step = 1; step <= 12; step++) h.addLoss(step, [2.0, 2.6, 1.7, 2.3][(step - 1) % 4]!);
  assert.deepEqual(
    diagnoseGradients(h, ["a"], undefined, { stepsPerEpoch: 4 }).map((v) => v.kind),
    ["stuck"],
  );
  const learning = new MonitorHistory(50);
  for (let step = 1; step <= 12; step++) learning.addLoss(step, 2 / step);
  assert.deepEqual(diagnoseGradients(learning, ["a"], undefined, { stepsPerEpoch: 4 }), []);
});
