"""Patch the standard library for gevent before anything else is imported, when `workshop serve` runs on it.

gevent must patch sockets, threads and ssl before other modules import them, or some keep the unpatched
versions; so this runs as the first statement of the package, and only for the serve command.
"""

import os
import sys


def serving_on_gevent(argv: list[str]) -> bool:
    """Whether this process is `workshop serve` with the gevent async mode (the default)."""
    if "serve" not in argv[1:]:
        return False
    mode = os.environ.get("WORKSHOP_ASYNC_MODE", "gevent")
    for index, arg in enumerate(argv):
        if arg == "--async-mode" and index + 1 < len(argv):
            mode = argv[index + 1]
        elif arg.startswith("--async-mode="):
            mode = arg.split("=", 1)[1]
    return mode == "gevent"


def patch_if_serving() -> None:
    """Monkey-patch for gevent when this process is a gevent server."""
    if serving_on_gevent(sys.argv):
        from gevent import monkey

        monkey.patch_all()
