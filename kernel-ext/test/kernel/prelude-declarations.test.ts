import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { test } from "node:test";
import {
  bundleDeclarations,
  preludeDeclarationsFresh,
  preludeModuleFor,
  preludeModulePath,
  writePreludeDeclarations,
} from "../../src/kernel/prelude-declarations";
import { tslabTypeScript } from "../../src/kernel/tslab-typescript";

// A package whose declarations use what tfjs's do: a dependency's types, `declare module "../x"`
// augmentations adding methods to a class, `import("…")` types, a global script pulled in with
// `/// <reference types>`, private members (classes compare by declaration, not by shape).
function fixture(): { root: string; index: string } {
  const root = mkdtempSync(join(tmpdir(), "tslab-ml-prelude-decl-"));
  const files: Record<string, string> = {
    "node_modules/dep/package.json": '{ "name": "dep", "version": "1.0.0", "types": "index.d.ts" }',
    "node_modules/dep/index.d.ts": [
      '/// <reference types="shapes" />',
      'import { Rank } from "./types";',
      'import "./ops/twice";',
      "export declare class Box<R extends Rank = Rank> {",
      "  private secret;",
      "  get(): R;",
      "  outline(): Outline;",
      "}",
      "export declare function make(): Box;",
      'export declare function rankOf(b: Box): import("./types").Rank;',
    ].join("\n"),
    "node_modules/dep/types.d.ts": 'export type Rank = "r1" | "r2";',
    "node_modules/dep/ops/twice.d.ts": [
      'import { Rank } from "../types";',
      'declare module "../index" {',
      "  interface Box<R extends Rank = Rank> {",
      "    twice(): Box<R>;",
      "  }",
      "}",
    ].join("\n"),
    "node_modules/shapes/package.json": '{ "name": "shapes", "version": "2.0.0", "types": "index.d.ts" }',
    "node_modules/shapes/index.d.ts": "interface Outline { corners: number }",
    "mine/package.json": '{ "name": "mine", "version": "0.1.0" }',
    "mine/dist/index.d.ts": [
      'export { make, Box } from "dep";',
      'export * from "./more";',
      'export declare function useBox(b: import("dep").Box): number;',
    ].join("\n"),
    "mine/dist/more.d.ts": "export interface Options {\n  /** Edge in pixels. */\n  size?: number;\n}",
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), `${text}\n`);
  }
  return { root, index: join(root, "mine", "dist", "index.d.ts") };
}

interface Diagnostic {
  messageText: string | { messageText: string };
}
interface Program {
  getSourceFiles(): readonly { fileName: string }[];
  getSourceFile(name: string): object | undefined;
  getSemanticDiagnostics(file?: object): readonly Diagnostic[];
}
interface Ts {
  createProgram(roots: string[], options: object): Program;
}

/** Compiles a cell that imports `from` the way tslab's converter does, with the same TypeScript. */
function compileCell(dir: string, from: string, code: string): { errors: string[]; files: string[] } {
  const cell = join(dir, `cell-${Math.random().toString(36).slice(2)}.ts`);
  writeFileSync(
    cell,
    `import { make, useBox, type Box, type Options } from ${JSON.stringify(from)};\n${code}\n`,
  );
  const program = tslabTypeScript<Ts>().createProgram([cell], {
    module: 99,
    moduleResolution: 2,
    target: 9,
    lib: ["lib.es2022.d.ts"],
    types: [],
    skipLibCheck: true,
    noEmit: true,
  });
  const errors = program
    .getSemanticDiagnostics(program.getSourceFile(cell))
    .map((d) => (typeof d.messageText === "string" ? d.messageText : d.messageText.messageText));
  return { errors, files: program.getSourceFiles().map((f) => f.fileName) };
}

