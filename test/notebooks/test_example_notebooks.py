"""Executes every example notebook (notebooks/00-tour.ipynb ... 06-export-onnx.ipynb) with nbclient against this
checkout's tslab-ml kernel, as CI does: no error outputs, every widget's state saved in the notebook's metadata,
static fallbacks next to each widget view, and a few facts each notebook's prose relies on. The executed copies go
to test-output/notebooks/; the notebooks in notebooks/ are not touched (scripts/build-notebooks.mjs does that).

Run directly: /usr/bin/python3 test/notebooks/test_example_notebooks.py -v
Each notebook's execution time is printed; the issue's limit is 4 minutes per notebook (aim: 90 s).
"""
import json
import os
import sys
import re
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "kernel"))
from kernelspec_env import ROOT, use_checkout_kernel  # noqa: E402

use_checkout_kernel()

import nbformat  # noqa: E402
from nbclient import NotebookClient  # noqa: E402

WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
NOTEBOOK_DIR = os.path.join(ROOT, "notebooks")
OUT_DIR = os.path.join(ROOT, "test-output", "notebooks")
# The issue's hard limit for one notebook; the target on the 2-core CI machines is about 90 s.
TIME_LIMIT_S = 240

TIMES = {}


def execute(name):
    """Runs notebooks/NAME.ipynb from a copy in test-output/notebooks/ (also its working directory)."""
    nb = nbformat.read(os.path.join(NOTEBOOK_DIR, name + ".ipynb"), as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    nb.metadata.pop("widgets", None)
    os.makedirs(OUT_DIR, exist_ok=True)
    client = NotebookClient(nb, kernel_name="tslab-ml", timeout=TIME_LIMIT_S, store_widget_state=True,
                            allow_errors=True, record_timing=False, resources={"metadata": {"path": OUT_DIR}})
    started = time.monotonic()
    client.execute()
    seconds = time.monotonic() - started
    TIMES[name] = seconds
    nbformat.write(nb, os.path.join(OUT_DIR, name + ".ipynb"))
    print(f"\n[{name}] executed in {seconds:.1f} s", file=sys.stderr, flush=True)
    return nb, seconds


class ExampleNotebook:
    """Checks shared by every example notebook; subclasses set NAME and WIDGETS and may add their own."""

    NAME = ""
    # model_name -> least number of such widgets the notebook must have stored.
    WIDGETS = {}

    @classmethod
    def setUpClass(cls):
        cls.nb, cls.seconds = execute(cls.NAME)
        cls.state = cls.nb.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})

    def code_cells(self):
        return [c for c in self.nb.cells if c.cell_type == "code"]

    def outputs(self):
        return [o for c in self.code_cells() for o in c.outputs]

    def widget_states(self, model_name):
        return [m["state"] for m in self.state.values() if m["model_name"] == model_name]

    def text_of(self, output):
        if output.output_type == "stream":
            return output.text
        return output.get("data", {}).get("text/plain", "")

    def test_kernelspec(self):
        spec = self.nb.metadata.kernelspec
        self.assertEqual((spec.name, spec.display_name, spec.language), ("tslab-ml", "TypeScript (ML)", "typescript"))

    def test_no_error_outputs(self):
        errors = [
            {"cell": i, "ename": o.ename, "evalue": o.evalue}
            for i, c in enumerate(self.nb.cells) if c.cell_type == "code"
            for o in c.outputs if o.output_type == "error"
        ]
        self.assertEqual(errors, [], json.dumps(errors)[:3000])

    def test_every_code_cell_ran(self):
        self.assertTrue(all(c.execution_count for c in self.code_cells()))

    def test_execution_time(self):
        self.assertLess(self.seconds, TIME_LIMIT_S, f"{self.NAME} took {self.seconds:.0f} s")

    def test_widget_state_is_stored_for_the_widget_cells(self):
        views = [o.data[WIDGET_VIEW] for o in self.outputs() if WIDGET_VIEW in o.get("data", {})]
        self.assertTrue(views, "the notebook displays no widget")
        for view in views:
            self.assertIn(view["model_id"], self.state, "a displayed widget has no saved state")
            model = self.state[view["model_id"]]
            self.assertEqual(model["model_module"], "tslab-ml-widgets")
        for model_name, least in self.WIDGETS.items():
            self.assertGreaterEqual(len(self.widget_states(model_name)), least, f"{model_name} widgets stored")

    def test_widget_outputs_carry_static_fallbacks(self):
        for o in self.outputs():
            data = o.get("data", {})
            if WIDGET_VIEW in data:
                self.assertIn("text/html", data)
                self.assertIn("text/plain", data)

    def test_no_files_written_next_to_the_notebooks(self):
        allowed = {".ipynb", ".md"}
        extra = [f for f in os.listdir(NOTEBOOK_DIR) if not f.startswith(".") and os.path.splitext(f)[1] not in allowed]
        self.assertEqual(extra, [], "notebooks must write their data to a temporary or test-output folder")


