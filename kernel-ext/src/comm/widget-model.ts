import type { JsonObject } from "../jupyter/messages";
import { joinBuffers, parseBufferPaths, splitBuffers, type WidgetState } from "./buffers";
import type { CommManager } from "./comm-manager";
import type { CommHandle } from "./types";
import { WIDGET_PROTOCOL_VERSION, WIDGET_TARGET } from "./widget-protocol";

export type ChangeHandler = (changed: WidgetState, fromFrontend: boolean) => void;
export type CustomHandler = (content: JsonObject, buffers: readonly Uint8Array[]) => void;
/** Returns an error message for a state patch the frontend sent that must not be applied. */
export type StateValidator = (patch: WidgetState) => string | undefined;

const liveModels = new WeakMap<CommManager, Set<WidgetModel>>();

/** Every open widget model of a comm manager, for `request_states` on the control comm. */
export function openWidgetModels(manager: CommManager): Iterable<WidgetModel> {
  return liveModels.get(manager) ?? [];
}

/**
 * The kernel side of one widget model (protocol 2.1.0): opens a `jupyter.widget` comm with the full state,
 * answers `update` (applies it, then `echo_update`s it), `request_state` and `custom`.
 */
export class WidgetModel {
  private current: WidgetState;
  private readonly comm: CommHandle;
  private readonly changeHandlers: ChangeHandler[] = [];
  private readonly customHandlers: CustomHandler[] = [];

  constructor(
    manager: CommManager,
    initial: WidgetState,
    private readonly validate: StateValidator = () => undefined,
  ) {
    this.current = { ...initial };
    const { state, bufferPaths, buffers } = splitBuffers(this.current);
    this.comm = manager.open(
      WIDGET_TARGET,
      { state, buffer_paths: bufferPaths },
      { version: WIDGET_PROTOCOL_VERSION },
      buffers,
    );
    const live = liveModels.get(manager) ?? new Set<WidgetModel>();
    liveModels.set(manager, live);
    live.add(this);
    this.comm.onMessage((data, frames) => this.receive(data, frames));
    this.comm.onClose(() => live.delete(this));
  }

  get id(): string {
    return this.comm.id;
  }

  get closed(): boolean {
    return this.comm.closed;
  }

  get state(): Readonly<WidgetState> {
    return this.current;
  }

  /** Changes state here and in every frontend. */
  set(patch: WidgetState): void {
    Object.assign(this.current, patch);
    if (!this.comm.closed) this.sendState("update", patch);
  }

  sendCustom(content: JsonObject, buffers: readonly Uint8Array[] = []): void {
    this.comm.send({ method: "custom", content }, buffers);
  }

  onChange(handler: ChangeHandler): void {
    this.changeHandlers.push(handler);
  }

  onCustom(handler: CustomHandler): void {
    this.customHandlers.push(handler);
  }

  close(): void {
    this.comm.close();
  }

  /** The full state split for transport (control comm `update_states`). */
  serialize(): ReturnType<typeof splitBuffers> {
    return splitBuffers(this.current);
  }

  private sendState(method: "update" | "echo_update", patch: WidgetState): void {
    const { state, bufferPaths, buffers } = splitBuffers(patch);
    this.comm.send({ method, state, buffer_paths: bufferPaths }, buffers);
  }

  private receive(data: JsonObject, frames: readonly DataView[]): void {
    switch (data.method) {
      case "update": {
        const raw = data.state;
        if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
          throw new Error(`widget ${this.id}: update without a state object`);
        }
        const patch = joinBuffers(raw, parseBufferPaths(data.buffer_paths, frames.length), frames);
        const problem = this.validate(patch);
        if (problem) {
          // Tell the frontend the truth again so its view does not drift from the kernel.
          this.sendState("update", pick(this.current, Object.keys(patch)));
          throw new Error(`widget ${this.id}: rejected update: ${problem}`);
        }
        Object.assign(this.current, patch);
        this.sendState("echo_update", patch);
        for (const handler of this.changeHandlers) handler(patch, true);
        return;
      }
      case "request_state":
        this.sendState("update", this.current);
        return;
      case "custom": {
        const content = data.content;
        const obj = content !== null && typeof content === "object" && !Array.isArray(content) ? content : {};
        const buffers = frames.map((f) => new Uint8Array(f.buffer, f.byteOffset, f.byteLength));
        for (const handler of this.customHandlers) handler(obj, buffers);
        return;
      }
      default:
        throw new Error(`widget ${this.id}: unknown method ${JSON.stringify(data.method)}`);
    }
  }
}

function pick(state: WidgetState, keys: string[]): WidgetState {
  const out: WidgetState = {};
  for (const key of keys) if (key in state) out[key] = state[key] as WidgetState[string];
  return out;
}
