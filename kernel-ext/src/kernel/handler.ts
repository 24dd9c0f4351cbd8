import { CommManager } from "../comm/comm-manager";
import { registerWidgetControl } from "../comm/widget-control";
import type { CommMessageType } from "../comm/types";
import { errorContentOf } from "../errors/error-content";
import { plainText, toMimeBundle } from "../display/mime";
import type { DisplaySession } from "../display/session";
import { describeBackgroundError, PendingBackgroundErrors } from "./background-errors";
import type { CellRunner } from "./cell-runner";
import type { BackgroundErrorKind } from "./crash-guard";
import { History, type HistoryRequest } from "./history";
import { kernelInfoContent, type KernelIdentity } from "./kernel-info";
import type {
  Channel,
  CommInfoRequest,
  CompleteRequest,
  ErrorContent,
  ExecuteRequest,
  InspectRequest,
  IsCompleteRequest,
  JsonObject,
  Message,
  MimeBundle,
  Outgoing,
  ShutdownRequest,
} from "../jupyter/messages";
import { StreamBuffer } from "./stream-buffer";

/** The socket seam: the ZeroMQ server sends these; tests collect them. */
export interface KernelIo {
  send(message: Outgoing): void;
}

export interface KernelHandlerOptions {
  runner: CellRunner;
  io: KernelIo;
  identity: KernelIdentity;
  log?: (message: string) => void;
  /** Called after the shutdown reply went out. */
  onShutdown?: (restart: boolean) => void;
}

type AnyMessage = Message<JsonObject>;

// Request fields come from a client: a field of the wrong type counts as absent, and never reaches
// String()/Number() (an object without a prototype would throw there).
const text = (value: unknown): string => (typeof value === "string" ? value : "");
const position = (value: unknown): number =>
  typeof value === "number" && Number.isInteger(value) && value >= 0 ? value : 0;

/**
 * The kernel's logic, apart from sockets: takes decoded messages, emits outgoing ones through `io`.
 * Executions run one after the other; everything else (completion, comms, interrupts) is answered at once,
 * so widgets stay interactive while a long cell awaits.
 */
export class KernelHandler implements DisplaySession {
  readonly comms: CommManager;
  private readonly runner: CellRunner;
  private readonly io: KernelIo;
  private readonly log: (message: string) => void;
  private readonly history = new History();
  private readonly streams: StreamBuffer;
  private executionCount = 0;
  private executeQueue: Promise<void> = Promise.resolve();
  private executeSeq = 0;
  private abortUpTo = 0;
  private executing: AnyMessage | undefined;
  private lastParent: AnyMessage | undefined;
  /** The message whose handling is on the stack: comm replies go under it. */
  private handling: AnyMessage | undefined;
  private payloads: JsonObject[] = [];
  private readonly pendingErrors = new PendingBackgroundErrors();

  constructor(private readonly options: KernelHandlerOptions) {
    this.runner = options.runner;
    this.io = options.io;
    this.log = options.log ?? ((m) => process.stderr.write(`[tslab-ml] ${m}\n`));
    this.streams = new StreamBuffer((name, text) => this.publish("stream", { name, text }, false));
    this.comms = new CommManager(
      { send: (type, content, metadata, buffers) => this.sendComm(type, content, metadata, buffers) },
      this.log,
    );
    registerWidgetControl(this.comms);
  }

  get busy(): boolean {
    return this.executing !== undefined;
  }

  /** Entry point for every decoded shell or control message. Never throws. */
  async handle(channel: Channel, message: AnyMessage): Promise<void> {
    try {
      await this.dispatch(channel, message);
    } catch (e) {
      this.log(`failed to handle ${message.header.msg_type}: ${(e as Error).stack ?? String(e)}`);
    }
  }

  /** Runs a task in the execution queue, before any cell that arrives later (the kernel's prelude). */
  enqueueStartup(task: () => Promise<void>): Promise<void> {
    this.executeQueue = this.executeQueue
      .then(task)
      .catch((e) => this.log(`startup failed: ${(e as Error).stack ?? String(e)}`));
    return this.executeQueue;
  }

  /** stdout/stderr of user code (the kernel start redirects process streams here). */
  writeStream(name: "stdout" | "stderr", text: string): void {
    this.streams.write(name, text);
  }

  /**
   * An error no cell caught (a timer that threw, a promise nobody awaited): shown on stderr of the running
   * cell, or of the next one when none runs, and in the kernel log.
   */
  reportBackgroundError(kind: BackgroundErrorKind, error: unknown): void {
    const text = describeBackgroundError(kind, error);
    this.log(text.trimEnd());
    if (this.executing) this.writeStream("stderr", text);
    else this.pendingErrors.add(text);
  }

