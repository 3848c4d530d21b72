#!/usr/bin/env python3
"""Set up the course and run it: ``python3 kit.py lab`` or ``python3 kit.py test``.

Needs only Python 3.11+ (and git to have cloned the repository). Both commands first make
sure a virtual environment ``.venv`` exists inside the repository with the kit and its
pinned dependencies installed (``pip install -e .[course,test] -c requirements.lock``);
that step is skipped when nothing it depends on has changed since the last run.

    python3 kit.py lab      # set up, then open JupyterLab on notebooks/00_welcome.ipynb
    python3 kit.py test     # set up, then run the whole test suite (what CI runs)
    python3 kit.py setup    # only set up
    python3 kit.py slides [NN ...]  # offline reveal.js decks of the notebooks, in build/slides/
    python3 kit.py site     # the whole course as an offline static site, in build/site/

The last two need Node.js and npm once, to fetch the pinned JavaScript (delivery/).

Windows: ``py kit.py lab`` (the virtual environment's Python is then
``.venv\\Scripts\\python.exe``).
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".crmkit-setup"
FIRST_NOTEBOOK = "notebooks/00_welcome.ipynb"
# Files whose content decides what is installed and how; a change re-runs the setup.
SETUP_INPUTS = ("pyproject.toml", "requirements.lock", "kit.py")

# The whole suite: unit tests and doctests of crmkit, and every notebook compared with
# its saved outputs (nbval), spread over two workers one file at a time (nbval needs a
# whole notebook on one worker: --dist loadfile).
TEST_ARGS = [
    "-m",
    "pytest",
    "tests",
    "crmkit",
    "notebooks",
    "--nbval",
    "--nbval-sanitize-with",
    "tests/nbval_sanitize.cfg",
    "-n",
    "2",
    "--dist",
    "loadfile",
]


def venv_python() -> Path:
    """The virtual environment's interpreter, on POSIX and on Windows."""
    if os.name == "nt":
        return VENV / "Scripts" / "python.exe"
    return VENV / "bin" / "python"


def setup_fingerprint() -> str:
    digest = hashlib.sha256(sys.version.encode())
    for name in SETUP_INPUTS:
        digest.update((ROOT / name).read_bytes())
    return digest.hexdigest()


def run(cmd: list[str | os.PathLike], **kwargs) -> None:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    subprocess.run([str(c) for c in cmd], check=True, cwd=ROOT, **kwargs)


def setup() -> Path:
    """Create ``.venv`` and install the kit into it, unless already done for these inputs."""
    if sys.version_info < (3, 11):  # noqa: UP036 (kit.py may be started by an older Python)
        sys.exit(f"crmkit needs Python 3.11 or newer; this is {sys.version.split()[0]}.")
    python = venv_python()
    if not python.exists():
        print(f"Creating the virtual environment in {VENV} ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    fingerprint = setup_fingerprint()
    if STAMP.exists() and STAMP.read_text() == fingerprint:
        return python
    run([python, "-m", "pip", "install", "--quiet", "--upgrade", "pip"])
    run(
        [
            python, "-m", "pip", "install", "--quiet",
            "-e", ".[course,test]",
            "-c", "requirements.lock",
        ]
    )  # fmt: skip
    # The notebooks name the kernel "python3": register this environment's kernel under
    # that name inside the venv, so Jupyter started from it runs it.
    run([python, "-m", "ipykernel", "install", "--sys-prefix", "--name", "python3"])
    quiet_jupyterlab()
    STAMP.write_text(fingerprint)
    return python


def quiet_jupyterlab() -> None:
    """Turn off JupyterLab's news and update pop-ups for this environment.

    They cover the bottom right of the page, which is distracting in front of a room.
    Written as a settings override inside ``.venv`` (user settings still win).
    """
    settings = VENV / "share" / "jupyter" / "lab" / "settings"
    settings.mkdir(parents=True, exist_ok=True)
    overrides = settings / "overrides.json"
    current = json.loads(overrides.read_text()) if overrides.exists() else {}
    current["@jupyterlab/apputils-extension:notification"] = {
        "fetchNews": "false",
        "checkForUpdates": False,
    }
    overrides.write_text(json.dumps(current, indent=2) + "\n")


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "help"
    if command not in {"lab", "test", "setup", "slides", "site"}:
        print(__doc__)
        return 0 if command in {"help", "-h", "--help"} else 2
    python = setup()
    # No MPLBACKEND here: it would stop notebook kernels from drawing figures inline.
    env = dict(os.environ, PYTHONHASHSEED="0")
    if command == "setup":
        return 0
    if command in {"slides", "site"}:
        cmd = [str(python), "-m", "delivery", command, *argv[1:]]
        return subprocess.run(cmd, cwd=ROOT, env=env).returncode
    if command == "test":
        return subprocess.run([str(python), *TEST_ARGS, *argv[1:]], cwd=ROOT, env=env).returncode
    # Serve the whole repository (data/, exercises/ ...) and open the first notebook in it.
    lab = [
        str(python), "-m", "jupyterlab",
        f"--ServerApp.root_dir={ROOT}",
        f"--LabApp.default_url=/lab/tree/{FIRST_NOTEBOOK}",
        *argv[1:],
    ]  # fmt: skip
    if hasattr(os, "geteuid") and os.geteuid() == 0 and "--allow-root" not in lab:
        lab.append("--allow-root")  # containers often run as root; Jupyter refuses without it
    return subprocess.run(lab, cwd=ROOT, env=env).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
