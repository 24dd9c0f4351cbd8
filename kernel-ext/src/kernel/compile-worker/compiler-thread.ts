import { writeSync } from "node:fs";
import { createRequire } from "node:module";
import { parentPort, workerData } from "node:worker_threads";
import type { Converter } from "tslab/dist/converter";
import { useCodeCache } from "../code-cache";
import {
  DeferredDocs,
  defersDocsOf,
  type DocChecker,
  type DocSourceFile,
  type DocTypeScript,
} from "../deferred-docs";
import { leanCreateConverter } from "../lean-converter";
import { PACKAGE_INDEX_DECLARATIONS, preludeDirectory } from "../prelude-declarations";
import { tslabTypeScript } from "../tslab-typescript";
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
import { quietDirectoryWatching } from "./quiet-watching";

// The compile thread: one tslab converter (on the lean builder), answering the kernel thread's calls.
// It starts setting TypeScript up as soon as it starts (about a second and a half), while the kernel
// thread loads tfjs and its backend.

const data = workerData as CompileWorkerData;
const flags = new Int32Array(data.flags);
const port = data.port;

function answer(reply: CompileReply): void {
  try {
    port.postMessage(reply);
  } catch (e) {
    // A value that cannot be copied between threads: say so instead of leaving the caller waiting.
    port.postMessage({ ok: false, error: errorData(e) } satisfies CompileReply);
  }
  Atomics.store(flags, SLOT.call, CALL.replied);
  Atomics.notify(flags, SLOT.call);
}

/**
 * Writes to the kernel's log (fd 2) directly: the thread's process.stderr is piped into the kernel
 * thread's, which belongs to the running cell.
 */
function logToKernel(message: string): void {
  writeSync(2, `[tslab-ml] compile thread: ${message}\n`);
}

function errorData(e: unknown): { name: string; message: string; stack?: string } {
  const error = e instanceof Error ? e : new Error(String(e));
  return { name: error.name, message: error.message, stack: error.stack };
}

function setUp(): Converter {
  if (data.preload) createRequire(__filename)(data.preload);
  const codeCache = useCodeCache();
  quietDirectoryWatching();
  const prelude = preludeDirectory(PACKAGE_INDEX_DECLARATIONS);
  const docs = new DeferredDocs(tslabTypeScript<DocTypeScript>(), defersDocsOf([prelude]));
  const converter = leanCreateConverter({
    system: (system) => docs.system(system),
    beforeQuickInfo: (file, checker, position) => {
      try {
        docs.hydrateAt(file as DocSourceFile, checker as DocChecker, position);
      } catch (e) {
        // Inspect still answers, without the docs.
        logToKernel(`docs for inspect: ${(e as Error).stack ?? String(e)}`);
      }
    },
  })({ isJS: false, isBrowser: data.isBrowser });
  codeCache?.save();
  return converter;
}

function call(converter: Converter, request: CompileRequest): CompileResults[keyof CompileResults] {
  switch (request.method) {
    case "convert":
      return converter.convert(request.prevDecl, request.src);
    case "inspect":
      return converter.inspect(request.prevDecl, request.src, request.position);
    case "complete": {
      const completion = converter.complete(request.prevDecl, request.src, request.position);
      // TypeScript's own completion object only serves debugging, and need not copy between threads.
      delete completion.original;
      return completion;
    }
    case "addModule":
      return converter.addModule(request.name, request.content, request.meta);
  }
}

function serve(): void {
  // Whatever ends this thread, the kernel thread must not wait for a reply that cannot come.
  process.on("exit", () => {
    Atomics.store(flags, SLOT.thread, THREAD.gone);
    Atomics.notify(flags, SLOT.call);
  });
  // A throw outside a call (a TypeScript file watcher's callback) would end the thread: log it instead;
  // a converter it left broken fails its next call, and the kernel then starts a new thread.
  process.on("uncaughtException", (error) => logToKernel(error.stack ?? String(error)));
  let converter: Converter;
  let setUpError: unknown;
  try {
    converter = setUp();
  } catch (e) {
    setUpError = e;
  }
  // A `convert` compiled ahead by `prepare`, kept for the call that asks exactly it.
  let prepared: { prevDecl: string; src: string; result: CompileResults["convert"] } | undefined;
  port.on("message", (request: CompileRequest | PrepareRequest) => {
    if (setUpError !== undefined) {
      if (request.method !== "prepare") answer({ ok: false, error: errorData(setUpError) });
      return;
    }
    if (request.method === "prepare") {
      try {
        prepared = { ...request, result: converter.convert(request.prevDecl, request.src) };
      } catch {
        // The real call will compile again and report the error.
        prepared = undefined;
      }
      return;
    }
    try {
      if (
        request.method === "convert" &&
        prepared?.prevDecl === request.prevDecl &&
        prepared.src === request.src
      ) {
        answer({ ok: true, value: prepared.result });
      } else {
        answer({ ok: true, value: call(converter, request) });
      }
    } catch (e) {
      answer({ ok: false, error: errorData(e) });
    } finally {
      prepared = undefined;
    }
  });
}

if (parentPort) serve();