  publishStatus(state: "starting" | "busy" | "idle", parent: AnyMessage | null): void {
    this.send({ channel: "iopub", msgType: "status", content: { execution_state: state }, parent });
  }

  // DisplaySession --------------------------------------------------------------------------------------

  display(data: MimeBundle, metadata: JsonObject = {}, displayId?: string): void {
    this.publish("display_data", { data, metadata, transient: displayId ? { display_id: displayId } : {} });
  }

  updateDisplay(data: MimeBundle, displayId: string, metadata: JsonObject = {}): void {
    this.publish("update_display_data", { data, metadata, transient: { display_id: displayId } });
  }

  clearOutput(wait: boolean): void {
    this.publish("clear_output", { wait });
  }

  page(data: MimeBundle): void {
    this.payloads.push({ source: "page", data, start: 0 });
  }

  // Dispatch -----------------------------------------------------------------------------------------

  private async dispatch(channel: Channel, message: AnyMessage): Promise<void> {
    const type = message.header.msg_type;
    if (type === "execute_request") {
      await this.enqueueExecute(channel, message);
      return;
    }
    // While a cell runs the kernel is busy already; a status pair here would flash "idle" in the frontend.
    const wrapStatus = !this.busy;
    if (wrapStatus) this.publishStatus("busy", message);
    this.handling = message;
    try {
      this.answer(channel, message);
    } finally {
      this.handling = undefined;
      if (wrapStatus) this.publishStatus("idle", message);
    }
  }

  private answer(channel: Channel, message: AnyMessage): void {
    const content = message.content;
    const reply = (msgType: string, body: JsonObject): void =>
      this.send({ channel, msgType, content: body, parent: message });
    const type = message.header.msg_type;
    try {
      switch (type) {
        case "kernel_info_request":
          return reply("kernel_info_reply", kernelInfoContent(this.options.identity));
        case "complete_request": {
          const req = content as unknown as CompleteRequest;
          const c = this.runner.complete(text(req.code), position(req.cursor_pos));
          return reply("complete_reply", {
            status: "ok",
            matches: c.matches,
            cursor_start: c.cursorStart,
            cursor_end: c.cursorEnd,
            metadata: {},
          });
        }
        case "inspect_request": {
          const req = content as unknown as InspectRequest;
          const found = this.runner.inspect(text(req.code), position(req.cursor_pos));
          return reply("inspect_reply", {
            status: "ok",
            found: found !== undefined,
            data: found !== undefined ? { "text/plain": found } : {},
            metadata: {},
          });
        }
        case "is_complete_request": {
          const req = content as unknown as IsCompleteRequest;
          return reply("is_complete_reply", { ...this.runner.isComplete(text(req.code)) });
        }
        case "history_request":
          return reply("history_reply", {
            status: "ok",
            history: this.history.query(content as unknown as HistoryRequest),
          });
        case "comm_info_request": {
          const req = content as unknown as CommInfoRequest;
          const target = typeof req.target_name === "string" ? req.target_name : undefined;
          return reply("comm_info_reply", { status: "ok", comms: this.comms.info(target) });
        }
        case "comm_open":
          return this.comms.handleOpen(content, this.frames(message));
        case "comm_msg":
          return this.comms.handleMessage(content, this.frames(message));
        case "comm_close":
          return this.comms.handleClose(content);
        case "interrupt_request":
          this.runner.interrupt();
          return reply("interrupt_reply", { status: "ok" });
        case "shutdown_request": {
          const restart = (content as unknown as ShutdownRequest).restart === true;
          reply("shutdown_reply", { status: "ok", restart });
          this.comms.closeAll();
          this.options.onShutdown?.(restart);
          return;
        }
        default:
          this.log(`ignored unsupported message type ${type} on ${channel}`);
      }
    } catch (e) {
      const error = errorContentOf(e);
      this.log(`${type} failed: ${error.traceback.join("\n")}`);
      if (type.endsWith("_request"))
        reply(type.replace(/_request$/, "_reply"), { status: "error", ...error });
    }
  }

  private frames(message: AnyMessage): DataView[] {
    return message.buffers.map((b) => new DataView(b.buffer, b.byteOffset, b.byteLength));
  }

  // Execution ----------------------------------------------------------------------------------------

