// History search (`history_request`, hist_access_type "search") against the way it was done before issue
// #11: the glob translated to a regular expression, which backtracks on patterns of many stars. Prints, per
// number of stars, the time of one search with each, and their ratio.
//
// Run: node --import tsx bench/history-search.ts [--length N]
//
// The machine is shared: the 1-minute load average is printed; compare figures taken at similar loads.
import { loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { History } from "../kernel-ext/src/kernel/history";

const at = process.argv.indexOf("--length");
const LENGTH = at >= 0 ? Number(process.argv[at + 1]) : 36;

/** The kernel's search before issue #11: `*` → `[\s\S]*`, `?` → `[\s\S]`, anchored. */
function regexSearch(entries: readonly string[], glob: string): string[] {
  const body = glob
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, "[\\s\\S]*")
    .replace(/\?/g, "[\\s\\S]");
  const re = new RegExp(`^${body}$`);
  return entries.filter((e) => re.test(e));
}

function time(run: () => unknown): number {
  const start = performance.now();
  run();
  return performance.now() - start;
}

// A cell of `LENGTH` times "a" and a pattern that almost matches it: "*a*a…*a*b" (no "b" in the cell).
const cell = "a".repeat(LENGTH);
const history = new History();
history.record(1, cell);
console.log(`load ${loadavg()[0]!.toFixed(1)}; one cell of ${LENGTH} characters; pattern *a*a…*b`);
console.log("stars  glob (ms)  regex (ms)  regex / glob");
for (const stars of [3, 5, 7, 8, 9]) {
  const pattern = `${"*a".repeat(stars - 1)}*b`;
  const glob = time(() => history.query({ hist_access_type: "search", pattern }));
  const regex = time(() => regexSearch([cell], pattern));
  const ratio = regex / Math.max(glob, 1e-3);
  console.log(
    `${String(stars).padStart(5)}  ${glob.toFixed(3).padStart(9)}  ${regex.toFixed(1).padStart(10)}  ${ratio.toFixed(0).padStart(12)}×`,
  );
}

// What the glob matcher does on a long history with a long pattern (the regex would not finish).
const long = new History();
for (let line = 1; line <= 500; line++) long.record(line, "a".repeat(2000));
const pattern = `${"*a".repeat(60)}*b`;
const ms = time(() => long.query({ hist_access_type: "search", pattern }));
console.log(
  `glob, 500 cells × 2,000 characters, 61 stars: ${ms.toFixed(1)} ms (regex: not run, it would not end)`,
);
