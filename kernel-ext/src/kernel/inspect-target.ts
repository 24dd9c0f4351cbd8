import { createRequire } from "node:module";
import type * as TS from "typescript";

let tsModule: typeof TS | undefined;
/** The TypeScript tslab compiles cells with (its own build), loaded on first inspect. */
function typescript(): typeof TS {
  tsModule ??= createRequire(require.resolve("tslab/package.json"))(
    "@tslab/typescript-for-tslab",
  ) as typeof TS;
  return tsModule;
}

/**
 * Where to ask for quick info when the user inspects at `cursor`. On a name, the name itself. Anywhere
 * else inside a call's parentheses (`loadImageFolder(|`, `showBatch(ds, { n: 8 }|`), the called function,
 * so Shift+Tab shows its signature and doc instead of the type of whatever token is under the cursor.
 */
export function inspectTarget(code: string, cursor: number): number {
  const ts = typescript();
  const source = ts.createSourceFile("cell.ts", code, ts.ScriptTarget.Latest, true);
  if (onName(ts, source, cursor)) return cursor;
  let target = cursor;
  const visit = (node: TS.Node): void => {
    if (cursor < node.getStart(source)) return;
    if ((ts.isCallExpression(node) || ts.isNewExpression(node)) && node.arguments !== undefined) {
      const open = node.arguments.pos; // just after "("
      // An unfinished call (`f(a, `) runs to the end of the cell.
      const closed = source.text[node.getEnd() - 1] === ")";
      if (cursor >= open && (!closed || cursor < node.getEnd()))
        target = calleeNameEnd(ts, node.expression, source);
    }
    node.forEachChild(visit);
  };
  visit(source);
  return target;
}

/** True when the cursor touches an identifier (inside it, or just after its last character). */
function onName(ts: typeof TS, source: TS.SourceFile, cursor: number): boolean {
  const at = (pos: number): TS.Node | undefined => {
    let found: TS.Node | undefined;
    const visit = (node: TS.Node): void => {
      if (pos < node.getStart(source) || pos >= node.getEnd()) return;
      found = node;
      node.forEachChild(visit);
    };
    visit(source);
    return found;
  };
  return [cursor, cursor - 1].some((p) => {
    const node = p >= 0 ? at(p) : undefined;
    return node !== undefined && (ts.isIdentifier(node) || ts.isPrivateIdentifier(node));
  });
}

/** The end of the name being called: `f` in `f(`, `subset` in `ds.subset(`, `Foo` in `new Foo(`. */
function calleeNameEnd(ts: typeof TS, callee: TS.Expression, source: TS.SourceFile): number {
  let node: TS.Node = callee;
  while (ts.isParenthesizedExpression(node) || ts.isNonNullExpression(node)) node = node.expression;
  if (ts.isPropertyAccessExpression(node)) node = node.name;
  // Quick info is asked at a position inside the name (its last character).
  return Math.max(node.getStart(source), node.getEnd() - 1);
}

/** What the member listing needs from tslab's executor. */
export interface QuickInfoSource {
  inspect(code: string, position: number): TS.QuickInfo | undefined;
  complete(code: string, position: number): { candidates: string[] };
}

const PROBE = "__tslabMlInspectFields";
const MAX_FIELDS = 40;

/**
 * For an interface or type alias under the cursor (`ml.ShowBatchOptions`), its fields with their types and
 * docs, as text to append to the quick info; undefined for anything else. Asks the same compiler the cell
 * runs with, on the cell followed by a probe (`declare const probe: T; probe.field;`).
 */
export function typeFieldsText(
  source: QuickInfoSource,
  code: string,
  info: TS.QuickInfo,
): string | undefined {
  const isType = (info.displayParts ?? []).some(
    (p) => p.kind === "keyword" && (p.text === "interface" || p.text === "type"),
  );
  if (!isType) return undefined;
  const start = info.textSpan.start;
  const qualifier = /(?:[A-Za-z_$][\w$]*\s*\.\s*)*$/.exec(code.slice(0, start))?.[0] ?? "";
  const typeName = (qualifier + code.slice(start, start + info.textSpan.length)).replace(/\s+/g, "");
  if (!/^[A-Za-z_$][\w$.]*$/.test(typeName)) return undefined;
  const head = `${code}\n;declare const ${PROBE}: ${typeName};\n`;
  const names = source
    .complete(`${head}${PROBE}.`, head.length + PROBE.length + 1)
    .candidates.filter((n) => /^[A-Za-z_$][\w$]*$/.test(n))
    .slice(0, MAX_FIELDS);
  if (names.length === 0) return undefined;
  const probe = head + names.map((n) => `${PROBE}.${n};`).join("\n");
  let offset = head.length;
  const lines: string[] = [];
  for (const name of names) {
    const position = offset + PROBE.length + 1 + name.length - 1;
    offset += PROBE.length + 1 + name.length + 2;
    const field = source.inspect(probe, position);
    const signature = (field?.displayParts ?? [])
      .map((p) => p.text)
      .join("")
      .replace(/^\([a-z ]+\)\s*/, "")
      .replace(/^[\w$.]+\.(?=[\w$]+\??:)/, "");
    const doc = (field?.documentation ?? [])
      .map((p) => p.text)
      .join("")
      .trim();
    lines.push(`  ${signature || name}`);
    if (doc) lines.push(...doc.split("\n").map((l) => `      ${l}`));
  }
  return `Fields:\n${lines.join("\n")}`;
}

/**
 * A type name typed where a value would be (`ml.ShowBatchOptions` alone in a cell) inspects as `any`: the
 * same name asked for in a type position instead (`type probe = ml.ShowBatchOptions`), or undefined when
 * the cursor is not on a dotted name.
 */
export function asTypeQuery(code: string, cursor: number): { code: string; position: number } | undefined {
  const before = /[A-Za-z_$][\w$]*(?:\s*\.\s*[A-Za-z_$][\w$]*)*$/.exec(code.slice(0, cursor))?.[0] ?? "";
  const after = /^[\w$]*/.exec(code.slice(cursor))?.[0] ?? "";
  const name = (before + after).replace(/\s+/g, "");
  if (!name) return undefined;
  const head = `${code}\n;type ${PROBE}Type = `;
  return { code: `${head}${name};`, position: head.length + name.length - 1 };
}
