import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import Module from "node:module";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { Script } from "node:vm";
import { threadId } from "node:worker_threads";
import { createHash } from "node:crypto";

/** Files smaller than this compile fast enough; the kernel's big ones are 0.2–8 MB. */
const MIN_BYTES = 200_000;

interface ModuleInternals {
  prototype: { _compile(this: LoadingModule, content: string, filename: string): unknown };
  wrap(source: string): string;
  _resolveFilename(request: string, parent: LoadingModule, isMain: boolean, options?: object): string;
  _resolveLookupPaths(request: string, parent: LoadingModule): string[] | null;
  _extensions: object;
  _cache: object;
}
interface LoadingModule {
  exports: unknown;
  require(id: string): unknown;
}

export interface CodeCache {
  /** Writes the code V8 compiled for the files that had no usable cache, and stops caching new files. */
  save(): void;
  /** What happened so far: files compiled with a cache, and files compiled without one. */
  readonly stats: { used: number; missed: number };
}

/** `$XDG_CACHE_HOME/tslab-ml/code` (or ~/.cache/…), per Node version (V8 rejects another's cache anyway). */
export function defaultCodeCacheDirectory(): string {
  const base = process.env.XDG_CACHE_HOME || join(homedir(), ".cache");
  return join(base, "tslab-ml", "code", `${process.version}-${process.arch}`);
}

/** A folder only this user can write: cached code is run as it is. */
function privateDirectory(directory: string): boolean {
  try {
    mkdirSync(directory, { recursive: true, mode: 0o700 });
    const stat = statSync(directory);
    return stat.uid === process.getuid?.() && (stat.mode & 0o022) === 0;
  } catch {
    return false;
  }
}

/**
 * Compiles the large CommonJS files the kernel loads at start (tslab's TypeScript, tfjs's bundles: ~15 MB
 * V8 would otherwise compile on every start) with V8's code cache, kept in `directory`. Node 20 has no
 * compile cache of its own (module.enableCompileCache came with Node 22). A file's cache is keyed by its
 * path, size and modification time, so an edited or reinstalled file compiles afresh; V8 itself rejects a
 * cache from another V8 version. Returns undefined (nothing changed) when the folder is not private.
 */
export function useCodeCache(directory = defaultCodeCacheDirectory()): CodeCache | undefined {
  if (!privateDirectory(directory)) return undefined;
  const internals = Module as unknown as ModuleInternals;
  const originalCompile = internals.prototype._compile;
  const pending: { script: Script; file: string }[] = [];
  const stats = { used: 0, missed: 0 };

  const compileCached = (module: LoadingModule, content: string, filename: string): unknown => {
    const { size, mtimeMs } = statSync(filename);
    const key = createHash("sha256").update(`${filename}\0${size}\0${mtimeMs}`).digest("hex");
    const file = join(directory, `${key}.bin`);
    let cachedData: Buffer | undefined;
    try {
      cachedData = readFileSync(file);
    } catch {
      cachedData = undefined;
    }
    const script = new Script(internals.wrap(content), { filename, cachedData });
    if (cachedData && !script.cachedDataRejected) stats.used++;
    else {
      stats.missed++;
      pending.push({ script, file });
    }
    // The same wrapper call Node makes, with a require like Node's own for this module.
    const moduleRequire = Object.assign((id: string) => module.require(id), {
      resolve: Object.assign(
        (request: string, options?: object) => internals._resolveFilename(request, module, false, options),
        { paths: (request: string) => internals._resolveLookupPaths(request, module) },
      ),
      main: require.main,
      extensions: internals._extensions,
      cache: internals._cache,
    });
    const wrapper = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
    return wrapper.call(module.exports, module.exports, moduleRequire, module, filename, dirname(filename));
  };
  internals.prototype._compile = function (this: LoadingModule, content: string, filename: string) {
    if (content.length < MIN_BYTES || !filename.includes("node_modules"))
      return originalCompile.call(this, content, filename);
    return compileCached(this, content, filename);
  };

  return {
    stats,
    save() {
      internals.prototype._compile = originalCompile;
      for (const { script, file } of pending.splice(0)) {
        try {
          // Per thread: the compile thread saves the same files as the kernel thread.
          const temporary = `${file}.${process.pid}-${threadId}.tmp`;
          writeFileSync(temporary, script.createCachedData(), { mode: 0o600 });
          renameSync(temporary, file);
        } catch {
          // A cache that cannot be written only means the next start compiles again.
        }
      }
    },
  };
}
