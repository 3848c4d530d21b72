"""pytest setup shared by the tests and the doctests of crmkit."""

import sys

import matplotlib
import pytest

# Draw off-screen in the test process (notebook kernels run by nbval keep their inline
# backend: they are separate processes).
matplotlib.use("Agg")


@pytest.fixture(autouse=True)
def _close_figures():
    """Close every figure a test or doctest opened, so none piles up across the suite."""
    yield
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is not None:
        pyplot.close("all")
