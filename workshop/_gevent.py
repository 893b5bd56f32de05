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
        speed_up_websockets()


def speed_up_websockets() -> None:
    """gevent-websocket's unmasking and UTF-8 check of each message from a phone, without a Python loop per byte.

    Profiled under a burst (benchmarks/RESULTS.md, issue 22): unmasking took 9 us and the UTF-8 check (run
    twice, per frame and per message) 2 x 11 us of an answer's 230 us. The check is left out: the message is
    decoded as strict UTF-8 right after it (`_decode_bytes`), which closes the socket with 1007 just the same.
    """
    from geventwebsocket import websocket

    websocket.Header.mask_payload = websocket.Header.unmask_payload = unmask
    websocket.WebSocket.validate_utf8 = _decoded_later


def unmask(header, payload: bytes) -> bytes:
    """XOR a frame's payload with its 4-byte mask (RFC 6455 5.3), as one integer operation."""
    length = len(payload)
    if not length:
        return bytes(payload)
    mask = (bytes(header.mask) * (length // 4 + 1))[:length]
    return (int.from_bytes(payload, "little") ^ int.from_bytes(mask, "little")).to_bytes(length, "little")


def _decoded_later(websocket, payload) -> None:
    pass
