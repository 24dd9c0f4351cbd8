import assert from "node:assert/strict";
import { test } from "node:test";
import { globMatcher, MAX_GLOB_LENGTH } from "../../src/kernel/glob";
import { History } from "../../src/kernel/history";
import { seededRandom } from "../../src/util/random";

test("glob: * is any run, ? one character, the rest literal, the whole input must match", () => {
  const cases: [string, string, boolean][] = [
    ["", "", true],
    ["", "a", false],
    ["*", "", true],
    ["*", "anything at all", true],
    ["abc", "abc", true],
    ["abc", "abcd", false],
    ["a?c", "abc", true],
    ["a?c", "ac", false],
    ["*model*", "const model = tf.sequential()", true],
    ["*model", "const model = 1", false],
    ["const*", "const x = 1", true],
    ["*a*b*c*", "xxaxxbxxcxx", true],
    ["*a*b*c*", "xxcxxbxxaxx", false],
    ["a*a", "a", false],
    ["a*a", "aa", true],
    ["*?", "", false],
    ["*?", "x", true],
    ["?*?", "x", false],
    ["*ab?d*", "abxabcd", true],
    ["**x**", "x", true],
    ["[a].+(b)$", "[a].+(b)$", true],
    ["[a]", "a", false],
    ["\\d", "\\d", true],
  ];
  for (const [pattern, subject, expected] of cases) {
    assert.equal(globMatcher(pattern)(subject), expected, `${JSON.stringify(pattern)} vs ${subject}`);
  }
});

test("glob: agrees with a reference matcher on random patterns", () => {
  // A plain recursive matcher, exponential but exact, on tiny inputs.
  const reference = (p: string, s: string): boolean => {
    if (p === "") return s === "";
    if (p[0] === "*") return reference(p.slice(1), s) || (s !== "" && reference(p, s.slice(1)));
    return s !== "" && (p[0] === "?" || p[0] === s[0]) && reference(p.slice(1), s.slice(1));
  };
  const random = seededRandom(12345);
  const next = (n: number): number => Math.floor(random() * n);
  const word = (alphabet: string, max: number): string =>
    Array.from({ length: next(max + 1) }, () => alphabet[next(alphabet.length)]).join("");
  for (let i = 0; i < 3000; i++) {
    const pattern = word("ab*?", 6);
    const subject = word("ab", 7);
    assert.equal(globMatcher(pattern)(subject), reference(pattern, subject), `${pattern} vs ${subject}`);
  }
});

test("history search: a pattern of many stars against a long history finishes", { timeout: 30000 }, () => {
  // With a regular expression this pattern backtracks catastrophically (seconds at 9 stars, for ever at 11+).
  const history = new History();
  const cell = "a".repeat(2000);
  for (let line = 1; line <= 500; line++) history.record(line, cell);
  history.record(501, `${cell}b`);
  const pattern = `${"*a".repeat(60)}*b`;
  const found = history.query({ hist_access_type: "search", pattern });
  assert.deepEqual(found, [[1, 501, `${cell}b`]]);
  const none = history.query({ hist_access_type: "search", pattern: `${"*a".repeat(60)}*c` });
  assert.deepEqual(none, []);
});

test("history search refuses a pattern over the length limit with a clear error", () => {
  const history = new History();
  history.record(1, "x");
  assert.throws(
    () => history.query({ hist_access_type: "search", pattern: "*".repeat(MAX_GLOB_LENGTH + 1) }),
    /1001 characters; at most 1000 are accepted/,
  );
});

test("history fields of the wrong type count as absent", () => {
  const history = new History();
  for (let line = 1; line <= 12; line++) history.record(line, `cell ${line}`);
  const weird = { hist_access_type: "tail", n: { valueOf: "x" } } as unknown as Parameters<
    History["query"]
  >[0];
  assert.equal(history.query(weird).length, 10);
  const range = { hist_access_type: "range", start: "3", stop: 5 } as unknown as Parameters<
    History["query"]
  >[0];
  assert.deepEqual(
    history.query(range).map((e) => (e as unknown[])[1]),
    [1, 2, 3, 4],
  );
});
