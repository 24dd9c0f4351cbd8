"""Debian's jupyter_kernel_test against the tslab-ml kernel, with every sample the kernel supports."""
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from kernelspec_env import use_checkout_kernel  # noqa: E402

use_checkout_kernel()

import jupyter_kernel_test  # noqa: E402

# The first cell compiles the prelude and TypeScript's libraries: allow for a slow CI machine.
jupyter_kernel_test.TIMEOUT = 60


class TslabMlKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = "tslab-ml"
    language_name = "typescript"
    file_extension = ".ts"

    code_hello_world = 'console.log("hello, world")'
    code_stderr = 'console.error("to stderr")'

    completion_samples = [
        {"text": "Math.flo", "matches": {"floor"}},
        {"text": "showBat", "matches": {"showBatch"}},
    ]
    complete_code_samples = ["1 + 1", "const a = 1;", "function f() { return 1; }"]
    incomplete_code_samples = ["function f() {", "const x = [1, 2,", "if (true) {"]

    code_page_something = 'page("the pager shows this")'
    code_generate_error = 'throw new Error("expected failure")'

    code_execute_result = [
        {"code": "6 * 7", "result": "42"},
        {"code": '"hello"', "result": "'hello'"},
        {"code": "[1, 2, 3]", "result": "[ 1, 2, 3 ]"},
        {"code": '({ a: 1, b: "x" })', "result": "{ a: 1, b: 'x' }"},
        {"code": "({ [Symbol.for('Jupyter.display')]: () => ({ 'text/html': '<b>rich</b>' }) })", "mime": "text/html"},
        {"code": "tf.tensor1d([1, 2]).shape", "result": "[ 2 ]"},
    ]
    code_history_pattern = "6 * 7*"
    supported_history_operations = ("tail", "range", "search")

    code_display_data = [
        {"code": "display({ [Symbol.for('Jupyter.display')]: () => ({ 'text/html': '<i>shown</i>' }) })", "mime": "text/html"},
        # jupyter_kernel_test's schema has no comm messages, so widgets are covered by test/kernel/comm.test.ts.
        # A 2×2 black PNG (base64), as a helper's fallback picture would carry.
        {"code": "display({ [Symbol.for('Jupyter.display')]: () => ({ 'image/png': 'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAAAAABX3VL4AAAAC0lEQVR4nGNgAAEAAAYAAf6MZ8gAAAAASUVORK5CYII=' }) })", "mime": "image/png"},
    ]

    code_inspect_sample = "Math.max"
    code_clear_output = "clearOutput()"

    def test_execute_result_is_absent_for_statements(self):
        self.flush_channels()
        reply, outputs = self.execute_helper("const unused = 1;")
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertEqual([m["msg_type"] for m in outputs], [])

    def test_error_reply_has_ename_evalue_traceback(self):
        self.flush_channels()
        reply, outputs = self.execute_helper('throw new TypeError("bad type")')
        content = reply["content"]
        self.assertEqual(content["status"], "error")
        self.assertEqual(content["ename"], "TypeError")
        self.assertEqual(content["evalue"], "bad type")
        self.assertTrue(content["traceback"][0].startswith("TypeError: bad type"))
        self.assertEqual(outputs[0]["content"]["ename"], "TypeError")

    def test_compile_error_is_an_error_reply(self):
        self.flush_channels()
        reply, outputs = self.execute_helper("const n: number = 'text';")
        self.assertEqual(reply["content"]["status"], "error")
        self.assertEqual(reply["content"]["ename"], "CompileError")
        self.assertIn("not assignable", reply["content"]["evalue"])
        self.assertEqual(len(outputs), 1)

    def test_kernel_info_has_status_and_banner_names_the_backend(self):
        self.flush_channels()
        self.kc.kernel_info()
        reply = self.kc.get_shell_msg(timeout=jupyter_kernel_test.TIMEOUT)
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertEqual(reply["content"]["implementation"], "tslab-ml")
        self.assertRegex(reply["content"]["banner"], r"on the (tensorflow|wasm|cpu) backend")

    def test_comm_info_reply_type(self):
        self.flush_channels()
        msg_id = self.kc.comm_info()
        reply = self.kc.get_shell_msg(timeout=jupyter_kernel_test.TIMEOUT)
        self.assertEqual(reply["header"]["msg_type"], "comm_info_reply")
        self.assertEqual(reply["parent_header"]["msg_id"], msg_id)
        self.assertEqual(reply["content"]["status"], "ok")

    def test_declarations_persist_between_cells(self):
        self.flush_channels()
        self.execute_helper("const kept = 20;")
        reply, outputs = self.execute_helper("kept + 1")
        results = [m for m in outputs if m["msg_type"] == "execute_result"]
        self.assertEqual(results[0]["content"]["data"]["text/plain"], "21")


if __name__ == "__main__":
    unittest.main()
