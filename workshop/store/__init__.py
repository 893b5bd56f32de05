"""Every query the application makes lives here; no SQL anywhere else.

Functions take a sqlite-utils Database first. Writes that belong together run in one `db.atomic()`
block, and a function that writes returns only after its transaction has committed.

One module per section; every function is re-exported here, so callers write `store.<function>` and tests
monkeypatch `store.<function>` (which reaches callers outside the package, not calls between its modules):

    shared        writing (the write transaction), now, _one, _log (a session's event), _json_path
    facilitators  accounts, passwords, login epochs
    sessions      starting, finding, ending, sharing a session; who may act on it (_RESPONSIBLE, _MAY_ACT)
    participants  joining, profiles, group sizes
    questions     a question's state: open/closed, countdowns, rounds, pacing, what the projector shows
    responses     answers per round, for screens and aggregates; held answers
    submissions   board statements and Q&A questions, their moderation and votes
    ideas         curated ideas over submitted ones, the vote on a frozen list
    notes         notes taken during a session
    coding        codebooks, codes, codings
    decks         who changed a deck, with its text
    deletion      deleting a session for good; backups
    studies       studies and who may open one (_MAY_SEE_STUDY)
    events        a session's event log and the actions outside sessions
    exports       rows for the data exports

`notes`, `submissions`, `events` and `facilitators` are both a module and a function; the function is what
`store.<name>` gives (it is imported below, after its module).
"""

from .coding import (  # noqa: F401
    add_code,
    codebook,
    codebooks,
    codebooks_of_session,
    coders,
    codes,
    coding_sources,
    codings,
    create_codebook,
    mark_seen,
    seen_texts,
    set_coding,
    update_code,
)
from .decks import (  # noqa: F401
    deck_change,
    deck_changes,
    last_deck_changes,
    record_deck_change,
)
from .deletion import (  # noqa: F401
    backup,
    delete_session,
)
from .events import (  # noqa: F401
    actions,
    events,
    log_action,
    log_event,
    session_log,
)
from .exports import (  # noqa: F401
    export_participants,
    export_responses,
    export_submissions,
    export_votes,
)
from .facilitators import (  # noqa: F401
    add_facilitator,
    count_facilitators,
    count_sessions_of,
    end_logins,
    facilitator_by_id,
    facilitator_by_name,
    facilitators,
    first_facilitator,
    login_epochs,
    remove_facilitator,
    set_password,
)
from .ideas import (  # noqa: F401
    edit_curated_idea,
    idea_rows,
    merge_ideas,
    set_ideas_phase,
    undo_merge,
)
from .notes import (  # noqa: F401
    add_note,
    notes,
)
from .participants import (  # noqa: F401
    count_participants,
    group_sizes,
    is_participant,
    join_participant,
    participant,
    set_min_group,
    set_profile,
)
from .questions import (  # noqa: F401
    close_expired,
    count_finished,
    question_state,
    question_states,
    reset_responses,
    set_pacing,
    set_question_status,
    set_results_visible,
    set_share_results,
    start_round,
)
from .responses import (  # noqa: F401
    answers_of,
    count_respondents,
    earlier_answers_of,
    held_responses,
    item_people,
    response_counts,
    response_values,
    response_values_by_group,
    review_response,
    save_response,
)
from .sessions import (  # noqa: F401
    _MAY_ACT,
    _MAY_TAKE_NOTES,
    _RESPONSIBLE,
    code_exists,
    create_session,
    edit_session,
    end_session,
    list_sessions,
    may_act_on_session,
    may_manage_session,
    may_take_notes,
    reopen_session,
    session_by_code,
    session_by_id,
    session_members,
    sessions_within_reach,
    set_current_slide,
    set_owner,
    share_session,
    unshare_session,
)
from .shared import (  # noqa: F401
    decode_answer,
    now,
    writing,
)
from .studies import (  # noqa: F401
    _MAY_SEE_STUDY,
    create_study,
    list_studies,
    may_see_study,
    set_session_study,
    share_study,
    study_by_id,
    study_by_name,
    study_members,
    unshare_study,
)
from .submissions import (  # noqa: F401
    add_submission,
    moderate_submission,
    moderation_queue,
    save_vote,
    seed_submissions,
    set_answered,
    set_board_sort,
    set_focus,
    set_split,
    submission,
    submissions,
    submissions_of,
    votes_by_group,
    votes_of,
)
