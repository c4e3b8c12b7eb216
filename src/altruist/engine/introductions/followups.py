"""Introductions in progress come back on Today: the next step of each double opt-in, with its
draft, so a started introduction is carried through instead of forgotten (issue 4).

The user acts when the ball is in their court (ask the first person, ask the second, make the
introduction, record how it went); while waiting for an answer, a gentle follow-up is proposed
only after WAIT_DAYS. The key includes the state, so each step is its own deed: marking
"ask Anna" done does not hide "introduce Anna and Ben" later.
"""

from __future__ import annotations

from datetime import timedelta

from altruist.clock import as_utc
from altruist.domain import IntroductionState, Message, Suggestion, SuggestionKind
from altruist.engine.context import EngineContext
from altruist.engine.introductions.flow import IN_PROGRESS, views

S = IntroductionState
WAIT_DAYS = 7
OUTCOME_AFTER_DAYS = 14
# Finishing what was started ranks above most new ideas, but below a birthday today.
SCORE = 0.7

# English msgids (German in i18n/de_web.po): the texts are rendered in the reader's language.
TITLES: dict[IntroductionState, str] = {
    S.SUGGESTED: "Ask {a} whether meeting {b} would help",
    S.ASKED_FIRST: "Follow up with {a} about meeting {b}",
    S.FIRST_AGREED: "{a} agreed — now ask {b}",
    S.ASKED_SECOND: "Follow up with {b} about meeting {a}",
    S.BOTH_AGREED: "Introduce {a} and {b} — both agreed",
    S.INTRODUCED: "Did the introduction of {a} and {b} help?",
}
REASON = "You started this introduction on {started}; this is the next step. {why}"


def suggest(ctx: EngineContext) -> list[Suggestion]:
    now = as_utc(ctx.clock())
    out: list[Suggestion] = []
    for view in views(ctx, (*IN_PROGRESS, S.INTRODUCED)):
        intro = view.introduction
        state = intro.state
        since = as_utc(intro.updated_at or now)
        waiting = state in (S.ASKED_FIRST, S.ASKED_SECOND)
        if waiting and now - since < timedelta(days=WAIT_DAYS):
            continue
        if state is S.INTRODUCED and now - since < timedelta(days=OUTCOME_AFTER_DAYS):
            continue
        started = as_utc(intro.created_at or now).date()
        title = Message(TITLES[state], {"a": view.a.name, "b": view.b.name})
        out.append(
            Suggestion(
                kind=SuggestionKind.INTRODUCE,
                key=f"intro-step:{intro.id}:{state}",
                title=title,
                reason=Message(REASON, {"started": started, "why": intro.reason}),
                score=SCORE,
                person_ids=[view.a.id or 0, view.b.id or 0],
                draft=f"{view.draft.subject}\n\n{view.draft.body}" if view.draft else None,
            )
        )
    return out
