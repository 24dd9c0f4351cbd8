// Builds the JupyterLab 4 prebuilt (federated) extension with node alone, through @jupyterlab/builder:
// no `jupyter labextension` (JupyterLab is not packaged for Debian). Output: widgets/labextension/.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(join(root, "package.json"));
const builder = join(
  dirname(require.resolve("@jupyterlab/builder/package.json")),
  "lib",
  "build-labextension.js",
);
const args = [builder, "--core-path", join(root, "lab-core"), root];
if (process.argv.includes("--dev")) args.splice(1, 0, "--development");
const r = spawnSync(process.execPath, args, { stdio: "inherit", cwd: root });
process.exit(r.status ?? 1);
