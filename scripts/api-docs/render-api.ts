// Renders docs/api.md from the package index (kernel-ext/src/index.ts) and the doc comments of what it exports,
// with the TypeScript compiler API. Sections follow the `// Heading` comments in the index.
import { dirname, join, relative } from "node:path";
import ts from "typescript";

export const REPO_ROOT = join(__dirname, "..", "..");
export const INDEX_FILE = join(REPO_ROOT, "kernel-ext", "src", "index.ts");
export const API_DOC_FILE = join(REPO_ROOT, "docs", "api.md");
export const REGENERATE_COMMAND = "npm run docs:api";

export type EntryKind = "function" | "class" | "interface" | "type" | "namespace" | "constant";

/** One exported name, as documented. */
export interface ApiEntry {
  name: string;
  kind: EntryKind;
  /** Whether it exists at run time (a value), or is a TypeScript type only. */
  value: boolean;
  section: string;
  /** The doc comment's text, without its tags. */
  doc: string;
  examples: string[];
  /** Declarations as they read in the source (bodies removed). */
  signatures: string[];
  /** Fields of an interface or public members of a class. */
  members: { name: string; signature: string; doc: string }[];
}

function createProgram(): ts.Program {
  const configPath = join(REPO_ROOT, "kernel-ext", "tsconfig.json");
  const parsed = ts.getParsedCommandLineOfConfigFile(
    configPath,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
      },
    },
  );
  if (!parsed) throw new Error(`cannot read ${configPath}`);
  return ts.createProgram({ rootNames: [INDEX_FILE], options: { ...parsed.options, noEmit: true } });
}

/** The `// Heading` comment above each export statement of the index, by exported name. */
function sectionsOf(index: ts.SourceFile): Map<string, string> {
  const sections = new Map<string, string>();
  let current = "API";
  for (const statement of index.statements) {
    const comments = ts.getLeadingCommentRanges(index.text, statement.pos) ?? [];
    // A heading is a one-line comment right above an export, after a blank line (or first in the file).
    const last = comments[comments.length - 1];
    const before = comments[comments.length - 2];
    if (
      last?.kind === ts.SyntaxKind.SingleLineCommentTrivia &&
      (!before || /\n\s*\n/.test(index.text.slice(before.end, last.pos)))
    )
      current = index.text
        .slice(last.pos, last.end)
        .replace(/^\/\/\s*/, "")
        .trim();
    if (
      ts.isExportDeclaration(statement) &&
      statement.exportClause &&
      ts.isNamedExports(statement.exportClause)
    )
      for (const e of statement.exportClause.elements) sections.set(e.name.text, current);
  }
  return sections;
}

function docOf(symbol: ts.Symbol, checker: ts.TypeChecker): { doc: string; examples: string[] } {
  const doc = ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim();
  const examples = symbol
    .getJsDocTags(checker)
    .filter((t) => t.name === "example")
    .map((t) => ts.displayPartsToString(t.text).trim());
  const defaults = symbol
    .getJsDocTags(checker)
    .filter((t) => t.name === "default" || t.name === "defaultValue")
    .map((t) => `Default: ${ts.displayPartsToString(t.text).trim()}.`);
  return { doc: [doc, ...defaults].filter(Boolean).join(" "), examples };
}

/** A declaration's source text without its body or doc comment, `export` and `declare` dropped. */
function declarationText(node: ts.Node): string {
  const source = node.getSourceFile();
  let end = node.getEnd();
  if ((ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node)) && node.body)
    end = node.body.getStart();
  if (ts.isGetAccessorDeclaration(node) && node.body) end = node.body.getStart();
  const text = source.text
    .slice(node.getStart(), end)
    .trim()
    .replace(/^export\s+(default\s+)?/, "")
    .replace(/^declare\s+/, "")
    .replace(/;$/, "");
  return dedent(text);
}

function dedent(text: string): string {
  const lines = text.split("\n");
  const indents = lines
    .slice(1)
    .filter((l) => l.trim())
    .map((l) => /^ */.exec(l)?.[0].length ?? 0);
  const cut = Math.max(0, Math.min(...indents) - 2);
  return [
    lines[0],
    ...lines.slice(1).map((l) => l.slice(Math.min(cut, /^ */.exec(l)?.[0].length ?? 0))),
  ].join("\n");
}