class Test00Tour(ExampleNotebook, unittest.TestCase):
    NAME = "00-tour"
    WIDGETS = {"ClassBalanceModel": 1, "ImageBatchModel": 2, "GradientMonitorModel": 1, "CapacityModel": 1,
               "MispredictionsModel": 1, "OutlierReportModel": 1, "OnnxExportModel": 1}

    def test_export_passed(self):
        (report,) = self.widget_states("OnnxExportModel")
        self.assertTrue(report["verification"]["passed"])


class Test01DataInspection(ExampleNotebook, unittest.TestCase):
    NAME = "01-data-inspection"
    WIDGETS = {"ClassBalanceModel": 2, "ImageBatchModel": 8}

    def test_real_fashion_mnist_is_loaded(self):
        text = "".join(self.text_of(o) for o in self.outputs())
        self.assertIn("ImageDataset(60000 images 28×28×1, 10 classes)", text)
        self.assertIn("ImageDataset(10000 images 28×28×1, 10 classes)", text)

    def test_normalised_batch_is_denormalised_for_display(self):
        titles = [s["title"] for s in self.widget_states("ImageBatchModel")]
        self.assertTrue(any("auto-scaled" in t for t in titles), titles)
        self.assertTrue(any("after transform ([0, 1] × 255)" in t for t in titles), titles)


class Test02Mispredictions(ExampleNotebook, unittest.TestCase):
    NAME = "02-mispredictions"
    WIDGETS = {"MispredictionsModel": 2, "ImageBatchModel": 1}

    def test_gallery_covers_the_test_set(self):
        states = self.widget_states("MispredictionsModel")
        self.assertTrue(all(s["total"] == 10000 for s in states))
        self.assertGreater(max(s["accuracy"] for s in states), 0.7, "the CNN should learn Fashion-MNIST")
        self.assertTrue(any(s["filter"] is not None for s in states), "one gallery is filtered to a confusion cell")

    def test_saliency_and_missing_examples_are_shown(self):
        titles = [s["title"] for s in self.widget_states("ImageBatchModel")]
        self.assertTrue(any(t.startswith("Where the model looked (Grad-CAM on ") for t in titles), titles)
        self.assertTrue(any(re.search(r"errors in 10000 test images, \d+ clusters", t) for t in titles), titles)
        panels = [s.get("saliency_panel") for s in self.widget_states("MispredictionsModel")]
        opened = [p for p in panels if p]
        self.assertEqual(len(opened), 1, "the filtered gallery opened one saliency map")
        self.assertEqual(opened[0]["error"], "")
        self.assertRegex(opened[0]["title"], r"^Where the model looked for #\d+ \(Grad-CAM on ")
        self.assertTrue(any(s.get("saliency_enabled") for s in self.widget_states("MispredictionsModel")))


