import assert from "node:assert/strict";
import { test } from "node:test";
import { DELIMITER, decodeMessage, encodeMessage, Signer, WireError } from "../../src/kernel/wire";

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
  assert.deepEqual(msg.content, { code: "1+1" });
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
