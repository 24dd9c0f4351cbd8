import { mkdirSync, readdirSync, readFileSync, realpathSync, renameSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { bundleDeclarations, PRELUDE_MODULE } from "./bundle";
import { makeManifest, manifestMatches, type Manifest } from "./manifest";
import { Packages, type PackageOf } from "./packages";

const MANIFEST = "manifest.json";

/** This package's own index declarations (dist/index.d.ts): what the kernel's prelude imports. */
export const PACKAGE_INDEX_DECLARATIONS = join(__dirname, "..", "..", "index.d.ts");

/** The folder of the prelude's declaration files: `prelude/` next to the package's index. */
export function preludeDirectory(entryDeclarationFile: string): string {
  return join(dirname(entryDeclarationFile), "prelude");
}

/** What the prelude imports: the entry of the bundled declarations (with a runtime shim beside it). */
export function preludeModulePath(entryDeclarationFile: string): string {
  return join(preludeDirectory(entryDeclarationFile), "index");
}

/** The bundled package (first) and the bundler's own: their files are found without a lookup. */
function knownPackages(packages: Packages, entryDeclarationFile: string): PackageOf[] {
  const entry = realpathSync(entryDeclarationFile);
  const own = packages.of(entry) ?? { root: dirname(entry), name: basename(entry), version: "" };
  const bundler = packages.of(__filename);
  return bundler ? [own, bundler] : [own];
}

function writeAtomically(file: string, text: string): void {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, file);
}

/**
 * Bundles the declarations reached from the package's index declaration file and writes the prelude's
 * files: `declarations.d.ts` (the bundle), `index.d.ts` (re-exports the index from it), `index.js`
 * (requires the real index at run time) and `manifest.json` (last: the others are complete when it is).
 */
export function writePreludeDeclarations(entryDeclarationFile: string): void {
  const bundle = bundleDeclarations(entryDeclarationFile);
  const packages = new Packages();
  const known = knownPackages(packages, entryDeclarationFile);
  // The bundler's own code counts too: a change to how files are folded makes the bundle stale.
  const bundler = readdirSync(__dirname)
    .filter((f) => /\.[jt]s$/.test(f) && !f.endsWith(".d.ts"))
    .map((f) => join(__dirname, f));
  const inputs = [...bundle.inputs, ...bundler].map((file) => ({
    file,
    pkg: packages.of(file) ?? (known[0] as PackageOf),
  }));
  const manifest = makeManifest(known, inputs);

  const directory = preludeDirectory(entryDeclarationFile);
  mkdirSync(directory, { recursive: true });
  const entryModule = `../${basename(entryDeclarationFile).replace(/\.d\.ts$/, "")}`;
  writeAtomically(join(directory, "declarations.d.ts"), bundle.text);
  writeAtomically(
    join(directory, "index.d.ts"),
    `/// <reference path="./declarations.d.ts" />\nexport * from ${JSON.stringify(PRELUDE_MODULE)};\n`,
  );
  writeAtomically(
    join(directory, "index.js"),
    `"use strict";\nmodule.exports = require(${JSON.stringify(entryModule)});\n`,
  );
  writeAtomically(join(directory, MANIFEST), `${JSON.stringify(manifest, null, 1)}\n`);
}

/** Whether the prelude's files exist and were made from the declarations there are now. */
export function preludeDeclarationsFresh(entryDeclarationFile: string): boolean {
  try {
    const manifestFile = join(preludeDirectory(entryDeclarationFile), MANIFEST);
    const manifest = JSON.parse(readFileSync(manifestFile, "utf8")) as Manifest;
    return manifestMatches(manifest, knownPackages(new Packages(), entryDeclarationFile));
  } catch {
    return false;
  }
}

/**
 * The module the kernel's prelude imports: the bundled declarations, rebuilt first when stale (a few
 * seconds, once after a build that skipped them); if they cannot be written, the package's index itself
 * (same types, slower cells).
 */
export function preludeModuleFor(entryDeclarationFile: string, log: (message: string) => void): string {
  if (!preludeDeclarationsFresh(entryDeclarationFile)) {
    try {
      log(`bundling the prelude's declarations into ${preludeDirectory(entryDeclarationFile)}`);
      writePreludeDeclarations(entryDeclarationFile);
    } catch (e) {
      log(`cannot bundle the prelude's declarations (${(e as Error).message}); cells will compile slower`);
      return entryDeclarationFile.replace(/\.d\.ts$/, "");
    }
  }
  return preludeModulePath(entryDeclarationFile);
}
