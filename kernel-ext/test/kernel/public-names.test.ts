import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { publicNames } from "../../src/kernel/public-names";

const INDEX = join(__dirname, "..", "..", "dist", "index");

test("the prelude's names are the index's exports: every runtime value plus the exported types", () => {
  const names = publicNames(`${INDEX}.d.ts`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const values = Object.keys(require(INDEX) as object).filter((k) => k !== "__esModule");
  assert.deepEqual(
    values.filter((v) => !names.includes(v)),
    [],
    "every value the package exports is in scope",
  );
  for (const type of ["ExportOnnxOptions", "LoadImageFolderOptions", "BackendInfo"])
    assert.ok(names.includes(type), type);
  assert.ok(!names.includes("popcount32") && !names.includes("robustZ"), "internals stay out");
  assert.equal(new Set(names).size, names.length);
});

test("export lists, export * (followed), declarations and namespaces are read; defaults are not", () => {
  const dir = mkdtempSync(join(tmpdir(), "tslab-ml-names-"));
  writeFileSync(
    join(dir, "more.d.ts"),
    "export declare const c: number, d: string;\nexport interface E {}\ndeclare const hidden: 1;\n",
  );
  writeFileSync(
    join(dir, "index.d.ts"),
    [
      'export { a, b as renamed } from "./x";',
      'export type { T } from "./x";',
      'export * from "./more";',
      'export * as ns from "./x";',
      "export declare function f(): void;",
      "export declare class K {}",
      "export type U = string;",
      "export default f;",
      "declare function notExported(): void;",
    ].join("\n"),
  );
  assert.deepEqual(publicNames(join(dir, "index.d.ts")), [
    "E",
    "K",
    "T",
    "U",
    "a",
    "c",
    "d",
    "f",
    "ns",
    "renamed",
  ]);
});
