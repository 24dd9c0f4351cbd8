import { CommManager } from "../../src/comm/comm-manager";
import type { CommMessageType } from "../../src/comm/types";
import type { JsonObject } from "../../src/jupyter/messages";

export interface Sent {
  type: CommMessageType;
  content: JsonObject;
  metadata: JsonObject;
  buffers: readonly Uint8Array[];
}

/** A comm manager whose transport records what it sends, and whose log records what it reports. */
export function recordingManager(): { manager: CommManager; sent: Sent[]; logs: string[] } {
  const sent: Sent[] = [];
  const logs: string[] = [];
  const manager = new CommManager(
    { send: (type, content, metadata, buffers) => sent.push({ type, content, metadata, buffers }) },
    (m) => logs.push(m),
  );
  return { manager, sent, logs };
}
