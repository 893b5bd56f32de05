"""The `workshop` command: serve, users, decks, sessions, exports. Errors are one line, never a traceback."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import accounts, sessions, store
from . import deck as decks


class Context:
    """What every command needs: the database path given with --db, and the app built on demand."""

    def __init__(self, db_path: str | None):
        self.db_path = db_path
        self._app = None

    @property
    def app(self):
        if self._app is None:
            from . import create_app

            self._app = create_app({"DATABASE": self.db_path} if self.db_path else None)
        return self._app

    def db(self):
        from .db import init

        return init(self.app.config["DATABASE"])


pass_context = click.make_pass_decorator(Context)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", "db_path", envvar="WORKSHOP_DB", metavar="PATH",
              help="SQLite file (default instance/workshop.db, or $WORKSHOP_DB).")
@click.pass_context
def cli(ctx: click.Context, db_path: str | None) -> None:
    """Live, participatory sessions: slides, polls and statement boards on phones."""
    ctx.obj = Context(db_path)


@cli.command()
@click.option("--host", default="0.0.0.0", show_default=True, help="Address to listen on (0.0.0.0: all networks).")
@click.option("--port", default=5000, show_default=True, type=int)
@pass_context
def serve(context: Context, host: str, port: int) -> None:
    """Start the server (the demo deck is in slides/)."""
    from . import qr
    from .live import socketio

    app = context.app
    db = context.db()
    password = accounts.ensure_admin(db, app.config["ADMIN_PASSWORD"])
    if password:
        click.echo(f"First start: log in as 'admin' with the one-time password {password}")
        click.echo("  (add more facilitators with: workshop user add NAME)")
    vendor = Path(app.static_folder) / "vendor" / "socket.io.min.js"
    if not vendor.exists():
        click.echo("warning: the socket.io client is missing; run 'make setup' first", err=True)
    click.echo(f"Database: {app.config['DATABASE']}")
    click.echo(f"Facilitators: http://localhost:{port}/f/")
    for address in qr.lan_addresses() if host in ("0.0.0.0", "::") else [host]:
        click.echo(f"Participants on the network: http://{address}:{port}/")
    socketio.run(app, host=host, port=port, allow_unsafe_werkzeug=True, log_output=False)


@cli.group()
def user() -> None:
    """Facilitator accounts."""


@user.command("add")
@click.argument("name")
@click.password_option(envvar="WORKSHOP_USER_PASSWORD", help="Asked for when not given.")
@pass_context
def user_add(context: Context, name: str, password: str) -> None:
    """Add a facilitator account."""
    try:
        accounts.add(context.db(), name, password)
    except accounts.AccountError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"facilitator '{name}' added")


@cli.group()
def deck() -> None:
    """Deck files."""


@deck.command("check")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
def deck_check(files: tuple[str, ...]) -> None:
    """Check deck files; print FILE:LINE: message for every mistake (exit 1 if any)."""
    failed = False
    for file in files:
        try:
            parsed = decks.load(file)
        except decks.DeckErrors as errors:
            failed = True
            for error in errors.errors:
                click.echo(str(error))
            continue
        click.echo(f"{file}: ok ({len(parsed.slides)} slides, {len(parsed.questions)} questions)", err=True)
    if failed:
        sys.exit(1)


@cli.group()
def session() -> None:
    """Sessions."""


@session.command("new")
@click.option("--deck", "deck_file", required=True, type=click.Path(dir_okay=False), help="Deck file.")
@click.option("--kind", required=True, type=click.Choice(sessions.MEETING_KINDS), help="Meeting kind.")
@click.option("--place", required=True, help="Municipality or police unit.")
@click.option("--date", help="YYYY-MM-DD (default today).")
@click.option("--title", help="Title (default the deck's).")
@click.option("--min-group", default=5, show_default=True, help="Smallest group shown on its own.")
@click.option("--retain-until", metavar="YYYY-MM-DD", help="Delete the data after this date (default: 2 years).")
@pass_context
def session_new(context: Context, deck_file: str, kind: str, place: str, date: str | None,
                title: str | None, min_group: int, retain_until: str | None) -> None:
    """Start a session from a deck; prints the join code on the last line."""
    try:
        parsed = decks.load(deck_file)
        row = sessions.start_session(context.db(), parsed, kind, place, date, title, None, min_group, retain_until)
    except decks.DeckErrors as errors:
        raise click.ClickException(f"the deck has errors:\n{errors}") from None
    except sessions.SessionError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"{row['title']} · {row['kind']} · {row['place']} · {row['date']}")
    click.echo(row["code"])


@session.command("delete")
@click.argument("code")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@pass_context
def session_delete(context: Context, code: str, yes: bool) -> None:
    """Delete a session and everything tied to it (answers, notes, log), for good."""
    db = context.db()
    row = store.session_by_code(db, sessions.normalise_code(code))
    if row is None:
        raise click.ClickException(f"no session with code '{code}'")
    if not yes:
        click.confirm(f"Delete {row['code']} ({row['title']}, {row['place']}, {row['date']}) and all its data?",
                      abort=True)
    store.delete_session(db, row["id"])
    click.echo(f"deleted {row['code']}")


@session.command("purge")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@pass_context
def session_purge(context: Context, yes: bool) -> None:
    """Delete every session whose retention date has passed (run it daily, e.g. from cron)."""
    db = context.db()
    due = sessions.expired(db)
    if not due:
        click.echo("no session is past its retention date")
        return
    for row in due:
        click.echo(f"{row['code']}  {row['date']}  {row['place']}  kept until {row['retain_until']}")
    if not yes:
        click.confirm(f"Delete these {len(due)} sessions and all their data?", abort=True)
    for row in due:
        store.delete_session(db, row["id"])
    click.echo(f"deleted {len(due)} sessions")


@cli.command()
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="The backup file.")
@pass_context
def backup(context: Context, output: str) -> None:
    """Copy the database to FILE, safely while the server runs."""
    if Path(output).exists():
        raise click.ClickException(f"{output} exists already; choose a new file")
    store.backup(context.db(), output)
    click.echo(f"backed up to {output}")


@session.command("list")
@pass_context
def session_list(context: Context) -> None:
    """List sessions, newest first."""
    rows = store.list_sessions(context.db())
    if not rows:
        click.echo("no sessions yet")
    for row in rows:
        click.echo(f"{row['code']}  {row['date']}  {row['kind']:<9}  {row['place']}  "
                   f"{row['participants']} participants  {row['title']}")


@cli.group()
def export() -> None:
    """Exports for researchers."""


@export.command("deck")
@click.argument("code")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="The .pptx to write.")
@pass_context
def export_deck(context: Context, code: str, output: str) -> None:
    """Write the summary deck of a session."""
    from .export import pptx

    db = context.db()
    row = store.session_by_code(db, sessions.normalise_code(code))
    if row is None:
        raise click.ClickException(f"no session with code '{code}'")
    pptx.write_summary_deck(db, row, output)
    click.echo(f"wrote {output}")


def main(argv: list[str] | None = None) -> None:
    """Entry point of the console script."""
    cli.main(args=argv, prog_name="workshop")
