import type { BackendName } from "./types";

/** Thrown by initBackend(name) when the requested backend cannot be set up here. */
export class BackendUnavailableError extends Error {
  override readonly name = "BackendUnavailableError";

  constructor(
    readonly backend: BackendName,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function describeCause(cause: unknown): string {
  if (cause instanceof Error) return cause.message.split("\n")[0];
  return String(cause);
}
