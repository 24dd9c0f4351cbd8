import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { Publisher, Reply, Router, type Socket } from "zeromq";
import { endpoint, type ConnectionInfo } from "./connection";
import type { KernelIo } from "./handler";
import {
  PROTOCOL_VERSION,
  type Channel,
  type JsonObject,
  type Message,
  type Outgoing,
} from "../jupyter/messages";
import { ReplayGuard } from "./replay-guard";
import { decodeMessage, encodeMessage, inboundLimits, Signer, WireError, type InboundLimits } from "./wire";

type Incoming = (channel: Channel, message: Message<JsonObject>) => void;

/** Sends on one socket one message at a time: zeromq 6 allows a single pending send per socket. */
class SendQueue {
  private tail: Promise<void> = Promise.resolve();
  constructor(
    private readonly socket: Router | Publisher,
    private readonly onError: (e: unknown) => void,
  ) {}
  push(frames: Buffer[]): void {
    this.tail = this.tail.then(() => this.socket.send(frames)).catch(this.onError);
  }
  drain(): Promise<void> {
    return this.tail;
  }
}

/**
 * The sockets of a kernel: decodes and verifies what arrives on shell and control (a badly signed or
 * malformed message is dropped and logged), and signs and sends what the handler emits.
 */
export class ZmqServer implements KernelIo {
  readonly session = randomUUID();
  private readonly signer: Signer;
  private readonly limits: InboundLimits;
  private readonly frameHardLimit: number;
  private readonly replay = new ReplayGuard();
  private readonly shell: Router;
  private readonly control: Router;
  private readonly stdin = new Router({ linger: 0 });
  private readonly iopub = new Publisher({ linger: 0 });
  private readonly queues: Record<"shell" | "control" | "stdin" | "iopub", SendQueue>;
  private heartbeat: Worker | Reply | undefined;
  private closed = false;

  constructor(
    private readonly info: ConnectionInfo,
    private readonly log: (message: string) => void,
  ) {
    this.signer = new Signer(info.key, info.signature_scheme);
    this.limits = ZmqServer.limitsFromEnv(log);
    // libzmq drops a client whose single frame exceeds this, before allocating it; below it, a message
    // over the limit is received and dropped here with a log line that names the limit.
    this.frameHardLimit = Math.min(4 * this.limits.maxMessageBytes, 2 ** 31 - 1);
    this.shell = new Router({ linger: 0, maxMessageSize: this.frameHardLimit });
    this.control = new Router({ linger: 0, maxMessageSize: this.frameHardLimit });
    const onError = (e: unknown): void => this.log(`send failed: ${(e as Error).message}`);
    this.queues = {
      shell: new SendQueue(this.shell, onError),
      control: new SendQueue(this.control, onError),
      stdin: new SendQueue(this.stdin, onError),
      iopub: new SendQueue(this.iopub, onError),
    };
  }

  async start(onMessage: Incoming): Promise<void> {
    const { info } = this;
    await Promise.all([
      this.shell.bind(endpoint(info, info.shell_port)),
      this.control.bind(endpoint(info, info.control_port)),
      this.stdin.bind(endpoint(info, info.stdin_port)),
      this.iopub.bind(endpoint(info, info.iopub_port)),
      this.startHeartbeat(endpoint(info, info.hb_port)),
    ]);
    void this.receive(this.shell, "shell", onMessage);
    void this.receive(this.control, "control", onMessage);
    void this.watchDisconnects(this.shell, "shell");
    void this.watchDisconnects(this.control, "control");
  }

  send(out: Outgoing): void {
    if (this.closed) return;
    const parent = out.parent;
    const identities =
      out.channel === "iopub"
        ? [Buffer.from(`kernel.${this.session}.${out.msgType}`)]
        : (parent?.identities ?? []);
    const frames = encodeMessage(
      {
        identities,
        header: {
          msg_id: randomUUID(),
          session: this.session,
          username: parent?.header.username ?? "kernel",
          date: new Date().toISOString(),
          msg_type: out.msgType,
          version: PROTOCOL_VERSION,
        },
        parent_header: parent?.header ?? {},
        metadata: out.metadata ?? {},
        content: out.content,
        buffers: out.buffers ?? [],
      },
      this.signer,
    );
    this.queues[out.channel].push(frames);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await Promise.all(Object.values(this.queues).map((q) => q.drain()));
    this.closed = true;
    for (const socket of [this.shell, this.control, this.stdin, this.iopub] as Socket[]) socket.close();
    const heartbeat = this.heartbeat;
    if (heartbeat instanceof Worker) {
      const exited = new Promise((resolve) => heartbeat.once("exit", resolve));
      heartbeat.postMessage("close");
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 1000).unref())]);
    } else {
      heartbeat?.close();
    }
  }

  private async receive(socket: Router, channel: Channel, onMessage: Incoming): Promise<void> {
    try {
      for await (const frames of socket) {
        let message: Message;
        try {
          message = decodeMessage(frames, this.signer, { limits: this.limits, replay: this.replay });
        } catch (e) {
          if (!(e instanceof WireError)) throw e;
          this.log(`dropped a message on ${channel}: ${e.message}`);
          continue;
        }
        onMessage(channel, message);
      }
    } catch (e) {
      if (!this.closed) this.log(`${channel} socket stopped: ${(e as Error).message}`);
    }
  }

  private static limitsFromEnv(log: (message: string) => void): InboundLimits {
    try {
      return inboundLimits();
    } catch (e) {
      log(`${(e as Error).message}; using the default limits`);
      return inboundLimits({});
    }
  }

  /** A frame over libzmq's limit ends the client's connection without a message: say so in the log. */
  private async watchDisconnects(socket: Router, channel: Channel): Promise<void> {
    try {
      for await (const event of socket.events) {
        if (event.type === "disconnect" && !this.closed) {
          this.log(
            `a client connection on ${channel} was dropped (it closed, or sent a frame over ` +
              `${Math.round(this.frameHardLimit / 2 ** 20)} MiB, libzmq's limit)`,
          );
        }
      }
    } catch {
      // The socket closed.
    }
  }

  private async startHeartbeat(address: string): Promise<void> {
    const script = join(__dirname, "heartbeat-worker.js");
    if (existsSync(script)) {
      const worker = new Worker(script, { workerData: { address } });
      worker.unref();
      this.heartbeat = worker;
      await new Promise<void>((resolve, reject) => {
        worker.once("message", (m: string) => (m === "ready" ? resolve() : reject(new Error(m))));
        worker.once("error", reject);
      });
      return;
    }
    // Running from sources (tests through tsx): echo on the main thread.
    const socket = new Reply({ linger: 0 });
    this.heartbeat = socket;
    await socket.bind(address);
    void (async () => {
      for await (const frames of socket) await socket.send(frames);
    })().catch(() => undefined);
  }
}
