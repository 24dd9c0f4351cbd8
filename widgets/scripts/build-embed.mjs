// Builds the offline embed bundle (one IIFE script + its CSS) that `tslab-ml html` inlines.
import { build } from "esbuild";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const production = !process.argv.includes("--dev");

await build({
  entryPoints: [join(root, "src", "embed.ts")],
  outfile: join(root, "dist-embed", "tslab-ml-widgets.embed.js"),
  bundle: true,
  format: "iife",
  platform: "browser",
  target: "es2020",
  minify: production,
  legalComments: "none",
  logLevel: "warning",
  define: {
    // Webpack-isms the widget packages expect; there is no public path offline.
    __webpack_public_path__: '""',
    global: "window",
    "process.env.NODE_ENV": production ? '"production"' : '"development"',
  },
  loader: {
    ".woff": "dataurl",
    ".woff2": "dataurl",
    ".ttf": "dataurl",
    ".eot": "dataurl",
    ".svg": "dataurl",
  },
});
