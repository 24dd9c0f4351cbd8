import type * as tf from "@tensorflow/tfjs";
import { concat, reshape, reverse, shapeOf } from "../builder/shape-ops";
import type { LayerCall } from "../convert/layer-call";
import type { TensorRef } from "../convert/tensor-ref";
import { registerBuiltinConverter } from "../registry";
import { emitRecurrent } from "./recurrent/emit-recurrent";
import { readRecurrentSpec, stateCount } from "./recurrent/recurrent-spec";

/** TimeDistributed and Bidirectional. */

/**
 * TimeDistributed: fold time into the batch ([B, T, ...] → [B·T, ...]), convert the wrapped layer once,
 * unfold its output. Batch and time sizes are read at run time, so both may be unknown.
 */
function timeDistributed(call: LayerCall): TensorRef {
  const inner = (call.layer as unknown as { layer: tf.layers.Layer }).layer;
  const x = call.input();
  const b = call.builder;
  const rest = x.shape.slice(2);
  const folded = reshape(
    b,
    x.name,
    rest.every((d) => d !== null)
      ? [-1, ...(rest as number[])]
      : concat(b, [b.int64([-1]), shapeOf(b, x.name, 2, undefined, call.hint)], 0, call.hint),
    call.hint,
  );
  const innerInput: TensorRef = { name: folded, shape: [null, ...rest], dtype: x.dtype, mask: null };
  const [y] = call.convertSublayer(inner, [innerInput]);
  if (!y) return call.unsupported("the wrapped layer produced no output");
  const outShape = concat(
    b,
    [shapeOf(b, x.name, 0, 2, call.hint), shapeOf(b, y.name, 1, undefined, call.hint)],
    0,
    call.hint,
  );
  const unfolded = reshape(b, y.name, outShape, call.hint);
  return {
    name: unfolded,
    shape: call.outputShapes[0] ?? [x.shape[0] ?? null, x.shape[1] ?? null, ...y.shape.slice(1)],
    dtype: y.dtype,
  };
}

/** tfjs keeps the two directions as private fields; they are ordinary recurrent layers. */
interface BidirectionalHalves {
  forwardLayer: tf.layers.Layer;
  backwardLayer: tf.layers.Layer;
}

function bidirectional(call: LayerCall): TensorRef[] {
  const halves = call.layer as unknown as BidirectionalHalves;
  if (!halves.forwardLayer || !halves.backwardLayer)
    call.unsupported("cannot find the forward and backward layers");
  const mergeMode = (call.config.raw.mergeMode ?? null) as string | null;
  const forward = readRecurrentSpec(halves.forwardLayer, `${call.layerName}/forward`);
  const backward = readRecurrentSpec(halves.backwardLayer, `${call.layerName}/backward`);
  const x = call.input(0);
  const states = call.inputs.slice(1).map((t) => t.name);
  const perDirection = stateCount(forward.kind);
  if (states.length !== 0 && states.length !== 2 * perDirection)
    call.unsupported(`expected ${2 * perDirection} initial states, got ${states.length}`);
  const fwd = emitRecurrent(call, forward, x, states.slice(0, perDirection), false);
  // tfjs reverses the backward layer's sequence (normally a go_backwards one, so that it lines up with
  // the input): a go_backwards half is asked for its sequence in input order directly.
  const bwd = emitRecurrent(call, backward, x, states.slice(perDirection), backward.goBackwards);
  const b = call.builder;
  const seq = forward.returnSequences;
  const y = seq ? (fwd.sequence as string) : fwd.lastOutput;
  const yRev = !seq
    ? bwd.lastOutput
    : backward.goBackwards
      ? (bwd.sequence as string)
      : reverse(b, bwd.sequence as string, 1, call.hint);
  const batch = x.shape[0] ?? null;
  const single = seq ? [batch, x.shape[1] ?? null, forward.units] : [batch, forward.units];
  const ref = (name: string, shape: (number | null)[]): TensorRef => ({
    name,
    shape,
    dtype: "float32",
    mask: seq ? (x.mask ?? null) : null,
  });
  let outputs: TensorRef[];
  switch (mergeMode) {
    case "concat":
      outputs = [
        ref(concat(b, [y, yRev], -1 + single.length, call.hint), [...single.slice(0, -1), 2 * forward.units]),
      ];
      break;
    case "sum":
      outputs = [ref(b.op("Add", [y, yRev], {}, call.hint), single)];
      break;
    case "mul":
      outputs = [ref(b.op("Mul", [y, yRev], {}, call.hint), single)];
      break;
    case "ave":
      outputs = [
        ref(b.op("Mul", [b.op("Add", [y, yRev], {}, call.hint), b.scalar(0.5)], {}, call.hint), single),
      ];
      break;
    case null:
      outputs = [ref(y, single), ref(yRev, single)];
      break;
    default:
      return call.unsupported(`mergeMode "${mergeMode}"`);
  }
  if (!forward.returnState) return outputs;
  const stateRef = (name: string): TensorRef => ({
    name,
    shape: [batch, forward.units],
    dtype: "float32",
    mask: null,
  });
  return [...outputs, ...fwd.states.map(stateRef), ...bwd.states.map(stateRef)];
}

const family = "Wrappers";
registerBuiltinConverter("TimeDistributed", timeDistributed, {
  family,
  notes: "any wrapped layer with a converter",
});
registerBuiltinConverter("Bidirectional", bidirectional, {
  family,
  notes: "concat/sum/mul/ave/none merge, return_state, initial state",
});
