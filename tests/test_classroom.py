"""Running the course for a whole class (README, "A whole class on Binder or JupyterHub"), as
far as a test can go without a hub: environment.yml installs the kit and every package the
course needs, and the README's Binder and nbgitpuller links are well-formed, correctly
URL-encoded and point at a notebook that exists.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from delivery import classroom

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _environment_names() -> set[str]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    names = set()
    for entry in env["dependencies"]:
        for line in entry["pip"] if isinstance(entry, dict) else [entry]:
            if not line.startswith("-"):
                names.add(canonicalize_name(Requirement(line).name))
    return names


def test_environment_installs_the_kit_and_every_course_package():
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    course = meta["dependencies"] + meta["optional-dependencies"]["course"]
    missing = {canonicalize_name(Requirement(r).name) for r in course} - _environment_names()
    assert not missing
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip = next(e for e in env["dependencies"] if isinstance(e, dict))["pip"]
    assert "-e ." in pip, "the kit itself, from the repository Binder clones"
    assert (ROOT / "environment.yml").parent == ROOT, "at the root, where repo2docker looks"
    # repo2docker prefers a binder/ folder over the root: there must be none to shadow it
    assert not (ROOT / "binder").exists() and not (ROOT / ".binder").exists()


def _readme_link(prefix: str) -> str:
    found = re.findall(r"`(" + re.escape(prefix) + r"[^`\s]+)`", README)
    assert found, f"the README gives a link starting {prefix}"
    return found[0]


def test_readme_binder_link_is_well_formed_and_opens_an_existing_notebook():
    link = _readme_link("https://mybinder.org/v2/gh/")
    parts = urlsplit(link)
    owner, repo, ref = parts.path.split("/")[3:6]
    assert (owner, repo, ref) == ("<owner>", "<repo>", "HEAD")
    query = parse_qs(parts.query, strict_parsing=True)
    assert list(query) == ["urlpath"]
    urlpath = query["urlpath"][0]
    assert urlpath.startswith("lab/tree/")
    assert (ROOT / urlpath.removeprefix("lab/tree/")).is_file()
    assert link == classroom.binder_url("<owner>/<repo>").replace("%3C", "<").replace("%3E", ">")


def test_readme_nbgitpuller_link_is_url_encoded_and_opens_an_existing_notebook():
    link = _readme_link("https://<hub>/hub/user-redirect/git-pull?")
    parts = urlsplit(link)
    raw = dict(pair.split("=", 1) for pair in parts.query.split("&"))
    assert list(raw) == ["repo", "branch", "urlpath"]
    for value in raw.values():
        assert "/" not in value and ":" not in value, "every value URL-encoded"
    query = {k: v[0] for k, v in parse_qs(parts.query, strict_parsing=True).items()}
    for key, value in query.items():
        assert raw[key] == quote(value, safe="<>"), key
    assert query["repo"] == "https://github.com/<owner>/<repo>"
    assert query["branch"] == "main"
    folder, path = query["urlpath"].removeprefix("lab/tree/").split("/", 1)
    assert folder == "<repo>", "nbgitpuller clones into a folder named after the repository"
    assert (ROOT / path).is_file()


def test_the_link_helpers_encode_like_the_readme():
    hub = classroom.nbgitpuller_url("hub.example.edu", "owner/crmkit")
    query = {k: v[0] for k, v in parse_qs(urlsplit(hub).query).items()}
    assert query == {
        "repo": "https://github.com/owner/crmkit",
        "branch": "main",
        "urlpath": "lab/tree/crmkit/notebooks/00_welcome.ipynb",
    }
    assert "urlpath=lab%2Ftree%2Fcrmkit%2Fnotebooks%2F00_welcome.ipynb" in hub
    binder = classroom.binder_url("owner/crmkit")
    assert binder.endswith("?urlpath=lab%2Ftree%2Fnotebooks%2F00_welcome.ipynb")
    assert (ROOT / classroom.FIRST_NOTEBOOK).is_file()
