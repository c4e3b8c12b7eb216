"""The messages of a double-opt-in introduction: the private ask to the first person (with a
forwardable blurb about the other), the ask to the second, the introduction e-mail to both, and
a neutral closing note when it falls through.

Each message is in the *recipient's* language (German "du" unless the contact is tagged formal,
see engine/drafts.is_formal); the introduction to both uses their shared language, else English.
A decline is never revealed: the closing note says it will not come together this time, never
who said no or why (issue 4). A private need (a job search, issue 15) is never named in the first
ask, which goes out before its owner agreed; it appears only once its owner said yes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from urllib.parse import quote

from altruist.domain import (
    Facet,
    FacetKind,
    Introduction,
    IntroductionState,
    Language,
    Person,
    Visibility,
)
from altruist.engine.drafts import first_name, greeting, is_formal, lang_of, sign_off
from altruist.engine.need_offer import facet_intents
from altruist.understand.intents import COMPATIBLE, understand
from altruist.understand.reader import Reader


@dataclass(frozen=True)
class Parties:
    """Everything a draft may mention: both people, their needs and offers, their e-mails, and
    the user who signs."""

    a: Person
    b: Person
    facets: dict[int, list[Facet]] = field(default_factory=dict)
    emails: dict[int, list[str]] = field(default_factory=dict)
    me: Person | None = None


@dataclass(frozen=True)
class Draft:
    step: str  # ask_first | ask_second | introduce | close
    to: tuple[int, ...]
    emails: tuple[str, ...]
    language: Language
    subject: str
    body: str

    @property
    def mailto(self) -> str:
        return mailto_url(self.emails, self.subject, self.body)


def mailto_url(emails: tuple[str, ...] | list[str], subject: str, body: str) -> str:
    """RFC 6068: addresses comma-separated, every value percent-encoded, line breaks as CRLF."""
    to = ",".join(quote(e, safe="@") for e in emails)
    crlf = re.sub(r"\r?\n", "\r\n", body)
    return f"mailto:{to}?subject={quote(subject, safe='')}&body={quote(crlf, safe='')}"


# --- what to say about whom --------------------------------------------------------------------


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"\w+", understand(text).topic.casefold()) if len(w) > 2}


def best_match(needer: list[Facet], helper: list[Facet]) -> tuple[Facet, Facet] | None:
    """The needer's need the helper meets best: compatible intents (understand/intents.py, read by
    cue words here — a draft has no embedder at hand), then shared topic words, then confidence.
    Cheap enough for a draft; the ranking uses the full reader and embeddings."""
    reader = Reader()
    needs = [f for f in needer if f.kind is FacetKind.NEED]
    need_intents = facet_intents(needs, reader)
    other_intents = facet_intents(helper, reader)
    best: tuple[float, Facet, Facet] | None = None
    for need, intent in zip(needs, need_intents, strict=True):
        targets = COMPATIBLE.get(intent, {})
        need_words = _words(need.text)
        for other, other_intent in zip(helper, other_intents, strict=True):
            weight = targets.get(other_intent)
            if not weight:
                continue
            overlap = len(need_words & _words(other.text)) / (len(need_words) or 1)
            score = weight * (0.5 + overlap) * need.confidence * other.confidence
            if best is None or score > best[0]:
                best = (score, need, other)
    return (best[1], best[2]) if best else None


def shareable_only(parties: Parties, person: Person) -> Parties:
    """`parties` with the private needs and offers of `person` left out: what may be said about
    them before they agreed."""
    pid = person.id or 0
    kept = [f for f in parties.facets.get(pid, []) if f.visibility is Visibility.SHAREABLE]
    return replace(parties, facets={**parties.facets, pid: kept})


def _top(facets: list[Facet], kind: FacetKind) -> Facet | None:
    ranked = sorted((f for f in facets if f.kind is kind), key=lambda f: (-f.confidence, f.id or 0))
    return ranked[0] if ranked else None


def _q(text: str, lang: Language) -> str:
    return f"„{text}“" if lang is Language.DE else f"“{text}”"


def blurb(person: Person, facets: list[Facet], lang: Language) -> str:
    """A self-contained paragraph about `person` that the recipient can forward as it is."""
    role = person.position or ""
    german = lang is Language.DE
    where = ""
    if person.company:
        where += f" {'bei' if german else 'at'} {person.company}"
    if person.city:
        where += f" {'in'} {person.city}"
    if role:
        first = f"{person.name} {'ist' if german else 'is'} {role}{where}."
    elif where:
        first = f"{person.name} {'arbeitet' if german else 'works'}{where}."
    else:
        first = f"{person.name}."
    offer = _top(facets, FacetKind.OFFER)
    need = _top(facets, FacetKind.NEED)
    parts = [first]
    # Quoted in the person's own words after a neutral label: the texts often start with their
    # own verb ("sucht …", "looking for …"), which a sentence around them would repeat.
    if offer:
        parts.append(f"{'Kann helfen mit' if german else 'Can help with'}: {_q(offer.text, lang)}.")
    if need:
        parts.append(f"{'Aktuell' if german else 'Currently'}: {_q(need.text, lang)}.")
    return " ".join(parts)


def _why(recipient: Person, other: Person, parties: Parties, lang: Language) -> str:
    """One sentence on why the recipient profits, from their own needs and the other's facets."""
    mine, theirs = parties.facets.get(recipient.id or 0, []), parties.facets.get(other.id or 0, [])
    german, formal = lang is Language.DE, is_formal(recipient)
    you = "Sie" if formal else "du"
    match = best_match(mine, theirs)
    if match:
        need, help_ = match
        counterpart = help_.kind is FacetKind.NEED  # a job seeker for a hiring manager, say
        if german:
            fits = "sucht genau das Gegenstück" if counterpart else "bringt genau das mit"
            return (
                f"{'Sie haben' if formal else 'Du hast'} erwähnt: {_q(need.text, lang)} – "
                f"und {first_name(other)} {fits}: {_q(help_.text, lang)}."
            )
        fits = "is looking for exactly the counterpart" if counterpart else "brings exactly that"
        return f"You mentioned {_q(need.text, lang)}, and {first_name(other)} {fits}: {_q(help_.text, lang)}."
    reverse = best_match(theirs, mine)
    if reverse:
        need, help_ = reverse
        if german:
            return (
                f"{first_name(other)}: {_q(need.text, lang)} – dabei könnte{'n' if formal else 'st'} "
                f"{you} mit {_q(help_.text, lang)} viel bewirken."
            )
        return f"{first_name(other)}: {_q(need.text, lang)} — and your {_q(help_.text, lang)} could make a real difference there."
    if german:
        return (
            "Ich glaube, Sie beide können voneinander profitieren."
            if formal
            else "Ich glaube, ihr beide könnt voneinander profitieren."
        )
    return "I think you two could both profit from meeting."


