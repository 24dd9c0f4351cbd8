#!/usr/bin/env node
// `npm pack` / `npm publish` of tslab-ml (prepack): puts the prebuilt JupyterLab extension of the widgets
// package inside this package, so `tslab-ml install` can install it without any frontend dependency.
import { cpSync, existsSync, readFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const source = join(root, "..", "widgets", "labextension");
const target = join(root, "labextension");
const pkg = join(source, "package.json");
if (!existsSync(pkg) || JSON.parse(readFileSync(pkg, "utf8")).jupyterlab?._build === undefined) {
  console.error(
    `tslab-ml prepack: no built labextension in ${source}; run npm run build:bundles --workspace=tslab-ml-widgets`,
  );
  process.exit(1);
}
rmSync(target, { recursive: true, force: true });
cpSync(source, target, { recursive: true, dereference: true });
console.log(`tslab-ml prepack: labextension copied from ${source}`);
