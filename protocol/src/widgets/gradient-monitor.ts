import { defineWidget, type StateOf } from "../contract";
import { s } from "../schema";
import { verdict } from "./verdict";

/**
 * The gradient monitor (`gradientMonitor`). Layers are listed input to output. The `*_hist` buffers hold
 * float32 fractions laid out [layer][step][bin] on the shared log10|x| edges `grad_edges`: gradients,
 * weights and updates over `layers`, activations over `act_layers`.
 */
export const gradientMonitor = defineWidget({
  model: "GradientMonitorModel",
  view: "GradientMonitorView",
  state: s.object({
    title: s.string(),
    layers: s.array(s.string()),
    steps: s.array(s.integer()),
    grad_edges: s.array(s.number()),
    grad_hist: s.binary(),
    // Weights, updates and activation histograms came in 0.1.0's second half: a notebook saved before has
    // none, and its view still draws gradients and the loss.
    weight_hist: s.binary().optional(),
    update_hist: s.binary().optional(),
    /** Gradient RMS per [layer][recorded step]. */
    grad_rms: s.array(s.array(s.number())),
    /** Weight RMS per [layer][recorded step] (0 before weights were recorded). */
    weight_rms: s.array(s.array(s.number())).optional(),
    /** RMS(Δw)/RMS(w) per [layer][recorded step]; null where not recorded. */
    update_ratio: s.array(s.array(s.number().nullable())).optional(),
    /** Latest mean |g| and max |g| per layer: the gradient-flow chart. */
    grad_mean_abs: s.array(s.number()),
    grad_max_abs: s.array(s.number()),
    /** Layers with recorded activations (empty when activations are off). */
    act_layers: s.array(s.string()),
    act_hist: s.binary().optional(),
    /** Activation RMS per [act layer][recorded step]. */
    act_rms: s.array(s.array(s.number())).optional(),
    /** Latest activation summaries per act layer. */
    act_mean: s.array(s.number()),
    act_std: s.array(s.number()),
    act_zero_fraction: s.array(s.number()),
    act_dead_fraction: s.array(s.number()),
    act_saturated_fraction: s.array(s.number()),
    loss_steps: s.array(s.integer()),
    /** null where the loss was NaN or infinite (a diverged step). */
    losses: s.array(s.number().nullable()),
    verdicts: s.array(verdict),
  }),
});
export type GradientMonitorState = StateOf<typeof gradientMonitor>;
