import type { TsApi, TsNode, TsSourceFile } from "./typescript-api";

/** A string literal naming a module: an import, export, `import("…")` type, augmentation or `require`. */
export function moduleSpecifiers(ts: TsApi, file: TsSourceFile): TsNode[] {
  const kinds = ts.SyntaxKind;
  const found: TsNode[] = [];
  const isString = (node: TsNode | undefined): node is TsNode => node?.kind === kinds.StringLiteral;
  const visit = (node: TsNode): void => {
    if (node.kind === kinds.ImportDeclaration || node.kind === kinds.ExportDeclaration) {
      if (isString(node.moduleSpecifier)) found.push(node.moduleSpecifier);
    } else if (node.kind === kinds.ModuleDeclaration) {
      if (isString(node.name)) found.push(node.name);
    } else if (node.kind === kinds.ImportType) {
      if (node.argument?.kind === kinds.LiteralType && isString(node.argument.literal))
        found.push(node.argument.literal);
    } else if (node.kind === kinds.ExternalModuleReference) {
      if (isString(node.expression)) found.push(node.expression);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

export interface Edit {
  start: number;
  end: number;
  text: string;
}

/**
 * `declare` on the top-level statements of a module file: inside `declare module "…" { }` the context
 * is ambient already and TypeScript rejects the modifier. `declare global` keeps it (it is what makes
 * `global` a declaration).
 */
export function declareModifierEdits(ts: TsApi, file: TsSourceFile): Edit[] {
  const kinds = ts.SyntaxKind;
  const edits: Edit[] = [];
  for (const statement of file.statements) {
    if (statement.kind === kinds.ModuleDeclaration && statement.name?.text === "global") continue;
    const modifier = statement.modifiers?.find((m) => m.kind === kinds.DeclareKeyword);
    if (!modifier) continue;
    let end = modifier.end;
    while (/\s/.test(file.text[end] ?? "")) end++;
    edits.push({ start: modifier.getStart(file), end, text: "" });
  }
  return edits;
}

/** The text with the edits applied (edits do not overlap). */
export function applyEdits(text: string, edits: readonly Edit[]): string {
  let out = text;
  for (const edit of [...edits].sort((a, b) => b.start - a.start))
    out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  return out;
}

/**
 * Triple-slash directives and source-map comments: meaningful only at the head of a file of their own;
 * the bundle states the references it needs once, at its top.
 */
export function withoutFileDirectives(text: string): string {
  return text
    .replace(/^\/\/\/\s*<(reference|amd-module|amd-dependency)\b[^\n]*$/gm, "")
    .replace(/^\/\/# sourceMappingURL=[^\n]*$/gm, "");
}

/** How a module's own statements export a default or an `export =` (what an alias has to forward). */
export function ownDefaultExport(ts: TsApi, file: TsSourceFile): "none" | "default" | "equals" {
  const kinds = ts.SyntaxKind;
  for (const statement of file.statements) {
    if (statement.kind === kinds.ExportAssignment) return statement.isExportEquals ? "equals" : "default";
    const modifiers = statement.modifiers ?? [];
    if (
      modifiers.some((m) => m.kind === kinds.ExportKeyword) &&
      modifiers.some((m) => m.kind === kinds.DefaultKeyword)
    )
      return "default";
    const clause = statement.exportClause;
    if (
      statement.kind === kinds.ExportDeclaration &&
      clause?.kind === kinds.NamedExports &&
      clause.elements?.some((e) => e.name.text === "default")
    )
      return "default";
  }
  return "none";
}
