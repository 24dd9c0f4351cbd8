import type { VerdictState } from "./gradient-monitor";

/** One row of `modelSummary`: a layer input to output. */
export type LayerRowState = {
  name: string;
  class_name: string;
  /** Output shape with null for the batch (and other free) dimensions; several for multi-output layers. */
  output_shape: string;
  trainable_params: number;
  non_trainable_params: number;
  activation: string;
  /** Bytes of the layer's weights as stored (float32: 4 per parameter). */
  weight_bytes: number;
  /** Names of the layers feeding this one (empty for a plain stack). */
  inputs: string[];
};

/** State of `modelSummary`: layers, totals and, with a monitor, each layer's verdicts. */
export interface ModelSummaryState {
  title: string;
  rows: LayerRowState[];
  total_trainable: number;
  total_non_trainable: number;
  total_weight_bytes: number;
  /** True when a gradient monitor's verdicts are included (then an empty list means "no problem"). */
  monitored: boolean;
  verdicts: VerdictState[];
}
