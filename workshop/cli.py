"""The `workshop` command: serve, users, decks, sessions, exports. Errors are one line, never a traceback."""

from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path

import click

from . import accounts, config, members, sessions, store
from . import deck as decks


class Context:
    """What every command needs: the database given with --db, the deck folder given with --decks, and the app
    built on demand."""

    def __init__(self, db_path: str | None, decks_dir: str | None = None):
        self.db_path = db_path
        self.config: dict = {"DATABASE": db_path} if db_path else {}
        if decks_dir:
            self.config["SLIDES_DIR"] = decks_dir
        self._app = None

    @property
    def app(self):
        if self._app is None:
            from . import create_app

            self._app = create_app(self.config or None)
        return self._app

    def db(self):
        from .db import init

        return init(self.app.config["DATABASE"])


pass_context = click.make_pass_decorator(Context)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="workshop", prog_name="workshop", message="%(prog)s %(version)s")
@click.option("--db", "db_path", envvar="WORKSHOP_DB", metavar="PATH",
              help="SQLite file (default: instance/workshop.db in a checkout, else workshop.db in the user's "
                   "data folder; or $WORKSHOP_DB).")
@click.option("--decks", "decks_dir", envvar="WORKSHOP_DECKS", metavar="FOLDER",
              help="The deck folder (default: slides/ in a checkout, else decks/ in the user's data folder, "
                   "made with the example decks; or $WORKSHOP_DECKS).")
@click.pass_context
def cli(ctx: click.Context, db_path: str | None, decks_dir: str | None) -> None:
    """Live, participatory sessions: slides, polls and statement boards on phones."""
    ctx.obj = Context(db_path, decks_dir)


@cli.command()
@click.option("--host", default="0.0.0.0", show_default=True, help="Address to listen on (0.0.0.0: all networks).")
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--async-mode", type=click.Choice(["gevent", "threading"]), envvar="WORKSHOP_ASYNC_MODE",
              default="gevent", show_default=True, help="How connections are served (benchmarks/RESULTS.md).")
@click.option("--message-queue", envvar="WORKSHOP_MESSAGE_QUEUE", metavar="URL",
              help="Redis URL shared by several server processes (docs/scaling.md).")
@pass_context
def serve(context: Context, host: str, port: int, async_mode: str, message_queue: str | None) -> None:
    """Start the server (the decks are in the deck folder: `workshop decks`)."""
    from gevent import monkey

    if async_mode == "gevent" and not monkey.is_module_patched("socket"):
        raise click.ClickException("gevent must patch the standard library first: start the server as "
                                   "`workshop serve` or `python run.py`, not from another program")
    from . import qr
    from .db import ServerClash, claim_server
    from .live import socketio

    context.config.update(ASYNC_MODE=async_mode, MESSAGE_QUEUE=message_queue or "")
    from .db import Unwritable, check_writable

    try:
        app = context.app
        db = context.db()
        check_writable(db, app.config["DATABASE"])
    except (Unwritable, sqlite3.Error, OSError) as error:  # migrating or keying a read-only file failed first
        raise click.ClickException(str(error)) from None
    try:  # a second process on this database without a shared message queue would split the room
        claim_server(app.config["DATABASE"], message_queue)
    except ServerClash as clash:
        raise click.ClickException(str(clash)) from None
    folder = Path(app.config["SLIDES_DIR"])
    if config.prepare_decks(folder):
        click.echo(f"Made the deck folder {folder} with the example decks")
    try:
        password = accounts.ensure_admin(db, app.config["ADMIN_PASSWORD"])
    except accounts.AccountError as error:  # a WORKSHOP_ADMIN_PASSWORD that is too short
        raise click.ClickException(f"WORKSHOP_ADMIN_PASSWORD: {error}") from None
    if password:
        click.echo(f"First start: log in as 'admin' with the one-time password {password}")
        click.echo("  (add more facilitators with: workshop user add NAME)")
    vendor = Path(app.static_folder) / "vendor" / "socket.io.min.js"
    if not vendor.exists():
        click.echo("warning: the socket.io client is missing; run 'make setup' first", err=True)
    click.echo(f"Database: {app.config['DATABASE']} · {async_mode}"
               + (f" · message queue {message_queue}" if message_queue else ""))
    key = "$SECRET_KEY" if os.environ.get("SECRET_KEY") else config.secret_key_file(app.config["DATABASE"])
    click.echo(f"Secret key: {key}")
    click.echo(f"Decks: {folder}")
    click.echo(f"Facilitators: http://localhost:{port}/f/")
    for address in qr.lan_addresses() if host in ("0.0.0.0", "::") else [host]:
        click.echo(f"Participants on the network: http://{address}:{port}/")
    socketio.run(app, host=host, port=port, allow_unsafe_werkzeug=True, log_output=False)



