#!/usr/bin/env node
// Builds the JupyterLab front end of widgets/lab-host with rspack:
//   dist/static/    the app (bundle.js + chunks), a module-federation host, so prebuilt labextensions load
//   dist/schemas/   the settings schemas of every bundled extension (served by jupyterlab_server)
//   dist/themes/    the compiled theme CSS of every theme extension
//   dist/gen/       generated entry files (index.js, style.js, bootstrap.js, publicpath.js)
// Usage: node scripts/build.mjs [--production]   (development by default: no minification, fast)
//
// What JupyterLab's own dev_mode does with @jupyterlab/builder (Build.ensureAssets, a handlebars index,
// webpack + ModuleFederationPlugin), done here in one small script with no webpack and no builder.
import { createRequire } from "node:module";
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const HOST = join(dirname(fileURLToPath(import.meta.url)), "..");
const DIST = join(HOST, "dist");
const GEN = join(DIST, "gen");
const require = createRequire(join(HOST, "package.json"));
const rspack = require("@rspack/core");

const production = process.argv.includes("--production");
const hostPackage = readJson(join(HOST, "package.json"));

function readJson(file) {
  return JSON.parse(readFileSync(file, "utf8"));
}

/** The directory of `name` as seen from `fromDir` (node resolution, nested node_modules first). */
function packageDir(name, fromDir = HOST) {
  const r = createRequire(join(fromDir, "package.json"));
  return dirname(r.resolve(`${name}/package.json`));
}

// ---- 1. which packages are JupyterLab extensions ---------------------------------------------------
const extensions = {}; // name -> module path ('' for the package main)
const mimeExtensions = {};
const extensionPackages = [];
for (const name of Object.keys(hostPackage.dependencies)) {
  const data = readJson(join(packageDir(name), "package.json"));
  const jlab = data.jupyterlab;
  if (!jlab) continue;
  if (jlab.extension === undefined && jlab.mimeExtension === undefined) continue;
  extensionPackages.push(name);
  if (jlab.extension !== undefined) extensions[name] = jlab.extension === true ? "" : jlab.extension;
  if (jlab.mimeExtension !== undefined)
    mimeExtensions[name] = jlab.mimeExtension === true ? "" : jlab.mimeExtension;
}

// ---- 2. the module-federation share scope ---------------------------------------------------------
// Everything a prebuilt extension may import with `import: false` must be *provided* by this host:
// the JupyterLab, Lumino, Jupyter and CodeMirror/Lezer packages of the whole dependency closure (what
// JupyterLab lists in its `resolutions`), react, react-dom, yjs, plus the direct dependencies of every
// extension package (as JupyterLab's createShared does).
const SHARED_SCOPES = /^(@jupyterlab|@lumino|@jupyter|@jupyter-widgets|@codemirror|@lezer|@rjsf)\//;
const SHARED_NAMES = new Set(["react", "react-dom", "yjs"]);
// Singletons: JupyterLab's `singletonPackages` (dev_mode/package.json) + the widgets base, whose models
// and registry must be one object for the manager and for every widget extension.
const SINGLETONS = new Set([
  "@codemirror/language",
  "@codemirror/state",
  "@codemirror/view",
  "@jupyter/ydoc",
  "@jupyter/react-components",
  "@jupyter/web-components",
  "@jupyter-widgets/base",
  "@jupyter-widgets/base-manager",
  "@jupyter-widgets/controls",
  "@jupyter-widgets/output",
  "@jupyterlab/application",
  "@jupyterlab/apputils",
  "@jupyterlab/cell-toolbar",
  "@jupyterlab/codeeditor",
  "@jupyterlab/codemirror",
  "@jupyterlab/completer",
  "@jupyterlab/console",
  "@jupyterlab/coreutils",
  "@jupyterlab/debugger",
  "@jupyterlab/docmanager",
  "@jupyterlab/documentsearch",
  "@jupyterlab/filebrowser",
  "@jupyterlab/fileeditor",
  "@jupyterlab/imageviewer",
  "@jupyterlab/inspector",
  "@jupyterlab/launcher",
  "@jupyterlab/logconsole",
  "@jupyterlab/lsp",
  "@jupyterlab/mainmenu",
  "@jupyterlab/markdownviewer",
  "@jupyterlab/mermaid",
  "@jupyterlab/metadataform",
  "@jupyterlab/notebook",
  "@jupyterlab/outputarea",
  "@jupyterlab/rendermime",
  "@jupyterlab/rendermime-interfaces",
  "@jupyterlab/services",
  "@jupyterlab/settingeditor",
  "@jupyterlab/settingregistry",
  "@jupyterlab/statedb",
  "@jupyterlab/statusbar",
  "@jupyterlab/terminal",
  "@jupyterlab/toc",
  "@jupyterlab/tooltip",
  "@jupyterlab/translation",
  "@jupyterlab/ui-components",
  "@jupyterlab/workspaces",
  "@lezer/common",
  "@lezer/highlight",
  "@lumino/algorithm",
  "@lumino/application",
  "@lumino/commands",
  "@lumino/coreutils",
  "@lumino/datagrid",
  "@lumino/disposable",
  "@lumino/domutils",
  "@lumino/dragdrop",
  "@lumino/keyboard",
  "@lumino/messaging",
  "@lumino/polling",
  "@lumino/properties",
  "@lumino/signaling",
  "@lumino/virtualdom",
  "@lumino/widgets",
  "react",
  "react-dom",
  "yjs",
]);