def _signed(lang: Language, parties: Parties) -> str:
    name = first_name(parties.me) if parties.me else ""
    return f"{sign_off(lang)}\n{name}".rstrip()


def _letter(recipient: Person, lang: Language, paragraphs: list[str], parties: Parties) -> str:
    return "\n\n".join([greeting(recipient, lang), *paragraphs, _signed(lang, parties)])


def _emails(parties: Parties, *people: Person) -> tuple[str, ...]:
    return tuple(e for p in people for e in parties.emails.get(p.id or 0, [])[:1])


# --- the messages ------------------------------------------------------------------------------


def ask(recipient: Person, other: Person, parties: Parties, *, second: bool) -> Draft:
    """The private ask. The first person learns that the other will only be asked if they agree;
    the second learns that the first would like to meet — both may say no without it ever
    reaching the other side."""
    lang = lang_of(recipient)
    if not second:  # the other person has not agreed yet: nothing private about them
        parties = shareable_only(parties, other)
    facets = parties.facets.get(other.id or 0, [])
    other_first = first_name(other)
    about = blurb(other, facets, lang)
    why = _why(recipient, other, parties, lang)
    if lang is Language.DE and is_formal(recipient):
        subject = (
            f"Vorstellung: {other.name}?" if second else f"Möchten Sie {other.name} kennenlernen?"
        )
        opening = (
            f"{other_first} würde sich freuen, Sie kennenzulernen, und ich würde Sie gern miteinander bekannt machen."
            if second
            else "ich würde Sie gern mit jemandem aus meinem Netzwerk bekannt machen und frage vorher kurz nach."
        )
        closing = (
            "Passt es Ihnen? Dann schicke ich Ihnen beiden eine kurze Vorstellungs-Mail. Wenn nicht, "
            "ist das völlig in Ordnung – sagen Sie es mir einfach, es bleibt unter uns."
            if second
            else f"Wäre Ihnen eine Vorstellung recht? Dann frage ich auch {other_first} und verbinde Sie "
            f"beide per E-Mail, sobald {other_first} ebenfalls zusagt. Wenn nicht, ist das völlig in "
            f"Ordnung – {other_first} erfährt nichts davon."
        )
    elif lang is Language.DE:
        subject = (
            f"Vorstellung: {other.name}?" if second else f"Möchtest du {other.name} kennenlernen?"
        )
        opening = (
            f"{other_first} würde sich freuen, dich kennenzulernen, und ich würde euch gern miteinander bekannt machen."
            if second
            else "ich würde dich gern mit jemandem aus meinem Netzwerk bekannt machen und frage vorher kurz nach."
        )
        closing = (
            "Passt es dir? Dann schicke ich euch beiden eine kurze Vorstellungs-Mail. Wenn nicht, ist "
            "das völlig in Ordnung – sag es mir einfach, es bleibt unter uns."
            if second
            else f"Wäre dir eine Vorstellung recht? Dann frage ich auch {other_first} und verbinde euch "
            f"per E-Mail, sobald {other_first} ebenfalls zusagt. Wenn nicht, ist das völlig in "
            f"Ordnung – {other_first} erfährt nichts davon."
        )
    else:
        subject = (
            f"Introduction to {other.name}?" if second else f"Would you like to meet {other.name}?"
        )
        opening = (
            f"{other_first} would be glad to meet you, and I'd love to introduce you to each other."
            if second
            else "I'd like to introduce you to someone in my network and wanted to check with you first."
        )
        closing = (
            "Would that suit you? Then I'll send you both a short introduction e-mail. If not, that's "
            "completely fine — just tell me, it stays between us."
            if second
            else f"Would an introduction be welcome? Then I'll ask {other_first} too and connect you by "
            f"e-mail once {other_first} agrees as well. If not, no problem at all — {other_first} "
            "won't hear about it."
        )
    body = _letter(recipient, lang, [opening, about, why, closing], parties)
    return Draft(
        "ask_second" if second else "ask_first",
        (recipient.id or 0,),
        _emails(parties, recipient),
        lang,
        subject,
        body,
    )


