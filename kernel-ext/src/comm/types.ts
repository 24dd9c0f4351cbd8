import type { JsonObject } from "../jupyter/messages";

export type CommMessageType = "comm_open" | "comm_msg" | "comm_close";

/**
 * The one seam between comms and the outside world: the kernel implements it with iopub messages,
 * tests with an array. Buffers travel as extra binary frames, never inside JSON.
 */
export interface CommTransport {
  send(
    type: CommMessageType,
    content: JsonObject,
    metadata: JsonObject,
    buffers: readonly Uint8Array[],
  ): void;
}

export type CommMessageHandler = (data: JsonObject, buffers: readonly DataView[]) => void;
export type CommCloseHandler = (data: JsonObject) => void;

/** Called when the frontend opens a comm on a registered target. */
export type CommTargetHandler = (comm: CommHandle, data: JsonObject, buffers: readonly DataView[]) => void;

/** What a comm target sees of a comm. */
export interface CommHandle {
  readonly id: string;
  readonly targetName: string;
  readonly closed: boolean;
  send(data: JsonObject, buffers?: readonly Uint8Array[], metadata?: JsonObject): void;
  close(data?: JsonObject): void;
  onMessage(handler: CommMessageHandler): void;
  onClose(handler: CommCloseHandler): void;
}
