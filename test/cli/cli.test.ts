import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import sharp from "sharp";
import { KERNEL_BIN, REPO_ROOT } from "../support/kernel-client";

const dir = mkdtempSync(join(tmpdir(), "tslab-ml-cli-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const version = (
  JSON.parse(readFileSync(join(REPO_ROOT, "kernel-ext", "package.json"), "utf8")) as { version: string }
).version;

/** Runs the real `tslab-ml` binary. */
function tslabMl(...args: string[]): { status: number | null; out: string; err: string } {
  // The timeout turns a command that blocks (on a FIFO, say) into a failure instead of a hung suite.
  const r = spawnSync(process.execPath, [KERNEL_BIN, ...args], {
    encoding: "utf8",
    cwd: dir,
    timeout: 120_000,
  });
  return { status: r.status, out: r.stdout, err: r.stderr };
}

const COMMANDS = ["install", "kernel", "export", "html"];

describe("tslab-ml (the binary)", () => {
  it("--help lists every command and the exit statuses, on stdout with status 0", () => {
    const r = tslabMl("--help");
    assert.equal(r.status, 0);
    assert.equal(r.err, "");
    for (const command of COMMANDS) assert.match(r.out, new RegExp(`^  ${command} +\\S`, "m"));
    assert.match(r.out, /Exit status: 0 success, 1 failure, 2 usage error, 3 export verification/);
  });

  for (const command of COMMANDS) {
    it(`${command} --help (and -h, and help ${command}) print that command's options`, () => {
      for (const args of [
        [command, "--help"],
        [command, "-h"],
        ["help", command],
      ]) {
        const r = tslabMl(...args);
        assert.equal(r.status, 0, `${args.join(" ")}: ${r.err}`);
        assert.equal(r.err, "");
        assert.match(r.out, new RegExp(`^Usage: tslab-ml ${command}\\b`));
        assert.match(r.out, /^Options:$/m);
        assert.match(r.out, /-h, --help +show this help/);
      }
    });
  }

  it("--version prints the package version", () => {
    for (const flag of ["--version", "-v"]) {
      const r = tslabMl(flag);
      assert.equal(r.status, 0);
      assert.equal(r.out, `tslab-ml ${version}\n`);
    }
  });

  it("usage errors go to stderr with status 2 and nothing on stdout", () => {
    const cases: [string[], RegExp][] = [
      [[], /no command given/],
      [["frobnicate"], /unknown command "frobnicate"/],
      [["--frobnicate"], /unknown option --frobnicate/],
      [
        ["install", "--bogus"],
        /unknown option --bogus \(install knows --user, --sys-prefix, --prefix, --python, --help\)/,
      ],
      [["install", "--user", "--prefix", dir], /choose one of --user, --sys-prefix, --prefix/],
      [["install", "--prefix"], /--prefix needs a value/],
      [["kernel"], /--config-path FILE is required/],
      [["export", "model.json"], /export takes MODEL.json OUT.onnx, got 1 argument/],
      [["export", "a.json", "b.onnx", "--nchw=yes"], /--nchw takes no value/],
      [["html"], /html takes NOTEBOOK.ipynb, got 0 arguments/],
      [["html", "a.ipynb", "b.ipynb"], /got 2 arguments/],
    ];
    for (const [args, message] of cases) {
      const r = tslabMl(...args);
      assert.equal(r.status, 2, `${args.join(" ")}: ${r.err}`);
      assert.equal(r.out, "", args.join(" "));
      assert.match(r.err, message);
      assert.match(r.err, /Usage:/);
    }
  });

  it("export refuses --opset 99 before it loads the model (which does not exist)", () => {
    const r = tslabMl("export", join(dir, "missing", "model.json"), join(dir, "out.onnx"), "--opset", "99");
    assert.equal(r.status, 2);
    assert.match(r.err, /--opset "99" is not supported: choose an integer from 13 to 26/);
    assert.doesNotMatch(r.err, /not found/);
    assert.ok(!existsSync(join(dir, "out.onnx")));
  });

  it("runtime failures exit 1 with the reason on stderr and no output file", () => {
    const model = tslabMl("export", join(dir, "missing", "model.json"), join(dir, "out.onnx"));
    assert.equal(model.status, 1);
    assert.match(model.err, /^tslab-ml export: .*model\.json not found/);
    assert.ok(!existsSync(join(dir, "out.onnx")));
    const notebook = tslabMl("html", join(dir, "missing.ipynb"), "-o", join(dir, "out.html"));
    assert.equal(notebook.status, 1);
    assert.match(notebook.err, /^tslab-ml html: .*missing\.ipynb/);
    assert.ok(!existsSync(join(dir, "out.html")));
    // A named pipe would block a plain read for ever (no writer ever comes).
    execFileSync("mkfifo", [join(dir, "pipe.ipynb")]);
    const pipe = tslabMl("html", join(dir, "pipe.ipynb"), "-o", join(dir, "out.html"));
    assert.equal(pipe.status, 1);
    assert.match(pipe.err, /pipe\.ipynb is not a regular file \(a named pipe\): give the path of a notebook/);
    assert.ok(!existsSync(join(dir, "out.html")));
  });

  it("install --prefix writes the kernelspec with its two logos", async () => {
    const prefix = join(dir, "prefix");
    const r = tslabMl("install", "--prefix", prefix);
    assert.equal(r.status, 0, r.err);
    const spec = join(prefix, "share", "jupyter", "kernels", "tslab-ml");
    assert.match(r.out, /Installed kernelspec tslab-ml \("TypeScript \(ML\)"\)/);
    const kernel = JSON.parse(readFileSync(join(spec, "kernel.json"), "utf8")) as {
      argv: string[];
      display_name: string;
    };
    assert.equal(kernel.display_name, "TypeScript (ML)");
    assert.deepEqual(kernel.argv.slice(1), [KERNEL_BIN, "kernel", "--config-path", "{connection_file}"]);
    for (const size of [32, 64]) {
      const meta = await sharp(join(spec, `logo-${size}x${size}.png`)).metadata();
      assert.equal(meta.format, "png");
      assert.equal(meta.width, size);
      assert.equal(meta.height, size);
    }
  });

  it("install --prefix puts the prebuilt JupyterLab extension into the same data dir, replacing an old one", () => {
    const prefix = join(dir, "prefix-ext");
    const extension = join(prefix, "share", "jupyter", "labextensions", "tslab-ml-widgets");
    mkdirSync(extension, { recursive: true });
    writeFileSync(join(extension, "stale.js"), "old build");
    const r = tslabMl("install", "--prefix", prefix);
    assert.equal(r.status, 0, r.err);
    assert.match(
      r.out,
      /Installed JupyterLab extension tslab-ml-widgets in .*labextensions\/tslab-ml-widgets/,
    );
    const pkg = JSON.parse(readFileSync(join(extension, "package.json"), "utf8")) as {
      name: string;
      jupyterlab: { _build?: { load: string } };
    };
    assert.equal(pkg.name, "tslab-ml-widgets");
    assert.ok(pkg.jupyterlab._build, "a built (prebuilt) extension");
    assert.ok(existsSync(join(extension, pkg.jupyterlab._build.load)), "its remote entry");
    assert.ok(!existsSync(join(extension, "stale.js")), "the old copy is gone");
    assert.deepEqual(
      readdirSync(join(prefix, "share", "jupyter", "labextensions")),
      ["tslab-ml-widgets"],
      "no staging folder left behind",
    );
  });
});
