import { readFileSync } from "node:fs";
import Module, { createRequire } from "node:module";
import { dirname } from "node:path";
import type { createConverter } from "tslab/dist/converter";
import { requireFromTslab, tslabTypeScript } from "./tslab-typescript";

// The few TypeScript (tslab's 5.0 copy) shapes used here, typed structurally like shorthand.ts does.
interface ImportLiteral {
  text: string;
}
interface SourceFile {
  fileName: string;
  isDeclarationFile: boolean;
  imports?: readonly ImportLiteral[];
}
interface Program {
  getSourceFile(fileName: string): SourceFile | undefined;
  getSourceFiles(): readonly SourceFile[];
  getCompilerOptions(): object;
  getTypeChecker(): unknown;
  emit(...args: unknown[]): unknown;
}
/** The builder-program surface that TypeScript's watch and tslab's converter call. */
interface LeanBuilderProgram {
  getProgram(): Program;
  getProgramOrUndefined(): Program | undefined;
  releaseProgram(): void;
  getCompilerOptions(): object;
  getSourceFile(fileName: string): SourceFile | undefined;
  getSourceFiles(): readonly SourceFile[];
  emit(...args: unknown[]): unknown;
  getAllDependencies(file: SourceFile): string[];
}
type CreateBuilder = (
  rootNames: readonly string[] | undefined,
  options: object | undefined,
  host: object,
  old: LeanBuilderProgram | undefined,
  configFileParsingDiagnostics?: readonly unknown[],
  projectReferences?: readonly unknown[],
) => LeanBuilderProgram | undefined;
interface TypeScript {
  createProgram(options: {
    rootNames: readonly string[];
    options: object;
    host: object;
    oldProgram?: Program;
    configFileParsingDiagnostics?: readonly unknown[];
    projectReferences?: readonly unknown[];
  }): Program;
  createWatchCompilerHost(
    files: string[],
    options: object,
    system: object,
    createProgram: CreateBuilder | null | undefined,
    ...rest: unknown[]
  ): object;
  getResolvedModule(file: SourceFile, name: string, mode: unknown): { resolvedFileName: string } | undefined;
  bindSourceFile(file: SourceFile, options: object): void;
  getQuickInfoAtPosition(file: object, checker: object, token: unknown, position: number): unknown;
  getModeForUsageLocation(file: SourceFile, usage: ImportLiteral): unknown;
}

/**
 * The files a cell's emit depends on that need emitting too: the .ts/.js modules it imports, transitively
 * (tslab's "side inputs"). Declaration files end the walk; they emit nothing.
 */
function sourceDependencies(ts: TypeScript, program: Program, root: SourceFile): string[] {
  const found = [root.fileName];
  const seen = new Set(found);
  const pending = [root];
  for (let file = pending.pop(); file; file = pending.pop()) {
    for (const literal of file.imports ?? []) {
      const resolved = ts.getResolvedModule(file, literal.text, ts.getModeForUsageLocation(file, literal));
      const dependency = resolved && program.getSourceFile(resolved.resolvedFileName);
      if (!dependency || dependency.isDeclarationFile || seen.has(dependency.fileName)) continue;
      seen.add(dependency.fileName);
      found.push(dependency.fileName);
      pending.push(dependency);
    }
  }
  return found;
}

/**
 * A builder program without the builder's bookkeeping. TypeScript's default watch builder rebuilds a map
 * of every file's references (each import of each .d.ts, plus every ambient module for every file) for
 * each new program, that is twice per cell; over tfjs's hundreds of declaration files that was most of a
 * cell's time. tslab only asks the builder for the program, its files, emit, and a cell's dependencies,
 * which are answered from the program directly.
 */
