import assert from "node:assert/strict";
import { test } from "node:test";
import { recordingManager } from "./recording-manager";
import { joinBuffers, parseBufferPaths } from "../../src/comm/buffers";
import { WidgetModel } from "../../src/comm/widget-model";
import type { JsonObject } from "../../src/jupyter/messages";

// Issue 11, point 2: buffer paths, state keys and comm data from a frontend can't reach prototypes.

const view = (bytes: number[]): DataView => new DataView(new Uint8Array(bytes).buffer);
const probe = (): unknown => (Object.prototype as Record<string, unknown>).x;

/** The state objects the kernel gets from the wire have no prototype: build them the same way. */
function bare(value: JsonObject): JsonObject {
  return JSON.parse(JSON.stringify(value), (_key, v: unknown) =>
    v !== null && typeof v === "object" && !Array.isArray(v) ? Object.assign(Object.create(null), v) : v,
  ) as JsonObject;
}

test("buffer path segments that name prototypes are refused", () => {
  for (const name of ["__proto__", "constructor", "prototype"]) {
    assert.throws(
      () => parseBufferPaths([[name, "x"]], 1),
      new RegExp(`holds "${name}"; keys that name prototypes`),
    );
    assert.throws(() => parseBufferPaths([["a", name]], 1), /name prototypes are refused/);
  }
  // joinBuffers is safe on its own too, whoever calls it.
  assert.throws(() => joinBuffers({}, [["__proto__", "x"]], [view([1])]), /names a prototype/);
  assert.throws(() => joinBuffers({}, [["constructor", "prototype", "x"]], [view([1])]), /names a prototype/);
  assert.equal(probe(), undefined);
});

test("a buffer path steps only through the state's own keys", () => {
  assert.throws(() => joinBuffers({}, [["toString", "x"]], [view([1])]), /does not lead into the state/);
  assert.throws(
    () => joinBuffers({}, [["hasOwnProperty", "x"]], [view([1])]),
    /does not lead into the state/,
  );
});

test("state keys that name prototypes are refused at any depth; copies keep no prototype", () => {
  const nested = bare({ a: { b: [{ c: 1 }] } });
  const joined = joinBuffers(nested, [["a", "blob"]], [view([9])]);
  assert.equal(Object.getPrototypeOf(joined), null);
  assert.equal(Object.getPrototypeOf(joined.a), null);
  const withProto = JSON.parse('{"a":{"__proto__":{"x":1}}}') as JsonObject;
  assert.throws(() => joinBuffers(withProto, [], []), /state has a key "__proto__"/);
  assert.throws(
    () => joinBuffers({ constructor: { prototype: {} } }, [], []),
    /state has a key "constructor"/,
  );
  assert.equal(probe(), undefined);
});

test("the issue's update: buffer_paths [['__proto__','x']] on a live widget is refused and logged", () => {
  const { manager, sent, logs } = recordingManager();
  const model = new WidgetModel(manager, { selected: [] as number[] });
  const before = sent.length;
  manager.handleMessage(
    { comm_id: model.id, data: bare({ method: "update", state: {}, buffer_paths: [["__proto__", "x"]] }) },
    [view([1, 2])],
  );
  assert.equal(probe(), undefined, "Object.prototype untouched");
  assert.equal(sent.length, before, "nothing echoed");
  assert.match(logs.join("\n"), /buffer_paths\[0\] holds "__proto__"/);
  // The widget still works afterwards.
  manager.handleMessage(
    { comm_id: model.id, data: bare({ method: "update", state: { selected: [2] }, buffer_paths: [] }) },
    [],
  );
  assert.deepEqual(model.state.selected, [2]);
});

test("comm data with a prototype key is refused before any handler sees it", () => {
  const { manager, logs } = recordingManager();
  const received: JsonObject[] = [];
  manager.registerTarget("t", (comm) => comm.onMessage((data) => received.push(data)));
  manager.handleOpen({ comm_id: "c1", target_name: "t", data: {} }, []);
  const hostile = JSON.parse('{"method":"custom","content":{"deep":[{"prototype":{"x":1}}]}}') as JsonObject;
  assert.throws(
    () => manager.handleMessage({ comm_id: "c1", data: hostile }, []),
    /comm data refused: it has a key "prototype"/,
  );
  assert.deepEqual(received, []);
  manager.handleMessage({ comm_id: "c1", data: { ok: 1 } }, []);
  assert.equal(received.length, 1);
  // A close with hostile data still closes the comm, without the data.
  manager.handleClose({ comm_id: "c1", data: JSON.parse('{"__proto__":{}}') as JsonObject });
  assert.equal(manager.get("c1"), undefined);
  assert.match(logs.join("\n"), /closed without its data/);
});

test("a frontend comm open with hostile data or a prototype id is refused and closed", () => {
  const { manager, sent } = recordingManager();
  let opened = 0;
  manager.registerTarget("t", () => (opened += 1));
  assert.throws(
    () => manager.handleOpen({ comm_id: "c2", target_name: "t", data: JSON.parse('{"constructor":1}') }, []),
    /comm data refused/,
  );
  assert.equal(sent.at(-1)?.type, "comm_close", "the frontend is told, not left waiting");
  assert.throws(
    () => manager.handleOpen({ comm_id: "__proto__", target_name: "t", data: {} }, []),
    /names a prototype/,
  );
  assert.equal(opened, 0);
  assert.deepEqual(manager.info(), {});
});
