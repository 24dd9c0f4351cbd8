import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Dealer, Request, Subscriber } from "zeromq";
import { decodeMessage, encodeMessage, Signer } from "../../kernel-ext/src/kernel/wire";
import type { JsonObject, Message } from "../../kernel-ext/src/jupyter/messages";

export const REPO_ROOT = resolve(__dirname, "..", "..");
export const KERNEL_BIN = join(REPO_ROOT, "kernel-ext", "bin", "tslab-ml.js");

/** A TCP port nobody listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? res(address.port) : rej(new Error("no port")),
      );
    });
  });
}

/**
 * A minimal Jupyter client over real ZeroMQ sockets, for tests: starts a kernel process from a connection
 * file and speaks the wire protocol (signed with the file's key).
 */
export class KernelClient {
  readonly key = randomBytes(16).toString("hex");
  readonly signer = new Signer(this.key);
  readonly session = randomUUID();
  readonly iopubMessages: Message[] = [];
  readonly stderr: string[] = [];
  process: ChildProcess | undefined;
  private shell = new Dealer({ linger: 0 });
  private control = new Dealer({ linger: 0 });
  private iopub = new Subscriber({ linger: 0 });
  private shellReplies = new Map<string, (m: Message) => void>();
  /** How many shell/control replies arrived per request id (a replayed request must get none). */
  private replyCounts = new Map<string, number>();
  private ports: Record<string, number> = {};

  static async start(
    options: { argv?: (connectionFile: string) => string[]; cwd?: string; env?: Record<string, string> } = {},
  ): Promise<KernelClient> {
    const client = new KernelClient();
    await client.launch(options);
    return client;
  }

  private async launch(options: {
    argv?: (connectionFile: string) => string[];
    cwd?: string;
    env?: Record<string, string>;
  }): Promise<void> {
    for (const name of ["shell", "iopub", "stdin", "control", "hb"]) this.ports[name] = await freePort();
    const dir = mkdtempSync(join(tmpdir(), "tslab-ml-conn-"));
    const file = join(dir, "kernel.json");
    writeFileSync(
      file,
      JSON.stringify({
        transport: "tcp",
        ip: "127.0.0.1",
        shell_port: this.ports.shell,
        iopub_port: this.ports.iopub,
        stdin_port: this.ports.stdin,
        control_port: this.ports.control,
        hb_port: this.ports.hb,
        key: this.key,
        signature_scheme: "hmac-sha256",
        kernel_name: "tslab-ml",
      }),
    );
    const argv = options.argv?.(file) ?? [KERNEL_BIN, "kernel", "--config-path", file];
    this.process = spawn(process.execPath, argv, {
      cwd: options.cwd ?? dir,
      env: { ...process.env, ...options.env },
      stdio: ["ignore", "ignore", "pipe"],
    });
    this.process.stderr?.on("data", (d: Buffer) => this.stderr.push(d.toString()));
    this.shell.connect(`tcp://127.0.0.1:${this.ports.shell}`);
    this.control.connect(`tcp://127.0.0.1:${this.ports.control}`);
    this.iopub.connect(`tcp://127.0.0.1:${this.ports.iopub}`);
    this.iopub.subscribe();
    void this.pump(this.shell);
    void this.pump(this.control);
    void (async () => {
      for await (const frames of this.iopub)
        this.iopubMessages.push(decodeMessage(frames as Buffer[], this.signer, { plainObjects: true }));
    })().catch(() => undefined);
  }

  private async pump(socket: Dealer): Promise<void> {
    try {
      for await (const frames of socket) {
        const msg = decodeMessage(frames as Buffer[], this.signer, { plainObjects: true });
        const parentId = (msg.parent_header as { msg_id?: string }).msg_id ?? "";
        this.replyCounts.set(parentId, (this.replyCounts.get(parentId) ?? 0) + 1);
        this.shellReplies.get(parentId)?.(msg);
      }
    } catch {
      // socket closed
    }
  }

  makeMessage(
    msgType: string,
    content: JsonObject,
    buffers: Uint8Array[] = [],
  ): { id: string; frames: Buffer[] } {
    const id = randomUUID();
    const frames = encodeMessage(
      {
        identities: [],
        header: {
          msg_id: id,
          session: this.session,
          username: "test",
          date: new Date().toISOString(),
          msg_type: msgType,
          version: "5.3",
        },
        parent_header: {},
        metadata: {},
        content,
        buffers,
      },
      this.signer,
    );
    return { id, frames };
  }

  /** Sends a request and resolves with its reply. */
  async request(
    msgType: string,
    content: JsonObject,
    options: { channel?: "shell" | "control"; buffers?: Uint8Array[]; timeoutMs?: number } = {},
  ): Promise<Message> {
    const { id, frames } = this.makeMessage(msgType, content, options.buffers);
    return this.sendAndWait(id, frames, options.channel ?? "shell", options.timeoutMs ?? 60000, msgType);
  }

