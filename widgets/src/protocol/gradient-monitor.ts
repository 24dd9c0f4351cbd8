/** One verdict as the widget shows it. */
// A type alias, not an interface: widget states must be assignable to JSON (index signatures).
export type VerdictState = {
  layer: string;
  kind: string;
  step: number;
  evidence: string;
  cures: string[];
};

/**
 * State of the gradient monitor (`gradientMonitor`). Layers are listed input to output. `grad_hist` holds
 * float32 fractions laid out [layer][step][bin] on the shared log10|g| edges `grad_edges`.
 */
export interface GradientMonitorState {
  title: string;
  layers: string[];
  steps: number[];
  grad_edges: number[];
  grad_hist: Uint8Array;
  /** Gradient RMS per [layer][recorded step]. */
  grad_rms: number[][];
  /** Latest mean |g| and max |g| per layer: the gradient-flow chart. */
  grad_mean_abs: number[];
  grad_max_abs: number[];
  /** Latest activation summaries per layer (empty without a sample). */
  act_layers: string[];
  act_mean: number[];
  act_std: number[];
  act_zero_fraction: number[];
  act_dead_fraction: number[];
  act_saturated_fraction: number[];
  act_edges: number[][];
  act_counts: number[][];
  loss_steps: number[];
  /** null where the loss was NaN or infinite (a diverged step). */
  losses: (number | null)[];
  verdicts: VerdictState[];
}
