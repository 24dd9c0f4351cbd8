import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { tslabTypeScript } from "./tslab-typescript";

interface TsNode {
  kind: number;
  name?: TsNode & { text?: string };
  text?: string;
  modifiers?: readonly TsNode[];
  exportClause?: TsNode & { elements?: readonly (TsNode & { name: TsNode & { text: string } })[] };
  moduleSpecifier?: TsNode & { text: string };
  declarationList?: { declarations: readonly (TsNode & { name: TsNode & { text?: string } })[] };
}

interface TsApi {
  createSourceFile(
    name: string,
    text: string,
    target: number,
    setParents?: boolean,
  ): { statements: readonly TsNode[] };
  ScriptTarget: { Latest: number };
  SyntaxKind: Record<
    | "ExportDeclaration"
    | "NamedExports"
    | "NamespaceExport"
    | "ExportKeyword"
    | "DefaultKeyword"
    | "VariableStatement",
    number
  >;
}

/** `export * from "./x"` in a declaration file: the declaration file it names. */
function declarationFileOf(fromFile: string, specifier: string): string {
  const base = resolve(dirname(fromFile), specifier);
  for (const candidate of [`${base}.d.ts`, `${base}/index.d.ts`]) {
    try {
      readFileSync(candidate);
      return candidate;
    } catch {
      // try the next form
    }
  }
  throw new Error(`cannot find the declarations of ${specifier} (from ${fromFile})`);
}

function collectNames(ts: TsApi, file: string, into: Set<string>, seen: Set<string>): void {
  if (seen.has(file)) return;
  seen.add(file);
  const kinds = ts.SyntaxKind;
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest);
  for (const statement of source.statements) {
    if (statement.kind === kinds.ExportDeclaration) {
      const clause = statement.exportClause;
      if (clause?.kind === kinds.NamedExports) for (const e of clause.elements ?? []) into.add(e.name.text);
      else if (clause?.kind === kinds.NamespaceExport && clause.name?.text) into.add(clause.name.text);
      else if (!clause && statement.moduleSpecifier?.text?.startsWith("."))
        collectNames(ts, declarationFileOf(file, statement.moduleSpecifier.text), into, seen);
      continue;
    }
    const modifiers = statement.modifiers ?? [];
    if (!modifiers.some((m) => m.kind === kinds.ExportKeyword)) continue;
    if (modifiers.some((m) => m.kind === kinds.DefaultKeyword)) continue;
    if (statement.kind === kinds.VariableStatement) {
      for (const d of statement.declarationList?.declarations ?? []) if (d.name.text) into.add(d.name.text);
    } else if (statement.name?.text) {
      into.add(statement.name.text);
    }
  }
}

/**
 * Every name the package index exports, values and types alike, read from its declaration file (syntax
 * only: one small file, plus those it re-exports with `export *`). The prelude imports exactly these, so
 * what a cell has in scope follows the index.
 */
export function publicNames(indexDeclarationFile: string): string[] {
  const names = new Set<string>();
  collectNames(tslabTypeScript<TsApi>(), indexDeclarationFile, names, new Set());
  return [...names].sort();
}
