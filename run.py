"""python run.py [--db PATH] [--host H] [--port P]: the server on an embedded SQLite file, demo deck ready."""

import sys


def arguments(argv: list[str]) -> list[str]:
    """`--db PATH` is an option of the `workshop` command itself; the rest belongs to `serve`."""
    front, rest = [], list(argv)
    for flag in ("--db",):
        if flag in rest:
            at = rest.index(flag)
            front += rest[at:at + 2]
            del rest[at:at + 2]
    return [*front, "serve", *rest]


if __name__ == "__main__":
    # The arguments are in place before workshop is imported: it decides from them whether to patch for gevent.
    sys.argv = [sys.argv[0], *arguments(sys.argv[1:])]
    from workshop.cli import main

    main(sys.argv[1:])