def introduction(parties: Parties) -> Draft:
    """The e-mail to both: each learns who the other is and why they should talk."""
    a, b = parties.a, parties.b
    lang = lang_of(a) if lang_of(a) is lang_of(b) else Language.EN
    formal = lang is Language.DE and (is_formal(a) or is_formal(b))
    about_b = blurb(b, parties.facets.get(b.id or 0, []), lang)
    about_a = blurb(a, parties.facets.get(a.id or 0, []), lang)
    why = _why(a, b, parties, lang)
    if lang is Language.DE:
        hello = (
            f"Guten Tag {a.name}, guten Tag {b.name},"
            if formal
            else f"Hallo {first_name(a)}, hallo {first_name(b)},"
        )
        intro = (
            "wie versprochen stelle ich Sie einander vor – Sie haben beide gern zugesagt."
            if formal
            else "wie versprochen stelle ich euch einander vor – ihr habt beide gern zugesagt."
        )
        why_line = f"Warum gerade {first_name(a)} und {first_name(b)}: {_third_person_why(a, b, parties, lang) or why}"
        rest = (
            "Alles Weitere überlasse ich gern Ihnen."
            if formal
            else "Alles Weitere überlasse ich euch – ich freue mich, wenn ihr euch austauscht."
        )
        subject = f"Vorstellung: {a.name} ↔ {b.name}"
    else:
        hello = f"Hi {first_name(a)} and {first_name(b)},"
        intro = "As promised, here is the introduction — you both said you'd like to get in touch."
        why_line = f"Why you two: {_third_person_why(a, b, parties, lang) or why}"
        rest = "I'll leave the rest to you — I'm glad you're connecting."
        subject = f"Introduction: {a.name} ↔ {b.name}"
    paragraphs = [hello, intro, about_a, about_b, why_line, rest, _signed(lang, parties)]
    return Draft(
        "introduce",
        (a.id or 0, b.id or 0),
        _emails(parties, a, b),
        lang,
        subject,
        "\n\n".join(paragraphs),
    )


