/** State of the capacity diagnosis (`diagnoseCapacity`): learning curves and the verdict. */
export interface CapacityState {
  title: string;
  /** Curve name ("loss", "val_loss", "acc", …) → one value per epoch. */
  curves: Record<string, number[]>;
  verdict: string;
  evidence: string[];
  advice: string[];
}
