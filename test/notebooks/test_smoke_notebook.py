"""Executes notebooks/smoke.ipynb with nbclient against the tslab-ml kernel, as CI and users do."""
import json
import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "kernel"))
from kernelspec_env import ROOT, use_checkout_kernel  # noqa: E402

use_checkout_kernel()

import nbformat  # noqa: E402
from nbclient import NotebookClient  # noqa: E402

WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


class SmokeNotebookTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        path = os.path.join(ROOT, "notebooks", "smoke.ipynb")
        cls.nb = nbformat.read(path, as_version=4)
        client = NotebookClient(cls.nb, kernel_name="tslab-ml", timeout=180, store_widget_state=True,
                                resources={"metadata": {"path": os.path.dirname(path)}})
        client.execute()
        out_dir = os.path.join(ROOT, "test-output", "notebooks")
        os.makedirs(out_dir, exist_ok=True)
        nbformat.write(cls.nb, os.path.join(out_dir, "smoke.executed.ipynb"))

    def outputs(self):
        return [o for c in self.nb.cells if c.cell_type == "code" for o in c.outputs]

    def test_no_error_outputs(self):
        errors = [o for o in self.outputs() if o.output_type == "error"]
        self.assertEqual(errors, [], json.dumps(errors, default=str)[:2000])

    def test_backend_info_is_shown(self):
        first = self.nb.cells[1].outputs[0]
        self.assertEqual(first.output_type, "execute_result")
        self.assertRegex(first.data["text/plain"], r"name: '(tensorflow|wasm|cpu)'")

    def test_widget_state_is_stored_in_metadata(self):
        state = self.nb.metadata["widgets"][WIDGET_STATE]["state"]
        batches = {k: v for k, v in state.items() if v["model_name"] == "ImageBatchModel"}
        self.assertEqual(len(batches), 1)
        (model_id, model), = batches.items()
        self.assertEqual(model["model_module"], "tslab-ml-widgets")
        self.assertEqual(model["state"]["captions"], ["ramp", "reversed", "transposed"])
        self.assertEqual(len(model["buffers"]), 3, "one PNG buffer per image")
        view = self.nb.cells[2].outputs[0].data["application/vnd.jupyter.widget-view+json"]
        self.assertEqual(view["model_id"], model_id)

    def test_static_fallbacks_are_saved(self):
        data = self.nb.cells[2].outputs[0].data
        self.assertIn("text/html", data)
        self.assertIn("image/png", data)

    def test_stdout_reaches_the_notebook(self):
        stream = self.nb.cells[3].outputs[0]
        self.assertEqual(stream.output_type, "stream")
        self.assertRegex(stream.text, r"tensors alive: \d+")


if __name__ == "__main__":
    unittest.main()
