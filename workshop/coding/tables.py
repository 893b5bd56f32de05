"""The coded texts as data: a codes table and a long text-code table (docs/data.md, "Coding"). No Flask.

`codes`: one row per code (id, name, description, parent, memo). `codings`: one row per text, code and coder
("text_key" joins it to the texts), plus one row with an empty code per text a coder went through without
coding it, so "not coded" and "not looked at" stay apart. Texts carry their session, question, source,
participant pseudonym (as in the answers export, "P001" by join order) and the participant's groups.
"""

from __future__ import annotations

import csv
import io

from sqlite_utils import Database

from .. import store
from ..export.tables import neutralise, pseudonyms
from .texts import codebook_texts

CODE_COLUMNS = ["code_id", "code", "description", "parent", "memo"]
CODING_COLUMNS = ["text_key", "session", "question_id", "source", "participant", "groups", "text", "code_id",
                  "code", "coder"]


def rows(db: Database, codebook_id: int) -> tuple[list[dict], list[dict]]:
    """The codes rows and the text-code rows of a codebook."""
    book = store.codebook(db, codebook_id)
    codes = store.codes(db, codebook_id)
    names = {c["id"]: c["name"] for c in codes}
    code_rows = [{"code_id": c["id"], "code": c["name"], "description": c["description"] or "",
                  "parent": names.get(c["parent_id"], ""), "memo": c["memo"] or ""} for c in codes]
    coders = {row["id"]: row["name"] for row in store.coders(db, codebook_id)}
    names_of = pseudonyms(db, book["session_ids"])
    texts = {t.key: t for t in codebook_texts(db, book["session_ids"])}
    applied: dict[tuple[str, int], list[int]] = {}
    for row in store.codings(db, codebook_id):
        applied.setdefault((row["text_key"], row["coder_id"]), []).append(row["code_id"])
    coding_rows = []
    for seen in sorted(store.seen_texts(db, codebook_id), key=lambda r: (r["text_key"], r["coder_id"])):
        text = texts.get(seen["text_key"])
        if text is None:
            continue
        base = {"text_key": text.key, "session": text.session, "question_id": text.question_id,
                "source": text.source, "participant": names_of.get(text.participant_id, ""),
                "groups": "; ".join(f"{p}={g}" for p, g in text.groups), "text": text.text,
                "coder": coders.get(seen["coder_id"], seen["coder_id"])}
        for code_id in applied.get((text.key, seen["coder_id"]), []) or [None]:
            coding_rows.append({**base, "code_id": code_id if code_id is not None else "",
                                "code": names.get(code_id, "")})
    return code_rows, coding_rows


def to_csv(table: list[dict], columns: list[str]) -> bytes:
    """One table as CSV (UTF-8 with a byte-order mark, as the answers export)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, columns)
    writer.writeheader()
    writer.writerows({k: neutralise(v) for k, v in row.items()} for row in table)
    return out.getvalue().encode("utf-8-sig")


def to_xlsx(db: Database, codebook_id: int) -> bytes:
    """Both tables as sheets of one workbook; text cells always text."""
    from openpyxl import Workbook  # imported when a workbook is asked for, not at every server start

    code_rows, coding_rows = rows(db, codebook_id)
    book = Workbook()
    for sheet, table, columns in ((book.active, code_rows, CODE_COLUMNS),
                                  (book.create_sheet(), coding_rows, CODING_COLUMNS)):
        sheet.title = "codes" if columns is CODE_COLUMNS else "codings"
        sheet.append(columns)
        for row in table:
            sheet.append([row.get(c, "") for c in columns])
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # never a formula, whatever the text starts with
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
