"""Short messages the user can send as they are or edit: birthday wishes, a check-in, a
congratulation, an ask. German or English, chosen by the *person's* language.

Titles and reasons are shown to the *user*, so they take the user's language (`ui`), which is not
necessarily the contact's. The neutral helpers at the top (`first_name`, `greeting`, `sign_off`,
`join_words`) are meant for other engines' drafts too (introductions).
"""

from __future__ import annotations

from datetime import date

from babel.dates import format_date

from altruist.domain import Language, Message, MessageValue, Person, Text, job_change_summary
from altruist.i18n.labels import TIERS


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


def birthday_title(person: Person, days_until: int) -> Message:
    """Titles and reasons are messages, rendered in the reader's language when shown (issue 14);"""
    if days_until == 0:
        return Message("{name}'s birthday is today", {"name": person.name})
    if days_until == 1:
        return Message("{name}'s birthday is tomorrow", {"name": person.name})
    return Message(
        "{name}'s birthday is in {n} day",
        {"name": person.name, "n": days_until},
        plural="{name}'s birthday is in {n} days",
    )


def birthday_reason(person: Person, on: date, days_until: int, age: int | None) -> Message:
    del days_until
    values: dict[str, MessageValue] = {"name": first_name(person), "day": on}
    if age is None:
        return Message("{name}'s birthday is on {day}; a greeting takes a minute.", values)
    return Message(
        "{name}'s birthday is on {day} and turns {age}; a greeting takes a minute.",
        values | {"age": str(age)},
    )


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


def check_in_title(person: Person) -> Message:
    return Message("Check in with {name}", {"name": person.name})


def tier_name(tier: str) -> Text:
    return Message(TIERS[tier]) if tier in TIERS else tier


def check_in_reason(person: Person, days_since: int | None, cadence: int, source: str) -> Message:
    """`source` says where the cadence comes from: 'person', a tier name, or 'history'."""
    name = first_name(person)
    origin: Message
    if source == "person":
        origin = Message("your cadence")
    elif source == "history":
        origin = Message("your usual rhythm")
    else:
        origin = Message("the “{tier}” tier", {"tier": tier_name(source)})
    since = (
        Message(
            "No contact with {name} for {n} day",
            {"name": name, "n": days_since},
            plural="No contact with {name} for {n} days",
        )
        if days_since is not None
        else Message("No contact with {name} recorded yet", {"name": name})
    )
    return Message(
        "{since}; {origin} says every {cadence} days.",
        {"since": since, "origin": origin, "cadence": cadence},
    )


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


def congratulate_title(person: Person) -> Message:
    return Message("Congratulate {name}", {"name": person.name})


def congratulate_reason(person: Person, summary: Text, on: date) -> Message:
    """`summary` is the life event's ("Anke Weiß is now Managerin at KPMG", written by the
    import); when it states the person's current job, the news is told from the person's
    position and company in the reader's language, otherwise it is shown as it was recorded."""
    return Message("New since {day}: {news}.", {"day": on, "news": job_news(person, summary)})


def job_news(person: Person, summary: Text) -> Text:
    """The event's own message; a row stored as English prose before issue 14 is told from the
    person's current job when it states it, otherwise shown as it was recorded."""
    if isinstance(summary, Message):
        return summary
    role = " at ".join(p for p in (person.position, person.company) if p)
    if not role or summary != f"{person.name} is now {role}":
        return summary
    return job_change_summary(person.name, person.position, person.company)


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


def anniversary_title(person: Person, years: int) -> Message:
    return Message(
        "{name}: {n} year in the job",
        {"name": person.name, "n": years},
        plural="{name}: {n} years in the job",
    )


def anniversary_reason(person: Person, years: int, on: date, days_until: int) -> Message:
    del days_until
    values: dict[str, MessageValue] = {"name": first_name(person), "day": on, "n": years}
    if person.company:
        return Message(
            "On {day} {name} completes {n} year at {company}.",
            values | {"company": person.company},
            plural="On {day} {name} completes {n} years at {company}.",
        )
    return Message(
        "On {day} {name} completes {n} year.",
        values,
        plural="On {day} {name} completes {n} years.",
    )


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


def ask_title(person: Person) -> Message:
    return Message("Ask {name} for leads", {"name": person.name})
