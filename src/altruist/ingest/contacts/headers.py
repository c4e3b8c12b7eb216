"""The one place that knows how localised address-book exports name their columns.

Outlook and Google write their CSV headers in the language of the user's account or Office
installation: a German Outlook writes `Vorname`, `E-Mail-Adresse`, `Firma`, `Geburtstag`; a German
Google account writes `E-Mail 1 - Wert`, `Organisation 1 - Name`. The CSV parser reads English
names only, so every localised name is translated here to the English name the same program
writes, and the locale found is reported (it is evidence of the contacts' language too).

To add a language, add its names to LOCALISED and its repeating-group words to GROUP_WORDS.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Localised header (lower-case) -> the English header the same exporter writes (lower-case).
LOCALISED: dict[str, dict[str, str]] = {
    "de": {
        # Outlook desktop (German Office) and Outlook.com with a German account.
        "anrede": "title",
        "vorname": "first name",
        "weitere vornamen": "middle name",
        "zweiter vorname": "middle name",
        "nachname": "last name",
        "suffix": "suffix",
        "spitzname": "nickname",
        "firma": "company",
        "abteilung": "department",
        "position": "job title",
        "beruf": "profession",
        "straße geschäftlich": "business street",
        "ort geschäftlich": "business city",
        "region geschäftlich": "business state",
        "bundesland/kanton geschäftlich": "business state",
        "postleitzahl geschäftlich": "business postal code",
        "land/region geschäftlich": "business country/region",
        "land geschäftlich": "business country",
        "straße privat": "home street",
        "ort privat": "home city",
        "bundesland/kanton privat": "home state",
        "postleitzahl privat": "home postal code",
        "land/region privat": "home country/region",
        "land privat": "home country",
        "weitere straße": "other street",
        "weiterer ort": "other city",
        "weitere postleitzahl": "other postal code",
        "weiteres/e land/region": "other country/region",
        "telefon geschäftlich": "business phone",
        "telefon geschäftlich 2": "business phone 2",
        "telefon privat": "home phone",
        "telefon privat 2": "home phone 2",
        "mobiltelefon": "mobile phone",
        "mobiltelefon 2": "mobile phone 2",
        "autotelefon": "car phone",
        "telefon firma": "company main phone",
        "haupttelefon": "primary phone",
        "weiteres telefon": "other phone",
        "telefon assistent": "assistant's phone",
        "rückmeldung": "callback",
        "e-mail-adresse": "e-mail address",
        "e-mail 2: adresse": "e-mail 2 address",
        "e-mail 3: adresse": "e-mail 3 address",
        "e-mail-adresse 2": "e-mail 2 address",
        "e-mail-adresse 3": "e-mail 3 address",
        "geburtstag": "birthday",
        "jahrestag": "anniversary",
        "notizen": "notes",
        "webseite": "web page",
        "persönliche webseite": "personal web page",
        "kategorien": "categories",
        "sprache": "language",
        # Google Contacts exported from a German account (current and legacy layout).
        "organisationsname": "organization name",
        "organisationstitel": "organization title",
        "organisationsabteilung": "organization department",
        "organisation - name": "organization name",
        "organisation - titel": "organization title",
        "organisation - abteilung": "organization department",
        "gruppenmitgliedschaft": "group membership",
        "labels": "labels",
        "namenspräfix": "name prefix",
        "namenssuffix": "name suffix",
        "speichern unter": "file as",
        "dateiname als": "file as",
        "foto": "photo",
        "geschlecht": "gender",
        # Thunderbird with a German interface.
        "anzeigename": "display name",
        "primäre e-mail-adresse": "primary email",
        "sekundäre e-mail-adresse": "secondary email",
        "tel. dienstlich": "work phone",
        "tel. privat": "home phone",
        "mobil-tel.-nr.": "mobile number",
        "arbeitstitel": "job title",
        "organisation": "organization",
        "dienstlich: ort": "work city",
        "dienstlich: land": "work country",
        "privat: ort": "home city",
        "privat: land": "home country",
        "webseite 1": "web page 1",
        "webseite 2": "web page 2",
        "geburtsjahr": "birth year",
        "geburtsmonat": "birth month",
        "geburtstag (tag)": "birth day",
    },
}

# Google's repeating groups (`E-Mail 1 - Wert`): group name and field word per language.
GROUP_WORDS: dict[str, dict[str, str]] = {
    "de": {
        "e-mail": "e-mail",
        "telefon": "phone",
        "adresse": "address",
        "organisation": "organization",
        "website": "website",
        "webseite": "website",
        "beziehung": "relation",
        "ereignis": "event",
        "benutzerdefiniertes feld": "custom field",
        "wert": "value",
        "typ": "type",
        "label": "label",
        "formatiert": "formatted",
        "straße": "street",
        "ort": "city",
        "stadt": "city",
        "postfach": "po box",
        "region": "region",
        "postleitzahl": "postal code",
        "land": "country",
        "name": "name",
        "titel": "title",
        "abteilung": "department",
    },
}
_GROUP = re.compile(r"^(?P<group>[^\d]+?) (?P<n>\d+) - (?P<field>.+)$")


@dataclass(frozen=True)
class Header:
    """A CSV header as the parser reads it: English names, and the locale they came in."""

    original: list[str]
    english: list[str]  # lower-case, same order and length as `original`
    locale: str | None  # "de" when German names were found, None for English ones


def translate(header: list[str]) -> Header:
    """Translate localised column names; unknown names pass through lower-cased unchanged, so an
    English header comes out as it went in."""
    names = [h.strip().lower() for h in header]
    best_locale, best_hits, best_out = None, 0, names
    for locale, table in LOCALISED.items():
        out = [table.get(n) or _group(n, GROUP_WORDS.get(locale, {})) or n for n in names]
        hits = sum(1 for n, o in zip(names, out, strict=True) if n != o)
        if hits > best_hits:
            best_locale, best_hits, best_out = locale, hits, out
    # One or two translated names could be an English file with a stray German custom column;
    # a localised export renames its core columns (first/last name, e-mail) together.
    if best_hits < 2:
        return Header(list(header), names, None)
    return Header(list(header), best_out, best_locale)


def _group(name: str, words: dict[str, str]) -> str | None:
    match = _GROUP.match(name)
    if not match:
        return None
    group, field = words.get(match["group"]), words.get(match["field"])
    if group is None or field is None:
        return None
    return f"{group} {match['n']} - {field}"
