"""`workshop coding ...`: codebooks, import and export, agreement, from the command line (docs/coding.md)."""

from __future__ import annotations

from pathlib import Path

import click

from .. import sessions, store
from . import agreement, codebook
from . import tables as coding_tables


def _pass():
    from ..cli import pass_context

    return pass_context


@click.group("coding")
def coding() -> None:
    """Codebooks and coded texts (the browser's Coderen page does the coding)."""


@coding.command("list")
@_pass()
def coding_list(context) -> None:
    """Every codebook with its id, codes and sessions."""
    db = context.db()
    for book in store.codebooks(db):
        click.echo(f"{book['id']:>4}  {book['name']}  ({book['codes']} codes, {book['sessions']} sessions)")


@coding.command("new")
@click.argument("name")
@click.argument("codes", nargs=-1, required=True)
@_pass()
def coding_new(context, name: str, codes: tuple[str, ...]) -> None:
    """A new codebook NAME over the sessions with these join CODES; prints its id."""
    db = context.db()
    ids = []
    for code in codes:
        row = store.session_by_code(db, sessions.normalise_code(code))
        if row is None:
            raise click.ClickException(f"no session with code {code}")
        ids.append(row["id"])
    click.echo(store.create_codebook(db, name, ids, None))


def _book(db, codebook_id: int) -> dict:
    book = store.codebook(db, codebook_id)
    if book is None:
        raise click.ClickException(f"no codebook {codebook_id} (see: workshop coding list)")
    return book


@coding.command("import")
@click.argument("codebook_id", type=int)
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_pass()
def coding_import(context, codebook_id: int, file: Path) -> None:
    """Add the codes of a CSV FILE (columns name, description, parent, memo) to a codebook."""
    db = context.db()
    _book(db, codebook_id)
    try:
        added = codebook.import_csv(db, codebook_id, file.read_text(encoding="utf-8"))
    except (codebook.CodebookError, UnicodeDecodeError) as error:
        raise click.ClickException(f"{file}: {error}") from None
    click.echo(f"{added} codes added")


@coding.command("export")
@click.argument("codebook_id", type=int)
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="codebook.csv (the codes), .xlsx (codes and coded texts) or .qdpx (REFI-QDA project).")
@_pass()
def coding_export(context, codebook_id: int, output: Path) -> None:
    """Write a codebook's codes (.csv), codes and coded texts (.xlsx) or its REFI-QDA project (.qdpx)."""
    from ..export import qdpx

    db = context.db()
    _book(db, codebook_id)
    suffix = output.suffix.lower()
    if suffix == ".csv":
        output.write_text(codebook.to_csv(db, codebook_id), encoding="utf-8-sig")
    elif suffix == ".xlsx":
        output.write_bytes(coding_tables.to_xlsx(db, codebook_id))
    elif suffix == ".qdpx":
        output.write_bytes(qdpx.build(db, codebook_id))
    else:
        raise click.ClickException("the output must end in .csv, .xlsx or .qdpx")
    click.echo(f"wrote {output}")


@coding.command("agreement")
@click.argument("codebook_id", type=int)
@_pass()
def coding_agreement(context, codebook_id: int) -> None:
    """Agreement between the coders of a codebook, per code and overall, and how many differences remain."""
    db = context.db()
    _book(db, codebook_id)
    codes = store.codes(db, codebook_id)
    found = agreement.report(agreement.decisions(store.codings(db, codebook_id), store.seen_texts(db, codebook_id),
                                                 [c["id"] for c in codes]))
    if found["overall"] is None:
        raise click.ClickException("agreement needs two coders who looked at the same texts")
    names = {c["id"]: c["name"] for c in codes}
    click.echo(f"{len(found['coders'])} coders, {found['texts']} texts compared")
    for row in found["per_code"]:
        kappa = f"  kappa {row['kappa']}" if "kappa" in row else ""
        click.echo(f"  {names[row['code_id']]:<30}{kappa}  alpha {row['alpha']}")
    click.echo(f"  {'overall':<30}" + "".join(f"  {k} {v}" for k, v in found["overall"].items()))
    click.echo(f"{len(found['disagreements'])} differences to resolve (browser: Coderen > Overeenstemming)")
