import type { OnnxGraphBuilder } from "../../builder/graph-builder";
import { split } from "../../builder/shape-ops";
import { emitActivation } from "../activation-functions";
import type { RecurrentSpec } from "./recurrent-spec";

/** The weights one step reads (initializer names of the outer graph). */
export interface StepWeights {
  /** [units, G·units] (GRU without reset_after: only the z and r columns). */
  recurrent: string;
  /** GRU without reset_after: the h columns of the recurrent kernel. */
  recurrentH?: string;
  /** GRU with reset_after: the recurrent bias row. */
  recurrentBias?: string;
}

/**
 * One step of a tfjs cell, on the step's projected input x·W + b ([batch, G·units]) and the previous
 * states; returns the new states (h first, c second for LSTM). The formulas follow tfjs's cells.
 */
export function emitStep(
  b: OnnxGraphBuilder,
  hint: string,
  spec: RecurrentSpec,
  w: StepWeights,
  xt: string,
  states: readonly string[],
): string[] {
  const act = (x: string, name: string): string => emitActivation(b, x, name, hint);
  const u = spec.units;
  const h = states[0] as string;
  if (spec.kind === "simple") {
    return [act(b.op("Add", [xt, b.op("MatMul", [h, w.recurrent], {}, hint)], {}, hint), spec.activation)];
  }
  if (spec.kind === "lstm") {
    const z = b.op("Add", [xt, b.op("MatMul", [h, w.recurrent], {}, hint)], {}, hint);
    const [zi, zf, zc, zo] = split(b, z, [u, u, u, u], 1, hint) as [string, string, string, string];
    const i = act(zi, spec.recurrentActivation);
    const f = act(zf, spec.recurrentActivation);
    const c = b.op(
      "Add",
      [b.op("Mul", [f, states[1] as string], {}, hint), b.op("Mul", [i, act(zc, spec.activation)], {}, hint)],
      {},
      hint,
    );
    const o = act(zo, spec.recurrentActivation);
    return [b.op("Mul", [o, act(c, spec.activation)], {}, hint), c];
  }
  const [xz, xr, xh] = split(b, xt, [u, u, u], 1, hint) as [string, string, string];
  let z: string;
  let candidate: string;
  if (spec.resetAfter) {
    // Keras reset_after: the reset gate scales the recurrent projection (with its own bias).
    const inner = b.op(
      "Add",
      [b.op("MatMul", [h, w.recurrent], {}, hint), w.recurrentBias as string],
      {},
      hint,
    );
    const [iz, ir, ih] = split(b, inner, [u, u, u], 1, hint) as [string, string, string];
    z = act(b.op("Add", [xz, iz], {}, hint), spec.recurrentActivation);
    const r = act(b.op("Add", [xr, ir], {}, hint), spec.recurrentActivation);
    candidate = act(b.op("Add", [xh, b.op("Mul", [r, ih], {}, hint)], {}, hint), spec.activation);
  } else {
    const [iz, ir] = split(b, b.op("MatMul", [h, w.recurrent], {}, hint), [u, u], 1, hint) as [
      string,
      string,
    ];
    z = act(b.op("Add", [xz, iz], {}, hint), spec.recurrentActivation);
    const r = act(b.op("Add", [xr, ir], {}, hint), spec.recurrentActivation);
    const resetH = b.op("MatMul", [b.op("Mul", [r, h], {}, hint), w.recurrentH as string], {}, hint);
    candidate = act(b.op("Add", [xh, resetH], {}, hint), spec.activation);
  }
  // h = z·h_prev + (1 − z)·candidate
  const keep = b.op("Mul", [z, h], {}, hint);
  const update = b.op("Mul", [b.op("Sub", [b.scalar(1), z], {}, hint), candidate], {}, hint);
  return [b.op("Add", [keep, update], {}, hint)];
}
