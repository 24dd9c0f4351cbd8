import { existsSync, readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { writeFileAtomically } from "../util/atomic-write";
import { readUserFile } from "../util/regular-file";
import { parseNotebook } from "./notebook";
import { renderNotebookHtml, type EmbedAssets } from "./render-notebook";

// Far above any notebook JupyterLab itself opens comfortably; a bigger "notebook" is the wrong file.
const MAX_NOTEBOOK_BYTES = 512 * 1024 * 1024;

const BUNDLE_FILES = { script: "tslab-ml-widgets.embed.js", css: "tslab-ml-widgets.embed.css" };

/**
 * Where the embed bundle lies: in the tslab-ml-widgets package when it is installed (its package.json is
 * resolved, none of its code is loaded: the kernel does not depend on the frontend), else beside this
 * package in the repository checkout.
 */
function bundleDir(): string {
  const candidates: string[] = [];
  try {
    candidates.push(join(dirname(require.resolve("tslab-ml-widgets/package.json")), "dist-embed"));
  } catch {
    // not installed: try the checkout
  }
  candidates.push(join(__dirname, "..", "..", "..", "widgets", "dist-embed"));
  return candidates.find((dir) => existsSync(join(dir, BUNDLE_FILES.script))) ?? (candidates[0] as string);
}

/** The embed bundle built by the widgets package (`npm run build`). */
export function loadEmbedAssets(): { script: string; css: string } {
  const dir = bundleDir();
  try {
    return {
      script: readFileSync(join(dir, BUNDLE_FILES.script), "utf8"),
      css: readFileSync(join(dir, BUNDLE_FILES.css), "utf8"),
    };
  } catch (e) {
    throw new Error(
      `the widget embed bundle is missing in ${dir} (${(e as Error).message}): install tslab-ml-widgets ` +
        "beside tslab-ml, or in the repository run npm run build",
    );
  }
}

/**
 * `tslab-ml html NOTEBOOK.ipynb [-o OUT.html] [--shared-bundle]`: one offline file; with `sharedBundle`,
 * the widget bundle is written once beside the page and referenced (for a folder of many pages).
 * Returns the path written.
 */
export async function exportNotebookHtml(
  notebookPath: string,
  outPath?: string,
  sharedBundle = false,
): Promise<string> {
  const text = readUserFile(notebookPath, MAX_NOTEBOOK_BYTES, "a notebook (.ipynb)").toString("utf8");
  const nb = parseNotebook(text, notebookPath);
  const out = outPath ?? notebookPath.replace(/\.ipynb$/i, "") + ".html";
  const title = nb.metadata.title ?? basename(notebookPath, ".ipynb");
  let assets: EmbedAssets;
  if (sharedBundle) {
    const bundle = loadEmbedAssets();
    await writeFileAtomically(join(dirname(out), BUNDLE_FILES.script), Buffer.from(bundle.script));
    await writeFileAtomically(join(dirname(out), BUNDLE_FILES.css), Buffer.from(bundle.css));
    assets = { shared: BUNDLE_FILES };
  } else {
    assets = loadEmbedAssets();
  }
  await writeFileAtomically(out, Buffer.from(renderNotebookHtml(nb, title, assets)));
  return out;
}
