import type { LayerCall } from "../convert/layer-call";
import { emitActivation, isSupportedActivation, supportedActivations } from "./activation-functions";

/** The activation a layer's config names (default linear), checked before any node is emitted. */
export function configuredActivation(call: LayerCall, key = "activation", fallback = "linear"): string {
  const name = call.config.string(key, fallback);
  if (!isSupportedActivation(name)) {
    call.unsupported(
      `activation "${name}" is not supported (supported: ${supportedActivations().join(", ")})`,
    );
  }
  return name;
}

/** Applies the layer's configured (fused) activation to `x`. */
export function applyConfiguredActivation(call: LayerCall, x: string, key = "activation"): string {
  return emitActivation(call.builder, x, configuredActivation(call, key), call.hint);
}
