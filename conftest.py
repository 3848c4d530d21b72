"""pytest setup shared by the tests and the doctests of crmkit."""

import atexit
import os
import shutil
import sys
import tempfile

import matplotlib
import pytest

# Draw off-screen in the test process (notebook kernels run by nbval keep their inline
# backend: they are separate processes).
matplotlib.use("Agg")

# The exercises' checks remember progress in a small file (crmkit.exercises). Keep the
# suite's own, and that of the notebook kernels it starts (they inherit the environment),
# out of the repository. Set at import, before nbval starts any kernel.
if "CRMKIT_PROGRESS" not in os.environ:
    _progress_dir = tempfile.mkdtemp(prefix="crmkit-test-progress-")
    atexit.register(shutil.rmtree, _progress_dir, ignore_errors=True)
    os.environ["CRMKIT_PROGRESS"] = os.path.join(_progress_dir, "progress.json")


@pytest.fixture(autouse=True)
def _close_figures():
    """Close every figure a test or doctest opened, so none piles up across the suite."""
    yield
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is not None:
        pyplot.close("all")