function createShared() {
  const found = new Map(); // name -> version (the copy the host resolves at top level)
  const seen = new Set();
  const isShared = (name) => SHARED_SCOPES.test(name) || SHARED_NAMES.has(name);
  const visit = (dir) => {
    if (seen.has(dir)) return;
    seen.add(dir);
    const data = readJson(join(dir, "package.json"));
    for (const dep of Object.keys(data.dependencies ?? {})) {
      let depDir;
      try {
        depDir = packageDir(dep, dir);
      } catch {
        continue; // an optional dependency that is not installed
      }
      const depData = readJson(join(depDir, "package.json"));
      if (isShared(dep) && !found.has(dep)) found.set(dep, depData.version);
      if (isShared(dep) || dir === HOST) visit(depDir);
    }
  };
  visit(HOST);
  // Direct dependencies of extension packages (whatever their name).
  for (const pkg of extensionPackages) {
    const dir = packageDir(pkg);
    found.set(pkg, readJson(join(dir, "package.json")).version);
    for (const dep of Object.keys(readJson(join(dir, "package.json")).dependencies ?? {})) {
      if (found.has(dep)) continue;
      try {
        found.set(dep, readJson(join(packageDir(dep, dir), "package.json")).version);
      } catch {
        // not installed (optional)
      }
    }
  }
  const shared = {};
  for (const [name, version] of [...found].sort(([a], [b]) => a.localeCompare(b))) {
    // Packages without a main entry (types only, CSS only) cannot be shared as modules.
    const dir = packageDir(name);
    const data = readJson(join(dir, "package.json"));
    if (!data.main && !data.module && !data.exports && !existsSync(join(dir, "index.js"))) continue;
    if (name.startsWith("@types/")) continue;
    // No explicit `version`: each provided copy is labelled with the version of its own package.json.
    shared[name] = { requiredVersion: `^${version}` };
    if (SINGLETONS.has(name)) shared[name].singleton = true;
  }
  return shared;
}

