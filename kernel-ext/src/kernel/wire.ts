import { createHmac, timingSafeEqual } from "node:crypto";
import type { JsonObject, Message, MessageHeader } from "../jupyter/messages";
import type { ReplayGuard } from "./replay-guard";
import { parseUntrustedObject, UntrustedJsonError } from "../jupyter/untrusted-json";

/** The delimiter between the ZeroMQ routing prefix and the signed message parts. */
export const DELIMITER = Buffer.from("<IDS|MSG>");

/** Length of an hmac-sha256 hex digest: no valid signature frame is longer. */
export const SIGNATURE_LENGTH = 64;

export class WireError extends Error {
  override name = "WireError";
}

/** Signs message parts with HMAC-SHA256 (the scheme Jupyter uses); an empty key disables signing. */
export class Signer {
  constructor(
    private readonly key: string,
    scheme = "hmac-sha256",
  ) {
    if (key && scheme !== "hmac-sha256") {
      throw new WireError(`unsupported signature scheme ${scheme}: only hmac-sha256 is implemented`);
    }
  }

  get signs(): boolean {
    return this.key !== "";
  }

  sign(parts: readonly Uint8Array[]): string {
    if (!this.key) return "";
    const hmac = createHmac("sha256", this.key);
    for (const part of parts) hmac.update(part);
    return hmac.digest("hex");
  }

  /** Compares a received signature frame with the expected one, as bytes, in constant time. */
  verify(signature: Uint8Array, parts: readonly Uint8Array[]): boolean {
    if (!this.key) return true;
    if (signature.byteLength !== SIGNATURE_LENGTH) return false;
    return timingSafeEqual(Buffer.from(this.sign(parts), "utf8"), signature);
  }
}

const MIB = 1024 * 1024;

/** What the kernel accepts from a client; anything beyond is dropped before it is decoded. */
export interface InboundLimits {
  /** All frames of one message together. */
  maxMessageBytes: number;
  /** Header, parent header, metadata and content together: JSON costs parse time, binary frames do not. */
  maxJsonBytes: number;
  /** Number of frames, routing prefix and binary buffers included. */
  maxFrames: number;
  /** Nesting of arrays and objects in any JSON part. */
  maxDepth: number;
}

/** Environment variable that sets the message size limit, in MiB (default 256). */
export const MAX_MESSAGE_ENV = "TSLAB_ML_MAX_MESSAGE_MB";

export function inboundLimits(env: NodeJS.ProcessEnv = process.env): InboundLimits {
  const raw = env[MAX_MESSAGE_ENV];
  const mib = raw === undefined || raw === "" ? 256 : Number(raw);
  if (!Number.isFinite(mib) || mib <= 0) {
    throw new WireError(`${MAX_MESSAGE_ENV} must be a positive number of MiB, got "${raw}"`);
  }
  const maxMessageBytes = Math.floor(mib * MIB);
  return {
    maxMessageBytes,
    maxJsonBytes: Math.min(32 * MIB, maxMessageBytes),
    maxFrames: 4096,
    maxDepth: 100,
  };
}

export interface DecodeOptions {
  limits?: InboundLimits;
  /**
   * Objects without prototype (the default: keys from a client stay data), or plain objects for a
   * trusted peer (a test client reading the kernel's own messages).
   */
  plainObjects?: boolean;
  /** Drops a correctly signed message whose signature was seen before (a replay). */
  replay?: ReplayGuard;
}

const mebibytes = (bytes: number): string => `${(bytes / MIB).toFixed(1)} MiB`;

function checkSizes(frames: readonly Buffer[], limits: InboundLimits): void {
  if (frames.length > limits.maxFrames) {
    throw new WireError(`message has ${frames.length} frames, over the limit of ${limits.maxFrames}`);
  }
  let total = 0;
  for (const frame of frames) total += frame.byteLength;
  if (total > limits.maxMessageBytes) {
    throw new WireError(
      `message is ${mebibytes(total)}, over the ${mebibytes(limits.maxMessageBytes)} limit ` +
        `(${MAX_MESSAGE_ENV} raises it)`,
    );
  }
}

function isHeader(value: JsonObject): boolean {
  return typeof value.msg_id === "string" && typeof value.msg_type === "string";
}

const PART_NAMES = ["header", "parent header", "metadata", "content"];

/**
 * Decodes and verifies the frames of one message; throws WireError on anything malformed, oversized or
 * badly signed. Sizes and the signature are checked on the raw frames, before any of them becomes a string.
 */
export function decodeMessage(
  frames: readonly Buffer[],
  signer: Signer,
  options: DecodeOptions = {},
): Message {
  const limits = options.limits ?? inboundLimits();
  checkSizes(frames, limits);
  const delimiterAt = frames.findIndex((f) => f.equals(DELIMITER));
  if (delimiterAt < 0) throw new WireError("message has no <IDS|MSG> delimiter");
  const signature = frames[delimiterAt + 1] ?? Buffer.alloc(0);
  if (signature.byteLength > SIGNATURE_LENGTH) {
    throw new WireError(
      `message signature frame has ${signature.byteLength} bytes, longer than a hex digest (${SIGNATURE_LENGTH})`,
    );
  }
  const parts = frames.slice(delimiterAt + 2);
  if (parts.length < 4) throw new WireError(`message has ${parts.length} parts after the signature, needs 4`);
  const jsonParts = parts.slice(0, 4);
  const jsonBytes = jsonParts.reduce((sum, p) => sum + p.byteLength, 0);
  if (jsonBytes > limits.maxJsonBytes) {
    throw new WireError(
      `message JSON parts are ${mebibytes(jsonBytes)}, over the ${mebibytes(limits.maxJsonBytes)} limit ` +
        "(large data belongs in binary buffers)",
    );
  }
  if (!signer.verify(signature, jsonParts)) throw new WireError("message signature does not match");
  if (options.replay && signer.signs && !options.replay.admit(signature.toString("latin1"))) {
    throw new WireError("message is a replay: its signature was already seen in this session");
  }
  const [header, parent, metadata, content] = jsonParts.map((part, i) => {
    try {
      return parseUntrustedObject(part.toString("utf8"), {
        maxDepth: limits.maxDepth,
        refusePrototypeKeys: false,
        stripPrototypes: !options.plainObjects,
      });
    } catch (e) {
      if (!(e instanceof UntrustedJsonError)) throw e;
      throw new WireError(`message ${PART_NAMES[i]} ${e.message}`);
    }
  }) as [JsonObject, JsonObject, JsonObject, JsonObject];
  if (!isHeader(header)) throw new WireError("message header lacks msg_id or msg_type");
  return {
    identities: frames.slice(0, delimiterAt),
    header: header as unknown as MessageHeader,
    parent_header: parent as Message["parent_header"],
    metadata,
    content,
    buffers: parts.slice(4),
  };
}

/** Encodes a message into signed frames, routing prefix first. */
export function encodeMessage(
  message: Pick<Message<unknown>, "identities" | "header" | "parent_header" | "metadata" | "content"> & {
    buffers: readonly Uint8Array[];
  },
  signer: Signer,
): Buffer[] {
  const parts = [message.header, message.parent_header, message.metadata, message.content].map((p) =>
    Buffer.from(JSON.stringify(p), "utf8"),
  );
  const signature = Buffer.from(signer.sign(parts), "utf8");
  const buffers = message.buffers.map((b) => Buffer.from(b.buffer, b.byteOffset, b.byteLength));
  return [...message.identities, DELIMITER, signature, ...parts, ...buffers];
}
