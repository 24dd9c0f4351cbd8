import { randomUUID } from "node:crypto";
import type { JsonObject } from "../jupyter/messages";
import { checkUntrustedJson, UntrustedJsonError } from "../jupyter/untrusted-json";
import { bareObject, isPrototypeKey } from "../util/untrusted-keys";
import { Comm } from "./comm";
import type { CommTargetHandler, CommTransport } from "./types";

export class CommError extends Error {
  override name = "CommError";
}

/** Deepest comm data accepted (the wire allows 100 levels for the whole content). */
const MAX_DATA_DEPTH = 96;

/**
 * A comm's `data` from a frontend: an object, without keys that name prototypes at any depth (user
 * handlers may assign it into their own objects). Throws CommError naming the problem.
 */
function dataOf(content: JsonObject): JsonObject {
  const value = content.data;
  if (value === null || typeof value !== "object" || Array.isArray(value)) return bareObject();
  try {
    checkUntrustedJson(value, {
      maxDepth: MAX_DATA_DEPTH,
      refusePrototypeKeys: true,
      stripPrototypes: false,
    });
  } catch (e) {
    if (e instanceof UntrustedJsonError) throw new CommError(`comm data refused: it ${e.message}`);
    throw e;
  }
  return value;
}

function requireString(content: JsonObject, key: string): string {
  const value = content[key];
  if (typeof value !== "string" || value === "") {
    throw new CommError(`comm message content lacks a string "${key}"`);
  }
  return value;
}

/**
 * Tracks open comms and comm targets. Incoming messages arrive through handleOpen/handleMessage/handleClose;
 * everything outgoing goes through the transport. Errors in user handlers are reported, never thrown into
 * the kernel loop.
 */
export class CommManager {
  private readonly comms = new Map<string, Comm>();
  private readonly targets = new Map<string, CommTargetHandler>();

  constructor(
    private readonly transport: CommTransport,
    private readonly log: (message: string) => void = (m) => process.stderr.write(`[tslab-ml comm] ${m}\n`),
  ) {}

  registerTarget(targetName: string, handler: CommTargetHandler): void {
    this.targets.set(targetName, handler);
  }

  unregisterTarget(targetName: string): void {
    this.targets.delete(targetName);
  }

  /** Opens a comm from the kernel side. */
  open(
    targetName: string,
    data: JsonObject = {},
    metadata: JsonObject = {},
    buffers: readonly Uint8Array[] = [],
    commId: string = randomUUID().replaceAll("-", ""),
  ): Comm {
    if (this.comms.has(commId)) throw new CommError(`comm id ${commId} is already open`);
    const comm = this.create(commId, targetName);
    this.transport.send("comm_open", { comm_id: commId, target_name: targetName, data }, metadata, buffers);
    return comm;
  }

  get(commId: string): Comm | undefined {
    return this.comms.get(commId);
  }

  /** comm_info_reply's `comms`: every open comm, or those of one target. */
  info(targetName?: string): Record<string, { target_name: string }> {
    // Comm ids are never "__proto__" (handleOpen refuses prototype names): plain keys here.
    const out: Record<string, { target_name: string }> = {};
    for (const comm of this.comms.values()) {
      if (!targetName || comm.targetName === targetName) out[comm.id] = { target_name: comm.targetName };
    }
    return out;
  }

  handleOpen(content: JsonObject, buffers: readonly DataView[]): void {
    const commId = requireString(content, "comm_id");
    if (isPrototypeKey(commId)) throw new CommError(`comm id "${commId}" names a prototype; refused`);
    const targetName = requireString(content, "target_name");
    const handler = this.targets.get(targetName);
    if (!handler) {
      // The spec: a comm to an unknown target is closed right away so the frontend does not wait on it.
      this.log(`no comm target "${targetName}"; closing comm ${commId}`);
      this.transport.send("comm_close", { comm_id: commId, data: {} }, {}, []);
      return;
    }
    if (this.comms.has(commId)) throw new CommError(`comm id ${commId} is already open`);
    let data: JsonObject;
    try {
      data = dataOf(content);
    } catch (e) {
      this.transport.send("comm_close", { comm_id: commId, data: {} }, {}, []);
      throw e;
    }
    const comm = this.create(commId, targetName);
    try {
      handler(comm, data, buffers);
    } catch (e) {
      this.log(`comm target "${targetName}" failed on open: ${(e as Error).stack ?? String(e)}`);
      comm.close();
    }
  }

  handleMessage(content: JsonObject, buffers: readonly DataView[]): void {
    const commId = requireString(content, "comm_id");
    const comm = this.comms.get(commId);
    if (!comm) {
      this.log(`comm_msg for unknown comm ${commId} ignored`);
      return;
    }
    const data = dataOf(content);
    try {
      comm.receive(data, buffers);
    } catch (e) {
      this.log(`comm ${commId} (${comm.targetName}) handler failed: ${(e as Error).stack ?? String(e)}`);
    }
  }

  handleClose(content: JsonObject): void {
    const commId = requireString(content, "comm_id");
    const comm = this.comms.get(commId);
    if (!comm) {
      this.log(`comm_close for unknown comm ${commId} ignored`);
      return;
    }
    try {
      comm.markClosed(this.closeData(commId, content));
    } catch (e) {
      this.log(`comm ${commId} close handler failed: ${(e as Error).stack ?? String(e)}`);
    }
  }

  /** A close is honoured even when its data is refused: the comm closes with none. */
  private closeData(commId: string, content: JsonObject): JsonObject {
    try {
      return dataOf(content);
    } catch (e) {
      this.log(`comm ${commId} closed without its data: ${(e as Error).message}`);
      return bareObject();
    }
  }

  /** Closes every comm (kernel shutdown). */
  closeAll(): void {
    for (const comm of [...this.comms.values()]) comm.close();
  }

  private create(commId: string, targetName: string): Comm {
    const comm = new Comm(commId, targetName, this.transport, (c) => this.comms.delete(c.id));
    this.comms.set(commId, comm);
    return comm;
  }
}
