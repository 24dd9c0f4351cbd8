import type * as tf from "@tensorflow/tfjs";
import { ConfigReader } from "../../convert/config-reader";
import { WeightSet, type LayerWeight } from "../../convert/weights";
import { UnsupportedLayerError } from "../../errors";
import { canonicalActivation, isSupportedActivation, supportedActivations } from "../activation-functions";

export type CellKind = "simple" | "lstm" | "gru";

/** Everything needed to emit one recurrent layer, read from a tfjs layer (or a Bidirectional's half). */
export interface RecurrentSpec {
  kind: CellKind;
  layerName: string;
  units: number;
  activation: string;
  recurrentActivation: string;
  /** Keras GRU reset_after (tfjs only has false; Keras models may carry true). */
  resetAfter: boolean;
  returnSequences: boolean;
  returnState: boolean;
  goBackwards: boolean;
  kernel: LayerWeight;
  recurrentKernel: LayerWeight;
  bias: LayerWeight | null;
}

const KIND_BY_CLASS: Record<string, CellKind> = {
  SimpleRNN: "simple",
  SimpleRNNCell: "simple",
  LSTM: "lstm",
  LSTMCell: "lstm",
  GRU: "gru",
  GRUCell: "gru",
};

/** The cell of a generic keras RNN layer, whose config carries the cell's class and config. */
interface RnnWithCell {
  cell?: tf.layers.Layer;
}

export function readRecurrentSpec(layer: tf.layers.Layer, layerName: string): RecurrentSpec {
  const className = layer.getClassName();
  const fail = (detail: string): never => {
    throw new UnsupportedLayerError(layerName, className, detail);
  };
  const layerConfig = new ConfigReader(layerName, className, layer.getConfig() as Record<string, unknown>);
  // A generic RNN wraps a cell: the cell has the units/activations, the layer the sequence options.
  const cell = className === "RNN" ? (layer as unknown as RnnWithCell).cell : undefined;
  const cellClass = cell ? cell.getClassName() : className;
  const kind = KIND_BY_CLASS[cellClass];
  if (!kind)
    return fail(`recurrent cell ${cellClass} is not supported (supported: SimpleRNNCell, LSTMCell, GRUCell)`);
  const cellConfig = cell
    ? new ConfigReader(layerName, cellClass, cell.getConfig() as Record<string, unknown>)
    : layerConfig;
  if (layerConfig.boolean("stateful", false)) {
    fail(
      "stateful=true: its output depends on state kept between predict calls; export a stateless copy of the layer",
    );
  }
  const activation = canonicalActivation(cellConfig.string("activation", "tanh"));
  const recurrentActivation = canonicalActivation(cellConfig.string("recurrentActivation", "hardSigmoid"));
  for (const a of kind === "simple" ? [activation] : [activation, recurrentActivation]) {
    if (!isSupportedActivation(a))
      fail(`activation "${a}" is not supported (supported: ${supportedActivations().join(", ")})`);
  }
  const weights = WeightSet.ofLayer(cell ?? layer);
  const need = (name: string): LayerWeight => weights.get(name) ?? fail(`weight "${name}" not found`);
  return {
    kind,
    layerName,
    units: cellConfig.number("units"),
    activation,
    recurrentActivation,
    resetAfter: kind === "gru" && cellConfig.boolean("resetAfter", false),
    returnSequences: layerConfig.boolean("returnSequences", false),
    returnState: layerConfig.boolean("returnState", false),
    goBackwards: layerConfig.boolean("goBackwards", false),
    kernel: need("kernel"),
    recurrentKernel: need("recurrent_kernel"),
    bias: cellConfig.boolean("useBias", true) ? need("bias") : null,
  };
}

/** Number of state tensors: h for SimpleRNN/GRU, h and c for LSTM. */
export function stateCount(kind: CellKind): number {
  return kind === "lstm" ? 2 : 1;
}

/** Gates per cell: 1, 4 (i f c o) or 3 (z r h). */
export function gateCount(kind: CellKind): number {
  return kind === "lstm" ? 4 : kind === "gru" ? 3 : 1;
}
