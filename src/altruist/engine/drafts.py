"""Short messages the user can send as they are or edit: birthday wishes, a check-in, a
congratulation, an ask. German or English, chosen by the *person's* language.

Titles and reasons are shown to the *user*, so they take the user's language (`ui`), which is not
necessarily the contact's. The neutral helpers at the top (`first_name`, `greeting`, `sign_off`,
`join_words`) are meant for other engines' drafts too (introductions).
"""

from __future__ import annotations

from datetime import date

from babel.dates import format_date

from altruist.domain import Language, Person


def lang_of(person: Person) -> Language:
    return person.language if person.language in (Language.DE, Language.EN) else Language.EN


def first_name(person: Person) -> str:
    if person.given_name:
        return person.given_name
    return person.name.split()[0] if person.name.split() else person.name


def is_formal(person: Person) -> bool:
    """German drafts say "du" unless the user tagged the contact `sie` or `formal`: networking
    contacts on XING/LinkedIn mostly use "du", but a wrong "du" costs more than a stiff "Sie"."""
    return bool({"sie", "formal"} & {t.lower() for t in person.tags})


def greeting(person: Person, lang: Language | None = None) -> str:
    lang = lang or lang_of(person)
    if lang is Language.DE:
        if is_formal(person) and person.family_name:
            return f"Guten Tag {person.name},"
        return f"Hallo {first_name(person)},"
    return f"Hi {first_name(person)},"


def sign_off(lang: Language, formal: bool = False) -> str:
    if lang is Language.DE:
        return "Freundliche Grüße" if formal else "Viele Grüße"
    return "Best wishes"


def signed(draft: str | None, me: Person | None) -> str | None:
    """The draft with the user's first name under the sign-off (issue 16: drafts carry the
    user's own name, not a placeholder); unchanged while the user has not said who they are."""
    if not draft or me is None or not me.name.strip():
        return draft
    return f"{draft.rstrip()}\n{first_name(me)}"


def join_words(items: list[str], lang: Language, *, alternative: bool = False) -> str:
    """ "A, B und C" / "A, B and C" (or "oder"/"or" with `alternative`)."""
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    if lang is Language.DE:
        word = "oder" if alternative else "und"
    else:
        word = "or" if alternative else "and"
    return f"{', '.join(items[:-1])} {word} {items[-1]}"


def long_date(day: date, lang: Language) -> str:
    return format_date(day, format="long", locale=str(lang))


def _letter(person: Person, body_de: str, body_en: str, body_de_formal: str | None = None) -> str:
    lang = lang_of(person)
    if lang is Language.DE:
        body = body_de_formal if (body_de_formal and is_formal(person)) else body_de
    else:
        body = body_en
    formal = lang is Language.DE and is_formal(person)
    return f"{greeting(person, lang)}\n\n{body}\n\n{sign_off(lang, formal)}"


# --- birthdays --------------------------------------------------------------------------------


def birthday(person: Person, age: int | None) -> str:
    # The age is only written out for round birthdays: "happy 37th" reads odd in a message.
    round_age = age is not None and age > 0 and age % 10 == 0
    wish_de = f" und herzlichen Glückwunsch zum {age}." if round_age else "!"
    wish_en = f"Happy {age}th birthday!" if round_age else "Happy birthday!"
    return _letter(
        person,
        f"Alles Gute zum Geburtstag{wish_de} Ich hoffe, du hast einen schönen Tag – "
        "und dass wir uns bald wieder hören.",
        f"{wish_en} I hope you have a wonderful day, and that we catch up again soon.",
        f"Alles Gute zum Geburtstag{wish_de} Ich wünsche Ihnen einen schönen Tag.",
    )


def birthday_title(person: Person, days_until: int, ui: Language = Language.EN) -> str:
    if ui is Language.DE:
        when = {0: "heute", 1: "morgen"}.get(days_until, f"in {days_until} Tagen")
        return f"{person.name} hat {when} Geburtstag"
    when = {0: "today", 1: "tomorrow"}.get(days_until, f"in {days_until} days")
    return f"{person.name}'s birthday is {when}"


def birthday_reason(
    person: Person, on: date, days_until: int, age: int | None, ui: Language = Language.EN
) -> str:
    day = long_date(on, ui)
    if ui is Language.DE:
        turns = f" und wird {age}" if age is not None else ""
        return (
            f"{first_name(person)} hat am {day} Geburtstag{turns}; "
            "ein Glückwunsch kostet eine Minute."
        )
    turns = f" and turns {age}" if age is not None else ""
    return f"{first_name(person)}'s birthday is on {day}{turns}; a greeting takes a minute."


# --- keep in touch ----------------------------------------------------------------------------


def check_in(person: Person, last_topic: str | None = None) -> str:
    topic_de = topic_en = ""
    if last_topic:
        topic_de = f" Zuletzt ging es um „{last_topic}“ – was ist daraus geworden?"
        topic_en = f" Last time we talked about “{last_topic}” – how did it go?"
    return _letter(
        person,
        f"Wir haben schon länger nichts voneinander gehört.{topic_de} "
        "Wie geht es dir, und woran arbeitest du gerade? Kann ich dir bei etwas helfen?",
        f"it has been a while since we last spoke.{topic_en} "
        "How are you, and what are you working on these days? Is there anything I can help with?",
        f"Wir haben schon länger nichts voneinander gehört.{topic_de} "
        "Wie geht es Ihnen, und woran arbeiten Sie gerade? Kann ich Ihnen bei etwas helfen?",
    )


