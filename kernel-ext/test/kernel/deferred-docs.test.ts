import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { test } from "node:test";
import type * as TS from "typescript";
import {
  DeferredDocs,
  deferDocComments,
  defersDocsOf,
  hydrateDocComments,
  type DocChecker,
  type DocNode,
  type DocSourceFile,
  type DocTypeScript,
} from "../../src/kernel/deferred-docs";
import { preludeDirectory, preludeModuleFor } from "../../src/kernel/prelude-declarations";
import { requireFromTslab, tslabTypeScript } from "../../src/kernel/tslab-typescript";

type Ts = typeof TS & DocTypeScript;
const ts = tslabTypeScript<Ts>();

const INDEX_DECLARATIONS = join(__dirname, "..", "..", "dist", "index.d.ts");

/** The declaration files a kernel reads at start: TypeScript's libraries, @types/node, the prelude's bundle. */
function startupDeclarationFiles(): string[] {
  const lib = dirname(requireFromTslab.resolve("@tslab/typescript-for-tslab"));
  const node = dirname(requireFromTslab.resolve("@types/node/package.json"));
  preludeModuleFor(INDEX_DECLARATIONS, () => {});
  return [
    ...readdirSync(lib)
      .filter((f) => /^lib\..*\.d\.ts$/.test(f))
      .map((f) => join(lib, f)),
    ...readdirSync(node)
      .filter((f) => f.endsWith(".d.ts"))
      .map((f) => join(node, f)),
    join(preludeDirectory(INDEX_DECLARATIONS), "declarations.d.ts"),
  ];
}

/** Every token of a text (comments skipped) as kind and text. */
function tokens(text: string): string[] {
  const kinds = ts.SyntaxKind;
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.Standard, text);
  const found: string[] = [];
  // Braces open in each template literal's current `${…}`: its closing brace resumes the template (the
  // parser rescans it; scanning alone would read the rest of the file as template text).
  const templates: number[] = [];
  for (let kind = scanner.scan(); kind !== kinds.EndOfFileToken; kind = scanner.scan()) {
    const depth = templates.length - 1;
    if (kind === kinds.TemplateHead) templates.push(0);
    else if (kind === kinds.OpenBraceToken && depth >= 0) templates[depth]!++;
    else if (kind === kinds.CloseBraceToken && depth >= 0) {
      if (templates[depth] === 0) {
        kind = scanner.reScanTemplateToken(false);
        if (kind === kinds.TemplateTail) templates.pop();
      } else templates[depth]!--;
    }
    found.push(`${kind}:${scanner.getTokenText()}`);
  }
  return found;
}

function eachNode(root: DocNode, visit: (node: DocNode) => void): void {
  const pending = [root];
  for (let node = pending.pop(); node; node = pending.pop()) {
    visit(node);
    ts.forEachChild(node as TS.Node, (child) => void pending.push(child as DocNode));
  }
}

/** A node's JSDoc, exactly: every node of it (kind and span) and every comment text. */
function docsOf(node: DocNode): string {
  const parts: string[] = [];
  for (const doc of node.jsDoc ?? []) {
    eachNode(doc, (n) => {
      const comment = (n as unknown as { comment?: unknown }).comment;
      parts.push(`${n.kind}@${n.pos}-${n.end}${typeof comment === "string" ? `:${comment}` : ""}`);
    });
  }
  return parts.join(" ");
}

test("deferring doc comments keeps the text's length, lines and tokens", () => {
  const text = [
    "/** A doc. */",
    "export declare const a: number;",
    '  /**\n   * Indented, @deprecated\n   */ export declare const b: "/** not a comment */";',
    "/**/ export declare const c: 1;",
    "export declare const d: 2; /** mid-line: left as it is */",
    "/* already plain */",
  ].join("\n");
  const deferred = deferDocComments(text);
  assert.equal(deferred.length, text.length);
  assert.equal(deferred.split("\n").length, text.split("\n").length);
  assert.ok(deferred.startsWith("/*  A doc. */"));
  assert.ok(deferred.includes("  /* \n   * Indented"));
  assert.ok(deferred.includes('"/** not a comment */"'), "string literal untouched");
  assert.ok(deferred.includes("/**/ export"), "the empty comment is no doc comment");
  assert.ok(deferred.includes("/** mid-line"));
  assert.deepEqual(tokens(deferred), tokens(text));
});

test("deferred declaration files of a real start-up scan to the same tokens as the originals", () => {
  const files = startupDeclarationFiles();
  assert.ok(files.length > 50, `${files.length} files`);
  let changed = 0;
  for (const file of files) {
    const text = readFileSync(file, "utf8");
    const deferred = deferDocComments(text);
    if (deferred === text) continue;
    changed++;
    assert.equal(deferred.length, text.length, file);
    assert.deepEqual(tokens(deferred), tokens(text), file);
  }
  assert.ok(changed > 40, `${changed} files had doc comments`);
});

