"""The package as a whole: light to import, every public function documented with an example."""

from __future__ import annotations

import importlib
import inspect
import json
import subprocess
import sys

import pytest

import crmkit

HEAVY = [
    "seaborn",
    "ipywidgets",
    "faker",
    "tqdm",
    "statsmodels",
    "sklearn",
    "pingouin",
    "matplotlib.pyplot",
]


def modules_loaded_by(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", f"{code}; import sys, json; print(json.dumps(sorted(sys.modules)))"],
        check=True,
        capture_output=True,
        text=True,
    )
    return set(json.loads(out.stdout.splitlines()[-1]))


def test_import_crmkit_loads_no_heavy_or_optional_package():
    loaded = modules_loaded_by("import crmkit")
    assert not loaded & {*HEAVY, "pandas", "numpy", "matplotlib"}


def test_every_module_imports_without_heavy_packages():
    # Importing any module (not calling it) must not pull in seaborn, ipywidgets, Faker,
    # tqdm, statsmodels, scikit-learn, pingouin or pyplot: they load when a function needs them.
    code = "import crmkit; [getattr(crmkit, m) for m in crmkit._SUBMODULES]"
    loaded = modules_loaded_by(code)
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))


@pytest.mark.parametrize("name", crmkit._SUBMODULES)
def test_public_functions_have_numpydoc_with_examples(name):
    module = importlib.import_module(f"crmkit.{name}")
    public = getattr(module, "__all__", None)
    assert public, f"crmkit.{name} should declare __all__"
    for attr in public:
        obj = getattr(module, attr)
        if not inspect.isfunction(obj):
            continue
        doc = inspect.getdoc(obj) or ""
        sections = ["Returns", "Examples"]
        if inspect.signature(obj).parameters:
            sections.append("Parameters")
        for section in sections:
            assert section in doc, f"crmkit.{name}.{attr} docstring lacks a {section} section"
        hints = inspect.get_annotations(obj)
        assert "return" in hints, f"crmkit.{name}.{attr} has no return type hint"


@pytest.mark.parametrize("name", crmkit._SUBMODULES)
def test_all_lists_every_public_function_and_class(name):
    # help(crmkit.plots) shows what __all__ lists: every public function and class defined in
    # the module (or its package), and nothing that does not exist.
    module = importlib.import_module(f"crmkit.{name}")
    defined = {
        attr
        for attr, obj in vars(module).items()
        if not attr.startswith("_")
        and (inspect.isfunction(obj) or inspect.isclass(obj))
        and getattr(obj, "__module__", "").startswith(module.__name__)
    }
    assert defined <= set(module.__all__), sorted(defined - set(module.__all__))
    assert all(hasattr(module, attr) for attr in module.__all__)
    assert len(set(module.__all__)) == len(module.__all__)


def test_unknown_attribute_is_a_clear_error():
    with pytest.raises(AttributeError, match="no attribute 'satisfactoin'"):
        crmkit.satisfactoin  # noqa: B018
