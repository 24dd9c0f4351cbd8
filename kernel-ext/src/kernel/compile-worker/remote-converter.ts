import { MessageChannel, receiveMessageOnPort, type Worker } from "node:worker_threads";
import type { Converter } from "tslab/dist/converter";
import { spawnWorkerScript, workerScriptBeside } from "../../util/worker-script";
import {
  CALL,
  SLOT,
  THREAD,
  type CompileReply,
  type CompileRequest,
  type CompileResults,
  type CompileWorkerData,
  type PrepareRequest,
} from "./protocol";

const COMPILER_THREAD = workerScriptBeside(__filename, "compiler-thread");

export interface RemoteConverterOptions {
  isBrowser?: boolean;
  /** A module the compile thread loads before it sets the compiler up (tests hook the compiler with it). */
  preload?: string;
}

/** tslab's Converter, whose work runs on a compile thread; `prepare` compiles ahead without waiting. */
export interface RemoteConverter extends Converter {
  /** Compiles `convert(prevDecl, src)` ahead on the compile thread; the matching `convert` then returns at once. */
  prepare(prevDecl: string, src: string): void;
  /** Closed, or its thread ended: calls fail, a new converter is needed. */
  readonly closed: boolean;
}

/**
 * Starts a compile thread and returns its converter. The thread sets TypeScript up at once (reading its
 * standard library and the type roots: a second or two), so this thread is free meanwhile: the kernel
 * loads tfjs and compiles the backend's WebAssembly while TypeScript warms up.
 *
 * Each call blocks this thread until the compile thread answers, as tslab's in-thread converter did; a
 * SIGINT stops the wait like it stopped the compile (the kernel runs compiles under breakOnSigint), and
 * the caller then closes this converter: its thread may still be busy with the abandoned call.
 */
export function startRemoteConverter(options: RemoteConverterOptions = {}): RemoteConverter {
  const flags = new Int32Array(new SharedArrayBuffer(8));
  const { port1: port, port2: threadPort } = new MessageChannel();
  const workerData: CompileWorkerData = {
    isBrowser: options.isBrowser ?? false,
    flags: flags.buffer as SharedArrayBuffer,
    preload: options.preload,
    port: threadPort,
  };
  const worker: Worker = spawnWorkerScript(COMPILER_THREAD, {
    workerData,
    transferList: [threadPort],
  });
  worker.unref();
  port.unref();
  let closed = false;

  function call<M extends CompileRequest["method"]>(
    request: Extract<CompileRequest, { method: M }>,
  ): CompileResults[M] {
    if (closed) throw new Error("the TypeScript compiler thread was closed");
    Atomics.store(flags, SLOT.call, CALL.waiting);
    port.postMessage(request);
    // In slices: the thread marks itself gone when it ends, and then no reply will come.
    while (
      Atomics.load(flags, SLOT.call) === CALL.waiting &&
      Atomics.load(flags, SLOT.thread) !== THREAD.gone
    )
      Atomics.wait(flags, SLOT.call, CALL.waiting, 1000);
    const received = receiveMessageOnPort(port);
    if (!received) {
      closed = true;
      throw new Error(
        "the thread compiling cells ended (see the kernel's log); the next cell starts a new one",
      );
    }
    const reply = received.message as CompileReply;
    if (reply.ok) return reply.value as CompileResults[M];
    throw Object.assign(new Error(reply.error.message), reply.error);
  }

  return {
    get closed() {
      return closed;
    },
    convert: (prevDecl, src) => call({ method: "convert", prevDecl, src }),
    inspect: (prevDecl, src, position) => call({ method: "inspect", prevDecl, src, position }),
    complete: (prevDecl, src, position) => call({ method: "complete", prevDecl, src, position }),
    addModule: (name, content, meta) => call({ method: "addModule", name, content, meta }),
    prepare(prevDecl, src) {
      if (!closed) port.postMessage({ method: "prepare", prevDecl, src } satisfies PrepareRequest);
    },
    close() {
      if (closed) return;
      closed = true;
      port.close();
      void worker.terminate();
    },
  };
}
