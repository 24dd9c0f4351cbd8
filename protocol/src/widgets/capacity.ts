import { defineWidget, type StateOf } from "../contract";
import { s } from "../schema";

/** The capacity diagnosis (`diagnoseCapacity`): learning curves and the verdict. */
export const capacity = defineWidget({
  model: "CapacityModel",
  view: "CapacityView",
  state: s.object({
    title: s.string(),
    /** Curve name ("loss", "val_loss", "acc", …) → one value per epoch (null where it was not finite). */
    curves: s.record(s.array(s.number().nullable())),
    verdict: s.literal("underfitting", "overfitting", "good_fit", "not_converged"),
    evidence: s.array(s.string()),
    advice: s.array(s.string()),
  }),
});
export type CapacityState = StateOf<typeof capacity>;
