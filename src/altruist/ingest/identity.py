"""Identity keys and name similarity.

Exact keys (a match means the same person): normalised e-mail, canonical LinkedIn / XING profile
URL, phone number in E.164. Names are never an exact key: two "Anna Müller" are often two people,
so name + company similarity only proposes a merge for review.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import unquote, urlsplit

import phonenumbers
from rapidfuzz import fuzz

from altruist import names
from altruist.domain import IdentityKind
from altruist.names import fold, fold_words

__all__ = ["fold", "fold_words"]  # re-exported: parsers fold names for their own keys
from altruist.errors import ConfigError

_EMAIL = re.compile(r"^[^@\s<>(),;:\"]+@[^@\s<>(),;:\"]+\.[^@\s<>(),;:\".]+$")


def normalize_email(raw: str) -> str | None:
    """Lower-cased address without `mailto:` and display name; None if it is not an address.

    The local part is case-sensitive in theory (RFC 5321 §2.4) but no real provider treats it so,
    and users type it both ways. We do not use email-validator here: it rejects the reserved
    `.invalid`/`.test` domains that redacted exports and tests use.
    """
    value = raw.strip()
    if "<" in value and value.endswith(">"):
        value = value[value.rindex("<") + 1 : -1]
    if value.lower().startswith("mailto:"):
        value = value[7:]
    value = value.strip().lower()
    return value if _EMAIL.match(value) else None


def region_code(region: str) -> str:
    """The phone region as phonenumbers spells it (upper case), or a ConfigError naming it."""
    code = region.strip().upper()
    if code not in phonenumbers.SUPPORTED_REGIONS:
        raise ConfigError(
            f"phone_region '{region}' is not a known region code (e.g. DE, AT, CH, GB, US)"
        )
    return code


def normalize_phone(raw: str, region: str = "DE") -> str | None:
    """E.164 (`+4930123456`) or None. `region` is the country assumed for numbers written without
    a country code; German users' address books are full of `030 …`."""
    return _normalize_phone(raw, region)


@lru_cache(maxsize=100_000)
def _normalize_phone(raw: str, region: str) -> str | None:
    # Cached: phonenumbers needs ~50 µs a number, and the same numbers come back with every
    # re-import (and several times within one address book). A pure function of its arguments.
    value = raw.strip()
    if value.lower().startswith("tel:"):
        value = value[4:].split(";", 1)[0]
    if not any(ch.isdigit() for ch in value):
        return None
    try:
        number = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


# The common spelling of a LinkedIn profile URL, read without urlsplit; anything else (escapes,
# other hosts, ports, query strings, upper-case schemes) takes the general path below.
_PLAIN_LINKEDIN = re.compile(
    r"(?:https?://)?(?:[a-z]{2,3}\.|www\.)?linkedin\.com/in/([A-Za-z0-9_-]+)/?", re.ASCII
)


def canonical_profile(raw: str) -> tuple[IdentityKind, str] | None:
    """A LinkedIn or XING profile URL in one canonical spelling, or None for any other URL.

    LinkedIn: `https://www.linkedin.com/in/<slug>` whatever the country subdomain, scheme, query or
    trailing slash (`de.linkedin.com/in/Max-Muster/?locale=de` is the same profile). XING:
    `https://www.xing.com/profile/<Slug>` (XING also writes `/profiles/` and `/people/`).
    """
    value = raw.strip()
    if not value:
        return None
    plain = _PLAIN_LINKEDIN.fullmatch(value)
    if plain:
        return IdentityKind.LINKEDIN, f"https://www.linkedin.com/in/{plain[1].lower()}"
    if "://" not in value:
        value = "https://" + value
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    segments = [unquote(s) for s in parts.path.split("/") if s]
    if host == "linkedin.com" or host.endswith(".linkedin.com"):
        if len(segments) >= 2 and segments[0].lower() in ("in", "pub"):
            slug = "/".join(segments[1:]) if segments[0].lower() == "pub" else segments[1]
            kind = segments[0].lower()
            return IdentityKind.LINKEDIN, f"https://www.linkedin.com/{kind}/{slug.lower()}"
        return None
    is_xing = host == "xing.com" or host.endswith(".xing.com")
    if is_xing and len(segments) >= 2 and segments[0].lower() in ("profile", "profiles", "people"):
        return IdentityKind.XING, f"https://www.xing.com/profile/{segments[1].lower()}"
    return None


# Local parts of addresses a team, a role or a household reads, not one person. Matched on the
# part before any `.`/`-`/`+` (info.berlin@, kontakt-muc@, team+x@).
ROLE_LOCAL_PARTS = frozenset(
    [
        "info",
        "kontakt",
        "contact",
        "team",
        "office",
        "buero",
        "bewerbung",
        "bewerbungen",
        "hr",
        "jobs",
        "job",
        "karriere",
        "career",
        "careers",
        "hello",
        "hallo",
        "mail",
        "post",
        "service",
        "support",
        "sales",
        "vertrieb",
        "empfang",
        "reception",
        "admin",
        "sekretariat",
        "verwaltung",
        "presse",
        "press",
        "marketing",
        "praxis",
        "kanzlei",
        "zentrale",
        "noreply",
        "no-reply",
        "familie",
        "family",
        "home",
        "privat",
        "webmaster",
        "anfrage",
        "anfragen",
        "booking",
        "bestellung",
        "orders",
        "invoice",
        "rechnung",
        "buchhaltung",
        "accounting",
    ]
)


def is_role_address(email: str) -> bool:
    """info@, kontakt@, team@, bewerbung@ …: an address several people read (normalised
    e-mail expected)."""
    local = email.split("@", 1)[0]
    head = re.split(r"[.+_-]", local, maxsplit=1)[0]
    return local in ROLE_LOCAL_PARTS or head in ROLE_LOCAL_PARTS


@lru_cache(maxsize=100_000)
def is_mobile(e164: str) -> bool:
    """A mobile number (one person's, as a rule), not a switchboard or a family landline.
    `FIXED_LINE_OR_MOBILE` (the US, Canada) counts as shareable: it cannot be told apart."""
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.number_type(number) == phonenumbers.PhoneNumberType.MOBILE


def is_personal(kind: str, value: str) -> bool:
    """Personal identifiers may fuse two records whose names do not conflict: a LinkedIn or
    XING profile, a personal e-mail address, a mobile number. Everything else is shareable."""
    if kind == IdentityKind.EMAIL:
        return not is_role_address(value)
    if kind == IdentityKind.PHONE:
        return is_mobile(value)
    return kind in (IdentityKind.LINKEDIN, IdentityKind.XING)


def split_name(full: str) -> tuple[str, str]:
    """(given, family) from a display name: the last word is the family name. Only used when a
    source has no structured name, and only for matching."""
    words = full.replace(",", " ").split()
    if not words:
        return "", ""
    if len(words) == 1:
        return "", words[0]
    return " ".join(words[:-1]), words[-1]


def company_similarity(a: str | None, b: str | None) -> float:
    if not a or not b:
        return 0.0
    return float(fuzz.token_set_ratio(fold_words(a), fold_words(b)))


def clear_caches() -> None:
    names.clear_caches()
    _normalize_phone.cache_clear()
    is_mobile.cache_clear()
