import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, test } from "node:test";
import type { JsonObject, JsonValue } from "../../kernel-ext/src/jupyter/messages";
import { DELIMITER } from "../../kernel-ext/src/kernel/wire";
import { seededRandom } from "../../kernel-ext/src/util/random";
import { KernelClient } from "../support/kernel-client";

// Issue 11, point 7: random malformed and hostile messages on shell and control, interleaved with valid
// requests, against a real kernel over ZeroMQ. Bounded by time; the seed makes a run repeatable
// (TSLAB_ML_FUZZ_SEED, TSLAB_ML_FUZZ_MS override the defaults).
const FUZZ_MS = Number(process.env.TSLAB_ML_FUZZ_MS ?? 20000);
const SEED = Number(process.env.TSLAB_ML_FUZZ_SEED ?? 20261129);
/** How long a valid request may wait behind the hostile ones before it counts as a hang. */
const ANSWER_WITHIN_MS = 30000;
/** Sent however slow the machine is, even if that takes longer than FUZZ_MS. */
const MIN_HOSTILE = 150;

let kernel: KernelClient;
let widgetId = "";

before(async () => {
  kernel = await KernelClient.start({ env: { TSLAB_ML_MAX_MESSAGE_MB: "2" } });
  await kernel.ready();
  const { reply } = await kernel.execute("const fuzzWidget = showBatch(tf.zeros([2, 2, 2, 1])); fuzzWidget");
  assert.equal(reply.content.status, "ok");
  widgetId = String(
    kernel.iopubMessages.filter((m) => m.header.msg_type === "comm_open").at(-1)!.content.comm_id,
  );
});

after(async () => {
  await kernel?.stop();
});

const random = seededRandom(SEED);
const int = (n: number): number => Math.floor(random() * n);
const pick = <T>(items: readonly T[]): T => items[int(items.length)] as T;
const chance = (p: number): boolean => random() < p;
const bytes = (n: number): Buffer => Buffer.from(Array.from({ length: n }, () => int(256)));

const HOSTILE_KEYS = ["__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "valueOf", ""];
const MSG_TYPES = [
  "kernel_info_request",
  "execute_request",
  "complete_request",
  "inspect_request",
  "is_complete_request",
  "history_request",
  "comm_info_request",
  "comm_open",
  "comm_msg",
  "comm_close",
  "debug_request",
  "input_reply",
  "no_such_request",
  "__proto__",
];

/** A random JSON value: every type, hostile keys, occasionally deep. */
function junk(depth = 0): JsonValue {
  const roll = int(depth > 3 ? 6 : 9);
  switch (roll) {
    case 0:
      return null;
    case 1:
      return chance(0.5);
    case 2:
      return pick(
        [0, -1, 1e308, -1e308, 2 ** 53, 0.5, NaN, Infinity].map((n) => (Number.isFinite(n) ? n : null)),
      );
    case 3:
      return pick(["", "*", "?".repeat(50), "*a".repeat(40), "\u0000", "é😀", "x".repeat(int(2000))]);
    case 4:
      return pick(HOSTILE_KEYS);
    case 5:
      return int(1e9);
    case 6:
      return Array.from({ length: int(4) }, () => junk(depth + 1));
    default: {
      const out: JsonObject = {};
      for (let i = int(4); i > 0; i--)
        out[chance(0.3) ? pick(HOSTILE_KEYS.slice(1)) : `k${int(9)}`] = junk(depth + 1);
      return out;
    }
  }
}

function nested(levels: number): string {
  return chance(0.5)
    ? `${"[".repeat(levels)}${"]".repeat(levels)}`
    : `${'{"a":'.repeat(levels)}1${"}".repeat(levels)}`;
}

function header(msgType: string): JsonObject {
  return {
    msg_id: randomUUID(),
    session: kernel.session,
    username: "fuzz",
    date: new Date().toISOString(),
    msg_type: msgType,
    version: "5.3",
  };
}

/** Signed frames from JSON texts (so that malformed JSON can be signed too). */
function signed(texts: [string, string, string, string], buffers: Buffer[] = []): Buffer[] {
  const parts = texts.map((t) => Buffer.from(t));
  return [DELIMITER, Buffer.from(kernel.signer.sign(parts)), ...parts, ...buffers];
}

function signedMessage(msgType: string, content: JsonValue, buffers: Buffer[] = []): Buffer[] {
  return signed([JSON.stringify(header(msgType)), "{}", "{}", JSON.stringify(content)], buffers);
}

/** Content for a known request type, with every field of a random (often wrong) type. */
function hostileContent(msgType: string): JsonValue {
  switch (msgType) {
    case "execute_request":
      // Code stays small and never stops later cells (stop_on_error), so valid cells are unaffected.
      return {
        code: chance(0.2) ? pick(["", "}{", "1 +", "throw 1", "await 0", "'\\u0000'"]) : junk(),
        silent: junk(),
        store_history: junk(),
        user_expressions: junk(),
        allow_stdin: junk(),
        stop_on_error: false,
      };
    case "history_request":
      return {
        hist_access_type: pick(["search", "range", "tail", junk()]),
        pattern: chance(0.5) ? `${"*a".repeat(int(400))}*b` : junk(),
        n: junk(),
        start: junk(),
        stop: junk(),
        unique: junk(),
        output: junk(),
        raw: junk(),
        session: junk(),
      };
    case "comm_open":
      return {
        comm_id: pick([randomUUID(), widgetId, ...HOSTILE_KEYS, junk()]),
        target_name: pick(["jupyter.widget", "jupyter.widget.control", "nobody", ...HOSTILE_KEYS, junk()]),
        data: chance(0.5) ? { method: "request_states" } : junk(),
      };
    case "comm_msg":
    case "comm_close": {
      const path = (): JsonValue =>
        Array.from({ length: 1 + int(4) }, () =>
          chance(0.5) ? pick(HOSTILE_KEYS) : pick(["images", "selected", 0, 1, -1, 1e9]),
        );
      return {
        // A signed comm_close of the live widget would be obeyed (it is a valid request): keep it open.
        comm_id: chance(0.8) && msgType === "comm_msg" ? widgetId : pick([...HOSTILE_KEYS, junk()]),
        data: chance(0.7)
          ? {
              method: pick(["update", "request_state", "custom", "echo_update", junk()]),
              state: chance(0.8) ? (junk() as JsonValue) : { selected: [int(2)] },
              buffer_paths: chance(0.7) ? Array.from({ length: int(3) }, path) : junk(),
              content: junk(),
            }
          : junk(),
      };
    }
    default: {
      const out: JsonObject = {};
      for (const key of ["code", "cursor_pos", "detail_level", "target_name", "restart"])
        if (chance(0.6)) out[key] = junk();
      return out;
    }
  }
}

type Hostile = { kind: string; frames: Buffer[] };

/** Signed frames of a random request whose JSON part number 0–3 (chosen at random) is replaced. */
function withBadPart(bad: (part: string) => string): Buffer[] {
  const texts: [string, string, string, string] = [JSON.stringify(header(pick(MSG_TYPES))), "{}", "{}", "{}"];
  const at = int(4);
  texts[at] = bad(texts[at]);
  return signed(texts);
}

/** A JSON object text with one more key, whose value is the JSON text `value`. */
function withKey(objectText: string, key: string, value: string): string {
  return objectText === "{}" ? `{"${key}":${value}}` : objectText.replace(/}$/, `,"${key}":${value}}`);
}

