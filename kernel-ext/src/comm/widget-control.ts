import type { JsonObject } from "../jupyter/messages";
import type { BufferPath } from "./buffers";
import type { CommManager } from "./comm-manager";
import { openWidgetModels } from "./widget-model";
import { WIDGET_CONTROL_TARGET } from "./widget-protocol";

/**
 * The `jupyter.widget.control` target: a frontend that reconnects asks for every widget state in one
 * `request_states` and gets one `update_states` (instead of a round trip per widget).
 */
export function registerWidgetControl(manager: CommManager): void {
  manager.registerTarget(WIDGET_CONTROL_TARGET, (comm) => {
    comm.onMessage((data) => {
      if (data.method !== "request_states")
        throw new Error(`control comm: unknown method ${String(data.method)}`);
      const states: JsonObject = {};
      const bufferPaths: BufferPath[] = [];
      const buffers: Uint8Array[] = [];
      for (const model of openWidgetModels(manager)) {
        const split = model.serialize();
        states[model.id] = {
          model_name: String(split.state._model_name ?? ""),
          model_module: String(split.state._model_module ?? ""),
          model_module_version: String(split.state._model_module_version ?? ""),
          state: split.state,
        };
        // Paths start at the model's entry in `states`, as the frontend's put_buffers expects.
        split.bufferPaths.forEach((path, i) => {
          bufferPaths.push([model.id, "state", ...path]);
          buffers.push(split.buffers[i] as Uint8Array);
        });
      }
      comm.send({ method: "update_states", states, buffer_paths: bufferPaths }, buffers);
    });
  });
}
