"""Texts stored as a msgid and values, rendered in the reader's language when shown (issue 14).

A deed's title and reason, and what a done deed leaves in the history, are stored as JSON of a
`Message` in the same text columns that held prose before: `decode` gives back a `Message` for
such a value and the string itself for anything else (old rows, data), so nothing is migrated
and old rows keep showing as they were written.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from babel.dates import format_date
from babel.numbers import format_decimal

from altruist.domain import Message, MessageValue, Text
from altruist.i18n import Translator, mark_data

# The key that marks a stored message; prose never parses as a JSON object with it.
_MSGID = "m"


def render(text: Text | None, t: Translator) -> str:
    """The text in the translator's language; prose and data come back unchanged."""
    if text is None:
        return ""
    if isinstance(text, str):
        return text
    values = {key: _render_value(value, t) for key, value in text.values.items()}
    if text.plural is not None:
        count = text.values.get("n", 0)
        values.pop("n", None)
        return t.ngettext(
            text.msgid, text.plural, int(count) if isinstance(count, int | float) else 0, **values
        )
    return t.gettext(text.msgid, **values)


def _render_value(value: MessageValue, t: Translator) -> str:
    if isinstance(value, Message):
        return render(value, t)
    if isinstance(value, tuple):
        return join(
            [_render_value(v, t) for v in value],
            t,
        )
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return mark_data(format_decimal(value, locale=t.lang))
    if isinstance(value, datetime):
        return mark_data(format_date(value.date(), "long", locale=t.lang))
    if isinstance(value, date):
        return mark_data(format_date(value, "long", locale=t.lang))
    return value


def join(items: list[str], t: Translator) -> str:
    """ "A, B and C" in the translator's language."""
    if len(items) <= 1:
        return "".join(items)
    return t("{items} and {last}", items=", ".join(items[:-1]), last=items[-1])


# --- storage ------------------------------------------------------------------------------------


def encode(text: Text) -> str:
    """What a text column stores: prose as it is, a Message as JSON."""
    if isinstance(text, str):
        return text
    return json.dumps(_to_json(text), ensure_ascii=False, separators=(",", ":"))


def decode(stored: str | None) -> Text:
    if not stored or not stored.startswith('{"' + _MSGID + '":'):
        return stored or ""
    try:
        data = json.loads(stored)
    except ValueError:
        return stored
    if not isinstance(data, dict) or not isinstance(data.get(_MSGID), str):
        return stored
    try:
        return _from_json(data)
    except (TypeError, ValueError, KeyError):
        return stored


def _to_json(message: Message) -> dict[str, Any]:
    out: dict[str, Any] = {_MSGID: message.msgid}
    if message.plural is not None:
        out["pl"] = message.plural
    if message.values:
        out["v"] = {key: _value_to_json(value) for key, value in message.values.items()}
    return out


def _value_to_json(value: MessageValue) -> Any:
    if isinstance(value, Message):
        return _to_json(value)
    if isinstance(value, tuple):
        return {"all": [_value_to_json(v) for v in value]}
    if isinstance(value, datetime):
        return {"date": value.date().isoformat()}
    if isinstance(value, date):
        return {"date": value.isoformat()}
    return value


def _from_json(data: dict[str, Any]) -> Message:
    values = {str(key): _value_from_json(value) for key, value in (data.get("v") or {}).items()}
    plural = data.get("pl")
    return Message(str(data[_MSGID]), values, str(plural) if plural is not None else None)


def _value_from_json(value: Any) -> MessageValue:
    if isinstance(value, dict):
        if _MSGID in value:
            return _from_json(value)
        if "all" in value:
            return tuple(_value_from_json(v) for v in value["all"])
        if "date" in value:
            return date.fromisoformat(str(value["date"]))
        raise ValueError(f"unknown message value {value!r}")
    if isinstance(value, str | int | float):
        return value
    raise ValueError(f"unknown message value {value!r}")
