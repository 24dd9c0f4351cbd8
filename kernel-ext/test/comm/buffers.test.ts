import assert from "node:assert/strict";
import { test } from "node:test";
import { joinBuffers, parseBufferPaths, splitBuffers, BufferPathError } from "../../src/comm/buffers";

test("binary values leave the JSON and come back at their paths", () => {
  const a = new Uint8Array([1, 2]);
  const b = new Uint8Array([3]);
  const c = new Uint8Array([4, 5, 6]);
  const split = splitBuffers({ title: "x", images: [a, b], nested: { png: c, n: 1 } });
  assert.deepEqual(split.state, { title: "x", images: [null, null], nested: { n: 1 } });
  assert.deepEqual(split.bufferPaths, [
    ["images", 0],
    ["images", 1],
    ["nested", "png"],
  ]);
  assert.equal(split.buffers[2], c);
  const views = split.buffers.map((u) => new DataView(u.buffer, u.byteOffset, u.byteLength));
  const joined = joinBuffers(split.state, split.bufferPaths, views);
  assert.deepEqual([...(joined.images as Uint8Array[])[1]!], [3]);
  assert.deepEqual([...((joined.nested as Record<string, Uint8Array>).png as Uint8Array)], [4, 5, 6]);
  assert.equal((joined.nested as Record<string, number>).n, 1);
});

test("buffer paths from a frontend are validated", () => {
  assert.deepEqual(parseBufferPaths([["a", 0]], 1), [["a", 0]]);
  assert.throws(() => parseBufferPaths(undefined, 1), BufferPathError);
  assert.throws(() => parseBufferPaths("a", 0), /not a list/);
  assert.throws(() => parseBufferPaths([["a"]], 2), /names 1 buffers but 2 arrived/);
  assert.throws(() => parseBufferPaths([[{}]], 1), /keys are strings or numbers/);
  assert.throws(() => parseBufferPaths([[]], 1), /not a path/);
});

test("a buffer path that leads nowhere is an error, not a crash", () => {
  const view = new DataView(new ArrayBuffer(1));
  assert.throws(() => joinBuffers({ a: 1 }, [["a", "b", "c"]], [view]), /does not lead into the state/);
});
