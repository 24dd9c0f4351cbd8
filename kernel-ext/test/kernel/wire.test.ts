import assert from "node:assert/strict";
import { test } from "node:test";
import { ReplayGuard } from "../../src/kernel/replay-guard";
import {
  DELIMITER,
  decodeMessage,
  encodeMessage,
  inboundLimits,
  Signer,
  SIGNATURE_LENGTH,
  WireError,
} from "../../src/kernel/wire";

const header = {
  msg_id: "m1",
  session: "s",
  username: "u",
  date: "2026-01-01T00:00:00Z",
  msg_type: "execute_request",
  version: "5.3",
};

function frames(signer: Signer, buffers: Uint8Array[] = []): Buffer[] {
  return encodeMessage(
    {
      identities: [Buffer.from("peer")],
      header,
      parent_header: {},
      metadata: {},
      content: { code: "1+1" },
      buffers,
    },
    signer,
  );
}

test("a signed message round-trips with identities and binary buffers", () => {
  const signer = new Signer("secret");
  const buf = new Uint8Array([1, 2, 3, 255]);
  const msg = decodeMessage(frames(signer, [buf]), signer);
  assert.deepEqual(
    msg.identities.map((b) => b.toString()),
    ["peer"],
  );
  assert.equal(msg.header.msg_type, "execute_request");
  // Decoded objects have no prototype: keys from a client stay data.
  assert.deepEqual(msg.content, Object.assign(Object.create(null), { code: "1+1" }));
  assert.deepEqual([...(msg.buffers[0] as Buffer)], [1, 2, 3, 255]);
});

test("the signature is HMAC-SHA256 over header, parent, metadata and content", () => {
  const signer = new Signer("secret");
  const f = frames(signer);
  const at = f.findIndex((x) => x.equals(DELIMITER));
  const expected = new Signer("secret").sign(f.slice(at + 2, at + 6));
  assert.equal(f[at + 1]?.toString(), expected);
  assert.match(expected, /^[0-9a-f]{64}$/);
});

test("a message signed with another key is rejected", () => {
  assert.throws(() => decodeMessage(frames(new Signer("other")), new Signer("secret")), WireError);
});

test("a tampered content is rejected", () => {
  const signer = new Signer("secret");
  const f = frames(signer);
  const at = f.findIndex((x) => x.equals(DELIMITER));
  f[at + 5] = Buffer.from(JSON.stringify({ code: "process.exit()" }));
  assert.throws(() => decodeMessage(f, signer), /signature does not match/);
});

test("malformed frames give a WireError naming the problem", () => {
  const signer = new Signer("");
  assert.throws(() => decodeMessage([Buffer.from("x")], signer), /delimiter/);
  assert.throws(() => decodeMessage([DELIMITER, Buffer.from(""), Buffer.from("{}")], signer), /needs 4/);
  const bad = [
    DELIMITER,
    Buffer.from(""),
    Buffer.from("{not json"),
    Buffer.from("{}"),
    Buffer.from("{}"),
    Buffer.from("{}"),
  ];
  assert.throws(() => decodeMessage(bad, signer), /header is not valid JSON/);
  const noType = [
    DELIMITER,
    Buffer.from(""),
    Buffer.from("{}"),
    Buffer.from("{}"),
    Buffer.from("{}"),
    Buffer.from("{}"),
  ];
  assert.throws(() => decodeMessage(noType, signer), /lacks msg_id or msg_type/);
});

test("an empty key means no signing, as Jupyter specifies", () => {
  const signer = new Signer("");
  const f = frames(signer);
  const at = f.findIndex((x) => x.equals(DELIMITER));
  assert.equal(f[at + 1]?.toString(), "");
  assert.equal(decodeMessage(f, signer).header.msg_id, "m1");
});

// Issue 11, point 2: client input is data, never structure.

function withParts(signer: Signer, header: object, content: object): Buffer[] {
  const parts = [header, {}, {}, content].map((p) => Buffer.from(JSON.stringify(p)));
  return [DELIMITER, Buffer.from(signer.sign(parts)), ...parts];
}

function withRawParts(signer: Signer, headerText: string, contentText = "{}"): Buffer[] {
  const parts = [Buffer.from(headerText), Buffer.from("{}"), Buffer.from("{}"), Buffer.from(contentText)];
  return [DELIMITER, Buffer.from(signer.sign(parts)), ...parts];
}

test("a signature frame longer than a hex digest is refused before it becomes a string (600 MB)", () => {
  const signer = new Signer("secret");
  const f = frames(signer);
  const at = f.findIndex((x) => x.equals(DELIMITER));
  // Larger than the longest string V8 can make: converting it would throw a RangeError, not a WireError.
  f[at + 1] = Buffer.alloc(600 * 1024 * 1024);
  const limits = { ...inboundLimits({}), maxMessageBytes: 2 ** 31 - 1 };
  assert.throws(
    () => decodeMessage(f, signer, { limits }),
    (e: unknown) =>
      e instanceof WireError &&
      /signature frame has 629145600 bytes, longer than a hex digest \(64\)/.test(e.message),
  );
  f[at + 1] = Buffer.alloc(SIGNATURE_LENGTH + 1, "a");
  assert.throws(() => decodeMessage(f, new Signer("")), /longer than a hex digest/, "even when unsigned");
});