// ---- 3. assets: schemas, themes, style imports (Build.ensureAssets of @jupyterlab/builder) ---------
function ensureAssets() {
  const cssImports = [];
  const themeEntries = {};
  for (const name of extensionPackages) {
    const dir = packageDir(name);
    const data = readJson(join(dir, "package.json"));
    if (typeof data.styleModule === "string") cssImports.push(`${name}/${data.styleModule}`);
    else if (typeof data.style === "string") cssImports.push(`${name}/${data.style}`);
    const { schemaDir, themePath } = data.jupyterlab;
    if (schemaDir) {
      const destination = join(DIST, "schemas", name);
      mkdirSync(destination, { recursive: true });
      for (const file of readdirSync(join(dir, schemaDir)))
        cpSync(join(dir, schemaDir, file), join(destination, file), { recursive: true });
      cpSync(join(dir, "package.json"), join(destination, "package.json.orig"));
    }
    if (themePath) themeEntries[name] = join(dir, themePath);
  }
  cssImports.sort((a, b) => a.localeCompare(b));
  writeFileSync(
    join(GEN, "style.js"),
    "/* Generated by widgets/lab-host/scripts/build.mjs: the CSS of every bundled extension. */\n" +
      cssImports.map((x) => `import '${x}';`).join("\n") +
      "\n",
  );
  return themeEntries;
}

// ---- 4. the entry point: index.js registers the bundled and the federated extensions --------------
function writeIndex() {
  const requireBlock = (map, target) =>
    Object.entries(map)
      .map(
        ([name, path]) => `  if (!federatedNames.has(${JSON.stringify(name)})) {
    try {
      const ext = require(${JSON.stringify(path ? `${name}/${path}` : name)});
      ext.__scope__ = ${JSON.stringify(name)};
      for (const plugin of activePlugins(ext)) ${target}.push(plugin);
    } catch (e) {
      console.error(e);
    }
  }`,
      )
      .join("\n");
  const template = readFileSync(join(HOST, "src", "index.template.js"), "utf8");
  const source = template
    .replace("/* @MIME_EXTENSIONS@ */", requireBlock(mimeExtensions, "mimeExtensions"))
    .replace("/* @EXTENSIONS@ */", requireBlock(extensions, "register"));
  writeFileSync(join(GEN, "index.js"), source);
  cpSync(join(HOST, "src", "bootstrap.js"), join(GEN, "bootstrap.js"));
  cpSync(join(HOST, "src", "publicpath.js"), join(GEN, "publicpath.js"));
}

// ---- 5. rspack configurations -----------------------------------------------------------------------
const svgDataUrl = { dataUrl: { encoding: "base64", mimetype: "image/svg+xml" } };
const rules = [
  { test: /\.raw\.css$/, type: "asset/source" },
  {
    test: /\.css$/,
    exclude: /\.raw\.css$/,
    use: [require.resolve("style-loader"), require.resolve("css-loader")],
  },
  { test: /\.(txt|md)$/, type: "asset/source" },
  { test: /\.(jpg|png|gif)$/, type: "asset/resource" },
  { test: /\.js\.map$/, type: "asset/resource" },
  { test: /\.(woff2?|ttf|eot)(\?v=\d+\.\d+\.\d+)?$/, type: "asset/resource" },
  // In CSS, SVGs are data URLs; imported from JS (icons of @jupyterlab/ui-components) they are strings.
  { test: /\.svg(\?v=\d+\.\d+\.\d+)?$/, issuer: /\.css$/, type: "asset/inline", generator: svgDataUrl },
  { test: /\.svg(\?v=\d+\.\d+\.\d+)?$/, issuer: /\.[cm]?js$/, type: "asset/source" },
  { test: /\.[cm]?js$/, resolve: { fullySpecified: false } },
];

