"""Build the course for delivery: offline reveal.js decks and an offline static site.

Not part of the ``crmkit`` package: build tooling kept at the repository's root and run
through ``kit.py`` (``python3 kit.py slides``, ``python3 kit.py site``), writing into the
git-ignored ``build/``.
"""