  private enqueueExecute(channel: Channel, message: AnyMessage): Promise<void> {
    const seq = ++this.executeSeq;
    const run = this.executeQueue.then(() =>
      seq <= this.abortUpTo ? this.abortExecute(channel, message) : this.execute(channel, message),
    );
    this.executeQueue = run.catch((e) => this.log(`execute failed: ${(e as Error).stack ?? String(e)}`));
    return this.executeQueue;
  }

  private abortExecute(channel: Channel, message: AnyMessage): void {
    this.publishStatus("busy", message);
    this.send({
      channel,
      msgType: "execute_reply",
      content: { status: "aborted", execution_count: this.executionCount },
      parent: message,
    });
    this.publishStatus("idle", message);
  }

  private async execute(channel: Channel, message: AnyMessage): Promise<void> {
    const req = message.content as unknown as ExecuteRequest;
    const code = text(req.code);
    const silent = req.silent === true;
    const storeHistory = !silent && req.store_history !== false;
    this.executing = message;
    this.lastParent = message;
    this.payloads = [];
    this.publishStatus("busy", message);
    let count = this.executionCount;
    let replied = false;
    const replyWith = (error: ErrorContent | undefined, userExpressions: JsonObject): void => {
      replied = true;
      if (error) {
        if (!silent) this.publish("error", { ...error });
        if (req.stop_on_error !== false) this.abortUpTo = this.executeSeq;
      }
      this.send({
        channel,
        msgType: "execute_reply",
        content: error
          ? { status: "error", execution_count: count, ...error }
          : {
              status: "ok",
              execution_count: count,
              user_expressions: userExpressions,
              payload: this.payloads,
            },
        parent: message,
      });
    };
    try {
      if (storeHistory) {
        this.executionCount += 1;
        this.history.record(this.executionCount, code);
      }
      count = this.executionCount;
      if (!silent) this.publish("execute_input", { code, execution_count: count });
      this.writeStream("stderr", this.pendingErrors.take());

      let error: ErrorContent | undefined;
      const outcome = await this.runner.run(code);
      this.streams.flush();
      if (outcome.status === "error") error = outcome.error;
      else if (outcome.hasValue && !silent) {
        try {
          const data = toMimeBundle(outcome.value);
          this.publish("execute_result", { execution_count: count, data, metadata: {} });
          if (storeHistory) this.history.setOutput(count, String(data["text/plain"] ?? ""));
        } catch (e) {
          error = errorContentOf(e);
        }
      }
      replyWith(error, error ? {} : await this.evaluateUserExpressions(req.user_expressions));
    } catch (e) {
      // A kernel fault must still answer the request, or the frontend waits for ever.
      this.log(`execute failed: ${(e as Error).stack ?? String(e)}`);
      if (!replied) replyWith(errorContentOf(e), {});
    } finally {
      this.streams.flush();
      this.executing = undefined;
      this.publishStatus("idle", message);
    }
  }

  private async evaluateUserExpressions(expressions: unknown): Promise<JsonObject> {
    // Names come from the client: kept on an object without a prototype.
    const out = Object.create(null) as JsonObject;
    if (!expressions || typeof expressions !== "object" || Array.isArray(expressions)) return out;
    for (const [name, expression] of Object.entries(expressions)) {
      if (typeof expression !== "string") {
        out[name] = { status: "error", ename: "TypeError", evalue: "not a string", traceback: [] };
        continue;
      }
      const outcome = await this.runner.run(expression);
      out[name] =
        outcome.status === "ok"
          ? {
              status: "ok",
              data: outcome.hasValue ? toMimeBundle(outcome.value) : { "text/plain": plainText(undefined) },
              metadata: {},
            }
          : { status: "error", ...outcome.error };
    }
    return out;
  }

  // Output -------------------------------------------------------------------------------------------

  private get outputParent(): AnyMessage | null {
    return this.handling ?? this.executing ?? this.lastParent ?? null;
  }

  private publish(msgType: string, content: JsonObject, flushFirst = true): void {
    if (flushFirst) this.streams.flush();
    this.send({ channel: "iopub", msgType, content, parent: this.outputParent });
  }

  private sendComm(
    type: CommMessageType,
    content: JsonObject,
    metadata: JsonObject,
    buffers: readonly Uint8Array[],
  ): void {
    this.streams.flush();
    this.send({
      channel: "iopub",
      msgType: type,
      content,
      metadata,
      buffers: [...buffers],
      parent: this.outputParent,
    });
  }

  private send(message: Outgoing): void {
    try {
      this.io.send(message);
    } catch (e) {
      this.log(`could not send ${message.msgType}: ${(e as Error).message}`);
    }
  }
}
