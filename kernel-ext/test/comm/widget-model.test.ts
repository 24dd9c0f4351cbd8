import assert from "node:assert/strict";
import { test } from "node:test";
import { recordingManager } from "./recording-manager";
import { registerWidgetControl } from "../../src/comm/widget-control";
import { WidgetModel } from "../../src/comm/widget-model";
import type { JsonObject } from "../../src/jupyter/messages";

const setup = recordingManager;

const view = (bytes: number[]): DataView => new DataView(new Uint8Array(bytes).buffer);

test("a model opens a jupyter.widget comm with its state, buffers apart, protocol 2.1.0", () => {
  const { manager, sent } = setup();
  const model = new WidgetModel(manager, { _model_name: "M", images: [new Uint8Array([7, 8])], n: 2 });
  const open = sent[0]!;
  assert.equal(open.type, "comm_open");
  assert.equal(open.content.target_name, "jupyter.widget");
  assert.deepEqual(open.metadata, { version: "2.1.0" });
  assert.deepEqual(open.content.data, {
    state: { _model_name: "M", images: [null], n: 2 },
    buffer_paths: [["images", 0]],
  });
  assert.deepEqual([...open.buffers[0]!], [7, 8]);
  assert.equal(open.content.comm_id, model.id);
});

test("request_state answers with an update carrying the full state and its buffers", () => {
  const { manager, sent } = setup();
  const model = new WidgetModel(manager, { png: new Uint8Array([1]), title: "t" });
  manager.handleMessage({ comm_id: model.id, data: { method: "request_state" } }, []);
  const reply = sent.at(-1)!;
  assert.equal(reply.type, "comm_msg");
  assert.deepEqual(reply.content.data, { method: "update", state: { title: "t" }, buffer_paths: [["png"]] });
  assert.equal(reply.buffers.length, 1);
});

test("a frontend update is applied, echoed as echo_update, and reported as a change", () => {
  const { manager, sent } = setup();
  const model = new WidgetModel(manager, { selected: [] as number[], blob: new Uint8Array(0) });
  const changes: unknown[] = [];
  model.onChange((changed, fromFrontend) => changes.push({ changed, fromFrontend }));
  manager.handleMessage(
    { comm_id: model.id, data: { method: "update", state: { selected: [1, 3] }, buffer_paths: [] } },
    [],
  );
  assert.deepEqual(model.state.selected, [1, 3]);
  assert.deepEqual(sent.at(-1)!.content.data, {
    method: "echo_update",
    state: { selected: [1, 3] },
    buffer_paths: [],
  });
  assert.deepEqual(changes, [{ changed: { selected: [1, 3] }, fromFrontend: true }]);
  manager.handleMessage(
    { comm_id: model.id, data: { method: "update", state: {}, buffer_paths: [["blob"]] } },
    [view([5, 6])],
  );
  assert.deepEqual([...(model.state.blob as Uint8Array)], [5, 6]);
});

test("kernel-side set sends an update to the frontend", () => {
  const { manager, sent } = setup();
  const model = new WidgetModel(manager, { step: 0 });
  model.set({ step: 5, hist: new Uint8Array([1, 2, 3]) });
  assert.deepEqual(sent.at(-1)!.content.data, {
    method: "update",
    state: { step: 5 },
    buffer_paths: [["hist"]],
  });
  assert.equal(model.state.step, 5);
});

test("an update the validator refuses is not applied and the truth is re-sent", () => {
  const { manager, sent, logs } = setup();
  const model = new WidgetModel(manager, { locked: 1 }, (patch) =>
    "locked" in patch ? "locked is read-only" : undefined,
  );
  manager.handleMessage(
    { comm_id: model.id, data: { method: "update", state: { locked: 2 }, buffer_paths: [] } },
    [],
  );
  assert.match(logs.at(-1) ?? "", /rejected update: locked is read-only/);
  assert.equal(model.state.locked, 1);
  assert.deepEqual(sent.at(-1)!.content.data, { method: "update", state: { locked: 1 }, buffer_paths: [] });
});

test("custom messages reach custom handlers with their buffers; kernel can send custom too", () => {
  const { manager, sent } = setup();
  const model = new WidgetModel(manager, {});
  const got: unknown[] = [];
  model.onCustom((content, buffers) => got.push([content, buffers.map((b) => [...b])]));
  manager.handleMessage({ comm_id: model.id, data: { method: "custom", content: { page: 2 } } }, [view([9])]);
  assert.deepEqual(got, [[{ page: 2 }, [[9]]]]);
  model.sendCustom({ done: true });
  assert.deepEqual(sent.at(-1)!.content.data, { method: "custom", content: { done: true } });
});

test("malformed updates are logged with a clear reason and change nothing", () => {
  const { manager, logs } = setup();
  const model = new WidgetModel(manager, { a: 1 });
  manager.handleMessage({ comm_id: model.id, data: { method: "update", state: 3 } }, []);
  assert.match(logs.at(-1) ?? "", /without a state object/);
  manager.handleMessage(
    { comm_id: model.id, data: { method: "update", state: {}, buffer_paths: [["a"]] } },
    [],
  );
  assert.match(logs.at(-1) ?? "", /names 1 buffers but 0/);
  manager.handleMessage({ comm_id: model.id, data: { method: "nope" } }, []);
  assert.match(logs.at(-1) ?? "", /unknown method/);
  assert.equal(model.state.a, 1);
});

test("the control comm answers request_states with every model and buffer paths rooted at the model", () => {
  const { manager, sent } = setup();
  registerWidgetControl(manager);
  const model = new WidgetModel(manager, {
    _model_name: "ImageBatchModel",
    _model_module: "m",
    _model_module_version: "^1",
    png: new Uint8Array([4]),
  });
  manager.handleOpen({ comm_id: "ctl", target_name: "jupyter.widget.control", data: {} }, []);
  manager.handleMessage({ comm_id: "ctl", data: { method: "request_states" } }, []);
  const reply = sent.at(-1)!;
  const data = reply.content.data as JsonObject;
  assert.equal(data.method, "update_states");
  const entry = (data.states as JsonObject)[model.id] as JsonObject;
  assert.equal(entry.model_name, "ImageBatchModel");
  assert.equal(entry.model_module_version, "^1");
  assert.deepEqual(data.buffer_paths, [[model.id, "state", "png"]]);
  assert.deepEqual([...reply.buffers[0]!], [4]);
  model.close();
});
