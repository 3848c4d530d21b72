"""``python -m delivery slides [NN ...]`` and ``python -m delivery site`` (``kit.py`` runs them)."""

from __future__ import annotations

import sys

from . import site, slides
from .vendor import DeliveryError


def main(argv: list[str]) -> int:
    command, args = (argv[0], argv[1:]) if argv else ("help", [])
    try:
        if command == "slides":
            decks = slides.build(args or None)
            print(f"{len(decks)} decks in {slides.OUT}; open one in a browser (S: speaker view).")
        elif command == "site":
            index = site.build()
            print(f"The site is in {index.parent}; open {index} in a browser.")
        else:
            print(__doc__)
            return 0 if command in {"help", "-h", "--help"} else 2
    except DeliveryError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
