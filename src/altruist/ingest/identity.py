"""Identity keys and name similarity.

Exact keys (a match means the same person): normalised e-mail, canonical LinkedIn / XING profile
URL, phone number in E.164. Names are never an exact key: two "Anna Müller" are often two people,
so name + company similarity only proposes a merge for review.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from urllib.parse import unquote, urlsplit

import phonenumbers
from rapidfuzz import fuzz

from altruist.domain import IdentityKind
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


_TRANSLITERATION = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "æ": "ae", "ø": "oe"})


class _KeepAlnum(dict[int, int | None]):
    """A str.translate table built as characters are met: letters and digits stay, everything
    else (punctuation, spaces, combining accents left by NFKD) goes. Same result as filtering
    character by character, at C speed for every character seen before."""

    def __missing__(self, code: int) -> int | None:
        ch = chr(code)
        keep: int | None = code if ch.isalnum() and not unicodedata.combining(ch) else None
        self[code] = keep
        return keep


_KEEP_ALNUM = _KeepAlnum()


@lru_cache(maxsize=200_000)
def _fold(text: str) -> str:
    if text.isascii():
        return text.lower().translate(_KEEP_ALNUM)
    value = text.lower().translate(_TRANSLITERATION)
    return unicodedata.normalize("NFKD", value).translate(_KEEP_ALNUM)


def fold(text: str | None) -> str:
    """A comparison key: lower case, German umlauts spelled out (Müller = Mueller), other accents
    dropped (José = Jose), everything but letters and digits removed."""
    return _fold(text) if text else ""


# Common nicknames → the formal given name (German and English), for fuzzy matching only.
NICKNAMES = {
    "bob": "robert",
    "rob": "robert",
    "robby": "robert",
    "bill": "william",
    "will": "william",
    "liz": "elizabeth",
    "beth": "elizabeth",
    "betty": "elizabeth",
    "mike": "michael",
    "micha": "michael",
    "jim": "james",
    "jimmy": "james",
    "tom": "thomas",
    "tommy": "thomas",
    "dick": "richard",
    "rick": "richard",
    "rich": "richard",
    "kate": "katherine",
    "kathy": "katherine",
    "katie": "katherine",
    "chris": "christopher",
    "dave": "david",
    "dan": "daniel",
    "danny": "daniel",
    "joe": "joseph",
    "sepp": "josef",
    "steve": "stephen",
    "alex": "alexander",
    "sasha": "alexander",
    "andy": "andreas",
    "hans": "johannes",
    "jo": "johannes",
    "johnny": "john",
    "jon": "john",
    "jens": "johannes",
    "kathi": "katharina",
    "uli": "ulrich",
    "wolfi": "wolfgang",
    "steffi": "stefanie",
    "susi": "susanne",
    "flo": "florian",
    "basti": "sebastian",
    "fritz": "friedrich",
    "gabi": "gabriele",
    "matze": "matthias",
    "tobi": "tobias",
    "lena": "magdalena",
    "nick": "nicholas",
    "tony": "anthony",
    "sam": "samuel",
    "ben": "benjamin",
    "max": "maximilian",
}


def given_key(given: str | None) -> str:
    key = fold(given)
    return NICKNAMES.get(key, key)


def split_name(full: str) -> tuple[str, str]:
    """(given, family) from a display name: the last word is the family name. Only used when a
    source has no structured name, and only for matching."""
    words = full.replace(",", " ").split()
    if not words:
        return "", ""
    if len(words) == 1:
        return "", words[0]
    return " ".join(words[:-1]), words[-1]


def name_similarity(a_given: str, a_family: str, b_given: str, b_family: str) -> float:
    """0..100: family names must agree closely, given names agree via nickname or spelling."""
    fam = fuzz.ratio(fold(a_family), fold(b_family))
    if fam < 88:
        return 0.0
    ga, gb = given_key(a_given), given_key(b_given)
    if not ga or not gb:
        return 0.0
    given = 100.0 if ga == gb else fuzz.ratio(ga, gb)
    if given < 85 and not (ga.startswith(gb) or gb.startswith(ga)):
        return 0.0
    return (fam + given) / 2


def company_similarity(a: str | None, b: str | None) -> float:
    if not a or not b:
        return 0.0
    return float(fuzz.token_set_ratio(fold_words(a), fold_words(b)))


def fold_words(text: str) -> str:
    return " ".join(fold(w) for w in text.split())


def clear_caches() -> None:
    _fold.cache_clear()
    _normalize_phone.cache_clear()