test("hydrated statements carry the JSDoc the parser attaches to the original, node for node", () => {
  const lib = dirname(requireFromTslab.resolve("@tslab/typescript-for-tslab"));
  const bundle = join(preludeDirectory(INDEX_DECLARATIONS), "declarations.d.ts");
  preludeModuleFor(INDEX_DECLARATIONS, () => {});
  for (const [path, every] of [
    [join(lib, "lib.es5.d.ts"), 1],
    [join(dirname(requireFromTslab.resolve("@types/node/package.json")), "fs.d.ts"), 1],
    // One module in 25 of tfjs's and tslab-ml's (each hydration parses a text as long as the bundle).
    [bundle, 25],
  ] as const) {
    const original = readFileSync(path, "utf8");
    const options = { languageVersion: ts.ScriptTarget.Latest };
    const expected = ts.createSourceFile(path, original, options) as unknown as DocSourceFile;
    const program = ts.createSourceFile(
      path,
      deferDocComments(original),
      options,
    ) as unknown as DocSourceFile;
    const statements = (program as unknown as TS.SourceFile).statements;
    const chosen = new Set(statements.filter((_, i) => i % every === 0));
    for (const statement of chosen) {
      assert.ok(
        hydrateDocComments(ts, program, statement as unknown as DocNode, original),
        `${path}@${statement.pos}`,
      );
    }
    const expectedStatements = (expected as unknown as TS.SourceFile).statements;
    let documented = 0;
    let deprecated = 0;
    statements.forEach((statement, i) => {
      const ours: DocNode[] = [];
      const theirs: DocNode[] = [];
      eachNode(statement as unknown as DocNode, (n) => void ours.push(n));
      eachNode(expectedStatements[i] as unknown as DocNode, (n) => void theirs.push(n));
      assert.equal(ours.length, theirs.length);
      const hydrated = chosen.has(statement);
      ours.forEach((node, k) => {
        const twin = theirs[k] as DocNode;
        if (!hydrated) {
          assert.equal(node.jsDoc, undefined, "a statement not hydrated has no JSDoc yet");
          return;
        }
        assert.equal(docsOf(node), docsOf(twin), `${path}@${node.pos}`);
        assert.equal(node.flags & ts.NodeFlags.Deprecated, twin.flags & ts.NodeFlags.Deprecated);
        for (const doc of node.jsDoc ?? []) assert.equal(doc.parent, node);
        if (node.jsDoc) documented++;
        if (node.flags & ts.NodeFlags.Deprecated) deprecated++;
      });
    });
    assert.ok(documented > 50, `${path}: ${documented} documented nodes`);
    if (path.endsWith("fs.d.ts")) assert.ok(deprecated > 0, "fs.d.ts has @deprecated declarations");
  }
});

/** A program over a cell that uses a package's declarations, read through deferred docs. */
function programOver(
  dir: string,
  cell: string,
  docs: DeferredDocs,
): { program: TS.Program; cell: TS.SourceFile } {
  const host = ts.createCompilerHost({});
  const system = docs.system({ readFile: (path: string) => ts.sys.readFile(path) });
  host.readFile = (path) => system.readFile(path);
  host.getSourceFile = (name, target) => {
    const text = host.readFile(name);
    return text === undefined ? undefined : ts.createSourceFile(name, text, target);
  };
  const cellFile = join(dir, "cell.ts");
  writeFileSync(cellFile, cell);
  const program = ts.createProgram({ rootNames: [cellFile], options: { types: [], noLib: true }, host });
  return { program, cell: program.getSourceFile(cellFile) as TS.SourceFile };
}

function quickInfoDocs(program: TS.Program, cell: TS.SourceFile, docs: DeferredDocs, name: string): string {
  const position = cell.text.lastIndexOf(name) + 1;
  const checker = program.getTypeChecker();
  docs.hydrateAt(cell as unknown as DocSourceFile, checker as unknown as DocChecker, position);
  const quickInfo = (
    ts as unknown as {
      getQuickInfoAtPosition(
        f: TS.SourceFile,
        c: TS.TypeChecker,
        t: unknown,
        p: number,
      ): TS.QuickInfo | undefined;
    }
  ).getQuickInfoAtPosition(cell, checker, undefined, position);
  return ts.displayPartsToString(quickInfo?.documentation);
}

test("inspect gets a package's docs back, and no docs from a file changed on disk since it was read", () => {
  const dir = mkdtempSync(join(tmpdir(), "tslab-ml-deferred-docs-"));
  const pkg = join(dir, "node_modules", "pkg");
  mkdirSync(pkg, { recursive: true });
  const declarations = [
    "/**",
    " * Scales a number.",
    " * @param by how many times",
    " */",
    "export declare function scale(x: number, by: number): number;",
    "/** The unit. */",
    "export declare const unit: number;",
  ].join("\n");
  writeFileSync(join(pkg, "index.d.ts"), declarations);
  const defers = defersDocsOf([]);
  assert.ok(defers(join(pkg, "index.d.ts")));
  assert.ok(!defers(join(dir, "own.d.ts")), "a user's own declarations are read as they are");

  const docs = new DeferredDocs(ts, defers);
  const { program, cell } = programOver(dir, 'import { scale, unit } from "pkg";\nscale(unit, 2);\n', docs);
  const library = program.getSourceFile(join(pkg, "index.d.ts")) as TS.SourceFile;
  assert.ok(library.text.startsWith("/* \n"), "read with its docs deferred");
  assert.equal(quickInfoDocs(program, cell, docs, "scale"), "Scales a number.");

  // Docs of a statement not yet hydrated, after its file changed on disk: none, rather than wrong ones.
  writeFileSync(join(pkg, "index.d.ts"), declarations.replace("The unit.", "Changed."));
  const fresh = new DeferredDocs(ts, defers);
  const second = programOver(dir, 'import { unit } from "pkg";\nunit;\n', fresh);
  writeFileSync(join(pkg, "index.d.ts"), declarations.replace("The unit.", "Changed again, same length."));
  assert.equal(quickInfoDocs(second.program, second.cell, fresh, "unit"), "");
});
