"""Links that start the course for a whole class: Binder, and nbgitpuller on a JupyterHub.

``python -m delivery.classroom OWNER/REPO [HUB]`` prints both for a repository (the README's
"A whole class" section explains them). Binder builds the environment from
``environment.yml`` at the repository's root; nbgitpuller clones the repository into each
student's home on the hub (as a folder named after the repository) and opens the notebook.
"""

from __future__ import annotations

import sys
from urllib.parse import quote, urlencode

FIRST_NOTEBOOK = "notebooks/00_welcome.ipynb"


def binder_url(repo: str, path: str = FIRST_NOTEBOOK, ref: str = "HEAD") -> str:
    """The Binder link that builds ``repo`` (``owner/name`` on GitHub) and opens ``path``.

    Examples
    --------
    >>> binder_url("owner/crmkit")
    'https://mybinder.org/v2/gh/owner/crmkit/HEAD?urlpath=lab%2Ftree%2Fnotebooks%2F00_welcome.ipynb'
    """
    return f"https://mybinder.org/v2/gh/{repo}/{ref}?" + urlencode({"urlpath": f"lab/tree/{path}"})


def nbgitpuller_url(hub: str, repo: str, path: str = FIRST_NOTEBOOK, branch: str = "main") -> str:
    """The nbgitpuller link: pull ``repo`` into each student's home on ``hub``, open ``path``.

    Every query value is URL-encoded (``urlpath`` holds slashes, ``repo`` a whole URL).

    Examples
    --------
    >>> nbgitpuller_url("hub.example.edu", "owner/crmkit")  # doctest: +NORMALIZE_WHITESPACE
    'https://hub.example.edu/hub/user-redirect/git-pull?repo=https%3A%2F%2Fgithub.com%2Fowner%2Fcrmkit&branch=main&urlpath=lab%2Ftree%2Fcrmkit%2Fnotebooks%2F00_welcome.ipynb'
    """
    name = repo.rstrip("/").split("/")[-1]
    query = {
        "repo": f"https://github.com/{repo}",
        "branch": branch,
        "urlpath": f"lab/tree/{name}/{path}",
    }
    return f"https://{hub}/hub/user-redirect/git-pull?" + urlencode(query, quote_via=quote)


def main(argv: list[str]) -> int:
    if not argv or argv[0] in {"-h", "--help"}:
        print(__doc__)
        return 0 if argv else 2
    repo, hub = argv[0], (argv[1] if len(argv) > 1 else "<hub>")
    print("Binder:     ", binder_url(repo))
    print("nbgitpuller:", nbgitpuller_url(hub, repo))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
