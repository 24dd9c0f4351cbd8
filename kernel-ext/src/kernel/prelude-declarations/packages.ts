import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";

/** The npm package a file belongs to: the nearest package.json with a name, upwards from the file. */
export interface PackageOf {
  /** Directory holding the package.json. */
  root: string;
  name: string;
  version: string;
}

export class Packages {
  private byDirectory = new Map<string, PackageOf | null>();

  of(file: string): PackageOf | undefined {
    return this.lookup(dirname(file)) ?? undefined;
  }

  /**
   * The name a declaration file gets as an ambient module: its package's name and its path inside the
   * package, without the extension (`@tensorflow/tfjs-core/dist/tensor`), so printed types read like
   * imports a user could write.
   */
  moduleName(file: string): string {
    const pkg = this.of(file);
    const path = pkg ? `${pkg.name}/${relative(pkg.root, file).split(sep).join("/")}` : file;
    return path.replace(/\.d\.ts$/, "");
  }

  private lookup(directory: string): PackageOf | null {
    const known = this.byDirectory.get(directory);
    if (known !== undefined) return known;
    let found: PackageOf | null = null;
    const manifest = join(directory, "package.json");
    if (existsSync(manifest)) {
      const json = JSON.parse(readFileSync(manifest, "utf8")) as { name?: unknown; version?: unknown };
      if (typeof json.name === "string")
        found = { root: directory, name: json.name, version: String(json.version ?? "") };
    }
    const parent = dirname(directory);
    if (!found && parent !== directory) found = this.lookup(parent);
    this.byDirectory.set(directory, found);
    return found;
  }
}
