import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";

/** The JupyterLab extension's name: the folder JupyterLab looks for under <data dir>/labextensions. */
export const LABEXTENSION_NAME = "tslab-ml-widgets";

/** The root of the tslab-ml package (dist/cli/ → ../..). */
const PACKAGE_ROOT = join(__dirname, "..", "..");

function isBuiltLabextension(dir: string): boolean {
  try {
    const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as {
      name?: string;
      jupyterlab?: { _build?: unknown };
    };
    return pkg.name === LABEXTENSION_NAME && pkg.jupyterlab?._build !== undefined;
  } catch {
    return false;
  }
}

/**
 * Where the prebuilt labextension lies: inside the tslab-ml package (copied in when it is packed), else the
 * widgets package of the repository checkout, else an installed tslab-ml-widgets package.
 */
export function findLabextension(): string {
  const candidates = [
    join(PACKAGE_ROOT, "labextension"),
    join(PACKAGE_ROOT, "..", "widgets", "labextension"),
  ];
  try {
    candidates.push(join(dirname(require.resolve(`${LABEXTENSION_NAME}/package.json`)), "labextension"));
  } catch {
    // not installed
  }
  const found = candidates.find(isBuiltLabextension);
  if (!found) {
    throw new Error(
      `the prebuilt JupyterLab extension ${LABEXTENSION_NAME} is missing (looked in ${candidates.join(", ")}); ` +
        "in the repository build it with: npm run build:bundles --workspace=tslab-ml-widgets",
    );
  }
  return found;
}

/**
 * Copies the prebuilt labextension into `<dataDir>/labextensions/tslab-ml-widgets`, replacing an older
 * copy (or a link) only once the new one is complete. Returns the folder written.
 */
export function installLabextension(dataDir: string, source = findLabextension()): string {
  const parent = join(dataDir, "labextensions");
  const target = join(parent, LABEXTENSION_NAME);
  const staging = join(parent, `.${LABEXTENSION_NAME}.installing-${process.pid}`);
  mkdirSync(parent, { recursive: true });
  rmSync(staging, { recursive: true, force: true });
  try {
    cpSync(source, staging, { recursive: true, dereference: true });
    // A link (npm start links the checkout's build) is removed, not followed.
    rmSync(target, { recursive: true, force: true });
    renameSync(staging, target);
  } finally {
    if (existsSync(staging)) rmSync(staging, { recursive: true, force: true });
  }
  return target;
}