@cli.command("decks")
@pass_context
def decks_list(context: Context) -> None:
    """List the decks in the deck folder and the example decks that come with workshop."""
    folder = Path(context.config.get("SLIDES_DIR") or config.deck_dir())
    if folder.resolve() == config.EXAMPLE_DECKS.resolve():
        click.echo(f"Deck folder {folder} (the example decks):")
        _list_decks(folder)
        return
    if folder.is_dir():
        click.echo(f"Deck folder {folder}:")
        _list_decks(folder)
    else:
        click.echo(f"Deck folder {folder}: not there yet (`workshop serve` makes it with the example decks)")
    click.echo(f"Example decks that come with workshop, in {config.EXAMPLE_DECKS}:")
    _list_decks(config.EXAMPLE_DECKS)


def _list_decks(folder: Path) -> None:
    """One line per deck file in a folder: file, title, slides and questions, or its first mistake."""
    paths = sorted(folder.glob("*.md"))
    if not paths:
        click.echo("  (no decks)")
    for path in paths:
        try:
            parsed = decks.load(path)
        except decks.DeckErrors as errors:
            click.echo(f"  {path.name:<24} {len(errors.errors)} mistakes, first: {errors.errors[0]}")
            continue
        click.echo(f"  {path.name:<24} {parsed.title} ({len(parsed.slides)} slides, "
                   f"{len(parsed.questions)} questions)")


@cli.group()
def user() -> None:
    """Facilitator accounts."""


@user.command("add")
@click.argument("name")
@click.password_option(envvar="WORKSHOP_USER_PASSWORD", help="Asked for when not given.")
@click.option("--admin", is_flag=True, help="May act on every session (others: the sessions they start).")
@pass_context
def user_add(context: Context, name: str, password: str, admin: bool) -> None:
    """Add a facilitator account."""
    try:
        accounts.add(context.db(), name, password, is_admin=admin)
    except accounts.AccountError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"facilitator '{name}' added")


@user.command("passwd")
@click.argument("name")
@click.password_option(envvar="WORKSHOP_USER_PASSWORD", help="Asked for when not given.")
@pass_context
def user_passwd(context: Context, name: str, password: str) -> None:
    """Give a facilitator a new password; every login of that account ends (browsers and open sockets)."""
    try:
        accounts.change_password(context.db(), name, password)
    except accounts.AccountError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"new password for '{name}'; their logins have ended")


@user.command("remove")
@click.argument("name")
@click.option("--sessions-to", metavar="NAME", help="The facilitator who takes over NAME's sessions.")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@pass_context
def user_remove(context: Context, name: str, sessions_to: str | None, yes: bool) -> None:
    """Remove a facilitator account; its logins end at once (browsers and open sockets)."""
    db = context.db()
    if not yes:
        click.confirm(f"Remove facilitator '{name}'?", abort=True)
    try:
        moved = accounts.remove(db, name, sessions_to)
    except accounts.AccountError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"removed '{name}'" + (f"; {moved} session(s) now belong to '{sessions_to}'" if moved else ""))


@user.command("list")
@pass_context
def user_list(context: Context) -> None:
    """List facilitator accounts (admins marked)."""
    for row in store.facilitators(context.db()):
        click.echo(f"{row['name']}{'  admin' if row['is_admin'] else ''}  {row['sessions']} sessions")


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