/** One hostile message; `kind` names the family for the counts. */
function hostileMessage(replayable: Buffer[][]): Hostile {
  const roll = int(100);
  if (roll < 8)
    return { kind: "random frames", frames: Array.from({ length: 1 + int(8) }, () => bytes(int(200))) };
  if (roll < 12) return { kind: "no delimiter", frames: [bytes(5), bytes(64), Buffer.from("{}")] };
  if (roll < 20) {
    const f = signedMessage(pick(MSG_TYPES), hostileContent("kernel_info_request"));
    f[1] = chance(0.5) ? Buffer.from("0".repeat(64)) : bytes(int(64));
    return { kind: "bad signature", frames: f };
  }
  if (roll < 24) {
    const f = signedMessage("kernel_info_request", {});
    f[1] = bytes(65 + int(100000));
    return { kind: "oversized signature", frames: f };
  }
  if (roll < 30) {
    const bad = withBadPart((part) =>
      pick(["", "{", "[]", "null", "1", '"s"', "{]", `${part}x`, "\uFFFF", '{"a":1,}']),
    );
    return { kind: "malformed JSON", frames: bad };
  }
  if (roll < 34) {
    const h = chance(0.5) ? { msg_id: junk(), msg_type: junk() } : junk();
    return { kind: "bad header", frames: signed([JSON.stringify(h), "{}", "{}", "{}"]) };
  }
  if (roll < 40) {
    const body = nested(101 + int(chance(0.2) ? 200000 : 2000));
    return { kind: "deep nesting", frames: withBadPart((part) => withKey(part, "deep", body)) };
  }
  if (roll < 46) {
    const proto = `{"__proto__":{"polluted":true},"data":{"x":{"__proto__":[1]}}}`;
    return { kind: "__proto__ keys", frames: withBadPart((part) => withKey(part, "p", proto)) };
  }
  if (roll < 48)
    return {
      kind: "over size limit",
      frames: signedMessage("comm_msg", {}, [Buffer.alloc(3 * 1024 * 1024)]),
    };
  if (roll < 50)
    return {
      kind: "too many frames",
      frames: signedMessage(
        "comm_msg",
        {},
        Array.from({ length: 4100 }, () => Buffer.alloc(0)),
      ),
    };
  if (roll < 54 && replayable.length > 0) return { kind: "replay", frames: pick(replayable) };
  if (roll < 75) {
    const buffers = Array.from({ length: int(4) }, () => bytes(int(64)));
    const msgType = pick(["comm_msg", "comm_msg", "comm_open", "comm_close"]);
    return {
      kind: "hostile comm",
      frames: signedMessage(msgType, hostileContent(msgType), buffers),
    };
  }
  const msgType = pick(MSG_TYPES);
  return {
    kind: "hostile content",
    frames: signedMessage(msgType, chance(0.1) ? junk() : hostileContent(msgType)),
  };
}

