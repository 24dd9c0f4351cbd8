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
 * State of the gradient monitor (`gradientMonitor`). Layers are listed input to output. The `*_hist` buffers
 * hold float32 fractions laid out [layer][step][bin] on the shared log10|x| edges `grad_edges`: gradients,
 * weights and updates over `layers`, activations over `act_layers`.
 */
export interface GradientMonitorState {
  title: string;
  layers: string[];
  steps: number[];
  grad_edges: number[];
  grad_hist: Uint8Array;
  weight_hist: Uint8Array;
  update_hist: Uint8Array;
  /** Gradient RMS per [layer][recorded step]. */
  grad_rms: number[][];
  /** Weight RMS per [layer][recorded step] (0 before weights were recorded). */
  weight_rms: number[][];
  /** RMS(Δw)/RMS(w) per [layer][recorded step]; null where not recorded. */
  update_ratio: (number | null)[][];
  /** Latest mean |g| and max |g| per layer: the gradient-flow chart. */
  grad_mean_abs: number[];
  grad_max_abs: number[];
  /** Layers with recorded activations (empty when activations are off). */
  act_layers: string[];
  act_hist: Uint8Array;
  /** Activation RMS per [act layer][recorded step]. */
  act_rms: number[][];
  /** Latest activation summaries per act layer. */
  act_mean: number[];
  act_std: number[];
  act_zero_fraction: number[];
  act_dead_fraction: number[];
  act_saturated_fraction: number[];
  loss_steps: number[];
  /** null where the loss was NaN or infinite (a diverged step). */
  losses: (number | null)[];
  verdicts: VerdictState[];
}
