import type { JsonObject } from "../jupyter/messages";
import type { CommCloseHandler, CommHandle, CommMessageHandler, CommTransport } from "./types";

/** One end of a comm channel; the manager routes frontend messages to it. */
export class Comm implements CommHandle {
  private messageHandlers: CommMessageHandler[] = [];
  private closeHandlers: CommCloseHandler[] = [];
  private isClosed = false;

  constructor(
    readonly id: string,
    readonly targetName: string,
    private readonly transport: CommTransport,
    private readonly onClosed: (comm: Comm) => void,
  ) {}

  get closed(): boolean {
    return this.isClosed;
  }

  send(data: JsonObject, buffers: readonly Uint8Array[] = [], metadata: JsonObject = {}): void {
    if (this.isClosed) throw new Error(`comm ${this.id} (${this.targetName}) is closed; open a new one`);
    this.transport.send("comm_msg", { comm_id: this.id, data }, metadata, buffers);
  }

  close(data: JsonObject = {}): void {
    if (this.isClosed) return;
    this.transport.send("comm_close", { comm_id: this.id, data }, {}, []);
    this.markClosed(data);
  }

  onMessage(handler: CommMessageHandler): void {
    this.messageHandlers.push(handler);
  }

  onClose(handler: CommCloseHandler): void {
    this.closeHandlers.push(handler);
  }

  /** A message from the frontend. */
  receive(data: JsonObject, buffers: readonly DataView[]): void {
    for (const handler of this.messageHandlers) handler(data, buffers);
  }

  /** Closed by either side: notify handlers once, then forget. */
  markClosed(data: JsonObject): void {
    if (this.isClosed) return;
    this.isClosed = true;
    for (const handler of this.closeHandlers) handler(data);
    this.messageHandlers = [];
    this.closeHandlers = [];
    this.onClosed(this);
  }
}
