import type { Command } from "./command";
import { EXIT } from "./exit-codes";

interface HtmlOptions {
  notebook: string;
  output: string | undefined;
  sharedBundle: boolean;
}

/** `tslab-ml html NOTEBOOK.ipynb [-o OUT.html] [--shared-bundle]`. */
export const htmlCommand: Command<HtmlOptions> = {
  spec: {
    name: "html",
    summary:
      "Write one offline HTML file of a notebook in which its saved widget state renders as live widgets.",
    positionals: ["NOTEBOOK.ipynb"],
    options: {
      output: {
        type: "string",
        short: "o",
        value: "OUT.html",
        help: "where to write (default: NOTEBOOK.html)",
      },
      "shared-bundle": {
        type: "boolean",
        help: "write the widget bundle (6 MB) once beside the page instead of inside it",
      },
    },
    details: "Without JavaScript the page shows each widget's static fallback (HTML or PNG).",
  },
  validate({ positionals, values }) {
    return {
      notebook: positionals[0] as string,
      output: typeof values.output === "string" ? values.output : undefined,
      sharedBundle: values["shared-bundle"] === true,
    };
  },
  async run(options, { streams }) {
    const { exportNotebookHtml } = await import("../html/export-html");
    const written = await exportNotebookHtml(options.notebook, options.output, options.sharedBundle);
    streams.stdout.write(`Wrote ${written}\n`);
    return EXIT.ok;
  },
};
