"""Schema history: one function per step, applied in order and recorded in `_sqlite_migrations`."""

from sqlite_utils import Migrations

migrations = Migrations("workshop")


@migrations()
def m0001_initial(db):
    db["facilitators"].create(
        {"id": int, "name": str, "password_hash": str, "created_at": str},
        pk="id",
        not_null={"name", "password_hash"},
    )
    db["facilitators"].create_index(["name"], unique=True)
    db["sessions"].create(
        {
            "id": int,
            "code": str,
            "title": str,
            "kind": str,  # gemeente, landelijk, anders
            "place": str,
            "date": str,
            "deck_source": str,  # the file it was started from, for reference only
            "deck": str,  # JSON snapshot of the parsed deck: what this session asks
            "current_slide": int,
            "state": str,  # live, ended
            "created_by": int,
            "created_at": str,
        },
        pk="id",
        not_null={"code", "title", "kind", "deck", "current_slide", "state"},
        defaults={"current_slide": 0, "state": "live"},
        foreign_keys=[("created_by", "facilitators", "id")],
    )
    db["sessions"].create_index(["code"], unique=True)
    db["participants"].create(
        {"id": int, "session_id": int, "token_hash": str, "joined_at": str, "last_seen_at": str},
        pk="id",
        not_null={"session_id", "token_hash"},
        foreign_keys=[("session_id", "sessions", "id")],
    )
    db["participants"].create_index(["session_id", "token_hash"], unique=True)
    db["question_states"].create(
        {
            "session_id": int,
            "question_id": str,
            "status": str,  # open, closed
            "results_visible": int,
            "opened_at": str,
            "closed_at": str,
        },
        pk=("session_id", "question_id"),
        not_null={"status", "results_visible"},
        defaults={"results_visible": 0},
        foreign_keys=[("session_id", "sessions", "id")],
    )
    db["responses"].create(
        {
            "id": int,
            "session_id": int,
            "participant_id": int,
            "question_id": str,
            "value": str,  # JSON, normalised by the question's kind
            "created_at": str,
            "updated_at": str,
            "revision": int,  # 1 for the first answer, +1 for every change
        },
        pk="id",
        not_null={"session_id", "participant_id", "question_id", "value", "revision"},
        foreign_keys=[("session_id", "sessions", "id"), ("participant_id", "participants", "id")],
    )
    db["responses"].create_index(["session_id", "participant_id", "question_id"], unique=True)
    db["responses"].create_index(["session_id", "question_id"])
    db["events"].create(
        {"id": int, "session_id": int, "at": str, "type": str, "data": str, "facilitator_id": int},
        pk="id",
        not_null={"session_id", "at", "type"},
        foreign_keys=[("session_id", "sessions", "id")],
    )
    db["events"].create_index(["session_id", "at"])


@migrations()
def m0002_controls(db):
    # A countdown closes a question by itself at closes_at; share_results shows results on phones once closed.
    db["question_states"].add_column("closes_at", str)
    db["question_states"].add_column("share_results", int, not_null_default=0)
    # Pacing: 'presenter' (phones follow the slides) or 'self' (participants move through a block themselves).
    db["sessions"].add_column("pacing", str, not_null_default="presenter")
    db["sessions"].add_column("block", str)  # JSON list of question ids of the self-paced block


@migrations()
def m0003_submissions(db):
    # Texts that participants (or the deck, or the facilitator) put on a board for others to vote on:
    # statements on a statement board, questions in a Q&A. Moderated before they reach a screen.
    db["submissions"].create(
        {
            "id": int,
            "session_id": int,
            "question_id": str,
            "participant_id": int,  # null when seeded from the deck or added by the facilitator
            "source": str,  # deck, facilitator, participant
            "text": str,
            "original_text": str,  # as submitted, kept when a facilitator edits a typo
            "status": str,  # pending, approved, hidden
            "flags": str,  # JSON list of privacy findings that held it for moderation
            "answered": int,  # Q&A: marked answered by the facilitator
            "created_at": str,
            "moderated_at": str,
        },
        pk="id",
        not_null={"session_id", "question_id", "source", "text", "status"},
        defaults={"answered": 0},
        foreign_keys=[("session_id", "sessions", "id"), ("participant_id", "participants", "id")],
    )
    db["submissions"].create_index(["session_id", "question_id", "status"])
    db["submission_votes"].create(
        {"submission_id": int, "participant_id": int, "vote": str, "created_at": str, "updated_at": str},
        pk=("submission_id", "participant_id"),
        not_null={"vote"},
        foreign_keys=[("submission_id", "submissions", "id"), ("participant_id", "participants", "id")],
    )
    # Free-text answers held by the privacy guard: 'pending' until a facilitator approves ('approved') or
    # hides ('hidden') them; null for answers that were never held.
    db["responses"].add_column("review", str)
    db["responses"].add_column("flags", str)
    # The statement or question a facilitator puts in focus on the projector.
    db["question_states"].add_column("focus", int)