def check_in_title(person: Person, ui: Language = Language.EN) -> str:
    return f"Bei {person.name} melden" if ui is Language.DE else f"Check in with {person.name}"


def check_in_reason(
    person: Person, days_since: int | None, cadence: int, source: str, ui: Language = Language.EN
) -> str:
    """`source` says where the cadence comes from: 'person', a tier name, or 'history'."""
    name = first_name(person)
    if ui is Language.DE:
        origin = {"person": "deinem Rhythmus", "history": "eurem bisherigen Rhythmus"}.get(
            source, f"der Stufe „{source}“"
        )
        since = (
            f"Seit {days_since} Tagen kein Kontakt mit {name}"
            if days_since is not None
            else (f"Noch kein Kontakt mit {name} festgehalten")
        )
        return f"{since}; nach {origin} wäre alle {cadence} Tage ein Lebenszeichen fällig."
    origins = {"person": "your cadence", "history": "your usual rhythm"}
    origin = origins.get(source, f"the “{source}” tier")
    since = (
        f"No contact with {name} for {days_since} days"
        if days_since is not None
        else (f"No contact with {name} recorded yet")
    )
    return f"{since}; {origin} says every {cadence} days."


# --- life events ------------------------------------------------------------------------------


def _role(position: str | None, company: str | None, as_word: str, at_word: str) -> str:
    parts = [f"{as_word} {position}" if position else "", f"{at_word} {company}" if company else ""]
    return " ".join(p for p in parts if p)


def congratulate_job(person: Person, position: str | None, company: str | None) -> str:
    role_de = _role(position, company, "als", "bei")
    role_en = _role(position, company, "as", "at")
    return _letter(
        person,
        f"Herzlichen Glückwunsch zur neuen Aufgabe{(' ' + role_de) if role_de else ''}! "
        "Ich wünsche dir einen guten Start – sag Bescheid, wenn ich dir mit Kontakten helfen kann.",
        f"Congratulations on the new role{(' ' + role_en) if role_en else ''}! "
        "All the best for the start – let me know if any contacts of mine could help.",
        f"Herzlichen Glückwunsch zur neuen Aufgabe{(' ' + role_de) if role_de else ''}! "
        "Ich wünsche Ihnen einen guten Start.",
    )


def congratulate_title(person: Person, ui: Language = Language.EN) -> str:
    return f"{person.name} gratulieren" if ui is Language.DE else f"Congratulate {person.name}"


def congratulate_reason(person: Person, summary: str, on: date, ui: Language = Language.EN) -> str:
    if ui is Language.DE:
        return f"Neu seit {long_date(on, ui)}: {summary}."
    return f"New since {long_date(on, ui)}: {summary}."


def anniversary(person: Person, years: int) -> str:
    company = person.company
    de_at = f" bei {company}" if company else ""
    en_at = f" at {company}" if company else ""
    return _letter(
        person,
        f"{years} Jahr{'e' if years != 1 else ''}{de_at} – herzlichen Glückwunsch zum Jubiläum! "
        "Wie geht es dir dort?",
        f"{years} year{'s' if years != 1 else ''}{en_at} – "
        "congratulations on the work anniversary! How is it going?",
        f"{years} Jahr{'e' if years != 1 else ''}{de_at} – herzlichen Glückwunsch zum Jubiläum!",
    )


def anniversary_title(person: Person, years: int, ui: Language = Language.EN) -> str:
    if ui is Language.DE:
        return f"{person.name}: {years} Jahr{'e' if years != 1 else ''} im Job"
    return f"{person.name}: {years} year{'s' if years != 1 else ''} in the job"


def anniversary_reason(
    person: Person, years: int, on: date, days_until: int, ui: Language = Language.EN
) -> str:
    at_de = f" bei {person.company}" if person.company else ""
    at_en = f" at {person.company}" if person.company else ""
    name, day = first_name(person), long_date(on, ui)
    if ui is Language.DE:
        return f"{name} ist am {day} seit {years} Jahr{'en' if years != 1 else ''}{at_de} dabei."
    return f"On {day} {name} completes {years} year{'s' if years != 1 else ''}{at_en}."


# --- asks -------------------------------------------------------------------------------------


def ask_for_leads(person: Person, looking_for_de: str, looking_for_en: str, offered: bool) -> str:
    """The ask from the blog post: say openly what you look for, ask to keep eyes and ears open."""
    thanks_de = thanks_en = sie_de = ""
    if offered:
        thanks_de = "Du hattest mir angeboten, mir bei Gelegenheit zu helfen – "
        thanks_de += "darauf komme ich gern zurück. "
        sie_de = thanks_de.replace("Du hattest", "Sie hatten")
        thanks_en = "You kindly offered to help me at some point – may I take you up on that? "
    return _letter(
        person,
        f"{thanks_de}Ich suche gerade {looking_for_de}. Falls dir etwas Passendes begegnet, "
        "halte bitte Augen und Ohren für mich offen. Das würde mir sehr helfen – und sag mir gern, "
        "wenn ich umgekehrt etwas für dich tun kann.",
        f"{thanks_en}I am currently looking for {looking_for_en}. If you come across anything that "
        "fits, could you keep your eyes and ears open for me? That would help a lot – "
        "and do tell me if I can do something for you in return.",
        f"{sie_de}Ich suche gerade {looking_for_de}. Falls Ihnen etwas Passendes begegnet, "
        "halten Sie bitte Augen und Ohren für mich offen. Vielen Dank!",
    )


def ask_title(person: Person, ui: Language = Language.EN) -> str:
    if ui is Language.DE:
        return f"{person.name} um Hinweise bitten"
    return f"Ask {person.name} for leads"