@deck.command("import")
@click.argument("file", type=click.Path(dir_okay=False, exists=True))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="The new deck, e.g. slides/NAME.md (slide pictures go to slides/NAME-files/).")
def deck_import(file: str, output: str) -> None:
    """Turn a PowerPoint (.pptx) into a deck; with LibreOffice, each slide's picture is kept too."""
    from . import importer

    target = Path(output)
    if target.suffix != ".md":
        raise click.ClickException(f"{output}: a deck file ends in .md")
    if target.exists():
        raise click.ClickException(f"{output} exists already; choose a new file")
    if not target.parent.is_dir():
        raise click.ClickException(f"{target.parent}: no such folder")
    try:
        result = importer.import_pptx(file, target)
    except importer.ImportFailed as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"wrote {output} ({result.slides} slides)")
    if result.hidden:
        click.echo(f"left out {result.hidden} hidden slides", err=True)
    if result.pictures:
        click.echo(f"wrote {len(result.pictures)} slide pictures to {result.pictures[0].parent}")
    else:
        click.echo(f"no slide pictures: {result.skipped}", err=True)


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
@click.option("--owner", metavar="NAME", help="The facilitator it belongs to (default: the first account).")
@pass_context
def session_new(context: Context, deck_file: str, kind: str, place: str, date: str | None,
                title: str | None, min_group: int, retain_until: str | None, owner: str | None) -> None:
    """Start a session from a deck; prints the join code on the last line."""
    db = context.db()
    owner_row = _facilitator(db, owner) if owner else store.first_facilitator(db)
    try:
        parsed = decks.load(deck_file)
        row = sessions.start_session(db, parsed, kind, place, date, title, owner_row and owner_row["id"],
                                     min_group, retain_until)
    except decks.DeckErrors as errors:
        raise click.ClickException(f"the deck has errors:\n{errors}") from None
    except sessions.SessionError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"{row['title']} · {row['kind']} · {row['place']} · {row['date']}")
    if owner_row is None:
        click.echo("owner: none (no facilitator account yet): only admins can open it; "
                   "hand it over with `workshop session owner CODE NAME`")
    else:
        default = "" if owner else " (the first facilitator; --owner NAME for another)"
        click.echo(f"owner: {owner_row['name']}{default}")
    click.echo(row["code"])


@session.command("owner")
@click.argument("code")
@click.argument("name")
@pass_context
def session_owner(context: Context, code: str, name: str) -> None:
    """Hand a session to another facilitator (admins can open every session anyway)."""
    db = context.db()
    row = session_of(db, code)
    store.set_owner(db, row["id"], _facilitator(db, name)["id"], None)
    click.echo(f"{row['code']} now belongs to '{name}'")


@session.command("share")
@click.argument("code")
@click.argument("users", nargs=-1, required=True)
@click.option("--role", type=click.Choice(members.ROLES), default="cofacilitator", show_default=True,
              help="cofacilitator: runs the session as its owner does; notes: only writes notes.")
@pass_context
def session_share(context: Context, code: str, users: tuple[str, ...], role: str) -> None:
    """Share one session with other facilitators, as co-facilitator or note-taker (logged)."""
    db = context.db()
    row = session_of(db, code)
    for user in users:
        try:
            members.share(db, row, user, role, None)
        except members.MemberError as error:
            raise click.ClickException(str(error)) from None
        click.echo(f"{row['code']} is shared with {user} ({role})")


@session.command("unshare")
@click.argument("code")
@click.argument("users", nargs=-1, required=True)
@pass_context
def session_unshare(context: Context, code: str, users: tuple[str, ...]) -> None:
    """Stop sharing a session: the facilitator's access ends, open views within a second (logged)."""
    db = context.db()
    row = session_of(db, code)
    for user in users:
        try:
            members.unshare(db, row, user, None)
        except members.MemberError as error:
            raise click.ClickException(str(error)) from None
        click.echo(f"{row['code']} is no longer shared with {user}")