def _third_person_why(a: Person, b: Person, parties: Parties, lang: Language) -> str | None:
    """The pair's match told to both, in the third person."""
    for needer, helper in ((a, b), (b, a)):
        match = best_match(
            parties.facets.get(needer.id or 0, []), parties.facets.get(helper.id or 0, [])
        )
        if match:
            need, offer = match
            tail = "das passt zusammen" if lang is Language.DE else "that fits together"
            return (
                f"{first_name(needer)}: {_q(need.text, lang)} – "
                f"{first_name(helper)}: {_q(offer.text, lang)}; {tail}."
            )
    return None


def closing(recipient: Person, other: Person, parties: Parties) -> Draft:
    """A neutral note to someone who was asked, when the introduction will not happen. It never
    says who declined or why — only that it will not come together this time."""
    lang = lang_of(recipient)
    other_first = first_name(other)
    if lang is Language.DE and is_formal(recipient):
        subject = f"Kurz zur Vorstellung mit {other_first}"
        text = (
            f"danke, dass Sie offen dafür waren, {other_first} kennenzulernen. Diesmal kommt die "
            "Vorstellung leider doch nicht zustande. Ich denke an Sie, wenn ich jemanden treffe, der "
            "zu Ihnen passt."
        )
    elif lang is Language.DE:
        subject = f"Kurz zur Vorstellung mit {other_first}"
        text = (
            f"danke, dass du offen dafür warst, {other_first} kennenzulernen. Diesmal kommt die "
            "Vorstellung leider doch nicht zustande. Ich denke an dich, wenn ich jemanden treffe, der "
            "zu dir passt."
        )
    else:
        subject = f"About meeting {other_first}"
        text = (
            f"Thanks for being open to meeting {other_first}. It won't come together this time after "
            "all. I'll keep you in mind when I meet someone who fits what you're looking for."
        )
    body = _letter(recipient, lang, [text], parties)
    return Draft("close", (recipient.id or 0,), _emails(parties, recipient), lang, subject, body)


def next_draft(
    intro: Introduction, parties: Parties, asked: set[int] | None = None
) -> Draft | None:
    """The message the user should send now (or send again while waiting for an answer).

    After a decline, `asked` (the people who were asked so far) says whether the other side
    already knows about the introduction and needs the neutral closing note."""
    a, b = parties.a, parties.b
    state = intro.state
    if state in (IntroductionState.SUGGESTED, IntroductionState.ASKED_FIRST):
        return ask(a, b, parties, second=False)
    if state in (IntroductionState.FIRST_AGREED, IntroductionState.ASKED_SECOND):
        return ask(b, a, parties, second=True)
    if state is IntroductionState.BOTH_AGREED:
        return introduction(parties)
    if state is IntroductionState.DECLINED:
        other = b if intro.declined_by == a.id else a
        if other.id in (asked or set()):
            return closing(other, a if other is b else b, parties)
    return None
