import { CommManager } from "../../src/comm/comm-manager";
import type { CommMessageType } from "../../src/comm/types";
import { setDisplaySession } from "../../src/display/session";
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

/**
 * A display session on a recording manager (widgets displayed from here open their comm on it), and the
 * frontend's part: `fromView` sends a state update to the last opened widget, `lastUpdate` is the last state
 * update the kernel sent (with its buffers); `logs` is what the kernel logged (refused updates, with why).
 */
export function widgetSession(): {
  sent: Sent[];
  logs: string[];
  fromView(state: JsonObject): void;
  lastUpdate(): { state: JsonObject; buffers: readonly Uint8Array[] };
} {
  const { manager, sent, logs } = recordingManager();
  setDisplaySession({
    comms: manager,
    display: () => {},
    updateDisplay: () => {},
    clearOutput: () => {},
    page: () => {},
  });
  const commId = (): string => String(sent.filter((m) => m.type === "comm_open").at(-1)?.content.comm_id);
  return {
    sent,
    logs,
    fromView: (state) =>
      manager.handleMessage({ comm_id: commId(), data: { method: "update", state, buffer_paths: [] } }, []),
    lastUpdate: () => {
      const updates = sent.filter(
        (m) => m.type === "comm_msg" && (m.content.data as JsonObject).method === "update",
      );
      const last = updates.at(-1);
      if (!last) throw new Error("the kernel sent no state update");
      return { state: (last.content.data as JsonObject).state as JsonObject, buffers: last.buffers };
    },
  };
}