  /** Sends prepared frames of request `id` and resolves with its reply. */
  async sendAndWait(
    id: string,
    frames: Buffer[],
    channel: "shell" | "control",
    timeoutMs = 60000,
    what = `request ${id}`,
  ): Promise<Message> {
    const reply = new Promise<Message>((res, rej) => {
      const timer = setTimeout(() => {
        this.shellReplies.delete(id);
        rej(new Error(`no reply to ${what} in ${timeoutMs} ms; kernel stderr:\n${this.stderr.join("")}`));
      }, timeoutMs);
      this.shellReplies.set(id, (m) => {
        clearTimeout(timer);
        this.shellReplies.delete(id);
        res(m);
      });
    });
    await (channel === "control" ? this.control : this.shell).send(frames);
    return reply;
  }

  /** The number of replies received so far to request `id`. */
  repliesTo(id: string): number {
    return this.replyCounts.get(id) ?? 0;
  }

  /** Sends without waiting for a reply (comm messages have none). Returns the msg_id. */
  async post(msgType: string, content: JsonObject, buffers: Uint8Array[] = []): Promise<string> {
    const { id, frames } = this.makeMessage(msgType, content, buffers);
    await this.shell.send(frames);
    return id;
  }

  /** Sends raw frames on shell or control (to test malformed input). */
  async sendRaw(frames: Buffer[], channel: "shell" | "control" = "shell"): Promise<void> {
    await (channel === "control" ? this.control : this.shell).send(frames);
  }

  /**
   * Waits until the kernel answers kernel_info and its iopub messages reach us (a SUB socket misses what is
   * published before it has joined, so a request is repeated until its status arrives).
   */
  async ready(timeoutMs = 60000): Promise<void> {
    const start = Date.now();
    for (;;) {
      const reply = await this.request("kernel_info_request", {}, { timeoutMs }).catch(() => undefined);
      const id = (reply?.parent_header as { msg_id?: string } | undefined)?.msg_id;
      if (id) {
        const seen = await this.waitForIopub(
          (m) => (m.parent_header as { msg_id?: string }).msg_id === id,
          500,
        ).catch(() => undefined);
        if (seen) return;
      }
      if (Date.now() - start > timeoutMs)
        throw new Error(`kernel not ready in ${timeoutMs} ms; stderr:\n${this.stderr.join("")}`);
    }
  }

  async execute(code: string): Promise<{ reply: Message; outputs: Message[] }> {
    const { id, frames } = this.makeMessage("execute_request", {
      code,
      silent: false,
      store_history: true,
      user_expressions: {},
      allow_stdin: false,
      stop_on_error: true,
    });
    const replyPromise = new Promise<Message>((res) => this.shellReplies.set(id, res));
    await this.shell.send(frames);
    const reply = await replyPromise;
    const outputs = await this.waitForIopub(
      (m) =>
        m.header.msg_type === "status" &&
        m.content.execution_state === "idle" &&
        (m.parent_header as { msg_id?: string }).msg_id === id,
    );
    return { reply, outputs: outputs.filter((m) => (m.parent_header as { msg_id?: string }).msg_id === id) };
  }

  /** The text/plain of a cell's value; rejects, with the reply, when the cell fails or has no value. */
  async valueOf(code: string): Promise<string> {
    const { reply, outputs } = await this.execute(code);
    const result = outputs.find((m) => m.header.msg_type === "execute_result");
    if (reply.content.status !== "ok" || !result)
      throw new Error(`no value from ${code}: ${JSON.stringify(reply.content)}`);
    return String((result.content.data as JsonObject)["text/plain"]);
  }

  /** Resolves with every iopub message so far once one matches `until`. */
  async waitForIopub(until: (m: Message) => boolean, timeoutMs = 60000): Promise<Message[]> {
    const start = Date.now();
    for (;;) {
      if (this.iopubMessages.some(until)) return [...this.iopubMessages];
      if (Date.now() - start > timeoutMs)
        throw new Error(`iopub wait timed out; kernel stderr:\n${this.stderr.join("")}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async heartbeat(timeoutMs = 5000): Promise<boolean> {
    const req = new Request({ linger: 0, receiveTimeout: timeoutMs });
    req.connect(`tcp://127.0.0.1:${this.ports.hb}`);
    try {
      await req.send("ping");
      const [echo] = await req.receive();
      return echo?.toString() === "ping";
    } catch {
      return false;
    } finally {
      req.close();
    }
  }

  get alive(): boolean {
    return this.process !== undefined && this.process.exitCode === null && this.process.signalCode === null;
  }

  async stop(): Promise<void> {
    if (this.alive) {
      await this.request(
        "shutdown_request",
        { restart: false },
        { channel: "control", timeoutMs: 10000 },
      ).catch(() => undefined);
      await new Promise((r) => {
        if (!this.alive) return r(null);
        const timer = setTimeout(() => {
          this.process?.kill("SIGKILL");
          r(null);
        }, 5000);
        this.process?.once("exit", () => {
          clearTimeout(timer);
          r(null);
        });
      });
    }
    this.shell.close();
    this.control.close();
    this.iopub.close();
  }
}
