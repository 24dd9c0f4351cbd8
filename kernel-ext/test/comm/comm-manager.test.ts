import assert from "node:assert/strict";
import { test } from "node:test";
import { recordingManager } from "./recording-manager";
import type { JsonObject } from "../../src/jupyter/messages";

const setup = recordingManager;

test("kernel-opened comms send comm_open and are listed by target", () => {
  const { manager, sent } = setup();
  const comm = manager.open("my.target", { x: 1 }, { version: "1" }, [new Uint8Array([9])]);
  assert.equal(sent[0]?.type, "comm_open");
  assert.deepEqual(sent[0]?.content, { comm_id: comm.id, target_name: "my.target", data: { x: 1 } });
  assert.equal(sent[0]?.buffers.length, 1);
  manager.open("other");
  assert.deepEqual(Object.keys(manager.info("my.target")), [comm.id]);
  assert.equal(Object.keys(manager.info()).length, 2);
});

test("frontend-opened comms reach their target and receive messages", () => {
  const { manager, sent } = setup();
  const received: JsonObject[] = [];
  manager.registerTarget("echo", (comm, data) => {
    received.push(data);
    comm.onMessage((d, buffers) => comm.send({ echo: d, n: buffers.length }));
  });
  manager.handleOpen({ comm_id: "c1", target_name: "echo", data: { hello: true } }, []);
  assert.deepEqual(received, [{ hello: true }]);
  manager.handleMessage({ comm_id: "c1", data: { ping: 1 } }, [new DataView(new ArrayBuffer(2))]);
  assert.deepEqual(sent.at(-1)?.content, { comm_id: "c1", data: { echo: { ping: 1 }, n: 1 } });
});

test("a comm to an unknown target is closed at once", () => {
  const { manager, sent, logs } = setup();
  manager.handleOpen({ comm_id: "c2", target_name: "nobody", data: {} }, []);
  assert.equal(sent[0]?.type, "comm_close");
  assert.equal(sent[0]?.content.comm_id, "c2");
  assert.match(logs[0] ?? "", /no comm target "nobody"/);
  assert.deepEqual(manager.info(), {});
});

test("comm_close from the frontend runs close handlers and forgets the comm", () => {
  const { manager } = setup();
  const comm = manager.open("t");
  let closedWith: JsonObject | undefined;
  comm.onClose((d) => (closedWith = d));
  manager.handleClose({ comm_id: comm.id, data: { why: "bye" } });
  assert.deepEqual(closedWith, { why: "bye" });
  assert.equal(comm.closed, true);
  assert.deepEqual(manager.info(), {});
  assert.throws(() => comm.send({}), /is closed/);
});

test("unknown comm ids and throwing handlers are logged; malformed content is a CommError", () => {
  const { manager, logs } = setup();
  manager.handleMessage({ comm_id: "ghost", data: {} }, []);
  manager.handleClose({ comm_id: "ghost" });
  assert.equal(logs.length, 2);
  assert.throws(() => manager.handleMessage({ data: {} }, []), /lacks a string "comm_id"/);
  manager.registerTarget("bad", (comm) =>
    comm.onMessage(() => {
      throw new Error("boom");
    }),
  );
  manager.handleOpen({ comm_id: "b1", target_name: "bad", data: {} }, []);
  manager.handleMessage({ comm_id: "b1", data: {} }, []);
  assert.match(logs.at(-1) ?? "", /boom/);
});