interface Valid {
  name: string;
  channel: "shell" | "control";
  msgType: string;
  content: JsonObject;
  check: (reply: JsonObject) => void;
}

function validRequest(n: number): Valid {
  const ok = (reply: JsonObject): void => assert.equal(reply.status, "ok", JSON.stringify(reply));
  return pick<Valid>([
    {
      name: "kernel_info",
      channel: pick(["shell", "control"]),
      msgType: "kernel_info_request",
      content: {},
      check: ok,
    },
    {
      name: "complete",
      channel: "shell",
      msgType: "complete_request",
      content: { code: "fuzzWid", cursor_pos: 7 },
      check: (r) => assert.ok((r.matches as string[]).includes("fuzzWidget"), JSON.stringify(r)),
    },
    {
      name: "is_complete",
      channel: "shell",
      msgType: "is_complete_request",
      content: { code: "1 +" },
      check: (r) => assert.equal(r.status, "incomplete"),
    },
    {
      name: "history",
      channel: "shell",
      msgType: "history_request",
      content: { hist_access_type: "search", pattern: "*fuzzWidget*", output: false, raw: true },
      check: (r) => assert.ok((r.history as unknown[]).length >= 1, JSON.stringify(r)),
    },
    {
      name: "comm_info",
      channel: "shell",
      msgType: "comm_info_request",
      content: { target_name: "jupyter.widget" },
      check: (r) => assert.ok(Object.hasOwn(r.comms as object, widgetId), JSON.stringify(r)),
    },
    {
      name: "execute",
      channel: "shell",
      msgType: "execute_request",
      content: {
        code: `${n} * 2`,
        silent: false,
        store_history: true,
        user_expressions: {},
        allow_stdin: false,
        stop_on_error: true,
      },
      check: ok,
    },
  ]);
}

test(
  `fuzz: ${FUZZ_MS / 1000} s of hostile messages on shell and control, valid requests answered throughout`,
  { timeout: FUZZ_MS + 4 * ANSWER_WITHIN_MS },
  async (t) => {
    const counts = new Map<string, number>();
    let hostile = 0;
    let valid = 0;
    let hangs = 0;
    let deaths = 0;
    let replaysAnswered = 0;
    const replayable: Buffer[][] = [];
    const answeredIds = new Set<string>();
    const start = Date.now();

    while (Date.now() - start < FUZZ_MS || hostile < MIN_HOSTILE) {
      for (let i = 1 + int(12); i > 0; i--) {
        const message = hostileMessage(replayable);
        counts.set(message.kind, (counts.get(message.kind) ?? 0) + 1);
        await kernel.sendRaw(message.frames, chance(0.3) ? "control" : "shell");
        hostile += 1;
      }
      const request = validRequest(valid);
      const { id, frames } = kernel.makeMessage(request.msgType, request.content);
      const reply = await kernel
        .sendAndWait(id, frames, request.channel, ANSWER_WITHIN_MS)
        .catch(() => undefined);
      valid += 1;
      if (!reply) {
        if (!kernel.alive) {
          deaths += 1;
          break;
        }
        hangs += 1;
        continue;
      }
      request.check(reply.content);
      answeredIds.add(id);
      // Replays of answered requests go into the pool: the kernel must answer none of them again.
      if (request.msgType !== "execute_request") replayable.push(frames);
    }
    // Any second answer to a replayed request would have reached the client by now.
    for (const id of answeredIds) replaysAnswered += kernel.repliesTo(id) - 1;

    const byKind = [...counts.entries()].map(([k, n]) => `${k} ${n}`).join(", ");
    const summary =
      `fuzz (seed ${SEED}): ${hostile} hostile messages (${byKind}), ${valid} valid requests, ` +
      `${deaths} deaths, ${hangs} hangs, ${replaysAnswered} replays answered, in ${((Date.now() - start) / 1000).toFixed(1)} s`;
    t.diagnostic(summary);
    console.log(summary);

    assert.equal(deaths, 0, `the kernel died: ${kernel.stderr.join("").slice(-3000)}`);
    assert.equal(hangs, 0, "every valid request answered");
    assert.equal(replaysAnswered, 0, "no replayed request answered twice");
    assert.ok(kernel.alive);
    assert.ok(await kernel.heartbeat());

    // Nothing reached a prototype, and cells run normally.
    const { reply, outputs } = await kernel.execute(
      "[Object.getOwnPropertyNames(Object.prototype).length, ({} as any).polluted, ({} as any).x, [1, 2].map((v) => v + 1).join()].join('|')",
    );
    assert.equal(reply.content.status, "ok", JSON.stringify(reply.content));
    const text = String(
      (outputs.find((m) => m.header.msg_type === "execute_result")!.content.data as JsonObject)["text/plain"],
    );
    assert.equal(text, `'${Object.getOwnPropertyNames(Object.prototype).length}|||2,3'`);
  },
);
