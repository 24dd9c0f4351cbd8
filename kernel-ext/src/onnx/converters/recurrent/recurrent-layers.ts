import type { LayerCall } from "../../convert/layer-call";
import type { TensorRef } from "../../convert/tensor-ref";
import { registerBuiltinConverter } from "../../registry";
import { emitRecurrent } from "./emit-recurrent";
import { readRecurrentSpec, stateCount } from "./recurrent-spec";

/** SimpleRNN, LSTM, GRU and a generic RNN over one of their cells. */
function recurrentLayer(call: LayerCall): TensorRef[] {
  const spec = readRecurrentSpec(call.layer, call.layerName);
  const x = call.input(0);
  // Extra inputs of the call are initial states (tfjs appends them to the inputs).
  const initialStates = call.inputs.slice(1).map((t) => t.name);
  if (initialStates.length !== 0 && initialStates.length !== stateCount(spec.kind)) {
    call.unsupported(`expected ${stateCount(spec.kind)} initial states, got ${initialStates.length}`);
  }
  const run = emitRecurrent(call, spec, x, initialStates, false);
  const batch = x.shape[0] ?? null;
  const output: TensorRef = spec.returnSequences
    ? {
        name: run.sequence as string,
        shape: [batch, x.shape[1] ?? null, spec.units],
        dtype: "float32",
        mask: x.mask ?? null,
      }
    : { name: run.lastOutput, shape: [batch, spec.units], dtype: "float32", mask: null };
  if (!spec.returnState) return [output];
  return [
    output,
    ...run.states.map((s): TensorRef => ({
      name: s,
      shape: [batch, spec.units],
      dtype: "float32",
      mask: null,
    })),
  ];
}

const family = "Recurrent";
registerBuiltinConverter("SimpleRNN", recurrentLayer, {
  family,
  notes: "return_sequences/state, go_backwards, initial state, masks",
});
registerBuiltinConverter("LSTM", recurrentLayer, {
  family,
  notes: "return_sequences/state, go_backwards, initial state, masks",
});
registerBuiltinConverter("GRU", recurrentLayer, { family, notes: "as LSTM, plus Keras reset_after" });
registerBuiltinConverter("RNN", recurrentLayer, { family, notes: "over SimpleRNNCell, LSTMCell or GRUCell" });
