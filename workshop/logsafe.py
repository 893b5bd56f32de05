"""Logs that never quote what a client sent: a failure is reported by its type and place, not its message.

Engine.IO and Socket.IO log a packet they cannot read with its exception, whose message can quote the packet
("invalid literal for int() with base 10: 'f00d...'"), and gevent reports a failed greenlet with its
arguments: a whole Socket.IO payload, device token included. docs/privacy.md promises neither happens.
"""

from __future__ import annotations

import logging
import traceback

# The libraries' own loggers (at ERROR unless someone turns their logging on, which docs/privacy.md warns off).
LIBRARY_LOGGERS = ("engineio.server", "socketio.server", "engineio.client", "socketio.client")


def described(kind: type, tb) -> str:
    """An exception as its type and the lines it passed through, without its message."""
    return f"{kind.__name__} at\n{''.join(traceback.format_tb(tb)).rstrip()}"


class WithoutPayloads(logging.Filter):
    """Rewrites a library's record to its fixed text and, for an exception, its type and place only."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg, record.args = str(record.msg), ()  # the arguments may be a client's (a namespace, data)
        if record.exc_info and record.exc_info[0] is not None:
            record.msg = f"{record.msg}: {described(record.exc_info[0], record.exc_info[2])}"
            record.exc_info, record.exc_text = None, None
        return True


_FILTER = WithoutPayloads()


def print_failed_greenlet(hub, context, kind, value, tb) -> None:
    """gevent's report of a failed greenlet, without the greenlet's arguments or the exception's message."""
    stream = hub.exception_stream
    if stream and kind is not None:
        stream.write(f"{type(context).__name__} failed with {described(kind, tb)}\n")


def install(gevent: bool = False) -> None:
    """Filter the libraries' loggers; with gevent, also its report of failed greenlets."""
    for name in LIBRARY_LOGGERS:
        logger = logging.getLogger(name)
        if _FILTER not in logger.filters:
            logger.addFilter(_FILTER)
    if gevent:
        from gevent.hub import Hub

        Hub.print_exception = print_failed_greenlet
