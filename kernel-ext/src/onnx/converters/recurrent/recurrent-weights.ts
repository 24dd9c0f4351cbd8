import {
  reorderLastAxisBlocks,
  reshapeHost,
  transposeHost,
  type HostTensor,
} from "../../convert/host-tensor";
import type { WeightTransform } from "../../convert/layer-call";
import type { CellKind } from "./recurrent-spec";

/** Keras gate order → ONNX gate order, as "ONNX block i comes from Keras block order[i]". */
const ONNX_GATE_ORDER: Record<CellKind, number[]> = {
  simple: [0],
  lstm: [0, 3, 1, 2], // Keras i f c o → ONNX i o f c
  gru: [0, 1, 2], // z r h in both
};

const KERAS_GATE_ORDER: Record<CellKind, number[]> = { simple: [0], lstm: [0, 1, 2, 3], gru: [0, 1, 2] };

/** Keras kernel [in, G·units] → ONNX W/R [1, G·units, in] in ONNX gate order. */
export function onnxMatrix(kind: CellKind): WeightTransform {
  return {
    tag: `rnn_${kind}_matrix`,
    apply: (w: HostTensor) => {
      const reordered = reorderLastAxisBlocks(w, ONNX_GATE_ORDER[kind]);
      const t = transposeHost(reordered, [1, 0]);
      return reshapeHost(t, [1, ...t.shape]);
    },
  };
}

/**
 * Keras bias → ONNX B [1, 2·G·units] (input bias then recurrent bias). Keras has one bias added to the
 * input projection, except GRU with reset_after whose bias is [2, 3·units]: input and recurrent rows.
 */
export function onnxBias(kind: CellKind): WeightTransform {
  return {
    tag: `rnn_${kind}_bias`,
    apply: (w: HostTensor) => {
      const rows = w.shape.length === 2 ? (w.shape[0] as number) : 1;
      const width = w.shape[w.shape.length - 1] as number;
      const out = new Float32Array(2 * width);
      for (let r = 0; r < rows; r++) {
        const row = reorderLastAxisBlocks(
          { shape: [width], values: w.values.subarray(r * width, (r + 1) * width) },
          ONNX_GATE_ORDER[kind],
        );
        out.set(row.values, r * width);
      }
      return { shape: [1, 2 * width], values: out };
    },
  };
}

/** For explicit (unrolled) cells: Keras layout kept, only split per gate later. */
export function kerasGateOrder(kind: CellKind): number[] {
  return KERAS_GATE_ORDER[kind];
}
