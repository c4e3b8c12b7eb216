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
from altruist.domain import IntroductionState, Suggestion, SuggestionKind
from altruist.engine.context import EngineContext
from altruist.engine.introductions.flow import IN_PROGRESS, views
from altruist.engine.phrases import user_language

S = IntroductionState
WAIT_DAYS = 7
OUTCOME_AFTER_DAYS = 14
# Finishing what was started ranks above most new ideas, but below a birthday today.
SCORE = 0.7

TITLES: dict[IntroductionState, dict[str, str]] = {
    S.SUGGESTED: {
        "en": "Ask {a} whether meeting {b} would help",
        "de": "{a} fragen, ob ein Kontakt zu {b} hilft",
    },
    S.ASKED_FIRST: {
        "en": "Follow up with {a} about meeting {b}",
        "de": "Bei {a} wegen {b} nachhaken",
    },
    S.FIRST_AGREED: {
        "en": "{a} agreed — now ask {b}",
        "de": "{a} ist einverstanden – jetzt {b} fragen",
    },
    S.ASKED_SECOND: {
        "en": "Follow up with {b} about meeting {a}",
        "de": "Bei {b} wegen {a} nachhaken",
    },
    S.BOTH_AGREED: {
        "en": "Introduce {a} and {b} — both agreed",
        "de": "{a} und {b} verbinden – beide sind einverstanden",
    },
    S.INTRODUCED: {
        "en": "Did the introduction of {a} and {b} help?",
        "de": "Hat die Vorstellung von {a} und {b} geholfen?",
    },
}
REASON = {
    "en": "You started this introduction on {started}; this is the next step. {why}",
    "de": "Du hast diese Vorstellung am {started} begonnen; das ist der nächste Schritt. {why}",
}


def suggest(ctx: EngineContext) -> list[Suggestion]:
    now = as_utc(ctx.clock())
    lang = user_language(ctx.store)
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
        started = as_utc(intro.created_at or now).date().isoformat()
        title = TITLES[state][lang].format(a=view.a.name, b=view.b.name)
        out.append(
            Suggestion(
                kind=SuggestionKind.INTRODUCE,
                key=f"intro-step:{intro.id}:{state}",
                title=title,
                reason=REASON[lang].format(started=started, why=intro.reason),
                score=SCORE,
                person_ids=[view.a.id or 0, view.b.id or 0],
                draft=f"{view.draft.subject}\n\n{view.draft.body}" if view.draft else None,
            )
        )
    return out
