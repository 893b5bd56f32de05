"""A codebook: codes with a description, an optional parent and a memo; CSV in and out. No Flask here."""

from __future__ import annotations

import csv
import io

from sqlite_utils import Database

from .. import store
from ..i18n_marker import N_, Message

CSV_COLUMNS = ("id", "name", "description", "parent", "memo")
MAX_NAME = 80
MAX_TEXT = 2000


class CodebookError(Message, ValueError):
    """A mistake in a code or a codebook file: a Dutch template and its values."""


def _name(value: object) -> str:
    name = " ".join(str(value or "").split())
    if not name:
        raise CodebookError(N_("Een code heeft een naam nodig."))
    if len(name) > MAX_NAME:
        raise CodebookError(N_("Een codenaam is hoogstens {max} tekens."), max=MAX_NAME)
    return name


def add_code(db: Database, codebook_id: int, name: str, description: str = "", parent_id: int | None = None
             ) -> int:
    """Add a code (names unique within a codebook); its id."""
    name = _name(name)
    existing = store.codes(db, codebook_id)
    if any(c["name"].casefold() == name.casefold() for c in existing):
        raise CodebookError(N_("De code '{name}' bestaat al."), name=name)
    if parent_id is not None and parent_id not in {c["id"] for c in existing}:
        raise CodebookError(N_("De bovenliggende code bestaat niet in dit codeboek."))
    return store.add_code(db, codebook_id, name, str(description or "")[:MAX_TEXT], parent_id)


def edit_code(db: Database, codebook_id: int, code_id: int, name: str | None = None,
              description: str | None = None, memo: str | None = None) -> None:
    """Rename a code or change its description or memo; its id, and so every coding, stays."""
    existing = {c["id"]: c for c in store.codes(db, codebook_id)}
    if code_id not in existing:
        raise CodebookError(N_("Deze code bestaat niet in dit codeboek."))
    fields = {}
    if name is not None:
        fields["name"] = _name(name)
        if any(c["name"].casefold() == fields["name"].casefold() and i != code_id for i, c in existing.items()):
            raise CodebookError(N_("De code '{name}' bestaat al."), name=fields["name"])
    if description is not None:
        fields["description"] = description[:MAX_TEXT]
    if memo is not None:
        fields["memo"] = memo[:MAX_TEXT]
    if fields:
        store.update_code(db, code_id, fields)


def to_csv(db: Database, codebook_id: int) -> str:
    """The codebook as CSV: id, name, description, parent (by name), memo."""
    codes = store.codes(db, codebook_id)
    names = {c["id"]: c["name"] for c in codes}
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for code in codes:
        writer.writerow([code["id"], code["name"], code["description"] or "",
                         names.get(code["parent_id"], ""), code["memo"] or ""])
    return out.getvalue()


def import_csv(db: Database, codebook_id: int, data: str) -> int:
    """Add the codes of a CSV file (columns name, description, parent, memo); how many were added.

    Codes already in the codebook (same name) are left as they are; a parent is named, and may come later
    in the file. Nothing is added when the file has a mistake.
    """
    reader = csv.DictReader(io.StringIO(data.lstrip("\ufeff")))
    if reader.fieldnames is None or "name" not in [f.strip().lower() for f in reader.fieldnames]:
        raise CodebookError(N_("Het bestand heeft geen kolom 'name'."))
    rows, in_file = [], set()
    for number, row in enumerate(reader, start=2):
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}
        try:
            name = _name(row.get("name"))
            if name.casefold() in in_file:  # a second code of that name would break "names are unique"
                raise CodebookError(N_("De code '{name}' bestaat al."), name=name)
        except CodebookError as error:
            raise CodebookError(N_("Regel {line}: {problem}"), line=number, problem=str(error)) from None
        in_file.add(name.casefold())
        rows.append({"name": name, "description": row.get("description", ""), "parent": row.get("parent", ""),
                     "memo": row.get("memo", "")})
    known = {c["name"].casefold(): c["id"] for c in store.codes(db, codebook_id)}
    for row in rows:
        if row["parent"] and row["parent"].casefold() not in known.keys() | in_file:
            raise CodebookError(N_("De bovenliggende code '{name}' staat niet in het bestand."), name=row["parent"])
    # Parents first, whatever the order of the file; the whole order is found before the first code is
    # written, so a file whose codes name each other in a circle adds nothing.
    order, placed = [], set(known)
    pending = [r for r in rows if r["name"].casefold() not in known]
    while pending:
        ready = [r for r in pending if not r["parent"] or r["parent"].casefold() in placed]
        if not ready:
            raise CodebookError(N_("De codes in het bestand verwijzen in een kring naar elkaar."))
        order.extend(ready)
        placed.update(r["name"].casefold() for r in ready)
        pending = [r for r in pending if r not in ready]
    for row in order:
        code_id = store.add_code(db, codebook_id, row["name"], row["description"][:MAX_TEXT],
                                 known.get(row["parent"].casefold()) if row["parent"] else None)
        if row["memo"]:
            store.update_code(db, code_id, {"memo": row["memo"][:MAX_TEXT]})
        known[row["name"].casefold()] = code_id
    return len(order)
