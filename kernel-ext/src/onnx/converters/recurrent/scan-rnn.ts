import { concat, shapeOf, unsqueeze } from "../../builder/shape-ops";
import { rowOf, sliceLastAxis } from "../../convert/host-tensor";
import type { LayerCall } from "../../convert/layer-call";
import { attr } from "../../ir/attributes";
import type { ValueInfoIR } from "../../ir/types";
import type { RecurrentRun } from "./recurrent-run";
import { emitStep, type StepWeights } from "./recurrent-step";
import { gateCount, stateCount, type RecurrentSpec } from "./recurrent-spec";

/**
 * A recurrent layer as an ONNX Scan whose body is one tfjs cell step: used when a Keras mask must be
 * honoured (masked steps keep the previous output and states) or an activation has no ONNX recurrent
 * equivalent. The graph does not grow with the sequence, and the length may be unknown.
 */
export function emitScanRecurrent(
  call: LayerCall,
  spec: RecurrentSpec,
  x: string,
  mask: string | null | undefined,
  initialStates: readonly string[],
  alignSequence: boolean,
): RecurrentRun {
  const b = call.builder;
  const hint = `${call.hint}/${spec.layerName.split("/").pop() ?? "rnn"}`;
  const u = spec.units;
  const weights: StepWeights = { recurrent: "" };
  if (spec.kind === "gru" && !spec.resetAfter) {
    weights.recurrent = call.initializer(spec.recurrentKernel, {
      tag: "gru_recurrent_zr",
      apply: (w) => sliceLastAxis(w, 0, 2 * u),
    });
    weights.recurrentH = call.initializer(spec.recurrentKernel, {
      tag: "gru_recurrent_h",
      apply: (w) => sliceLastAxis(w, 2 * u, 3 * u),
    });
  } else {
    weights.recurrent = call.initializer(spec.recurrentKernel);
  }
  // Every step's input projection at once, outside the loop: x·W + b (the input row for reset_after GRUs).
  let projected = b.op("MatMul", [x, call.initializer(spec.kernel)], {}, hint);
  if (spec.bias) {
    const inputBias = spec.resetAfter
      ? call.initializer(spec.bias, { tag: "gru_input_bias", apply: (w) => rowOf(w, 0) })
      : call.initializer(spec.bias);
    projected = b.op("Add", [projected, inputBias], {}, hint);
    if (spec.resetAfter)
      weights.recurrentBias = call.initializer(spec.bias, {
        tag: "gru_recurrent_bias",
        apply: (w) => rowOf(w, 1),
      });
  } else if (spec.resetAfter) {
    weights.recurrentBias = b.float32(new Array<number>(gateCount(spec.kind) * u).fill(0));
  }
  let states = [...initialStates];
  if (states.length === 0) {
    const zerosShape = concat(b, [shapeOf(b, x, 0, 1, hint), b.int64([u])], 0, hint);
    const zeros = b.op("Expand", [b.float32(new Array<number>(u).fill(0), [1, u]), zerosShape], {}, hint);
    states = new Array<string>(stateCount(spec.kind)).fill(zeros);
  }
  const maskSteps = mask
    ? unsqueeze(b, b.op("Cast", [mask], { to: attr.int(1) }, hint), [2], hint)
    : undefined;

  const body = b.subgraph();
  const info = (name: string, width: number): ValueInfoIR => ({
    name,
    elemType: "float32",
    shape: ["batch", width],
  });
  const stateIns = states.map((_, i) => body.uniqueName(`${hint}/state${i}_in`));
  const stepIn = body.uniqueName(`${hint}/x_t`);
  const maskIn = maskSteps ? body.uniqueName(`${hint}/mask_t`) : undefined;
  body.inputs.push(...stateIns.map((n) => info(n, u)), info(stepIn, gateCount(spec.kind) * u));
  if (maskIn) body.inputs.push(info(maskIn, 1));
  let next = emitStep(body, hint, spec, weights, stepIn, stateIns);
  if (maskIn) {
    // tfjs blends with the mask as numbers: new·m + previous·(1 − m); the output is the blended h.
    const off = body.op("Sub", [body.scalar(1), maskIn], {}, hint);
    next = next.map((s, i) =>
      body.op(
        "Add",
        [body.op("Mul", [s, maskIn], {}, hint), body.op("Mul", [stateIns[i] as string, off], {}, hint)],
        {},
        hint,
      ),
    );
  }
  const stepOutput = body.op("Identity", [next[0] as string], {}, hint);
  body.outputs.push(...next.map((n) => info(n, u)), info(stepOutput, u));

  const scanned = maskSteps ? [projected, maskSteps] : [projected];
  const direction = spec.goBackwards ? 1 : 0;
  const outputs = b.addNode(
    "Scan",
    [...states, ...scanned],
    {
      body: attr.graph({
        name: `${hint}/step`,
        nodes: body.nodes,
        initializers: [],
        inputs: body.inputs,
        outputs: body.outputs,
      }),
      num_scan_inputs: attr.int(scanned.length),
      scan_input_axes: attr.ints(scanned.map(() => 1)),
      scan_input_directions: attr.ints(scanned.map(() => direction)),
      scan_output_axes: attr.ints([1]),
      // Keras returns a go_backwards sequence in processing order; prepending restores input order.
      scan_output_directions: attr.ints([spec.goBackwards && alignSequence ? 1 : 0]),
    },
    hint,
    states.length + 1,
  );
  const finalStates = outputs.slice(0, states.length);
  return {
    sequence: spec.returnSequences ? outputs[states.length] : undefined,
    lastOutput: finalStates[0] as string,
    states: finalStates,
  };
}