function leanBuilderFactory(ts: TypeScript): CreateBuilder {
  return (rootNames, options, host, old, configFileParsingDiagnostics, projectReferences) => {
    if (rootNames === undefined || options === undefined) return old;
    const program = ts.createProgram({
      rootNames,
      options,
      host,
      oldProgram: old?.getProgramOrUndefined(),
      configFileParsingDiagnostics,
      projectReferences,
    });
    // tslab reads the bound locals of the cell (the names it carries to later cells) before it asks for
    // anything that would bind it. Binding the root files answers that; the type checker (binding every
    // other file and merging their globals) is made when tslab first needs types. A cell that declares
    // something is compiled twice (once to find its names, once exporting them): the first program never
    // needs a checker.
    for (const name of rootNames) {
      const file = program.getSourceFile(name);
      if (file) ts.bindSourceFile(file, program.getCompilerOptions());
    }
    return {
      getProgram: () => program,
      getProgramOrUndefined: () => program,
      releaseProgram: () => {},
      getCompilerOptions: () => program.getCompilerOptions(),
      getSourceFile: (fileName) => program.getSourceFile(fileName),
      getSourceFiles: () => program.getSourceFiles(),
      emit: (...args) => program.emit(...args),
      getAllDependencies: (file) => sourceDependencies(ts, program, file),
    };
  };
}

interface LoadableModule {
  filename: string;
  paths: string[];
  require(id: string): unknown;
  _compile(source: string, filename: string): void;
  exports: unknown;
}
interface ModuleInternals {
  new (id: string): LoadableModule;
  _nodeModulePaths(from: string): string[];
}

/** The part of TypeScript's file system a hook may change. */
export interface ReadingSystem {
  readFile(path: string, encoding?: string): string | undefined;
}

/** Where the lean converter lets its user in. */
export interface LeanConverterHooks {
  /** The file system TypeScript reads through, in place of tslab's (which it is given). */
  system?: (system: ReadingSystem) => ReadingSystem;
  /**
   * Called as tslab asks TypeScript for quick info (inspect) at `position` of the cell's source file, with
   * the checker it will use (TypeScript's own objects).
   */
  beforeQuickInfo?: (file: object, checker: object, position: number) => void;
}

/**
 * tslab's `createConverter`, from a private copy of its module whose TypeScript creates watch programs with
 * the lean builder. tslab fixes the builder inside createConverter; loading the module privately (rather
 * than patching the shared TypeScript) leaves every other user of tslab and TypeScript untouched,
 * whatever loaded first.
 */
export function leanCreateConverter(hooks: LeanConverterHooks = {}): typeof createConverter {
  const ts = tslabTypeScript<TypeScript & Record<string, unknown>>();
  const createBuilder = leanBuilderFactory(ts);
  const systemOf = hooks.system ?? ((system: ReadingSystem) => system);
  // Own enumerable properties, as tslab's `import * as ts` copies only those.
  const leanTs: Record<string, unknown> = {};
  for (const key of Object.keys(ts)) {
    if (key === "createWatchCompilerHost" || key === "getQuickInfoAtPosition") continue;
    Object.defineProperty(leanTs, key, { enumerable: true, get: () => ts[key] });
  }
  leanTs.createWatchCompilerHost = (
    files: string[],
    options: object,
    system: object,
    createProgram: CreateBuilder | null | undefined,
    ...rest: unknown[]
  ) =>
    ts.createWatchCompilerHost(
      files,
      options,
      systemOf(system as ReadingSystem),
      createProgram ?? createBuilder,
      ...rest,
    );
  leanTs.getQuickInfoAtPosition = (file: object, checker: object, token: unknown, position: number) => {
    hooks.beforeQuickInfo?.(file, checker, position);
    return ts.getQuickInfoAtPosition(file, checker, token, position);
  };

  const filename = requireFromTslab.resolve("tslab/dist/converter");
  const ModuleClass = Module as unknown as ModuleInternals;
  const converter = new ModuleClass(filename);
  converter.filename = filename;
  converter.paths = ModuleClass._nodeModulePaths(dirname(filename));
  const requireNormally = createRequire(filename);
  converter.require = (id) => (id === "@tslab/typescript-for-tslab" ? leanTs : requireNormally(id));
  converter._compile(readFileSync(filename, "utf8"), filename);
  return (converter.exports as { createConverter: typeof createConverter }).createConverter;
}