function isPublicMember(member: ts.ClassElement | ts.TypeElement): boolean {
  const modifiers = ts.canHaveModifiers(member) ? (ts.getModifiers(member) ?? []) : [];
  if (
    modifiers.some(
      (m) => m.kind === ts.SyntaxKind.PrivateKeyword || m.kind === ts.SyntaxKind.ProtectedKeyword,
    )
  )
    return false;
  if (!member.name || ts.isComputedPropertyName(member.name) || ts.isPrivateIdentifier(member.name))
    return false;
  if (ts.isConstructorDeclaration(member)) return false;
  if (ts.getJSDocTags(member).some((t) => t.tagName.text === "internal")) return false;
  return !member.name.getText().startsWith("_");
}

function membersOf(
  declaration: ts.ClassDeclaration | ts.InterfaceDeclaration,
  checker: ts.TypeChecker,
): ApiEntry["members"] {
  const out: ApiEntry["members"] = [];
  const seen = new Set<string>();
  for (const member of declaration.members as ts.NodeArray<ts.ClassElement | ts.TypeElement>) {
    if (!isPublicMember(member)) continue;
    const name = (member.name as ts.PropertyName).getText();
    // Overloads: the first declaration carries the doc; every signature is listed.
    const symbol = checker.getSymbolAtLocation(member.name as ts.PropertyName);
    const isImplementation =
      ts.isMethodDeclaration(member) && member.body && (symbol?.declarations?.length ?? 0) > 1;
    if (isImplementation || ts.isSetAccessorDeclaration(member)) continue;
    let signature = declarationText(member);
    if (ts.isGetAccessorDeclaration(member))
      signature = `readonly ${name}: ${member.type ? member.type.getText() : checker.typeToString(checker.getTypeAtLocation(member))}`;
    if (ts.isPropertyDeclaration(member)) signature = signature.replace(/\s*=[\s\S]*$/, "");
    const doc = symbol && !seen.has(name) ? docOf(symbol, checker).doc : "";
    seen.add(name);
    out.push({ name, signature: signature.replace(/^(public|override)\s+/g, ""), doc });
  }
  return out;
}

/** Every name the index exports, documented, in the index's order. */
export function collectApi(): ApiEntry[] {
  const program = createProgram();
  const checker = program.getTypeChecker();
  const index = program.getSourceFile(INDEX_FILE);
  if (!index) throw new Error(`${INDEX_FILE} is not in the program`);
  const sections = sectionsOf(index);
  const moduleSymbol = checker.getSymbolAtLocation(index);
  if (!moduleSymbol) throw new Error("the index exports nothing");
  const order = [...sections.keys()];
  const exports = checker
    .getExportsOfModule(moduleSymbol)
    .sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name));
  return exports.map((exported) => {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const declarations = symbol.declarations ?? [];
    const first = declarations[0];
    if (!first) throw new Error(`${exported.name} has no declaration`);
    const typeOnly =
      declarations.every((d) => ts.isTypeOnlyExportDeclaration(d)) || isTypeOnlyExport(exported);
    const { doc, examples } = docOf(symbol, checker);
    const entry: ApiEntry = {
      name: exported.name,
      kind: "constant",
      value: !typeOnly && (symbol.flags & ts.SymbolFlags.Value) !== 0,
      section: sections.get(exported.name) ?? "API",
      doc,
      examples,
      signatures: [],
      members: [],
    };
    if (ts.isFunctionDeclaration(first)) {
      entry.kind = "function";
      const overloads = declarations.filter((d) => ts.isFunctionDeclaration(d) && !d.body);
      entry.signatures = (overloads.length ? overloads : [first]).map(declarationText);
    } else if (ts.isClassDeclaration(first)) {
      entry.kind = "class";
      const heritage = first.heritageClauses?.map((h) => h.getText()).join(" ");
      entry.signatures = [`class ${exported.name}${heritage ? ` ${heritage}` : ""}`];
      entry.members = membersOf(first, checker);
    } else if (ts.isInterfaceDeclaration(first)) {
      entry.kind = "interface";
      entry.members = membersOf(first, checker);
    } else if (ts.isTypeAliasDeclaration(first)) {
      entry.kind = "type";
      entry.signatures = [declarationText(first)];
    } else if (ts.isVariableDeclaration(first)) {
      const type = checker.getTypeOfSymbolAtLocation(symbol, first);
      entry.kind = type.getCallSignatures().length ? "function" : "namespace";
      if (entry.kind === "function")
        entry.signatures = [`const ${exported.name}: ${checker.typeToString(type)}`];
      // `const tf = ...`: the doc comment sits on the variable statement.
      if (!entry.doc) {
        const statement = first.parent.parent;
        const jsDoc = ts.getJSDocCommentsAndTags(statement).find(ts.isJSDoc);
        entry.doc = typeof jsDoc?.comment === "string" ? jsDoc.comment : "";
      }
    } else if (symbol.flags & ts.SymbolFlags.ValueModule) {
      entry.kind = "namespace";
      Object.assign(entry, namespaceExportDoc(exported, checker));
    }
    return entry;
  });
}

