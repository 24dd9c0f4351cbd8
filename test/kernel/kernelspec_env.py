"""Installs the tslab-ml kernelspec into a private prefix and points Jupyter at it, so the Python tests
use the kernel built from this checkout and nothing else installed on the machine."""
import os
import subprocess
import tempfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BIN = os.path.join(ROOT, "kernel-ext", "bin", "tslab-ml.js")

_prefix = None


def use_checkout_kernel() -> str:
    global _prefix
    if _prefix is None:
        _prefix = tempfile.mkdtemp(prefix="tslab-ml-jupyter-")
        subprocess.run(["node", BIN, "install", "--prefix", _prefix, "--python", "/usr/bin/python3"], check=True,
                       stdout=subprocess.DEVNULL)
        data = os.path.join(_prefix, "share", "jupyter")
        os.environ["JUPYTER_PATH"] = data + os.pathsep + os.environ.get("JUPYTER_PATH", "")
    return _prefix
