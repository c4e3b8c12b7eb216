"""English names (msgids) for the enums a user sees: the kinds of good deeds, their states, the
kinds of identities and the steps of an introduction. A surface shows `t(label(value))`; the
German lives in the catalogues like every other text."""

from __future__ import annotations

from altruist.domain import IdentityKind, IntroductionState, SuggestionKind, SuggestionState

SUGGESTION_KINDS: dict[str, str] = {
    SuggestionKind.INTRODUCE: "Introduce",
    SuggestionKind.ANSWER: "Answer",
    SuggestionKind.FORWARD: "Forward",
    SuggestionKind.BIRTHDAY: "Birthday",
    SuggestionKind.CHECK_IN: "Check in",
    SuggestionKind.CONGRATULATE: "Congratulate",
    SuggestionKind.ANNIVERSARY: "Anniversary",
    SuggestionKind.ASK: "Ask",
    SuggestionKind.REMINDER: "Reminder",
}

SUGGESTION_STATES: dict[str, str] = {
    SuggestionState.NEW: "new",
    SuggestionState.SHOWN: "shown",
    SuggestionState.ACCEPTED: "accepted",
    SuggestionState.DONE: "done",
    SuggestionState.DISMISSED: "dismissed",
    SuggestionState.SNOOZED: "snoozed",
}

IDENTITY_KINDS: dict[str, str] = {
    IdentityKind.EMAIL: "e-mail",
    IdentityKind.PHONE: "phone",
    IdentityKind.LINKEDIN: "LinkedIn",
    IdentityKind.XING: "XING",
    IdentityKind.URL: "web address",
    IdentityKind.FORUM: "forum account",
    IdentityKind.OTHER: "other identifier",
}

INTRODUCTION_STATES: dict[str, str] = {
    IntroductionState.SUGGESTED: "suggested",
    IntroductionState.ASKED_FIRST: "first person asked",
    IntroductionState.FIRST_AGREED: "first person agreed",
    IntroductionState.ASKED_SECOND: "second person asked",
    IntroductionState.BOTH_AGREED: "both agreed",
    IntroductionState.INTRODUCED: "introduced",
    IntroductionState.HELPED: "it helped",
    IntroductionState.NO_FIT: "no fit",
    IntroductionState.DECLINED: "declined",
}


def label(names: dict[str, str], value: object) -> str:
    """The English name of `value`, or the value itself when it has none (a new enum member)."""
    return names.get(str(value), str(value))
