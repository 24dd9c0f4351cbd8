import { createHash } from "node:crypto";
import { existsSync, readFileSync, realpathSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import type { PackageOf } from "./packages";

/**
 * What a bundle was made from, to tell cheaply whether it still matches: the text of the declaration
 * files that change while one works on this repository (the package's own, and its workspace
 * siblings'), and the versions of the installed packages (tfjs, onnxruntime…). Packages are found by
 * name, as Node finds them, so a bundle packed with the package stays valid where it is installed.
 */
export interface Manifest {
  fingerprint: string;
  /** Files compared by content: [package name, path inside the package]. */
  files: [string, string][];
  /** Packages compared by version. */
  packages: string[];
}

interface PackageJson {
  name?: string;
  version?: string;
}

/** A package's root as Node finds it from `from`: in the node_modules folders upwards. */
function installedRoot(name: string, from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, "node_modules", name);
    if (existsSync(join(candidate, "package.json"))) return realpathSync(candidate);
    if (dirname(dir) === dir) throw new Error(`package ${name} not found from ${from}`);
  }
}

/** `known`: packages found without a lookup (the bundled package first, the bundler's). */
function fingerprint(
  known: readonly PackageOf[],
  files: readonly [string, string][],
  packages: readonly string[],
): string {
  const own = known[0] as PackageOf;
  const roots = new Map<string, string>([...known].reverse().map((p) => [p.name, p.root]));
  const rootOf = (name: string): string => {
    let root = roots.get(name);
    if (!root) roots.set(name, (root = installedRoot(name, own.root)));
    return root;
  };
  const hash = createHash("sha256");
  for (const [name, path] of files)
    hash
      .update(`f\0${name}\0${path}\0`)
      .update(readFileSync(join(rootOf(name), path)))
      .update("\0");
  for (const name of packages) {
    const { version } = JSON.parse(readFileSync(join(rootOf(name), "package.json"), "utf8")) as PackageJson;
    hash.update(`p\0${name}\0${String(version)}\0`);
  }
  return hash.digest("hex");
}

/** Installed from the registry (its real path is inside a node_modules folder), not a workspace link. */
function installed(pkg: PackageOf): boolean {
  return pkg.root.split(sep).includes("node_modules");
}

export function makeManifest(
  known: readonly PackageOf[],
  inputs: readonly { file: string; pkg: PackageOf }[],
): Manifest {
  const own = known[0] as PackageOf;
  const files: [string, string][] = [];
  const packages = new Set<string>();
  for (const { file, pkg } of inputs) {
    if (pkg.root !== own.root && installed(pkg)) packages.add(pkg.name);
    else files.push([pkg.name, relative(pkg.root, file).split(sep).join("/")]);
  }
  return { fingerprint: fingerprint(known, files, [...packages]), files, packages: [...packages] };
}

/** Whether the files and packages the manifest names are still what the bundle was made from. */
export function manifestMatches(manifest: Manifest, known: readonly PackageOf[]): boolean {
  try {
    return fingerprint(known, manifest.files, manifest.packages) === manifest.fingerprint;
  } catch {
    return false;
  }
}
