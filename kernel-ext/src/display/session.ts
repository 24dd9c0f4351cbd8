import type { CommManager } from "../comm/comm-manager";
import type { JsonObject, MimeBundle } from "../jupyter/messages";

/**
 * What a running kernel offers to displays and widgets. Absent in plain Node, where widgets fall back to
 * their static representations.
 */
export interface DisplaySession {
  readonly comms: CommManager;
  display(data: MimeBundle, metadata?: JsonObject, displayId?: string): void;
  updateDisplay(data: MimeBundle, displayId: string, metadata?: JsonObject): void;
  clearOutput(wait: boolean): void;
  /** Adds a "page" payload to the current execute reply (the pager of classic frontends). */
  page(data: MimeBundle): void;
}

// A global symbol, not a module variable: a second copy of this package loaded by a notebook's own
// `require("tslab-ml")` still finds the kernel's session.
const SESSION_KEY = Symbol.for("tslab-ml.display-session");

type SessionHolder = { [SESSION_KEY]?: DisplaySession };

export function setDisplaySession(session: DisplaySession | undefined): void {
  (globalThis as SessionHolder)[SESSION_KEY] = session;
}

export function displaySession(): DisplaySession | undefined {
  return (globalThis as SessionHolder)[SESSION_KEY];
}
