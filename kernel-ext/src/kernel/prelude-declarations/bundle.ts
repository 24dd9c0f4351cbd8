import { readFileSync, realpathSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { Packages, type PackageOf } from "./packages";
import {
  applyEdits,
  declareModifierEdits,
  moduleSpecifiers,
  ownDefaultExport,
  withoutFileDirectives,
  type Edit,
} from "./rewrite";
import { cellResolutionOptions, typescript, type TsApi, type TsSourceFile } from "./typescript-api";

/** The ambient module the prelude's entry file re-exports: a name no lookup on disk can ever find. */
export const PRELUDE_MODULE = "tslab-ml:prelude";

export interface DeclarationBundle {
  /** One global declaration file: every module of the API as `declare module "<package>/<path>" { … }`. */
  text: string;
  /** The declaration files folded in, the entry first. */
  inputs: string[];
  /** The packages those files come from. */
  packages: PackageOf[];
}

/**
 * Declaration files are folded in unless they come from `@types` (TypeScript's type roots include
 * those by themselves: kept as references so no declaration exists twice) or are part of the compiler.
 */
function foldable(file: string): boolean {
  return (
    /\.d\.ts$/.test(file) &&
    !/[\\/]node_modules[\\/](@types|typescript|@tslab[\\/]typescript-for-tslab)[\\/]/.test(file)
  );
}

function isRelative(specifier: string): boolean {
  return /^\.\.?(\/|$)/.test(specifier);
}

/**
 * Folds the declaration files a module's types reach (its own and its dependencies', e.g. all of tfjs)
 * into one file of ambient module declarations. TypeScript then reads one file instead of hundreds, and
 * a program holds two hundred fewer files — a program is rebuilt twice per cell, and its cost grows with
 * its number of files. Types stay exactly the same: each file keeps its text and its module scope (the
 * body of its `declare module`), its module specifiers are rewritten to the names of the modules they
 * resolved to, and tfjs's `declare module '../tensor'` augmentations become augmentations of the named
 * module.
 */
export function bundleDeclarations(entryDeclarationFile: string): DeclarationBundle {
  const ts = typescript();
  const options = cellResolutionOptions(ts);
  const packages = new Packages();
  const entry = realpathSync(entryDeclarationFile);
  const names = new Map<string, string>();
  const taken = new Map<string, string>();
  const nameOf = (file: string): string => {
    const known = names.get(file);
    if (known) return known;
    const base = packages.moduleName(file);
    let name = base;
    for (let copy = 2; taken.has(name); copy++) name = `${base}~${copy}`;
    names.set(file, name);
    taken.set(name, file);
    pending.push(file);
    return name;
  };

  const pending: string[] = [];
  const references = new Set<string>();
  const scripts: string[] = [];
  const modules: string[] = [];
  const aliases = new Map<string, string>();
  const parsed = new Map<string, TsSourceFile>();
  nameOf(entry);
  for (let at = 0; at < pending.length; at++) {
    const file = pending[at] as string;
    const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
    parsed.set(file, source);
    const edits: Edit[] = [];
    for (const literal of moduleSpecifiers(ts, source)) {
      const specifier = literal.text ?? "";
      const target = ts.resolveModuleName(specifier, file, options, ts.sys).resolvedModule?.resolvedFileName;
      if (target && foldable(target)) {
        edits.push({
          start: literal.getStart(source),
          end: literal.end,
          text: JSON.stringify(nameOf(target)),
        });
        if (!isRelative(specifier) && packages.of(target)?.name === specifier) aliases.set(specifier, target);
      } else if (isRelative(specifier)) {
        throw new Error(
          `cannot bundle the declarations of ${entryDeclarationFile}: ${file} imports "${specifier}", which is not a declaration file (${target ?? "not found"})`,
        );
      }
    }
    collectReferences(ts, source, options, references, nameOf);
    if (ts.isExternalModule(source)) {
      const body = applyEdits(source.text, [...edits, ...declareModifierEdits(ts, source)]);
      modules.push(`declare module ${JSON.stringify(nameOf(file))} {\n${withoutFileDirectives(body)}\n}`);
    } else {
      scripts.push(`// ${nameOf(file)}\n${withoutFileDirectives(applyEdits(source.text, edits))}`);
    }
  }
  const entryPackage = packages.of(entry);
  if (entryPackage) aliases.set(entryPackage.name, entry);
  aliases.set(PRELUDE_MODULE, entry);
  const aliasText = [...aliases].map(([alias, file]) =>
    aliasModule(alias, nameOf(file), ownDefaultExport(ts, parsed.get(file) as TsSourceFile)),
  );

  const inputs = [...names.keys()];
  const used = new Map<string, PackageOf>();
  for (const file of inputs) {
    const pkg = packages.of(file);
    if (pkg) used.set(pkg.root, pkg);
  }
  const text = [
    `// The declarations of ${names.get(entry)} and of everything its types reach, as ambient modules`,
    "// (generated by tslab-ml for its kernel's prelude; edits are overwritten).",
    ...references,
    ...scripts,
    ...modules,
    ...aliasText,
    "",
  ].join("\n");
  return { text, inputs, packages: [...used.values()] };
}

function aliasModule(alias: string, target: string, exported: "none" | "default" | "equals"): string {
  const quoted = JSON.stringify(target);
  const body =
    exported === "equals"
      ? `import target = require(${quoted});\nexport = target;`
      : `export * from ${quoted};${exported === "default" ? `\nexport { default } from ${quoted};` : ""}`;
  return `declare module ${JSON.stringify(alias)} {\n${body}\n}`;
}

/**
 * `/// <reference …>` directives: a referenced declaration file that can be folded in is (a global
 * script goes in as it is); the others (`@types` packages, the compiler's libs) stay references.
 */
function collectReferences(
  ts: TsApi,
  source: TsSourceFile,
  options: object,
  into: Set<string>,
  fold: (file: string) => string,
): void {
  for (const { fileName } of source.typeReferenceDirectives) {
    const resolved = ts.resolveTypeReferenceDirective(fileName, source.fileName, options, ts.sys);
    const target = resolved.resolvedTypeReferenceDirective?.resolvedFileName;
    if (target && foldable(target)) fold(realpathSync(target));
    else into.add(`/// <reference types=${JSON.stringify(fileName)} />`);
  }
  for (const { fileName } of source.referencedFiles) {
    const target = resolve(dirname(source.fileName), fileName);
    if (foldable(target)) fold(realpathSync(target));
    else into.add(`/// <reference path=${JSON.stringify(target)} />`);
  }
  for (const { fileName } of source.libReferenceDirectives)
    into.add(`/// <reference lib=${JSON.stringify(fileName)} />`);
}
