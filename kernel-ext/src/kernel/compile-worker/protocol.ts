import type { Converter } from "tslab/dist/converter";
import type { MessagePort } from "node:worker_threads";
import type { CodeMetadata } from "tslab/dist/metadata";

// How the kernel's thread talks to the thread that compiles cells. Calls are synchronous for the caller
// (tslab's executor calls its converter synchronously): the caller posts a request, waits on a shared
// flag, and takes the reply off the port. One call is under way at a time.

/** What the compile thread is asked; each is the tslab Converter method of the same name. */
export type CompileRequest =
  | { method: "convert"; prevDecl: string; src: string }
  | { method: "inspect"; prevDecl: string; src: string; position: number }
  | { method: "complete"; prevDecl: string; src: string; position: number }
  | { method: "addModule"; name: string; content: string; meta?: CodeMetadata };

/** Asked without waiting: compile ahead what a `convert` will soon ask (the kernel's prelude). No reply. */
export interface PrepareRequest {
  method: "prepare";
  prevDecl: string;
  src: string;
}

/** The replies: what the Converter methods return (plain data, copied between threads). */
export type CompileResults = { [M in CompileRequest["method"]]: ReturnType<Converter[M]> };

export type CompileReply =
  | { ok: true; value: CompileResults[keyof CompileResults] }
  | { ok: false; error: { name: string; message: string; stack?: string } };

/** The shared flags: an Int32Array of two slots in a SharedArrayBuffer. */
export const SLOT = {
  /** The call under way: CALL.waiting, then CALL.replied once the reply is on the port. */
  call: 0,
  /** THREAD.gone once the compile thread ends (only the thread writes it). */
  thread: 1,
} as const;
export const CALL = { waiting: 0, replied: 1 } as const;
export const THREAD = { running: 0, gone: 1 } as const;

export interface CompileWorkerData {
  isBrowser: boolean;
  /** Int32Array over this buffer: the flags (SLOT). */
  flags: SharedArrayBuffer;
  /** A module the thread loads before it sets the compiler up (tests hook the compiler with it). */
  preload: string | undefined;
  /** The thread's end of the channel: requests come in, replies go out (transferred). */
  port: MessagePort;
}
