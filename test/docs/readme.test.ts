import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { describe, it } from "node:test";
import { MAX_OPSET, MIN_OPSET, registeredConverters } from "../../kernel-ext/src/onnx";

const ROOT = resolve(__dirname, "..", "..");
const readme = readFileSync(join(ROOT, "README.md"), "utf8");

describe("README.md", () => {
  it("links only to files inside the repository, and they exist", () => {
    const links = [...readme.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1] as string);
    assert.ok(links.length > 5);
    for (const link of links.filter((l) => !/^(https?:|#|mailto:)/.test(l))) {
      const target = resolve(ROOT, link.replace(/#.*$/, ""));
      assert.ok(!relative(ROOT, target).startsWith(".."), `${link} points outside the repository`);
      assert.ok(existsSync(target), `${link} does not exist`);
    }
  });

  it("gives the ONNX layer count and opset range of the generated support table", () => {
    const builtins = registeredConverters().filter((c) => c.builtin).length;
    const table = readFileSync(join(ROOT, "docs", "onnx-support.md"), "utf8");
    assert.match(table, new RegExp(`\\b${builtins} layer classes have a built-in converter`));
    assert.match(readme, new RegExp(`\\b${builtins} Keras layer classes, opsets ${MIN_OPSET}–${MAX_OPSET}\\b`));
  });
});

describe("package.json scripts", () => {
  it("every script that runs a repository file names one that exists", () => {
    const { scripts } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
      scripts: Record<string, string>;
    };
    for (const [name, command] of Object.entries(scripts))
      for (const file of command.match(/\b(?:scripts|bench|widgets|kernel-ext)\/[\w./-]+\.(?:m?js|ts)\b/g) ?? [])
        assert.ok(existsSync(join(ROOT, file)), `npm run ${name}: ${file} does not exist`);
  });
});