test("cells see the same types through the bundle as through the package's own declarations", () => {
  const { root, index } = fixture();
  writePreludeDeclarations(index);
  const bundled = preludeModulePath(index);
  const original = index.replace(/\.d\.ts$/, "");
  const cases: [string, RegExp | undefined][] = [
    ["const b: Box = make().twice(); const n: number = useBox(b) + b.outline().corners;", undefined],
    ['const r: "r1" | "r2" = make().twice().get();', undefined],
    ["const n: number = make();", /Type 'Box<Rank>' is not assignable to type 'number'/],
    ["make().twice(2);", /Expected 0 arguments, but got 1/],
    ["useBox({ get: () => 'r1' });", /not assignable to parameter of type 'Box<Rank>'/],
    ["const o: Options = { size: 'big' };", /Type 'string' is not assignable to type 'number'/],
  ];
  for (const [code, error] of cases) {
    const viaBundle = compileCell(root, bundled, code);
    const viaPackage = compileCell(root, original, code);
    assert.deepEqual(viaBundle.errors, viaPackage.errors, code);
    if (error) assert.match(viaBundle.errors.join("\n"), error, code);
    else assert.deepEqual(viaBundle.errors, [], code);
    // The bundle replaces the package's files and its dependencies' in the program.
    assert.ok(viaPackage.files.some((f) => f.endsWith("/node_modules/dep/index.d.ts")));
    const ownFiles = viaBundle.files.filter((f) => f.startsWith(root) && !f.includes("/cell-"));
    assert.deepEqual(ownFiles.map((f) => f.slice(root.length)).sort(), [
      "/mine/dist/prelude/declarations.d.ts",
      "/mine/dist/prelude/index.d.ts",
    ]);
  }
});

test("modules are named after their package and path; package names and the prelude's entry are aliases", () => {
  const { index } = fixture();
  const { text, inputs } = bundleDeclarations(index);
  assert.equal(inputs.length, 6);
  for (const name of ["mine/dist/index", "mine/dist/more", "dep/index", "dep/types", "dep/ops/twice"])
    assert.match(text, new RegExp(`^declare module "${name}" \\{$`, "m"), name);
  assert.match(text, /^declare module "dep" \{\nexport \* from "dep\/index";\n\}$/m);
  assert.match(text, /^declare module "mine" \{/m);
  assert.match(text, /^declare module "tslab-ml:prelude" \{\nexport \* from "mine\/dist\/index";/m);
  // The augmentation names the module it augments; the global script is inlined; doc comments stay.
  assert.match(text, /^module "dep\/index" \{\n {2}interface Box/m);
  assert.match(text, /^interface Outline \{ corners: number \}$/m);
  assert.match(text, /\/\*\* Edge in pixels\. \*\//);
  assert.doesNotMatch(text, /\/\/\/ <reference types="shapes"/);
});

test("the bundle is stale once a declaration of the package or a dependency's version changes", () => {
  const { root, index } = fixture();
  assert.equal(preludeDeclarationsFresh(index), false, "nothing written yet");
  writePreludeDeclarations(index);
  assert.equal(preludeDeclarationsFresh(index), true);
  const more = join(root, "mine", "dist", "more.d.ts");
  writeFileSync(more, readFileSync(more, "utf8").replace("size?: number", "size?: string"));
  assert.equal(preludeDeclarationsFresh(index), false, "own declaration edited");
  writePreludeDeclarations(index);
  const dep = join(root, "node_modules", "dep", "package.json");
  writeFileSync(dep, readFileSync(dep, "utf8").replace("1.0.0", "1.0.1"));
  assert.equal(preludeDeclarationsFresh(index), false, "dependency upgraded");

  const log: string[] = [];
  assert.equal(
    preludeModuleFor(index, (m) => log.push(m)),
    preludeModulePath(index),
  );
  assert.match(log.join("\n"), /bundling the prelude's declarations/);
  assert.equal(preludeDeclarationsFresh(index), true, "rebuilt by the kernel");
  assert.match(
    readFileSync(join(root, "mine", "dist", "prelude", "declarations.d.ts"), "utf8"),
    /size\?: string/,
  );
  log.length = 0;
  preludeModuleFor(index, (m) => log.push(m));
  assert.deepEqual(log, [], "a fresh bundle is used as it is");
});

test("a declaration file importing something that is not a declaration file is refused by name", () => {
  const { root, index } = fixture();
  writeFileSync(join(root, "mine", "dist", "more.d.ts"), 'export { x } from "./missing";\n');
  assert.throws(
    () => bundleDeclarations(index),
    /more\.d\.ts imports "\.\/missing", which is not a declaration file/,
  );
  const log: string[] = [];
  assert.equal(
    preludeModuleFor(index, (m) => log.push(m)),
    index.replace(/\.d\.ts$/, ""),
    "falls back to the index",
  );
  assert.match(log.join("\n"), /cannot bundle the prelude's declarations .*cells will compile slower/);
});
