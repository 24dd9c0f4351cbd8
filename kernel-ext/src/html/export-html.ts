import { readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { writeFileAtomic } from "../util/atomic-write";
import { parseNotebook } from "./notebook";
import { renderNotebookHtml, type EmbedAssets } from "./render-notebook";

/** The embed bundle built by the widgets package (`npm run build`). */
export function loadEmbedAssets(): EmbedAssets {
  const dir = join(dirname(require.resolve("tslab-ml-widgets/package.json")), "dist-embed");
  try {
    return {
      script: readFileSync(join(dir, "tslab-ml-widgets.embed.js"), "utf8"),
      css: readFileSync(join(dir, "tslab-ml-widgets.embed.css"), "utf8"),
    };
  } catch (e) {
    throw new Error(
      `the widget embed bundle is missing in ${dir} (${(e as Error).message}); run npm run build`,
    );
  }
}

/** `tslab-ml html NOTEBOOK.ipynb [-o OUT.html]`: one offline file; returns the path written. */
export function exportNotebookHtml(notebookPath: string, outPath?: string): string {
  const nb = parseNotebook(readFileSync(notebookPath, "utf8"), notebookPath);
  const out = outPath ?? notebookPath.replace(/\.ipynb$/i, "") + ".html";
  const title = nb.metadata.title ?? basename(notebookPath, ".ipynb");
  writeFileAtomic(out, renderNotebookHtml(nb, title, loadEmbedAssets()));
  return out;
}
