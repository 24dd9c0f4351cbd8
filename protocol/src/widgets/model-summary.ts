import { defineWidget, type StateOf } from "../contract";
import { s, type Infer } from "../schema";
import { verdict } from "./verdict";

/** One row of `modelSummary`: a layer input to output. */
const layerRow = s.object({
  name: s.string(),
  class_name: s.string(),
  /** Output shape with null for the batch (and other free) dimensions; several for multi-output layers. */
  output_shape: s.string(),
  trainable_params: s.integer(),
  non_trainable_params: s.integer(),
  activation: s.string(),
  /** Bytes of the layer's weights as stored (float32: 4 per parameter). */
  weight_bytes: s.integer(),
  /** Names of the layers feeding this one (empty for a plain stack). */
  inputs: s.array(s.string()),
});
export type LayerRowState = Infer<typeof layerRow>;

/** `modelSummary`: layers, totals and, with a monitor, each layer's verdicts. */
export const modelSummary = defineWidget({
  model: "ModelSummaryModel",
  view: "ModelSummaryView",
  state: s.object({
    title: s.string(),
    rows: s.array(layerRow),
    total_trainable: s.integer(),
    total_non_trainable: s.integer(),
    total_weight_bytes: s.integer(),
    /** True when a gradient monitor's verdicts are included (then an empty list means "no problem"). */
    monitored: s.boolean(),
    verdicts: s.array(verdict),
  }),
});
export type ModelSummaryState = StateOf<typeof modelSummary>;
