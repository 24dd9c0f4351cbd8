/** State of `findLearningRate`: the range test's loss against the learning rate, and the suggestions. */
export interface LearningRateFinderState {
  title: string;
  /** Learning rate of every step taken. */
  lrs: number[];
  /** Raw loss per step; null where not finite. */
  losses: (number | null)[];
  /** Exponentially smoothed, bias-corrected loss per step. */
  smoothed: (number | null)[];
  /** Steepest descent of the smoothed loss. */
  steepest: number | null;
  /** The learning rate of the smallest smoothed loss, divided by 10. */
  min_over_10: number | null;
  stopped_early: boolean;
  note: string;
}