def _facilitator(db, name: str) -> dict:
    """The facilitator account with this name, or a one-line error."""
    try:
        return accounts.named(db, name)
    except accounts.AccountError as error:
        raise click.ClickException(str(error)) from None


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
    store.delete_session(db, row["id"])  # leaves a tombstone: the code, when, nothing of its content
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
        click.echo(f"{row['code']}  {row['date']}  {row['state']:<5}  {row['kind']:<9}  {row['place']}  "
                   f"{row['participants']} participants  {row['title']}"
                   + (f"  [{row['study']}]" if row.get("study") else ""))


@cli.group()
def export() -> None:
    """Exports for researchers: decks, comparisons, factsheets, data and charts."""


def session_of(db, code: str) -> dict:
    """The session with a code as typed, or a one-line error."""
    row = store.session_by_code(db, sessions.normalise_code(code))
    if row is None:
        raise click.ClickException(f"no session with code '{code}'")
    return row


def format_of(output: str, allowed: tuple[str, ...]) -> str:
    """The output's extension without the dot, or a one-line error when it is not one of `allowed`."""
    suffix = Path(output).suffix.lower().lstrip(".")
    if suffix not in allowed:
        raise click.ClickException(f"unsupported extension '{Path(output).suffix or output}': "
                                   f"use {', '.join('.' + a for a in allowed)}")
    return suffix


def _progress(label: str):
    """An `each` for the exporters that shows a progress bar on stderr."""
    def each(items):
        with click.progressbar(list(items), label=label, file=sys.stderr) as bar:
            yield from bar
    return each


def _template(path: str | None) -> str | None:
    """A template file python-pptx can open, or a one-line error."""
    if path is None:
        return None
    from .importer import ImportFailed, open_presentation

    try:
        open_presentation(Path(path))  # bounded as an import is: a zip or entity bomb is refused unread
    except ImportFailed as error:
        raise click.ClickException(f"cannot use template '{path}': {str(error).split(': ', 1)[-1]}") from None
    return path


TEMPLATE = click.option("--template", type=click.Path(dir_okay=False, exists=True),
                        help="An organisation's .pptx: its master and layouts are used.")
OUTPUT = click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
                      help="The file to write.")


@export.command("deck")
@click.argument("code")
@OUTPUT
@TEMPLATE
@click.option("--all-answers", is_flag=True,
              help="Every text answer on the slides (default: a question's first 150; all in 'export data').")
@pass_context
def export_deck(context: Context, code: str, output: str, template: str | None, all_answers: bool) -> None:
    """Write the summary deck of a session (.pptx)."""
    from .export import pptx

    format_of(output, ("pptx",))
    db = context.db()
    row = session_of(db, code)
    prs = pptx.summary_deck(db, row, _template(template), each=_progress("questions"),
                            all_answers=all_answers)
    prs.save(output)
    click.echo(f"wrote {output}")


@export.command("compare")
@click.argument("codes", nargs=-1, required=True)
@OUTPUT
@TEMPLATE
@click.option("--group", metavar="PROFILE_ID=LABEL",
              help="Compare one group across the sessions, e.g. domein=Politie (k applies per session).")
@pass_context
def export_compare(context: Context, codes: tuple[str, ...], output: str, template: str | None,
                   group: str | None) -> None:
    """Write a deck comparing sessions: a chart per shared question, a series per session (.pptx)."""
    from .export import compare

    format_of(output, ("pptx",))
    db = context.db()
    rows = [session_of(db, code) for code in dict.fromkeys(codes)]
    try:
        pair = compare.group_of(group, rows)
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    prs = compare.compare_deck(db, rows, _template(template), each=_progress("questions"), group=pair)
    prs.save(output)
    click.echo(f"wrote {output}")


@export.command("factsheet")
@click.argument("code")
@OUTPUT
@TEMPLATE
@click.option("--source", help="The source line for this session, e.g. 'GIPZ, lectoraat ...' "
              "(default: the deck's `source`).")