function appConfig(shared) {
  return {
    name: "app",
    mode: production ? "production" : "development",
    context: HOST,
    devtool: false,
    entry: { bundle: [join(GEN, "publicpath.js"), join(GEN, "bootstrap.js")] },
    output: {
      path: join(DIST, "static"),
      filename: "[name].js",
      chunkFilename: production ? "[name].[contenthash:12].js" : "[name].js",
      library: { type: "var", name: ["_JUPYTERLAB", "CORE_OUTPUT"] },
      clean: true,
    },
    module: { rules },
    resolve: {
      fallback: {
        url: false,
        buffer: false,
        crypto: false,
        path: require.resolve("path-browserify"),
        process: require.resolve("process/browser"),
      },
    },
    optimization: {
      splitChunks: {
        chunks: "all",
        cacheGroups: {
          jlab_core: { test: /[\\/]node_modules[\\/]@(jupyterlab|lumino)[\\/]/, name: "jlab_core" },
        },
      },
    },
    performance: { hints: false },
    stats: "errors-warnings",
    cache: true,
    plugins: [
      new rspack.ProvidePlugin({ process: "process/browser" }),
      // webpack-compatible federation (the share-scope protocol of webpack 5, which is what
      // @jupyterlab/builder uses for prebuilt extensions): the host provides, extensions consume.
      new rspack.container.ModuleFederationPluginV1({
        name: "CORE_FEDERATION",
        library: { type: "var", name: ["_JUPYTERLAB", "CORE_LIBRARY_FEDERATION"] },
        shared,
      }),
    ],
  };
}

function themeConfig(themeEntries) {
  return {
    name: "themes",
    mode: "production",
    context: HOST,
    devtool: false,
    entry: Object.fromEntries(Object.entries(themeEntries).map(([name, file]) => [name, file])),
    output: {
      path: join(DIST, "themes"),
      // The JS is thrown away; only the extracted CSS (themes/<package>/index.css) is served.
      filename: "[name]/index.js",
      assetModuleFilename: "assets/[hash][ext]",
      clean: true,
    },
    module: {
      rules: [
        { test: /\.css$/, use: [rspack.CssExtractRspackPlugin.loader, require.resolve("css-loader")] },
        { test: /\.svg/, type: "asset/inline", generator: svgDataUrl },
        { test: /\.(cur|png|jpg|gif|ttf|woff2?|eot)(\?v=\d+\.\d+\.\d+)?$/, type: "asset" },
      ],
    },
    experiments: { css: false },
    performance: { hints: false },
    stats: "errors-warnings",
    plugins: [new rspack.CssExtractRspackPlugin({ filename: "[name]/index.css" })],
  };
}

function run(configs) {
  return new Promise((resolve, reject) => {
    rspack(configs, (err, stats) => {
      if (err) return reject(err);
      const info = stats.toString({ colors: false, preset: "errors-warnings" });
      if (stats.hasErrors()) return reject(new Error(info));
      if (info.trim()) console.log(info.trim().split("\n").slice(0, 40).join("\n"));
      resolve(stats);
    });
  });
}

async function main() {
  const started = Date.now();
  rmSync(join(DIST, "schemas"), { recursive: true, force: true });
  mkdirSync(GEN, { recursive: true });
  const themeEntries = ensureAssets();
  writeIndex();
  const shared = createShared();
  writeFileSync(join(GEN, "shared.json"), JSON.stringify(shared, null, 2));
  console.log(
    `[lab-host] ${Object.keys(extensions).length} extensions, ${Object.keys(mimeExtensions).length} mime ` +
      `extensions, ${Object.keys(shared).length} shared packages; rspack ${rspack.rspackVersion} ` +
      `(${production ? "production" : "development"})`,
  );
  await run([appConfig(shared), themeConfig(themeEntries)]);
  // The themes build leaves one throw-away index.js per theme: remove them.
  for (const name of Object.keys(themeEntries))
    rmSync(join(DIST, "themes", name, "index.js"), { force: true });
  const version = readJson(join(packageDir("@jupyterlab/application"), "package.json")).version;
  writeFileSync(
    join(DIST, "build.json"),
    JSON.stringify(
      {
        jupyterlab: version,
        production,
        extensions: Object.keys(extensions),
        mimeExtensions: Object.keys(mimeExtensions),
      },
      null,
      2,
    ),
  );
  console.log(
    `[lab-host] built JupyterLab ${version} into ${relative(process.cwd(), DIST) || "."} in ` +
      `${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