/** `export * as tf from "..."` carries its doc comment on the export statement: follow the re-exports to it. */
function namespaceExportDoc(
  exported: ts.Symbol,
  checker: ts.TypeChecker,
): { doc: string; examples: string[] } {
  let symbol: ts.Symbol | undefined = exported;
  while (symbol && symbol.flags & ts.SymbolFlags.Alias) {
    const declaration = symbol.declarations?.[0];
    if (declaration && ts.isNamespaceExport(declaration)) {
      const jsDoc = ts.getJSDocCommentsAndTags(declaration.parent).find(ts.isJSDoc);
      const examples = (jsDoc?.tags ?? [])
        .filter((t) => t.tagName.text === "example")
        .map((t) => (typeof t.comment === "string" ? t.comment.trim() : ""));
      return { doc: typeof jsDoc?.comment === "string" ? jsDoc.comment.trim() : "", examples };
    }
    symbol = checker.getImmediateAliasedSymbol(symbol);
  }
  return { doc: "", examples: [] };
}

function isTypeOnlyExport(exported: ts.Symbol): boolean {
  return (exported.declarations ?? []).some(
    (d) => ts.isExportSpecifier(d) && (d.isTypeOnly || d.parent.parent.isTypeOnly),
  );
}

/** GitHub's heading anchors: lower case, and a repeated one (classBalance, ClassBalance) gets -1, -2... */
function anchors(names: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((name) => {
    const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, "-");
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    return count === 0 ? slug : `${slug}-${count}`;
  });
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, " ").replace(/\|/g, "\\|");
}

/** docs/api.md: an overview table, then each name with its signature, doc, examples and members. */
export function renderApiDoc(entries: readonly ApiEntry[] = collectApi()): string {
  const source = relative(REPO_ROOT, INDEX_FILE);
  const values = entries.filter((e) => e.value);
  const out: string[] = [
    "# tslab-ml API",
    "",
    `<!-- Generated from ${source} and its doc comments by \`${REGENERATE_COMMAND}\`; do not edit by hand. -->`,
    "",
    `Every name below is in scope in every cell of the **TypeScript (ML)** kernel without an import, and is what`,
    `\`import { … } from "tslab-ml"\` gives in plain Node: ${values.length} functions, classes and namespaces, and`,
    `${entries.length - values.length} TypeScript types for their options and results (in cells, types are also`,
    "reachable as `ml.TypeName`). In a notebook, Shift+Tab inside a call's parentheses shows the same documentation.",
    "",
  ];
  const sections = [...new Set(entries.map((e) => e.section))];
  const ordered = sections.flatMap((section) => entries.filter((e) => e.section === section));
  const anchorOf = new Map(ordered.map((e, i) => [e, anchors(ordered.map((x) => x.name))[i]]));
  for (const section of sections) {
    const inSection = entries.filter((e) => e.section === section);
    out.push(`- **${section}**: ${inSection.map((e) => `[\`${e.name}\`](#${anchorOf.get(e)})`).join(", ")}`);
  }
  out.push("");
  for (const section of sections) {
    out.push(`## ${section}`, "");
    for (const e of entries.filter((x) => x.section === section)) out.push(...renderEntry(e));
  }
  return `${out.join("\n").trimEnd()}\n`;
}

function renderEntry(e: ApiEntry): string[] {
  const label = e.value || e.kind === "interface" || e.kind === "type" ? e.kind : `${e.kind}, type only`;
  const out = [`### ${e.name}`, "", `<sub>${label}</sub>`, ""];
  if (e.signatures.length) out.push("```ts", ...e.signatures.map((s) => s.replace(/\s+$/, "")), "```", "");
  if (e.doc) out.push(e.doc, "");
  for (const example of e.examples) out.push("```ts", example, "```", "");
  if (e.members.length) {
    out.push(
      e.kind === "interface" ? "| field | type | meaning |" : "| member | signature | meaning |",
      "|---|---|---|",
    );
    for (const m of e.members) {
      const signature = e.kind === "interface" ? m.signature.replace(/^[^:]*:\s*/, "") : m.signature;
      out.push(`| \`${m.name}\` | \`${oneLine(signature).replace(/`/g, "'")}\` | ${oneLine(m.doc)} |`);
    }
    out.push("");
  }
  return out;
}

export function relativeToRepo(path: string): string {
  return relative(REPO_ROOT, path) || dirname(path);
}