@migrations()
def m0004_profiles(db):
    # What a participant told about themselves at join (profile question id -> option index), and when they
    # accepted the consent text; both needed before they can answer.
    db["participants"].add_column("profile", str)
    db["participants"].add_column("consented_at", str)
    # Smallest group shown on its own in split results and exports (k-anonymity of the aggregates).
    db["sessions"].add_column("min_group", int, not_null_default=5)
    # The profile question a result is split by on the projector (null: not split).
    db["question_states"].add_column("split_by", str)


@migrations()
def m0005_notes(db):
    # What was said in the room, noted by the facilitator or a note-taker while a slide was showing.
    db["notes"].create(
        {"id": int, "session_id": int, "slide": int, "question_id": str, "text": str, "author": str,
         "created_at": str},
        pk="id",
        not_null={"session_id", "slide", "text", "created_at"},
        foreign_keys=[("session_id", "sessions", "id")],
    )
    db["notes"].create_index(["session_id", "slide"])


@migrations()
def m0006_answer_ids(db):
    # The id a phone gives each answer it sends: a resend after a reconnect is recognised, not stored again.
    db["responses"].add_column("client_id", str)


@migrations()
def m0007_board_sort(db):
    # How the projector orders a board: board (as added), agree, divided, votes, newest.
    db["question_states"].add_column("board_sort", str)


@migrations()
def m0008_retention(db):
    # The date after which a session and everything tied to it is deleted (`workshop session purge`).
    db["sessions"].add_column("retain_until", str)


@migrations()
def m0009_admins(db):
    # Admins may act on every session; other facilitators on the sessions they started (and those started
    # from the command line, which belong to no one).
    db["facilitators"].add_column("is_admin", int, not_null_default=0)
    db.execute("update facilitators set is_admin = 1 where id = (select min(id) from facilitators)")


@migrations()
def m0010_login_epochs(db):
    # Every login cookie carries its account's epoch; logout, a new password or removing the account raises
    # it, so copied cookies and open sockets of that account stop working (docs/security.md).
    db["facilitators"].add_column("auth_epoch", int, not_null_default=0)


@migrations()
def m0011_deck_changes(db):
    # Who created, edited or imported which deck when, with the text it then had: decks in the slides folder
    # are shared by every facilitator, so each change is recorded and shown in the editor.
    db["deck_changes"].create(
        {"id": int, "deck": str, "action": str, "facilitator_id": int, "author": str, "at": str, "text": str},
        pk="id",
        not_null={"deck", "action", "at"},
    )
    db["deck_changes"].create_index(["deck", "id"])


@migrations()
def m0100_coding(db):
    # Qualitative coding of what people said (docs/coding.md): a codebook covers a set of sessions, its codes
    # keep their ids when renamed, each coder's codings are kept apart so their agreement can be measured.
    db["codebooks"].create(
        {"id": int, "name": str, "study_id": int, "created_by": int, "created_at": str},
        pk="id", not_null={"name", "created_at"},
    )
    db["codebook_sessions"].create(
        {"codebook_id": int, "session_id": int}, pk=("codebook_id", "session_id"),
        foreign_keys=[("codebook_id", "codebooks", "id"), ("session_id", "sessions", "id")],
    )
    db["codes"].create(
        {"id": int, "codebook_id": int, "parent_id": int, "name": str, "description": str, "memo": str,
         "created_at": str},
        pk="id", not_null={"codebook_id", "name", "created_at"},
        foreign_keys=[("codebook_id", "codebooks", "id")],
    )
    # A text is named by its place: "s<session>:<source>:<row id>:<item>" (coding/texts.py).
    db["codings"].create(
        {"codebook_id": int, "code_id": int, "text_key": str, "coder_id": int, "created_at": str},
        pk=("code_id", "text_key", "coder_id"), not_null={"codebook_id", "created_at"},
        foreign_keys=[("code_id", "codes", "id")],
    )
    # Texts a coder has been through (with or without a code): the sample their agreement is measured on.
    db["coded_texts"].create(
        {"codebook_id": int, "text_key": str, "coder_id": int, "at": str},
        pk=("codebook_id", "text_key", "coder_id"),
    )


