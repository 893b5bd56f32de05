"""`workshop` commands for a session's life and a study: end, reopen, edit, review, log, study, infographic.

Registered on the groups of cli.py (imported at its end); errors are one line, never a traceback.
"""

from __future__ import annotations

from pathlib import Path

import click

from . import sessions, store, studies
from .cli import Context, format_of, session_of, cli, export, pass_context, session


@session.command("end")
@click.argument("code")
@pass_context
def session_end(context: Context, code: str) -> None:
    """End a session: joins refused, open questions closed, everything stays exportable."""
    db = context.db()
    row = session_of(db, code)
    if not sessions.end_session(db, row, None):
        click.echo(f"{row['code']} had ended already")
        return
    click.echo(f"ended {row['code']} (phones still connected see the closing screen when they reload)")


@session.command("reopen")
@click.argument("code")
@pass_context
def session_reopen(context: Context, code: str) -> None:
    """Make an ended session live again (logged)."""
    db = context.db()
    row = session_of(db, code)
    if not sessions.reopen_session(db, row, None):
        click.echo(f"{row['code']} is live already")
        return
    click.echo(f"reopened {row['code']}")


@session.command("edit")
@click.argument("code")
@click.option("--title")
@click.option("--kind", type=click.Choice(sessions.MEETING_KINDS), help="Meeting kind.")
@click.option("--unit", help='Municipality or police unit, e.g. "Eenheid Oost-Nederland".')
@click.option("--place", help="Where the meeting was.")
@click.option("--date", help="YYYY-MM-DD.")
@click.option("--facilitators", help="Who facilitated it (names).")
@click.option("--publish", "published", type=click.Choice(["none", "results", "factsheet"]),
              help="What participants see at the join link once the session has ended.")
@click.option("--study", "study_name", metavar="NAME", help="Put the session in this study.")
@pass_context
def session_edit(context: Context, code: str, study_name: str | None, **changes) -> None:
    """Change a session's metadata; prints what it is now."""
    db = context.db()
    row = session_of(db, code)
    if changes.get("published") == "none":
        changes["published"] = ""
    try:
        row = sessions.edit_session(db, row, changes, None)
        if study_name:
            studies.add_session(db, studies.find(db, study_name), row, None)
    except (sessions.SessionError, studies.StudyError) as error:
        raise click.ClickException(str(error)) from None
    row = store.session_by_id(db, row["id"])
    click.echo(_describe(row))


def _describe(row: dict) -> str:
    parts = [row["code"], row["state"], row["kind"], row.get("unit") or "", row["place"], row["date"],
             row.get("facilitators") or "", row["title"]]
    return "  ".join(p for p in parts if p)


@cli.command()
@click.argument("code")
@click.option("--approve", multiple=True, metavar="TYPE:ID", help="Approve a held text, e.g. answer:12 or statement:5.")
@click.option("--hide", multiple=True, metavar="TYPE:ID", help="Hide a held text for good.")
@pass_context
def review(context: Context, code: str, approve: tuple[str, ...], hide: tuple[str, ...]) -> None:
    """List the texts the privacy guard holds in a session, or approve or hide them."""
    db = context.db()
    row = session_of(db, code)
    queue = {(("answer" if e["type"] == "answer" else "statement"), e["id"]): e
             for e in sessions.moderation_view(db, row)["queue"]}
    decisions = [(target, "approved") for target in approve] + [(target, "hidden") for target in hide]
    for target, decision in decisions:
        kind, _, number = target.partition(":")
        key = (kind, int(number)) if number.isdigit() else None
        if key not in queue:
            raise click.ClickException(f"'{target}' is not a held text of {row['code']}: "
                                       "run `workshop review CODE` for the list")
        if kind == "answer":
            store.review_response(db, row["id"], key[1], decision, None, None)
        else:
            store.moderate_submission(db, key[1], decision, None, None)
        click.echo(f"{target}: {decision}")
    if decisions:
        return
    if not queue:
        click.echo(f"nothing held in {row['code']}")
    for (kind, number), entry in queue.items():
        texts = [entry["text"]] if kind == "statement" else [t["text"] for t in entry["texts"]]
        click.echo(f"{kind}:{number}  [{', '.join(entry['reasons'])}]  {entry['question_id']}: {' | '.join(texts)}")


@cli.command("log")
@click.argument("code", required=False)
@click.option("--actions", is_flag=True, help="Logins, studies and deletions instead of one session's log.")
@pass_context
def log(context: Context, code: str | None, actions: bool) -> None:
    """Print a session's event log (who did what, when), or with --actions the log outside sessions."""
    db = context.db()
    if actions or code is None:
        for entry in reversed(store.actions(db)):
            click.echo(f"{entry['at']}  {entry['facilitator'] or '-':<12}  {entry['type']:<18}  "
                       f"{_details(entry['data'])}")
        return
    row = session_of(db, code)
    for entry in store.session_log(db, row["id"]):
        click.echo(f"{entry['at']}  {entry['facilitator'] or '-':<12}  {entry['type']:<18}  {_details(entry['data'])}")


