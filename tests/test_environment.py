"""environment.yml (conda, Binder, JupyterHub) and pyproject.toml must list the same packages.

A lecturer who builds the class environment from environment.yml must get what
``pip install -e .[course,test]`` gets; this test fails as soon as one file gains, loses
or re-pins a package the other does not.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]

# pip name -> conda-forge name, where they differ.
CONDA_NAME = {"pyyaml": "pyyaml"}
# Conda-only entries that have no pip counterpart.
CONDA_ONLY = {"python", "pip"}


def pyproject_requirements() -> dict[str, str]:
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    reqs = list(meta["dependencies"])
    for extra in ("course", "test"):
        reqs += meta["optional-dependencies"][extra]
    out = {}
    for line in reqs:
        req = Requirement(line)
        name = canonicalize_name(req.name)
        out[CONDA_NAME.get(name, name)] = str(req.specifier)
    return out


def environment_requirements() -> dict[str, str]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    out = {}
    for entry in env["dependencies"]:
        # the pip: section installs the kit itself, and the packages taken from PyPI
        lines = entry["pip"] if isinstance(entry, dict) else [entry]
        for line in lines:
            if line.startswith("-"):
                continue
            req = Requirement(line)
            out[canonicalize_name(req.name)] = str(req.specifier)
    return out


def test_same_packages_in_both_files():
    pip_side = set(pyproject_requirements())
    conda_side = set(environment_requirements()) - CONDA_ONLY
    assert pip_side - conda_side == set(), "in pyproject.toml but not in environment.yml"
    assert conda_side - pip_side == set(), "in environment.yml but not in pyproject.toml"


@pytest.mark.parametrize("name", sorted(pyproject_requirements()))
def test_same_version_constraint(name):
    assert environment_requirements()[name] == pyproject_requirements()[name]


def test_environment_installs_the_kit_and_uses_conda_forge():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert env["channels"] == ["conda-forge"]
    pip_section = next(e for e in env["dependencies"] if isinstance(e, dict))["pip"]
    assert "-e ." in pip_section
    python = next(e for e in env["dependencies"] if isinstance(e, str) and e.startswith("python"))
    assert Requirement(python).specifier.contains("3.11")


def test_lock_pins_the_data_shaping_versions():
    # The committed dataset depends on numpy's random streams and Faker's word lists:
    # the lock file used by kit.py must pin exactly what pyproject pins.
    lock = {
        canonicalize_name(line.split("==")[0]): line.split("==")[1].strip()
        for line in (ROOT / "requirements.lock").read_text().splitlines()
        if "==" in line
    }
    for name in ("numpy", "faker"):
        assert pyproject_requirements()[name] == f"=={lock[name]}"