@migrations()
def m0012_study_lifecycle(db):
    # A session ends (joins refused, data kept) and can be reopened; the metadata a researcher sorts by:
    # the municipality or police unit it is about ("Eenheid Oost-Nederland"), who facilitated it.
    db["sessions"].add_column("ended_at", str)
    db["sessions"].add_column("unit", str)
    db["sessions"].add_column("facilitators", str)
    # What participants see at the join link once the session has ended: nothing more, or (when the
    # facilitator publishes it) the results or the factsheet, small groups left out.
    db["sessions"].add_column("published", str, not_null_default="")
    # A study groups sessions (e.g. "GIPZ 2026"); its colleagues may run and export all of them.
    db["studies"].create(
        {"id": int, "name": str, "description": str, "created_by": int, "created_at": str},
        pk="id",
        not_null={"name", "created_at"},
        foreign_keys=[("created_by", "facilitators", "id")],
    )
    db["studies"].create_index(["name"], unique=True)
    db["study_members"].create(
        {"study_id": int, "facilitator_id": int, "added_by": int, "added_at": str},
        pk=("study_id", "facilitator_id"),
        foreign_keys=[("study_id", "studies", "id"), ("facilitator_id", "facilitators", "id")],
    )
    db["sessions"].add_column("study_id", int)
    db["sessions"].create_index(["study_id"])
    # What facilitators did outside one session (logins, failed logins, studies, sharing) and the tombstones
    # of deleted sessions: who deleted which code when, nothing of its content.
    db["actions"].create(
        {"id": int, "at": str, "type": str, "data": str, "facilitator_id": int, "study_id": int},
        pk="id",
        not_null={"at", "type"},
    )
    db["actions"].create_index(["at"])


@migrations()
def m0014_first_closed_at(db):
    # When a question first closed: its split by a profile question keeps the groups of that moment, so a
    # later view cannot move one person into or out of 'Overig' (docs/privacy.md).
    db["question_states"].add_column("first_closed_at", str)
    db.execute("update question_states set first_closed_at = closed_at where closed_at is not null")


@migrations()
def m0020_answer_rounds(db):
    # Rounds (asking a question again after the discussion, Delphi-style): every answer belongs to a round of
    # its question, a participant has one answer per question per round, and a new round never touches the
    # rows of earlier ones. Answers given before rounds existed are round 1; a question's state holds the
    # round it is in now.
    db["responses"].add_column("round", int, not_null_default=1)
    db.execute("drop index if exists idx_responses_session_id_participant_id_question_id")
    db["responses"].create_index(["session_id", "participant_id", "question_id", "round"], unique=True)
    db["question_states"].add_column("round", int, not_null_default=1)


@migrations()
def m0021_session_members(db):
    # One session shared with another facilitator account: as co-facilitator (runs it like its owner: the
    # control view, moderation, exports) or as note-taker (role 'notes': the notes page and nothing else).
    db["session_members"].create(
        {"session_id": int, "facilitator_id": int, "role": str, "added_by": int, "added_at": str},
        pk=("session_id", "facilitator_id"),
        not_null={"role", "added_at"},
        foreign_keys=[("session_id", "sessions", "id"), ("facilitator_id", "facilitators", "id")],
    )
    db["session_members"].create_index(["facilitator_id"])


@migrations()
def m0022_ideas_then_votes(db):
    # Ideas, then votes (interactions/ideas.py, curation.py): a facilitator merges submitted ideas into one
    # curated idea, a submission row of its own ('curated'); the ideas it took point to it. Each submitted
    # text stays as it was approved, so a result can name the texts behind each voted idea.
    db["submissions"].add_column("merged_into", int)
    # An ideas question collects (phase null) and then votes ('vote') on a list frozen at that click
    # (JSON: [{id, text, sources}]), so that a vote's indexes always mean the ideas it was cast on.
    db["question_states"].add_column("phase", str)
    db["question_states"].add_column("ballot", str)
