"""The live layer: Socket.IO handlers, kept thin (who is asking, which room, then domain code).

Two namespaces (docs/protocol.md): `/participant` for phones, `/facilitator` for the projector and control views
of logged-in facilitators. Rooms: `p:<session id>` (phones), `f:<session id>` (projector and control views),
`c:<session id>` (control views only: the moderation queue never reaches a projector).
The handler modules register themselves on import, which must happen before `socketio.init_app`.
"""

from . import boards, facilitator, ideas, participant  # noqa: F401  (registers the handlers)
from .core import (  # noqa: F401
    FACILITATOR,
    PARTICIPANT,
    FastJSON,
    SocketAwareFlask,
    SocketSessionInterface,
    close_expired_questions,
    flush_results,
    live,
    socketio,
)
from .logins import close_ended, drop_lost_sessions, end_facilitator_sockets  # noqa: F401
