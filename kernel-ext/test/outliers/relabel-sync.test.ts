import assert from "node:assert/strict";
import { test } from "node:test";
import { applyOutlierAction, type OutlierReportState } from "tslab-ml-protocol";
import { ImageDataset } from "../../src/data/image-dataset";
import { DISPLAY_SYMBOL } from "../../src/display/mime";
import type { JsonObject } from "../../src/jupyter/messages";
import { DEFAULT_THRESHOLDS } from "../../src/outliers/issue-kinds";
import { OutlierReport } from "../../src/outliers/outlier-report";
import { widgetSession } from "../comm/recording-manager";

/** 12 gray 4×4 images, 3 classes; images 0 and 1 flagged dark. */
function report(): { report: OutlierReport; ds: ImageDataset } {
  const labels = Int32Array.from({ length: 12 }, (_, i) => i % 3);
  const ds = new ImageDataset({
    pixels: Uint8Array.from({ length: 12 * 16 }, (_, p) => (Math.floor(p / 16) < 2 ? 5 : 128)),
    height: 4,
    width: 4,
    channels: 1,
    labels,
    classNames: ["cat", "dog", "<b>fox</b>"],
    source: { path: "mem", format: "raw" },
  });
  const report = new OutlierReport({
    ds,
    issues: [
      { index: 0, kind: "dark", score: 0.9 },
      { index: 1, kind: "dark", score: 0.8 },
    ],
    thresholds: DEFAULT_THRESHOLDS,
    checked: ["dark"],
    skipped: [],
    scores: new Map(),
    pageSize: 24,
    title: "relabel",
  });
  return { report, ds };
}

test("outlier report: relabeled stays in sync with the view both ways; bad values from a view are refused and logged", () => {
  const { sent, logs, fromView, lastUpdate } = widgetSession();
  const { report: r, ds } = report();
  // The first display opens the comm; the state carries the class names for the view's class menu.
  r[DISPLAY_SYMBOL]();
  const opened = sent.find((m) => m.type === "comm_open");
  const state = (opened?.content.data as JsonObject).state as JsonObject;
  assert.deepEqual(state.class_names, ["cat", "dog", "<b>fox</b>"]);
  assert.deepEqual(state.relabeled, []);

  // Code → view.
  r.relabeled.set(1, 2);
  assert.deepEqual(lastUpdate().state, { relabeled: [{ index: 1, label: 2 }] });
  r.relabeled.delete(1);
  assert.deepEqual(lastUpdate().state, { relabeled: [] });

  // View → code: what the view's class menu sends, made by the same helper the view uses on its state.
  const viewState = (): OutlierReportState => ({
    ...(state as unknown as OutlierReportState),
    relabeled: r.relabeled.sorted().map(([index, label]) => ({ index, label })),
  });
  const picked = applyOutlierAction(viewState(), 0, "relabel:1");
  assert.deepEqual(picked, { relabeled: [{ index: 0, label: 1 }] });
  fromView(picked as unknown as JsonObject);
  assert.deepEqual([...r.relabeled], [[0, 1]]);
  assert.equal(r.clean().label(0), 1, "clean() applies the label picked in the view");
  assert.equal(applyOutlierAction(viewState(), 0, "relabel:3"), undefined, "a class the menu lacks");
  assert.equal(applyOutlierAction(viewState(), 0, "relabel:-1"), undefined);

  // Bad values from a view change nothing, and the kernel logs why.
  const updatesBefore = sent.length;
  const refused = (state: JsonObject, why: RegExp): void => {
    const logged = logs.length;
    fromView(state);
    assert.deepEqual([...r.relabeled], [[0, 1]], `${JSON.stringify(state)} reached the report`);
    assert.match(logs.slice(logged).join("\n"), why);
  };
  refused(
    { relabeled: [{ index: ds.length, label: 0 }] },
    /"relabeled": must be \{ index, label \} entries with indices in 0\.\.11 and labels in 0\.\.2/,
  );
  refused({ relabeled: [{ index: 2, label: 3 }] }, /labels in 0\.\.2/);
  refused({ relabeled: [{ index: 2, label: -1 }] }, /labels in 0\.\.2/);
  refused({ relabeled: [{ index: 2.5, label: 1 }] }, /relabeled/);
  refused(
    {
      relabeled: [
        { index: 2, label: 0 },
        { index: 2, label: 1 },
      ],
    },
    /lists an image twice/,
  );
  refused({ relabeled: [{ index: "2", label: 1 }] as unknown as JsonObject[] }, /relabeled/);
  refused({ relabeled: { 0: { index: 2, label: 1 } } }, /relabeled/);
  // A prototype key is refused where comm data is read (the kernel's message loop logs the throw).
  const hostile = JSON.parse(
    '{"relabeled":[{"index":2,"label":1,"__proto__":{"polluted":true}}]}',
  ) as JsonObject;
  assert.throws(() => fromView(hostile), /has a key "__proto__"; keys that name prototypes are refused/);
  assert.deepEqual([...r.relabeled], [[0, 1]]);
  refused({ excluded: [0], relabeled: [{ index: 99, label: 0 }] }, /relabeled/);
  assert.equal(({} as { polluted?: boolean }).polluted, undefined);
  assert.equal(r.excluded.size, 0, "a refused update changes no key");
  assert.ok(sent.length > updatesBefore, "refusals are answered with the kernel's state");

  // Clearing in the view empties the map.
  fromView(applyOutlierAction(viewState(), 0, "clear") as unknown as JsonObject);
  assert.equal(r.relabeled.size, 0);
});

test("outlier report: the static HTML and toString show the relabel state as text", () => {
  widgetSession();
  const { report: r } = report();
  r.relabeled.set(0, 2);
  r.excluded.add(1);
  const html = String(r[DISPLAY_SYMBOL]()["text/html"]);
  assert.match(html, /1 images excluded \(outlined\), 1 relabeled/);
  assert.match(html, /tslab-ml-detail[^>]*>relabeled as &lt;b&gt;fox&lt;\/b&gt;</, "the new class, escaped");
  assert.match(html, /tslab-ml-detail[^>]*>excluded</);
  assert.doesNotMatch(html, /<select/, "a static page has no kernel to act: no menu");
  assert.match(String(r), /relabeled: 1 images/);
});
