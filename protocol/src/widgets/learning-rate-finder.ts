import { defineWidget, type StateOf } from "../contract";
import { s } from "../schema";

/** `findLearningRate`: the range test's loss against the learning rate, and the suggestions. */
export const learningRateFinder = defineWidget({
  model: "LearningRateFinderModel",
  view: "LearningRateFinderView",
  state: s.object({
    title: s.string(),
    /** Learning rate of every step taken. */
    lrs: s.array(s.number()),
    /** Raw loss per step; null where not finite. */
    losses: s.array(s.number().nullable()),
    /** Exponentially smoothed, bias-corrected loss per step. */
    smoothed: s.array(s.number().nullable()),
    /** Steepest descent of the smoothed loss. */
    steepest: s.number().nullable(),
    /** The learning rate of the smallest smoothed loss, divided by 10. */
    min_over_10: s.number().nullable(),
    stopped_early: s.boolean(),
    note: s.string(),
  }),
});
export type LearningRateFinderState = StateOf<typeof learningRateFinder>;
