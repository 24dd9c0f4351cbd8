import assert from "node:assert/strict";
import { test } from "node:test";
import { parse, s, type Infer } from "../src";

const point = s.object({
  name: s.string(),
  value: s.number().nullable(),
  tags: s.array(s.string()),
  note: s.string().optional(),
  kind: s.literal("a", "b"),
});

// The static type follows the schema: nullable adds null, optional makes the key optional.
type Point = Infer<typeof point>;
const typed: Point = { name: "x", value: null, tags: [], kind: "a" };
// @ts-expect-error a literal outside the union does not compile
const wrongKind: Point = { name: "x", value: 1, tags: [], kind: "c" };
void wrongKind;

test("a valid value reads back unchanged, optional keys may be missing", () => {
  const read = parse(point, typed);
  assert.ok(read.ok);
  assert.equal(read.value, typed, "no copy when nothing needs converting");
  assert.ok(parse(point, { ...typed, note: "hi" }).ok);
});

test("every problem names its path, what was expected and what came", () => {
  const read = parse(point, { name: 3, value: "1", tags: ["ok", 4], kind: "c" });
  assert.ok(!read.ok);
  assert.deepEqual(read.problems, [
    '"name" should be string, got number 3',
    '"value" should be null or number, got string "1"',
    '"tags[1]" should be string, got number 4',
    '"kind" should be "a" or "b", got string "c"',
  ]);
});

test("null is refused unless the schema is nullable; NaN and Infinity are not numbers", () => {
  assert.ok(!parse(s.number(), null).ok);
  assert.ok(parse(s.number().nullable(), null).ok);
  assert.ok(!parse(s.number(), Number.NaN).ok);
  assert.ok(!parse(s.number(), Infinity).ok);
  assert.ok(!parse(s.integer(), 1.5).ok);
});

test("binary data arrives as a DataView in a browser and reads as a Uint8Array over the same bytes", () => {
  const bytes = new Uint8Array([1, 2, 3, 4]);
  const schema = s.object({ images: s.array(s.binary()) });
  const read = parse(schema, { images: [new DataView(bytes.buffer, 1, 2)] });
  assert.ok(read.ok);
  const image = read.value.images[0]!;
  assert.ok(image instanceof Uint8Array);
  assert.deepEqual([...image], [2, 3]);
  assert.equal(image.buffer, bytes.buffer, "a view, not a copy");
  assert.ok(!parse(schema, { images: ["AQID"] }).ok, "base64 text is not binary");
});

test("records read own keys only: a __proto__ key never reaches a prototype", () => {
  const hostile = JSON.parse('{"__proto__": {"polluted": 1}, "ok": 2}') as unknown;
  const read = parse(s.record(s.integer()), hostile);
  assert.ok(!read.ok, "the __proto__ value is an object, not an integer");
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  const fine = parse(s.record(s.integer()), { a: 1, b: 2 });
  assert.ok(fine.ok);
  assert.deepEqual(fine.value, { a: 1, b: 2 });
});

test("a long wrong list reports a bounded number of problems", () => {
  const read = parse(
    s.array(s.number()),
    Array.from({ length: 10_000 }, () => "x"),
  );
  assert.ok(!read.ok);
  assert.ok(read.problems.length <= 12, `${read.problems.length} problems`);
});

test("unions take the first option that fits", () => {
  const dims = s.array(s.union(s.integer(), s.string()));
  assert.ok(parse(dims, ["batch", 224, 3]).ok);
  const bad = parse(dims, [true]);
  assert.ok(!bad.ok);
  assert.match(bad.problems[0]!, /should be integer or string, got boolean true/);
});
