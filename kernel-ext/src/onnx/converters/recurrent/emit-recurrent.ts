import type { LayerCall } from "../../convert/layer-call";
import type { TensorRef } from "../../convert/tensor-ref";
import { emitNativeRecurrent, nativeActivationsAvailable } from "./native-rnn";
import type { RecurrentRun } from "./recurrent-run";
import type { RecurrentSpec } from "./recurrent-spec";
import { emitScanRecurrent } from "./scan-rnn";

/**
 * Emits one recurrent layer on `x` [batch, time, features]: ONNX's own RNN/LSTM/GRU op when it can do
 * exactly what tfjs does, otherwise a Scan over tfjs's cell step (masks, activations ONNX's ops lack).
 */
export function emitRecurrent(
  call: LayerCall,
  spec: RecurrentSpec,
  x: TensorRef,
  initialStates: readonly string[],
  alignSequence: boolean,
): RecurrentRun {
  if (x.maskProblem) call.unsupported(x.maskProblem);
  if (!x.mask && nativeActivationsAvailable(spec))
    return emitNativeRecurrent(call, spec, x.name, initialStates, alignSequence);
  return emitScanRecurrent(call, spec, x.name, x.mask, initialStates, alignSequence);
}