def _details(data: dict | None) -> str:
    return ", ".join(f"{key}={value}" for key, value in (data or {}).items())


@cli.group()
def study() -> None:
    """Studies: sessions grouped, shared with colleagues, exported together."""


@study.command("new")
@click.argument("name")
@click.option("--owner", metavar="USER", help="The facilitator who owns it (default: nobody, open to all).")
@pass_context
def study_new(context: Context, name: str, owner: str | None) -> None:
    """Make a study; prints its number."""
    db = context.db()
    owner_row = store.facilitator_by_name(db, owner) if owner else None
    if owner and owner_row is None:
        raise click.ClickException(f"no facilitator named '{owner}'")
    try:
        row = studies.create(db, name, owner_row["id"] if owner_row else None)
    except studies.StudyError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"study {row['id']}: {row['name']}")


@study.command("list")
@pass_context
def study_list(context: Context) -> None:
    """List studies with their number of sessions."""
    rows = store.list_studies(context.db())
    if not rows:
        click.echo("no studies yet")
    for row in rows:
        click.echo(f"{row['id']:>3}  {row['name']}  {row['sessions']} sessions  owner {row['owner'] or '-'}")


@study.command("show")
@click.argument("name")
@pass_context
def study_show(context: Context, name: str) -> None:
    """A study's sessions, shared questions and colleagues."""
    db = context.db()
    row = _study_of(db, name)
    listed = studies.study_sessions(db, row)
    click.echo(f"{row['name']}: {len(listed)} sessions")
    for s in listed:
        click.echo(f"  {s['code']}  {s['state']:<5}  {s['kind']:<9}  {s['date']}  {s['unit'] or '-'}  {s['place']}  "
                   f"{s['participants']} participants")
    for q in studies.shared_questions(studies.full_rows(db, listed)):
        click.echo(f"  shared: {q['id']} ({', '.join(q['kinds'])}) in {', '.join(q['asked_in'])}")
    members = store.study_members(db, row["id"])
    click.echo("  shared with: " + (", ".join(m["name"] for m in members) or "nobody"))


def _study_of(db, name: str) -> dict:
    try:
        return studies.find(db, name)
    except studies.StudyError as error:
        raise click.ClickException(str(error)) from None


@study.command("add")
@click.argument("name")
@click.argument("codes", nargs=-1, required=True)
@pass_context
def study_add(context: Context, name: str, codes: tuple[str, ...]) -> None:
    """Put sessions in a study."""
    db = context.db()
    row = _study_of(db, name)
    for code in codes:
        studies.add_session(db, row, session_of(db, code), None)
        click.echo(f"{sessions.normalise_code(code)} is in {row['name']}")


@study.command("share")
@click.argument("name")
@click.argument("users", nargs=-1, required=True)
@pass_context
def study_share(context: Context, name: str, users: tuple[str, ...]) -> None:
    """Share a study with colleagues: they may run and export its sessions."""
    db = context.db()
    row = _study_of(db, name)
    for user in users:
        try:
            studies.share(db, row, user, None)
        except studies.StudyError as error:
            raise click.ClickException(str(error)) from None
        click.echo(f"{row['name']} is shared with {user}")


@study.command("export")
@click.argument("name")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="The .zip to write.")
@pass_context
def study_export(context: Context, name: str, output: str) -> None:
    """Write everything of a study in one .zip: data (csv, xlsx, json), comparison deck, infographic."""
    format_of(output, ("zip",))
    db = context.db()
    row = _study_of(db, name)
    rows = studies.full_rows(db, studies.study_sessions(db, row))
    Path(output).write_bytes(studies.archive(db, row, rows))
    click.echo(f"wrote {output} ({len(rows)} sessions)")


@export.command("infographic")
@click.argument("codes", nargs=-1)
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="The .svg, .png or .pdf.")
@click.option("--study", "study_name", metavar="NAME", help="Every session of this study (besides CODES).")
@click.option("--title", help="The page's title (default: the study's name).")
@click.option("--template", type=click.Path(dir_okay=False, exists=True),
              help="Your own layout: a copy of workshop/export/infographic.svg (docs/study.md).")
@pass_context
def export_infographic(context: Context, codes: tuple[str, ...], output: str, study_name: str | None,
                       title: str | None, template: str | None) -> None:
    """Write one page across sessions: who took part, the largest shares, where police and care agree and differ."""
    from .export import infographic

    fmt = format_of(output, infographic.FORMATS)
    db = context.db()
    rows = [session_of(db, code) for code in dict.fromkeys(codes)]
    if study_name:
        found = _study_of(db, study_name)
        title = title or found["name"]
        rows += [r for r in studies.full_rows(db, studies.study_sessions(db, found))
                 if r["id"] not in {s["id"] for s in rows}]
    if not rows:
        raise click.ClickException("name sessions (CODE...) or a study (--study NAME)")
    try:
        Path(output).write_bytes(infographic.render(db, rows, fmt, title, template))
    except infographic.InfographicError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"wrote {output} ({len(rows)} sessions)")
