#!/usr/bin/env python3
"""Set up the course and run it: ``python3 kit.py lab`` or ``python3 kit.py test``.

Needs only Python 3.11+ (and git to have cloned the repository). Both commands first make
sure a virtual environment ``.venv`` exists inside the repository with the kit and its
pinned dependencies installed; that step is skipped when nothing it depends on has changed
since the last run.

    python3 kit.py lab      # set up the course, then open JupyterLab on notebooks/00_welcome.ipynb
    python3 kit.py test     # set up the course and the test tools, then run the whole test suite
    python3 kit.py setup    # only set up (the course and the test tools)

``lab`` installs what a student needs (``pip install -e .[course] -c requirements.lock``);
``test`` and ``setup`` add the test tools (``.[course,test]``). The stamp file in ``.venv``
records which set is installed, so ``test`` after ``lab`` adds the test tools and ``lab``
after ``test`` installs nothing.

    python3 kit.py exercises           # regenerate exercises/ from solutions/
    python3 kit.py grade SUBMISSIONS   # grade a folder of students' exercise notebooks
    python3 kit.py slides [NN ...]     # offline reveal.js decks of the notebooks, in build/slides/
    python3 kit.py site                # the whole course as an offline static site, in build/site/

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
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".crmkit-setup"
FIRST_NOTEBOOK = "notebooks/00_welcome.ipynb"
# Files whose content decides what is installed and how; a change re-runs the setup.
SETUP_INPUTS = ("pyproject.toml", "requirements.lock", "kit.py")
# The extras of pyproject.toml each command needs: a student's course, or the course and
# the test tools.
EXTRAS = {
    "lab": ("course",),
    "test": ("course", "test"),
    "setup": ("course", "test"),
    "exercises": ("course",),
    "grade": ("course",),
    "slides": ("course",),
    "site": ("course",),
}
# Measured on a fresh clone (du -sh .venv; README.md, "Quick start").
WHAT = {
    (
        "course",
    ): "the kit, JupyterLab and the course's packages (first time: about 670 MB, 2-4 minutes)",
    ("course", "test"): "the kit, JupyterLab, the course's packages and the test tools "
    "(first time: about 860 MB, 3-5 minutes)",
}

# The whole suite: unit tests and doctests of crmkit, and every notebook and solution
# compared with its saved outputs (nbval), spread over two workers one file at a time
# (nbval needs a whole notebook on one worker: --dist loadfile).
TEST_ARGS = [
    "-m",
    "pytest",
    "tests",
    "crmkit",
    "notebooks",
    "solutions",
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


def read_stamp() -> tuple[str, frozenset[str]] | None:
    """(fingerprint, installed extras) of the last setup, or None."""
    if not STAMP.exists():
        return None
    text = STAMP.read_text().strip()
    try:
        state = json.loads(text)
        return state["fingerprint"], frozenset(state["extras"])
    except (ValueError, KeyError, TypeError):  # an older kit.py wrote the bare fingerprint
        return text, frozenset({"course", "test"})


class Step:
    """One numbered line of the setup: what happens, roughly how long, then how long it took."""

    def __init__(self, number: int, total: int, text: str) -> None:
        self.label = f"[{number}/{total}] {text}"

    def __enter__(self) -> Step:
        print(self.label, "...", flush=True)
        self.start = time.monotonic()
        return self

    def __exit__(self, kind, *_exc) -> None:
        if kind is None:
            print(f"      done in {_duration(time.monotonic() - self.start)}", flush=True)


def _duration(seconds: float) -> str:
    seconds = round(seconds)
    return f"{seconds} s" if seconds < 90 else f"{seconds // 60} min {seconds % 60:02d} s"


# pip's own lines that are noise here: a find-links location configured on the machine that
# does not exist. Everything else pip calls an ERROR or a WARNING is shown as it comes.
_NOISE = ("is ignored: it is neither a file nor a directory",)


def pip(python: Path, *args: str, status: bool = True) -> None:
    """Run ``python -m pip install args``, with a status line instead of pip's log.

    The status says what pip is doing (checking packages, building crmkit, installing) and
    for how long; on a terminal it is one line updated in place, in a log (CI) a line at
    each change and every 30 s. pip's ERROR and WARNING lines are shown as they come. The
    rest (one line per package, and the setuptools build backend's "BuildBackendWarning:
    Editable installation" block, which only says that an editable install was made) is
    kept back; if pip fails, its whole output is printed, so the real error is never hidden.
    """
    import queue
    import threading

    cmd = [str(python), "-m", "pip", "install", "--progress-bar", "off", *args]
    env = dict(os.environ, PYTHONUNBUFFERED="1", PIP_NO_COLOR="1")
    proc = subprocess.Popen(
        cmd,
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
        errors="replace",
    )
    lines: queue.Queue[str | None] = queue.Queue()

    def read() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.put(line)
        lines.put(None)

    threading.Thread(target=read, daemon=True).start()
    log: list[str] = []
    live = sys.stdout.isatty()  # a terminal: one status line updated in place
    found, phase, shown, printed, last = 0, "checking", "", "checking", time.monotonic()
    start = time.monotonic()
    while True:
        try:
            line = lines.get(timeout=1.0)
        except queue.Empty:
            line = ""  # pip is quiet (unpacking, building): the clock still moves
        if line is None:
            break
        log.append(line)
        text = line.strip()
        if text.startswith(("ERROR", "WARNING")) and not any(n in text for n in _NOISE):
            print(("\n" if shown else "") + "      " + text, flush=True)
            shown = ""
            continue
        if text.startswith(("Collecting ", "Processing ", "Requirement already satisfied")):
            found += 1
        elif text.startswith(("Building editable", "Building wheel")):
            phase = "building crmkit (editable install)"
        elif text.startswith("Installing collected packages:"):
            count = len(text.split(":", 1)[1].split(","))
            phase = f"installing {count} package{'s' if count > 1 else ''}"
            phase += " (the longest part)" if count > 20 else ""
        if not status:
            continue
        now = time.monotonic()
        doing = f"checking packages: {found} so far" if phase == "checking" else phase
        message = f"{doing} ... {_duration(now - start)}"
        if live and message != shown:
            print("\r      " + message.ljust(72)[:72], end="", flush=True)
            shown = message
        elif not live and (phase != printed or now - last >= 30):
            print("      " + message, flush=True)  # a line now and then in a CI log
            printed, last = phase, now
    code = proc.wait()
    if shown:
        print(flush=True)
    if code != 0:
        print("---- pip's whole output ----\n" + "".join(log) + "----", flush=True)
        sys.exit(
            f"pip failed (exit code {code}); its output is above. The command was:\n  {' '.join(cmd)}"
        )


def run_quiet(cmd: list[str | os.PathLike]) -> None:
    """Run a command, showing its output only if it fails."""
    done = subprocess.run(
        [str(c) for c in cmd], cwd=ROOT, capture_output=True, text=True, errors="replace"
    )
    if done.returncode != 0:
        print(done.stdout + done.stderr, end="", flush=True)
        sys.exit(f"failed (exit code {done.returncode}): {' '.join(str(c) for c in cmd)}")


def setup(extras: tuple[str, ...] = EXTRAS["setup"]) -> Path:
    """Create ``.venv`` and install the kit with ``extras`` into it, unless already done.

    Nothing is installed when the stamp says these inputs were set up with at least these
    extras. After a change of the inputs, the extras installed before are installed again
    with the new ones, so the environment stays whole.
    """
    if sys.version_info < (3, 11):  # noqa: UP036 (kit.py may be started by an older Python)
        sys.exit(f"crmkit needs Python 3.11 or newer; this is {sys.version.split()[0]}.")
    python = venv_python()
    fingerprint = setup_fingerprint()
    state = read_stamp() if python.exists() else None
    if state is not None and state[0] == fingerprint and set(extras) <= state[1]:
        return python
    installed = state[1] if state is not None else frozenset()
    wanted = tuple(e for e in ("course", "test") if e in set(extras) | installed)
    adding = state is not None and state[0] == fingerprint  # same inputs, more extras
    total = 3 + (not python.exists())
    number = 0
    print(f"Setting up the course in {VENV} (once; the first time takes a few minutes).")
    if not python.exists():
        number += 1
        with Step(number, total, f"Creating the virtual environment {VENV.name} (seconds)"):
            venv.EnvBuilder(with_pip=True).create(VENV)
    number += 1
    with Step(number, total, "Updating pip (about 10 s)"):
        pip(python, "--upgrade", "pip", status=False)
    number += 1
    what = "the test tools (a minute or two)" if adding else WHAT[wanted]
    with Step(number, total, f"Installing {what}"):
        pip(python, "-e", f".[{','.join(wanted)}]", "-c", "requirements.lock")
    number += 1
    with Step(number, total, "Registering the Jupyter kernel and settings (seconds)"):
        # The notebooks name the kernel "python3": register this environment's kernel under
        # that name inside the venv, so Jupyter started from it runs it.
        run_quiet([python, "-m", "ipykernel", "install", "--sys-prefix", "--name", "python3"])
        configure_jupyter()
    STAMP.write_text(json.dumps({"fingerprint": fingerprint, "extras": list(wanted)}) + "\n")
    return python


def configure_jupyter() -> None:
    """Settings for Jupyter started from this environment (user settings still win).

    - JupyterLab's news and update pop-ups are off: they cover the bottom right of the
      page, which is distracting in front of a room (a settings override).
    - The file browser hides ``*.egg-info``: the editable install leaves
      ``crmkit.egg-info`` (build metadata) at the top of the repository, and students
      should see the course's folders only (the Jupyter server's ``hide_globs``, with its
      defaults kept).
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
    # (the server reads its options from jupyter_server_config.json in each config
    # directory, .venv/etc/jupyter among them; the .d folder beside it is for extensions)
    server = VENV / "etc" / "jupyter" / "jupyter_server_config.json"
    server.parent.mkdir(parents=True, exist_ok=True)
    config = json.loads(server.read_text()) if server.exists() else {}
    hidden = ["__pycache__", "*.pyc", "*.pyo", ".DS_Store", "*~", "*.egg-info"]
    config.setdefault("ContentsManager", {})["hide_globs"] = hidden
    server.write_text(json.dumps(config, indent=2) + "\n")


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "help"
    if command not in EXTRAS:
        print(__doc__)
        return 0 if command in {"help", "-h", "--help"} else 2
    python = setup(EXTRAS[command])
    # No MPLBACKEND here: it would stop notebook kernels from drawing figures inline.
    env = dict(os.environ, PYTHONHASHSEED="0")
    if command == "setup":
        return 0
    if command in {"slides", "site"}:
        cmd = [str(python), "-m", "delivery", command, *argv[1:]]
        return subprocess.run(cmd, cwd=ROOT, env=env).returncode
    if command == "test":
        return subprocess.run([str(python), *TEST_ARGS, *argv[1:]], cwd=ROOT, env=env).returncode
    if command in {"exercises", "grade"}:  # crmkit.exercises: "build" and "grade"
        action = ["build"] if command == "exercises" else ["grade"]
        cmd = [str(python), "-m", "crmkit.exercises", *action, *argv[1:]]
        return subprocess.run(cmd, env=env).returncode  # in the caller's folder, for the paths
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
