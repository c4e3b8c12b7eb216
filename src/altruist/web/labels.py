"""Names shown for stored keys (issue 14): a field, an identity kind, where a need came from, a
closeness tier, an account kind. The key stays in the database; the page shows an English msgid
of the catalogues. A key not listed (a column of the user's own file, a tier the user named) is
data and is shown as it is."""

from __future__ import annotations

from altruist.domain import IdentityKind
from altruist.engine.drafts import DEFAULT_TIER_NAMES
from altruist.i18n import Translator

FIELDS = {
    "name": "Name",
    "given_name": "Given name",
    "family_name": "Family name",
    "company": "Company",
    "position": "Position",
    "headline": "Headline",
    "city": "City",
    "country": "Country",
    "birthday": "Birthday",
    "notes": "Notes",
    "language evidence": "Language evidence",
}
IDENTITIES = {
    IdentityKind.EMAIL: "E-mail",
    IdentityKind.PHONE: "Phone",
    IdentityKind.LINKEDIN: "LinkedIn profile",
    IdentityKind.XING: "XING profile",
    IdentityKind.URL: "Web address",
    IdentityKind.FORUM: "Forum account",
    IdentityKind.OTHER: "Other identifier",
}
# Where a derived need or offer was read (understand/needs.py SOURCE_*).
FACET_SOURCES = {
    "derived:headline": "the headline",
    "derived:notes": "the notes",
    "derived:position": "the position",
    "derived:post:": "a post in a group",
}
ACCOUNTS = {
    "carddav": "CardDAV address book",
    "caldav": "CalDAV calendar",
    "imap": "IMAP mailbox",
    "vdir": "Folder of files (vdir)",
}
SOURCES = {"demo": "Demo network"}
# Form and query fields a 422 page may name: the field as the user saw it, not its key.
FORM_FIELDS = {
    **FIELDS,
    "page": "Page",
    "q": "Search",
    "since": "Since",
    "date": "Date",
    "text": "Text",
    "note": "Note",
    "email": "E-mail",
    "emails": "E-mail addresses",
    "phone": "Phone",
    "kind": "Kind",
    "direction": "Direction",
    "language": "Language",
    "tag": "Tags",
    "tags": "Tags",
    "tier": "Closeness",
    "cadence_days": "Keep-in-touch interval (days)",
    "every": "Repeat every",
    "unit": "Unit",
    "timezone": "Timezone",
    "seek": "What you seek",
    "offer": "What you offer",
    "port": "Port",
    "user": "User name",
}
TABLES: dict[str, dict[str, str]] = {
    "field": FIELDS,
    "identity": {str(k): v for k, v in IDENTITIES.items()},
    "tier": DEFAULT_TIER_NAMES,
    "account": ACCOUNTS,
    "source": SOURCES,
    "form": FORM_FIELDS,
}


def label(t: Translator, table: str, key: str | None) -> str:
    """The name of `key` in the reader's language, or the key itself when it is data."""
    key = key or ""
    if table == "facet_source":
        for prefix, msgid in FACET_SOURCES.items():
            if key == prefix or (prefix.endswith(":") and key.startswith(prefix)):
                return t(msgid)
        return key
    name = TABLES[table].get(key)
    return t(name) if name else key