test("messages over the size limits are refused with the limit and the way to raise it", () => {
  const signer = new Signer("secret");
  const limits = inboundLimits({ TSLAB_ML_MAX_MESSAGE_MB: "1" });
  assert.equal(limits.maxMessageBytes, 1024 * 1024);
  assert.throws(
    () => decodeMessage(frames(signer, [new Uint8Array(2 * 1024 * 1024)]), signer, { limits }),
    /message is 2\.0 MiB, over the 1\.0 MiB limit \(TSLAB_ML_MAX_MESSAGE_MB raises it\)/,
  );
  const bigCode = withParts(signer, header, { code: "x".repeat(600 * 1024) });
  assert.throws(
    () => decodeMessage(bigCode, signer, { limits: { ...limits, maxJsonBytes: 512 * 1024 } }),
    /JSON parts are 0\.6 MiB, over the 0\.5 MiB limit/,
  );
  const many = [...frames(signer), ...Array.from({ length: 5000 }, () => Buffer.alloc(1))];
  assert.throws(() => decodeMessage(many, signer), /5007 frames, over the limit of 4096/);
  assert.throws(() => inboundLimits({ TSLAB_ML_MAX_MESSAGE_MB: "lots" }), /must be a positive number/);
  assert.equal(inboundLimits({}).maxMessageBytes, 256 * 1024 * 1024);
});

test("a header nested 200,000 deep is refused without overflowing the stack", () => {
  const signer = new Signer("secret");
  const depth = 200000;
  const deep = `{"msg_id":"d","msg_type":"kernel_info_request","x":${"[".repeat(depth)}${"]".repeat(depth)}}`;
  assert.throws(
    () => decodeMessage(withRawParts(signer, deep), signer),
    /header is nested deeper than 100 levels/,
  );
  const deepObject = `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;
  assert.throws(
    () => decodeMessage(withRawParts(signer, JSON.stringify(header), deepObject), signer),
    /content is nested deeper than 100 levels/,
  );
  // 100 levels (the content object itself is the first) are fine.
  const ok = `${'{"a":'.repeat(99)}{}${"}".repeat(99)}`;
  assert.equal(decodeMessage(withRawParts(signer, JSON.stringify(header), ok), signer).header.msg_id, "m1");
});

test("a __proto__ key anywhere is refused; other keys are data on objects without prototype", () => {
  const signer = new Signer("secret");
  const hostile = withRawParts(
    signer,
    JSON.stringify(header),
    '{"data":{"state":{"__proto__":{"polluted":1}}}}',
  );
  assert.throws(() => decodeMessage(hostile, signer), /content has a key "__proto__"/);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  const msg = decodeMessage(
    withParts(signer, header, { constructor: { prototype: 1 }, n: { m: [{}] } }),
    signer,
  );
  assert.equal(Object.getPrototypeOf(msg.content), null);
  assert.equal(Object.getPrototypeOf(msg.content.n), null);
  assert.equal(Object.getPrototypeOf(((msg.content.n as { m: object[] }).m as object[])[0]), null);
  assert.equal(Object.getPrototypeOf(msg.header), null);
  assert.deepEqual(Object.keys(msg.content), ["constructor", "n"]);
  // A trusted peer (the test client) can ask for plain objects.
  const plain = decodeMessage(withParts(signer, header, { n: {} }), signer, { plainObjects: true });
  assert.equal(Object.getPrototypeOf(plain.content), Object.prototype);
});

test("a replayed signed message is refused; the memory of signatures is bounded", () => {
  const signer = new Signer("secret");
  const replay = new ReplayGuard(2);
  const first = frames(signer);
  assert.equal(decodeMessage(first, signer, { replay }).header.msg_id, "m1");
  assert.throws(() => decodeMessage(first, signer, { replay }), /replay: its signature was already seen/);
  const other = (id: string): Buffer[] => withParts(signer, { ...header, msg_id: id }, {});
  decodeMessage(other("m2"), signer, { replay });
  decodeMessage(other("m3"), signer, { replay });
  assert.equal(replay.size, 2, "at capacity the oldest signature is forgotten");
  assert.throws(() => decodeMessage(other("m3"), signer, { replay }), /replay/);
  // A badly signed message never enters the memory (it cannot evict real ones).
  const forged = other("m4");
  forged[1] = Buffer.from("f".repeat(64));
  assert.throws(() => decodeMessage(forged, signer, { replay }), /signature does not match/);
  assert.throws(() => decodeMessage(other("m3"), signer, { replay }), /replay/);
});