class Test03Outliers(ExampleNotebook, unittest.TestCase):
    NAME = "03-outliers"
    WIDGETS = {"OutlierReportModel": 2, "ClassBalanceModel": 1, "ImageBatchModel": 2, "LabelIssuesModel": 1}

    def test_out_of_fold_label_issues_and_a_clean_folder(self):
        (issues,) = self.widget_states("LabelIssuesModel")
        self.assertGreater(issues["count"], 100, "out-of-fold confident learning finds the planted label errors")
        self.assertEqual(len(issues["relabeled"]), issues["count"], "acceptAll() reached the widget state")
        self.assertTrue(issues["excluded"], "exclusions reached the widget state")
        text = "".join(self.text_of(o) for o in self.outputs())
        found = {m.group(1): (int(m.group(2)), int(m.group(3)))
                 for m in re.finditer(r"(in-sample|out-of-fold) .*precision +(\d+) %, recall +(\d+) %", text)}
        self.assertEqual(sorted(found), ["in-sample", "out-of-fold"], text[-3000:])
        self.assertGreater(found["out-of-fold"][1], found["in-sample"][1], "out-of-fold finds more label errors")
        self.assertRegex(text, r"ImageDataset\(\d+ images 28×28×1, 10 classes\): \d+ labels fixed, \d+ images left out")

    def test_model_based_checks_ran_and_exclusions_are_synced(self):
        reports = self.widget_states("OutlierReportModel")
        with_model = [r for r in reports if any(t["kind"] == "low_confidence" for t in r["tabs"])]
        self.assertTrue(with_model, "a scan with { model } has a low_confidence tab")
        self.assertTrue(any(r["excluded"] for r in reports), "report.excluded reached the widget state")

    def test_blank_images_are_found(self):
        text = "".join(self.text_of(o) for o in self.outputs())
        self.assertRegex(text, r"blank\s+dark")


class Test04ReducedDatasetAndCapacity(ExampleNotebook, unittest.TestCase):
    NAME = "04-reduced-dataset-and-capacity"
    WIDGETS = {"ClassBalanceModel": 1, "CapacityModel": 3, "TrainingCurvesModel": 1}

    def test_live_curves_feed_the_capacity_verdict(self):
        (curves,) = self.widget_states("TrainingCurvesModel")
        self.assertTrue(curves["done"])
        self.assertEqual(curves["epochs"], list(range(1, 13)))
        self.assertEqual(sorted(curves["epoch"]), ["acc", "loss", "val_acc", "val_loss"])
        self.assertGreater(len(curves["batch_x"]), 12, "per-batch points")

    def test_verdicts_shown(self):
        verdicts = [s["verdict"] for s in self.widget_states("CapacityModel")]
        self.assertIn("underfitting", verdicts)
        self.assertIn("overfitting", verdicts)

    def test_overfit_batch_tells_the_bug(self):
        texts = [self.text_of(o) for o in self.outputs()]
        self.assertTrue(any("passed: true" in t for t in texts))
        self.assertTrue(any("passed: false" in t for t in texts))


class Test05Gradients(ExampleNotebook, unittest.TestCase):
    NAME = "05-gradients"
    WIDGETS = {"GradientMonitorModel": 6, "ModelSummaryModel": 1, "LearningRateFinderModel": 1}

    def test_summary_badges_and_learning_rate(self):
        (summary,) = self.widget_states("ModelSummaryModel")
        self.assertTrue(summary["monitored"])
        self.assertTrue(any(v["kind"] in ("exploding", "non_finite") for v in summary["verdicts"]))
        (finder,) = self.widget_states("LearningRateFinderModel")
        self.assertIsNotNone(finder["steepest"])
        self.assertIsNotNone(finder["min_over_10"])
        self.assertLess(finder["min_over_10"], 10)

    def test_verdicts(self):
        kinds = [{v["kind"] for v in s["verdicts"]} for s in self.widget_states("GradientMonitorModel")]
        self.assertTrue(any("vanishing" in k for k in kinds), kinds)
        self.assertTrue(any(k & {"exploding", "non_finite"} for k in kinds), kinds)
        self.assertGreaterEqual(sum(1 for k in kinds if not k), 3, "the cures leave monitors without verdicts")


class Test06ExportOnnx(ExampleNotebook, unittest.TestCase):
    NAME = "06-export-onnx"
    WIDGETS = {"OnnxExportModel": 2}

    def test_exports_verified(self):
        reports = self.widget_states("OnnxExportModel")
        self.assertTrue(all(r["verification"]["passed"] for r in reports))
        self.assertEqual(sorted(r["inputsAsNchw"] for r in reports), [False, True])

    def test_onnxruntime_agrees_on_the_test_set(self):
        text = "".join(self.text_of(o) for o in self.outputs())
        self.assertRegex(text, r"same predicted class on (999\d|10000) of 10000 test images")


def tearDownModule():
    if TIMES:
        total = sum(TIMES.values())
        lines = [f"  {name:36} {seconds:6.1f} s" for name, seconds in TIMES.items()]
        print("\nexample notebooks, execution time:\n" + "\n".join(lines) + f"\n  {'total':36} {total:6.1f} s",
              file=sys.stderr, flush=True)


if __name__ == "__main__":
    unittest.main()