@pass_context
def export_factsheet(context: Context, code: str, output: str, template: str | None, source: str | None
                     ) -> None:
    """Write the one-page factsheet of a session (.pptx, and .pdf beside it when LibreOffice is installed)."""
    from .export import factsheet

    format_of(output, ("pptx",))
    db = context.db()
    row = session_of(db, code)
    factsheet.factsheet(db, row, context.app.config["PRIVACY_WORDS"], _template(template),
                        (source or "").strip() or None).save(output)
    click.echo(f"wrote {output}")
    pdf = factsheet.to_pdf(output)
    if pdf is None:
        click.echo("no PDF: LibreOffice ('soffice') is not on PATH, or could not convert the file", err=True)
    else:
        click.echo(f"wrote {pdf}")


@export.command("data")
@click.argument("codes", nargs=-1, required=True)
@OUTPUT
@pass_context
def export_data(context: Context, codes: tuple[str, ...], output: str) -> None:
    """Write the answers of sessions as tidy data: one row per answer item (.csv, .xlsx or .json)."""
    from .export import tables

    fmt = format_of(output, tables.FORMATS)
    db = context.db()
    rows = [session_of(db, code) for code in dict.fromkeys(codes)]
    data = tables.table(db, rows, each=_progress("sessions"))
    Path(output).write_bytes(tables.WRITERS[fmt](data))
    click.echo(f"wrote {output}")
    if fmt == "csv":  # xlsx and json hold their codebook; a CSV gets it beside it
        codebook = Path(output).with_suffix(".codebook.csv")
        codebook.write_bytes(tables.codebook_csv(data))
        click.echo(f"wrote {codebook}")


@export.command("chart")
@click.argument("code")
@click.argument("question_id")
@OUTPUT
@click.option("--by", metavar="PROFILE_ID", help="Split the result by a profile question.")
@pass_context
def export_chart(context: Context, code: str, question_id: str, output: str, by: str | None) -> None:
    """Write a question's result as a picture for a report (.png or .svg)."""
    from .export import charts

    fmt = format_of(output, charts.PICTURE_FORMATS)
    db = context.db()
    row = session_of(db, code)
    try:
        picture = charts.question_picture(db, row, question_id, fmt, by)
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    Path(output).write_bytes(picture)
    click.echo(f"wrote {output}")


@cli.command()
@click.argument("code")
@click.option("-n", "--participants", default=20, show_default=True, type=click.IntRange(1, 5000),
              help="Simulated phones.")
@click.option("--answer-rate", default=5.0, show_default=True, type=click.FloatRange(min=0.01),
              help="Answers per second over all phones, spread randomly after a question opens.")
@click.option("--url", default="http://127.0.0.1:5000", show_default=True, help="The running server.")
@click.option("--duration", type=click.FloatRange(min=0), metavar="SECONDS", help="Stop after this long.")
@click.option("--answers", type=click.IntRange(min=1), metavar="N", help="Stop after N acknowledged answers.")
@click.option("--change-share", default=0.0, type=click.FloatRange(0, 1), help="Share that changes its answer.")
@click.option("--reconnect-share", default=0.0, type=click.FloatRange(0, 1),
              help="Share that drops its connection after answering, then rejoins and resends.")
@click.option("--seed", type=int, help="Make the phones' choices reproducible.")
def simulate(code: str, participants: int, answer_rate: float, url: str, duration: float | None,
             answers: int | None, change_share: float, reconnect_share: float, seed: int | None) -> None:
    """Rehearse a session: phones join CODE on a running server and answer each question as you open it."""
    import asyncio

    try:
        import aiohttp  # noqa: F401  (the websocket client of python-socketio's AsyncClient)

        from . import simulate as simulation
    except ImportError:
        raise click.ClickException("simulate needs: pip install 'python-socketio[asyncio-client]'") from None
    report = asyncio.run(simulation.rehearse(url, sessions.normalise_code(code), participants, answer_rate,
                                             duration, answers, change_share, reconnect_share, seed,
                                             echo=click.echo))
    click.echo(simulation.summary_line(report))
    if report["joined"] == 0:
        sys.exit(1)


from .coding.commands import coding  # noqa: E402 - its commands use pass_context, defined above

cli.add_command(coding)

from . import cli_study  # noqa: F401  (registers end, reopen, edit, review, log, study, export infographic)


def main(argv: list[str] | None = None) -> None:
    """Entry point of the console script."""
    cli.main(args=argv, prog_name="workshop")
