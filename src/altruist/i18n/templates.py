"""Texts made from a catalogue template somewhere else — an error raised deep in the store, a skip
reason written by a parser — shown in the reader's language.

The core raises and records English (logs, JSON reports and tests stay stable). A surface passes
such a text to `translate_text`: it is matched back to the msgid it was formatted from (any
catalogue msgid with `{placeholders}`, or a fixed msgid) and that msgid is translated with the
values it carried. A text that fits no msgid is returned unchanged (and, in the pseudo-locale,
unmarked, so the pseudo-locale test finds it).
"""

from __future__ import annotations

import re
from functools import cache

from altruist.i18n import Translator, _catalog

# A template must say something besides its placeholders, else "{a}: {b}" would match anything.
_MIN_LITERAL_LETTERS = 4


def translate_text(t: Translator, text: str) -> str:
    """`text` in `t`'s language. A prefix naming where ("file.csv:12: …") is kept as it is."""
    found = _translate_whole(t, text)
    if found is not None:
        return found
    # ImportError_ and parsers put "file:line: " before the message: translate what follows.
    start = 0
    while (cut := text.find(": ", start)) != -1:
        rest = _translate_whole(t, text[cut + 2 :])
        if rest is not None:
            return f"{text[: cut + 2]}{rest}"
        start = cut + 2
    return text


def _translate_whole(t: Translator, text: str, depth: int = 0) -> str | None:
    if text in _fixed_msgids():
        return t(text)
    return _from_template(t, text, depth)


def _from_template(t: Translator, text: str, depth: int) -> str | None:
    for template, pattern in _patterns():
        match = pattern.fullmatch(text)
        if match is not None:
            # A value may itself be made from a template ("{problem} (gave up after …)"); a
            # value equal to a fixed msgid is left alone: it is more likely data (a name).
            values = {
                key: (_value(t, value, depth + 1) if depth < 2 else None) or value
                for key, value in match.groupdict().items()
            }
            return t(template, **values)
    return None


def _value(t: Translator, value: str, depth: int) -> str | None:
    """A value in the reader's language when a template made it, also after a "where: "."""
    found = _from_template(t, value, depth)
    start = 0
    while found is None and (cut := value.find(": ", start)) != -1:
        rest = _from_template(t, value[cut + 2 :], depth)
        found = None if rest is None else f"{value[: cut + 2]}{rest}"
        start = cut + 2
    return found


@cache
def _fixed_msgids() -> frozenset[str]:
    return frozenset(m for m in _catalog("de") if "{" not in m)


@cache
def _patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Every German catalogue msgid with placeholders (the German catalogues hold all msgids),
    most literal text first, so the most specific template wins."""
    found = []
    for msgid in _catalog("de"):
        pieces = re.split(r"\{(\w+)\}", msgid)
        if len(pieces) < 2 or len(set(pieces[1::2])) != len(pieces[1::2]):
            continue  # no placeholder, or one used twice (a regex group name must be unique)
        literal = "".join(pieces[0::2])
        if "{" in literal:
            continue  # a format spec ({score:.2f}) wants a number, not the matched text
        if sum(ch.isalpha() for ch in literal) < _MIN_LITERAL_LETTERS:
            continue
        regex = "".join(
            re.escape(p) if i % 2 == 0 else f"(?P<{p}>.+?)" for i, p in enumerate(pieces)
        )
        found.append((len(literal), msgid, re.compile(regex, re.S)))
    found.sort(key=lambda item: -item[0])
    return tuple((msgid, pattern) for _, msgid, pattern in found)
