"""workshop: live, participatory sessions with research exports."""

from __future__ import annotations

from ._gevent import patch_if_serving

patch_if_serving()  # first of all: gevent must patch the standard library before it is imported elsewhere

import sqlite3
from pathlib import Path

from flask import Flask, request
from flask_compress import Compress
from flask_talisman import Talisman
from flask_wtf.csrf import CSRFProtect

from . import config, db, i18n
from .i18n_marker import N_
from .live import FastJSON, SocketAwareFlask, socketio

csrf = CSRFProtect()

# Only this server's own files: no inline script, no other host (participants must be able to speak freely).
CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "connect-src": "'self'",
    "font-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def create_app(test_config: dict | None = None) -> Flask:
    """Build the application: configuration, database, login, blueprints and Socket.IO."""
    app = SocketAwareFlask(
        __name__,
        instance_path=str(config.data_dir()),
        # templates/ beside the package in a checkout, inside it in a wheel (config.py)
        template_folder=str(config.TEMPLATES),
        static_folder="static",
    )
    app.config.from_mapping(config.defaults())
    if test_config:
        app.config.from_mapping(test_config)
    if not app.config["SECRET_KEY"]:
        app.config["SECRET_KEY"] = config.secret_key(Path(app.config["DATABASE"]).resolve().parent)

    # The gevent server (`workshop serve`) serves many events a second on one thread: it reuses connections.
    db.init_app(app, pool=app.config.get("ASYNC_MODE") == "gevent")
    i18n.init_app(app)
    csrf.init_app(app)
    # Phones on venue Wi-Fi load the participant page compressed (~40 KB instead of ~115 KB; benchmarks/).
    app.config.setdefault("COMPRESS_ALGORITHM", ["gzip"])
    app.config.setdefault("COMPRESS_MIMETYPES", ["text/html", "text/css", "application/javascript",
                                                 "text/javascript", "application/json", "image/svg+xml"])
    Compress(app)

    @app.after_request
    def read_static_files(response):
        # Static files are sent as file streams, which the compressor would leave unclosed; they are small,
        # so read them into the response (runs before the compressor: after_request goes last-in, first-out).
        if request.endpoint == "static" and response.status_code == 200 and response.is_streamed:
            response.direct_passthrough = False
            response.make_sequence()
        return response

    Talisman(
        app,
        force_https=False,  # venue laptops serve plain HTTP on the LAN; HSTS only applies over HTTPS
        session_cookie_secure=app.config["SESSION_COOKIE_SECURE"],
        content_security_policy=CONTENT_SECURITY_POLICY,
        frame_options="DENY",
        referrer_policy="no-referrer",
    )

    from .live import SocketSessionInterface

    app.session_interface = SocketSessionInterface()

    from .views import (audit, auth, coding, decks, facilitator, members, notes, participant, present, research,
                        studies)

    auth.init_app(app)
    for blueprint in (auth.bp, facilitator.bp, present.bp, participant.bp, notes.bp, decks.bp, research.bp,
                      coding.bp):
        app.register_blueprint(blueprint)
    for blueprint in (studies.bp, audit.bp, members.bp):  # study pages; logins and downloads; session sharing
        app.register_blueprint(blueprint)

    from .interactions import REGISTRY

    @app.context_processor
    def kinds():
        return {"kind_names": sorted(REGISTRY)}

    if app.config.get("ASYNC_MODE") == "gevent" and app.config.get("BATCH_WRITES", True):
        # Answers under load are written in batches by one writer, off the event loop (writer.py).
        from .writer import Writer

        app.extensions["workshop.writer"] = Writer.for_gevent(app.config["DATABASE"])
    message_queue = app.config.get("MESSAGE_QUEUE") or None
    if message_queue:
        from .live import live
        from .presence import RedisPresence

        live.presence = RedisPresence(message_queue)
    # Wrong passwords and wrong join codes, counted per client address (auth.py, views/participant.py).
    from .throttle import Throttle

    app.extensions["workshop.throttle"] = Throttle.for_queue(message_queue)
    socketio.init_app(
        app,
        # Several server processes share rooms and events through this queue (docs/scaling.md).
        message_queue=message_queue,
        # None = same origin only; a deployment behind a proxy lists its public origin explicitly.
        cors_allowed_origins=app.config["ALLOWED_ORIGINS"] or None,
        max_http_buffer_size=64 * 1024,
        logger=False,
        engineio_logger=False,
        async_mode=app.config.get("ASYNC_MODE", "threading"),
        json=FastJSON,
        # A socket's events run one after another in the greenlet that reads it, not each in a new one: a
        # phone's answer waits for its previous event anyway (issue 22: a spawn per event, 4-8 % of the CPU).
        async_handlers=False,
    )
    @app.errorhandler(sqlite3.OperationalError)
    def database_refused(error):
        # A full disk or a read-only file: a page that says so, not a bare 500 (socket events: live/core.py).
        app.logger.error("the database refused a request: %s", error)
        text = i18n.translate(N_("Niet opgeslagen: de database kan nu niet schrijven (schijf vol of alleen-lezen). "
                                 "Probeer het opnieuw."))
        return text, 503, {"Content-Type": "text/plain; charset=utf-8", "Retry-After": "10"}

    from . import logsafe

    # Even at ERROR the libraries would log a broken packet's exception, which may quote the packet.
    logsafe.install(gevent=app.config.get("ASYNC_MODE") == "gevent")
    if app.config["PROXY_HOPS"]:
        # Around Socket.IO's middleware too, so a socket's client address is the forwarded one as well.
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = app.config["PROXY_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)
    from . import privacy

    # Once per process (about a second): deduce's name lists are loaded now, before the first phone answers.
    privacy.warm()
    return app
