import { createHmac, timingSafeEqual } from "node:crypto";
import type { JsonObject, Message, MessageHeader } from "./messages";

/** The delimiter between the ZeroMQ routing prefix and the signed message parts. */
export const DELIMITER = Buffer.from("<IDS|MSG>");

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

  sign(parts: readonly Uint8Array[]): string {
    if (!this.key) return "";
    const hmac = createHmac("sha256", this.key);
    for (const part of parts) hmac.update(part);
    return hmac.digest("hex");
  }

  verify(signature: string, parts: readonly Uint8Array[]): boolean {
    if (!this.key) return true;
    const expected = Buffer.from(this.sign(parts), "utf8");
    const got = Buffer.from(signature, "utf8");
    return expected.length === got.length && timingSafeEqual(expected, got);
  }
}

function parseJsonPart(part: Buffer | undefined, what: string): JsonObject {
  if (part === undefined) throw new WireError(`message has no ${what} part`);
  let value: unknown;
  try {
    value = JSON.parse(part.toString("utf8"));
  } catch (e) {
    throw new WireError(`message ${what} is not valid JSON: ${(e as Error).message}`);
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new WireError(`message ${what} is not a JSON object`);
  }
  return value as JsonObject;
}

function isHeader(value: JsonObject): boolean {
  return typeof value.msg_id === "string" && typeof value.msg_type === "string";
}

/** Decodes and verifies the frames of one message; throws WireError on anything malformed or badly signed. */
export function decodeMessage(frames: readonly Buffer[], signer: Signer): Message {
  const delimiterAt = frames.findIndex((f) => f.equals(DELIMITER));
  if (delimiterAt < 0) throw new WireError("message has no <IDS|MSG> delimiter");
  const signature = frames[delimiterAt + 1]?.toString("utf8") ?? "";
  const parts = frames.slice(delimiterAt + 2);
  if (parts.length < 4) throw new WireError(`message has ${parts.length} parts after the signature, needs 4`);
  if (!signer.verify(signature, parts.slice(0, 4))) throw new WireError("message signature does not match");
  const header = parseJsonPart(parts[0], "header");
  if (!isHeader(header)) throw new WireError("message header lacks msg_id or msg_type");
  return {
    identities: frames.slice(0, delimiterAt),
    header: header as unknown as MessageHeader,
    parent_header: parseJsonPart(parts[1], "parent header") as Message["parent_header"],
    metadata: parseJsonPart(parts[2], "metadata"),
    content: parseJsonPart(parts[3], "content"),
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
