"""Name compatibility: one set of rules for matching people on import and for searching them.

`fold` makes the comparison key (case, diacritics, German transliteration: Müller = Mueller,
Groß = Gross, Zoë = Zoe). `compare` tells whether two people's names can belong to one person:

- SAME: the same name once folded (Jürgen Müller / Juergen Mueller, swapped order too);
- COMPATIBLE: could be one person written differently (nickname Theo/Theodor, a missing middle
  name, an initial, a one-letter typo in a longer name) — evidence for a review proposal;
- CONFLICT: two people (different given or family names, Sr. against Jr., two different
  birthdays). Nothing a conflicting pair shares may fuse them.

Transliteration: the German spellings (ä → ae) must win over the generic ones (ä → a), so umlauts
are spelled out first and every other accent is dropped by Unicode decomposition (the standard
library's `unicodedata`); string distance comes from rapidfuzz.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import IntEnum
from functools import lru_cache

from rapidfuzz.distance import OSA

_TRANSLITERATION = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "æ": "ae", "ø": "oe", "œ": "oe", "ł": "l"}
)


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


def fold_words(text: str | None) -> str:
    """`fold` word by word, words kept apart by one space: the form search matches against."""
    return _fold_words(text) if text else ""


@lru_cache(maxsize=200_000)
def _fold_words(text: str) -> str:
    # Cached: an import folds every person's company and position, and those repeat.
    return " ".join(w for w in map(fold, text.replace("-", " ").split()) if w)


# Nicknames → the formal given name, German and English. Only for matching: nobody's name is
# changed by this table. Ambiguous short forms map to one formal name; `Alex` could be Alexandra
# too, which is why a nickname match is COMPATIBLE (a proposal), never SAME.
NICKNAMES = {
    "bob": "robert",
    "bobby": "robert",
    "rob": "robert",
    "robby": "robert",
    "bert": "robert",
    "bill": "wilhelm",
    "will": "wilhelm",
    "liz": "elisabeth",
    "lisa": "elisabeth",
    "beth": "elisabeth",
    "betty": "elisabeth",
    "elizabeth": "elisabeth",
    "sissi": "elisabeth",
    "mike": "michael",
    "micha": "michael",
    "michi": "michael",
    "jim": "james",
    "jimmy": "james",
    "tom": "thomas",
    "tommy": "thomas",
    "thomy": "thomas",
    "dick": "richard",
    "rick": "richard",
    "rich": "richard",
    "kate": "katharina",
    "kathy": "katharina",
    "katie": "katharina",
    "katherine": "katharina",
    "catherine": "katharina",
    "kathrin": "katharina",
    "kathi": "katharina",
    "kati": "katharina",
    "chris": "christian",
    "christopher": "christian",
    "dave": "david",
    "dan": "daniel",
    "danny": "daniel",
    "joe": "josef",
    "joseph": "josef",
    "sepp": "josef",
    "seppi": "josef",
    "beppo": "josef",
    "steve": "stephan",
    "stephen": "stephan",
    "stefan": "stephan",
    "steven": "stephan",
    "alex": "alexander",
    "sascha": "alexander",
    "sasha": "alexander",
    "andy": "andreas",
    "andi": "andreas",
    "andrew": "andreas",
    "hans": "johannes",
    "hannes": "johannes",
    "jo": "johannes",
    "john": "johannes",
    "johnny": "johannes",
    "jon": "johannes",
    "jens": "johannes",
    "uli": "ulrich",
    "wolfi": "wolfgang",
    "steffi": "stefanie",
    "susi": "susanne",
    "sue": "susanne",
    "susan": "susanne",
    "flo": "florian",
    "basti": "sebastian",
    "fritz": "friedrich",
    "fred": "friedrich",
    "gabi": "gabriele",
    "matze": "matthias",
    "matthew": "matthias",
    "matt": "matthias",
    "tobi": "tobias",
    "lena": "magdalena",
    "leni": "magdalena",
    "nick": "nikolaus",
    "nicholas": "nikolaus",
    "niklas": "nikolaus",
    "klaus": "nikolaus",
    "tony": "anton",
    "toni": "anton",
    "anthony": "anton",
    "sam": "samuel",
    "ben": "benjamin",
    "max": "maximilian",
    "maxi": "maximilian",
    "theo": "theodor",
    "theodore": "theodor",
    "ed": "eduard",
    "eddie": "eduard",
    "edward": "eduard",
    "franz": "franziskus",
    "franzi": "franziska",
    "resi": "theresa",
    "vroni": "veronika",
    "lotte": "charlotte",
    "lotti": "charlotte",
    "charly": "karl",
    "charles": "karl",
    "carl": "karl",
    "heinz": "heinrich",
    "henry": "heinrich",
    "harry": "heinrich",
    "peggy": "margarete",
    "grete": "margarete",
    "gretel": "margarete",
    "maggie": "margarete",
    "margaret": "margarete",
    "jenny": "jennifer",
    "pat": "patrick",
    "patty": "patricia",
    "ronny": "ronald",
    "ron": "ronald",
    "jakob": "jacob",
    "jake": "jacob",
    "timo": "timotheus",
    "tim": "timotheus",
    "timothy": "timotheus",
    "manni": "manfred",
    "rudi": "rudolf",
    "dirk": "dietrich",
    "didi": "dietrich",
    "benni": "benjamin",
    "vince": "vincent",
    "willi": "wilhelm",
    "willy": "wilhelm",
    "william": "wilhelm",
}

# Generational suffixes keep a father and a son apart even when everything else is shared.
_SUFFIXES = {"sr": "sr", "senior": "sr", "jr": "jr", "junior": "jr", "ii": "ii", "iii": "iii"}
# Titles and particles that say nothing about who someone is.
_NOISE = {"dr", "prof", "med", "dipl", "ing", "herr", "frau", "mr", "mrs", "ms", "mag", "phd"}
_WORD = re.compile(r"[^\s,]+")


def given_key(given: str | None) -> str:
    """The folded formal form of one given name (Theo → theodor, Sepp → josef)."""
    key = fold(given)
    return NICKNAMES.get(key, key)


@dataclass(frozen=True)
class ParsedName:
    """A name as matching sees it: folded given names (first one first), folded family name
    words, and the generational suffix if any."""

    given: tuple[str, ...]
    family: tuple[str, ...]
    suffix: str = ""

    @property
    def is_empty(self) -> bool:
        return not (self.given or self.family)


@lru_cache(maxsize=100_000)
def parse(given: str | None, family: str | None, full: str | None = None) -> ParsedName:
    """Structured name from a file's given/family fields, or from a display name (last word =
    family name, `Family, Given` understood) when the file has no structure."""
    suffix = ""

    def words(text: str | None) -> list[str]:
        nonlocal suffix
        out = []
        for raw in _WORD.findall((text or "").replace("-", " ")):
            key = fold(raw)
            if not key:
                continue
            if key in _SUFFIXES:
                suffix = _SUFFIXES[key]
            elif key not in _NOISE:
                out.append(key)
        return out

    if family or given:
        g, f = words(given), words(family)
        words(full)  # the suffix may sit in the display name only ("Hans Huber Jr.")
    else:
        text = full or ""
        if "," in text:
            last, _, first = text.partition(",")
            g, f = words(first), words(last)
        else:
            all_words = words(text)
            g, f = all_words[:-1], all_words[-1:]
    return ParsedName(tuple(g), tuple(f), suffix)


class Verdict(IntEnum):
    CONFLICT = 0
    COMPATIBLE = 1
    SAME = 2


@dataclass(frozen=True)
class Comparison:
    verdict: Verdict
    reasons: tuple[str, ...] = ()  # codes, translated where shown (see REASON_TEXTS)


def _typo(a: str, b: str) -> bool:
    """A slip of the keyboard: one letter wrong, missing, extra or two swapped (Outlok/Outlook,
    Meier/Maier, Rdud/Rudd) — two in names of eight letters or more (Zimmerrmnn/Zimmermann).
    Names of three letters or fewer differ by one letter often enough to be other names."""
    shorter = min(len(a), len(b))
    if shorter < 3 or not (a.isalpha() and b.isalpha()):
        return False  # Müller17 / Müller171 are numbered entries, not a slip
    if shorter == 3:
        return a.startswith(b) or b.startswith(a)  # Sar/Sara, Geu/Geue: a letter dropped
    return OSA.distance(a, b) <= (2 if shorter >= 8 else 1)


def one_slip(a: str | None, b: str | None) -> bool:
    """Two words (a city, a name) that are equal when folded or one keyboard slip apart."""
    fa, fb = fold(a), fold(b)
    return bool(fa and fb) and (fa == fb or _typo(fa, fb))


def _given_verdict(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[Verdict, str]:
    if not a or not b:
        return Verdict.COMPATIBLE, "given_missing"
    if a == b:
        return Verdict.SAME, ""
    if "".join(a) == "".join(b):
        return Verdict.COMPATIBLE, "typo"  # Ja ck / Jack: a stray space
    first_a, first_b = a[0], b[0]
    if first_a == first_b:
        # Middle names: present on one side, or the same initials.
        shorter, longer = (a, b) if len(a) <= len(b) else (b, a)
        if all(any(_word_fits(s, w) for w in longer) for s in shorter):
            return Verdict.COMPATIBLE, "middle_name"
        return Verdict.CONFLICT, ""
    if len(first_a) == 1 or len(first_b) == 1:
        return (
            (Verdict.COMPATIBLE, "initial") if first_a[0] == first_b[0] else (Verdict.CONFLICT, "")
        )
    if given_key(first_a) == given_key(first_b):
        return Verdict.COMPATIBLE, "nickname"
    if _typo(first_a, first_b):
        return Verdict.COMPATIBLE, "typo"
    return Verdict.CONFLICT, ""


def _word_fits(short: str, long: str) -> bool:
    return short == long or (len(short) == 1 and long.startswith(short))


def _family_verdict(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[Verdict, str]:
    if not a or not b:
        return Verdict.COMPATIBLE, "family_missing"
    ja, jb = "".join(a), "".join(b)
    if ja == jb:
        return Verdict.SAME, ""
    # Double names: Müller-Lüdenscheidt and Müller share the first part. (Two one-word names
    # that differ share no part: the common case skips building the sets.)
    if (len(a) > 1 or len(b) > 1) and set(a) & set(b) and (set(a) <= set(b) or set(b) <= set(a)):
        return Verdict.COMPATIBLE, "double_name"
    if _typo(ja, jb):
        return Verdict.COMPATIBLE, "typo"
    return Verdict.CONFLICT, ""


def compare(
    a: ParsedName,
    b: ParsedName,
    birthday_a: str | None = None,
    birthday_b: str | None = None,
) -> Comparison:
    """Can names `a` and `b` (and their birthdays, `YYYY-MM-DD` or `--MM-DD`) be one person?"""
    if a.is_empty or b.is_empty:
        return _comparison(Verdict.COMPATIBLE, ("name_missing",))
    if a.suffix != b.suffix and a.suffix and b.suffix:
        return _comparison(Verdict.CONFLICT, ("suffix",))
    best = _compare_order(a.given, a.family, b.given, b.family)
    if birthdays_conflict(birthday_a, birthday_b):
        # Never one person automatically. When the names agree and the dates differ in one
        # digit, a typo is likely enough to ask (the code says so, see likeness.py).
        typo = best.verdict != Verdict.CONFLICT and _date_typo(birthday_a or "", birthday_b or "")
        if not typo:
            return _comparison(Verdict.CONFLICT, ("birthday",))
        # The names' own evidence stays with the date typo: "same name" weighs for the question,
        # a slip in the name against it.
        named = ("name_same",) if best.verdict == Verdict.SAME else best.reasons
        return _comparison(Verdict.CONFLICT, ("birthday", "date_typo", *named))
    if best.verdict != Verdict.SAME:  # nothing beats SAME: the swapped order is not tried
        swapped = _compare_order(a.given, a.family, b.family, b.given)
        if swapped.verdict > best.verdict:
            # "Thomas Martin" and "Martin Thomas" may well be two people: at most compatible.
            best = _comparison(Verdict.COMPATIBLE, (*swapped.reasons, "swapped"))
    if best.verdict == Verdict.SAME and a.suffix != b.suffix:
        return _comparison(Verdict.COMPATIBLE, ("suffix_missing",))
    return best


@lru_cache(maxsize=1024)
def _comparison(verdict: Verdict, reasons: tuple[str, ...] = ()) -> Comparison:
    """One shared (frozen) instance per outcome: an import compares names hundreds of thousands
    of times, and the outcomes are a few dozen."""
    return Comparison(verdict, reasons)


def _date_typo(a: str, b: str) -> bool:
    return len(a) == len(b) and OSA.distance(a, b) <= 1


def _compare_order(
    given_a: tuple[str, ...],
    family_a: tuple[str, ...],
    given_b: tuple[str, ...],
    family_b: tuple[str, ...],
) -> Comparison:
    fam, fam_reason = _family_verdict(family_a, family_b)
    giv, giv_reason = _given_verdict(given_a, given_b)
    verdict = fam if fam <= giv else giv
    if verdict == Verdict.CONFLICT:
        # One name part agrees (maybe with a slip), the other is another name: same family name,
        # other given name — two people (spouses, siblings); same given name, other family
        # name — two people, or one whose name changed (marriage). Reported, so the review queue
        # can ask when birthday and place agree (likeness.askable) — never a merge.
        # A missing part agrees with anything, but is not a part that agrees.
        if fam != Verdict.CONFLICT and fam_reason != "family_missing":
            return _comparison(Verdict.CONFLICT, ("given_differs",))
        if giv != Verdict.CONFLICT and giv_reason != "given_missing":
            return _comparison(Verdict.CONFLICT, ("family_differs",))
        return _comparison(Verdict.CONFLICT)
    if fam_reason == "typo" and giv_reason == "typo":
        # Two slips at once is two names; reported like the cases above.
        return _comparison(Verdict.CONFLICT, ("two_typos",))
    return _comparison(verdict, tuple(r for r in (giv_reason, fam_reason) if r))


def birthdays_conflict(a: str | None, b: str | None) -> bool:
    """Two known birthdays that cannot be one person's: the day differs, or both years are known
    and differ. A missing year agrees with any year."""
    if not a or not b:
        return False
    if a[-5:] != b[-5:]:
        return True
    year_a, year_b = a[:-6].strip("-"), b[:-6].strip("-")
    return bool(year_a and year_b and year_a != year_b)


def spelling_rank(name: str | None) -> tuple[int, int, int]:
    """Higher is the better spelling of the same name: with diacritics over a transliteration
    (Müller over Mueller), a full given name over a nickname (Theodor over Theo), longer (with
    middle names) over shorter, mixed case over all capitals or all small letters."""
    if not name:
        return (0, 0, 0)
    words = [fold(w) for w in name.split()]
    formal = sum(1 for w in words if w and w not in NICKNAMES)
    has_diacritics = int(not name.isascii())
    well_cased = int(name != name.upper() and name != name.lower())
    return (formal + has_diacritics, well_cased, len(name))


def better_spelling(a: str | None, b: str | None) -> str | None:
    """The better of two spellings of one name (see spelling_rank); `a` on a tie."""
    return b if spelling_rank(b) > spelling_rank(a) else a


def clear_caches() -> None:
    _fold.cache_clear()
    _fold_words.cache_clear()
    parse.cache_clear()
