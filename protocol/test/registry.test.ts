import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { contractOfModel, MODULE_NAME, MODULE_VERSION, ObjectSchema, WIDGET_KINDS, WIDGETS } from "../src";

const root = join(__dirname, "..", "..");
const packageJson = (dir: string): { name: string; version: string } =>
  JSON.parse(readFileSync(join(root, dir, "package.json"), "utf8")) as { name: string; version: string };

test("the module identity is the widgets package's name and version", () => {
  const widgets = packageJson("widgets");
  assert.equal(MODULE_NAME, widgets.name);
  assert.equal(MODULE_VERSION, widgets.version);
  assert.equal(packageJson("protocol").version, widgets.version, "released together");
});

test("the registry holds one contract per widget, with unique model and view names", () => {
  assert.deepEqual(WIDGET_KINDS, [
    "imageBatch",
    "classBalance",
    "mispredictions",
    "outlierReport",
    "labelIssues",
    "capacity",
    "gradientMonitor",
    "onnxExport",
    "trainingCurves",
    "modelSummary",
    "learningRateFinder",
  ]);
  const names = WIDGET_KINDS.flatMap((k) => [WIDGETS[k].model, WIDGETS[k].view]);
  assert.equal(new Set(names).size, names.length);
  for (const kind of WIDGET_KINDS) {
    const contract = WIDGETS[kind];
    assert.ok(contract.state instanceof ObjectSchema, kind);
    for (const key of contract.writable)
      assert.ok(key in contract.state.shape, `${kind}.${key} is a state key`);
    assert.equal(contractOfModel(contract.model), contract);
  }
});

test("the protocol package depends on nothing", () => {
  const pkg = JSON.parse(readFileSync(join(root, "protocol", "package.json"), "utf8")) as Record<
    string,
    unknown
  >;
  assert.equal(pkg.dependencies, undefined);
  assert.equal(pkg.peerDependencies, undefined);
});
