"""The daily e-mail digest: Today's good deeds as one message with a plain-text and an HTML part
(multipart/alternative, RFC 2046 §5.1.4), in German or English, sent over SMTP.

The list of deeds is an input (the agenda decides what Today is); this module only renders and
sends, and knows when the daily digest is due (settings `digest.time`, `digest.last_sent_on`).
"""

from __future__ import annotations

import html
import re
import smtplib
from datetime import date, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from zoneinfo import ZoneInfo

from babel.dates import format_date
from sqlalchemy import Connection

from altruist.config import Settings
from altruist.domain import Language, Suggestion
from altruist.errors import ConfigError, FetchError
from altruist.i18n import Translator
from altruist.i18n.labels import SUGGESTION_KINDS, label
from altruist.i18n.message import render
from altruist.store import settings_repo

TIME_KEY = "digest.time"
LAST_SENT_KEY = "digest.last_sent_on"
DEFAULT_TIME = "07:30"

# The digest's texts are catalogue msgids (German in i18n/de_cli.po); kinds as in i18n/labels.py.
INTRO = "Your good deeds for {day}. Ten minutes, and your network is a little better off."
EMPTY = "Nothing is due today. A good day to answer a question in one of your groups."
FOOTER = "Mark deeds done, dismiss or snooze them in altruist (altruist today)."


def _day(day: date, lang: Language) -> str:
    return format_date(day, format="full", locale=str(lang))


def _kind(t: Translator, item: Suggestion) -> str:
    return t(label(SUGGESTION_KINDS, item.kind))


def subject(items: list[Suggestion], lang: Language, day: date) -> str:
    t = Translator(str(lang))
    if not items:
        return t("altruist – Today ({day}): nothing due", day=_day(day, lang))
    return t.ngettext(
        "altruist – Today: {n} good deed ({day})",
        "altruist – Today: {n} good deeds ({day})",
        len(items),
        day=_day(day, lang),
    )


def _texts(item: Suggestion, lang: Language) -> tuple[str, str]:
    """A deed's title and reason in the digest's language (they are stored as messages)."""
    t = Translator(str(lang))
    return render(item.title, t), render(item.reason, t)


def plain_body(items: list[Suggestion], lang: Language, day: date) -> str:
    t = Translator(str(lang))
    lines = [t(INTRO, day=_day(day, lang)), ""]
    if not items:
        lines += [t(EMPTY), ""]
    for n, item in enumerate(items, 1):
        title, reason = _texts(item, lang)
        lines.append(f"{n}. [{_kind(t, item)}] {title}")
        lines.append(f"   {t('Why')}: {reason}")
        if item.draft:
            lines.append(f"   {t('Draft')}:")
            lines += [f"   | {line}" if line else "   |" for line in item.draft.splitlines()]
        lines.append("")
    lines += ["-- ", t(FOOTER)]
    return "\n".join(lines) + "\n"


def html_body(items: list[Suggestion], lang: Language, day: date) -> str:
    t = Translator(str(lang))
    esc = html.escape
    parts = [
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">',
        f"<title>{esc(subject(items, lang, day))}</title></head>",
        '<body style="font-family:sans-serif;max-width:40em">',
        f"<p>{esc(t(INTRO, day=_day(day, lang)))}</p>",
    ]
    if not items:
        parts.append(f"<p>{esc(t(EMPTY))}</p>")
    else:
        parts.append("<ol>")
        for item in items:
            title, reason = _texts(item, lang)
            parts.append(
                f"<li><p><strong>{esc(title)}</strong> "
                f"<small>({esc(_kind(t, item))})</small><br>{esc(reason)}</p>"
            )
            if item.draft:
                parts.append(
                    f'<blockquote style="white-space:pre-wrap;border-left:3px solid #ccc;'
                    f'padding-left:1em">{esc(item.draft)}</blockquote>'
                )
            parts.append("</li>")
        parts.append("</ol>")
    parts.append(f'<hr><p style="color:#666"><small>{esc(t(FOOTER))}</small></p></body></html>')
    return "\n".join(parts) + "\n"


def build_message(
    items: list[Suggestion],
    *,
    lang: Language,
    day: date,
    sender: str,
    to: str,
    now: datetime,
) -> EmailMessage:
    if not to:
        raise ConfigError("no recipient for the digest: set digest_to or pass --to")
    msg = EmailMessage()
    msg["Subject"] = subject(items, lang, day)
    msg["From"] = sender
    msg["To"] = to
    msg["Date"] = format_datetime(now)
    msg["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or "localhost")
    msg.set_content(plain_body(items, lang, day))
    msg.add_alternative(html_body(items, lang, day), subtype="html")
    # After the bodies: set_content() drops every Content-* header already on the message.
    msg["Content-Language"] = str(lang)  # RFC 3282
    return msg


def send(msg: EmailMessage, settings: Settings, *, timeout: float = 30.0) -> None:
    """Deliver over SMTP; STARTTLS and login when the server offers it and a user is set."""
    try:
        with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=timeout) as smtp:
            smtp.ehlo()
            if settings.smtp_user:
                if smtp.has_extn("starttls"):
                    smtp.starttls()
                    smtp.ehlo()
                smtp.login(settings.smtp_user, settings.smtp_password)
            smtp.send_message(msg)
    except (OSError, smtplib.SMTPException) as exc:
        where = f"{settings.smtp_host}:{settings.smtp_port}"
        raise FetchError(f"could not send the digest via {where}: {exc}") from exc


# --- when is it due ---------------------------------------------------------------------------


def parse_time(text: str) -> tuple[int, int]:
    match = re.fullmatch(r"([01]?\d|2[0-3]):([0-5]\d)", text.strip())
    if not match:
        raise ConfigError(f"the digest time must look like 07:30, got {text!r}")
    return int(match.group(1)), int(match.group(2))


def save_time(conn: Connection, text: str) -> str:
    hour, minute = parse_time(text)
    value = f"{hour:02d}:{minute:02d}"
    settings_repo.put(conn, TIME_KEY, value)
    return value


def load_time(conn: Connection) -> str:
    return str(settings_repo.get(conn, TIME_KEY, DEFAULT_TIME))


def is_due(conn: Connection, now: datetime, timezone: str) -> bool:
    """Due once per local day, at or after the configured local time (a scheduler or cron job
    can ask every few minutes; a traveller gets it at 07:30 wherever the setting says they are)."""
    local = now.astimezone(ZoneInfo(timezone))
    hour, minute = parse_time(load_time(conn))
    if (local.hour, local.minute) < (hour, minute):
        return False
    return settings_repo.get(conn, LAST_SENT_KEY) != local.date().isoformat()


def mark_sent(conn: Connection, day: date) -> None:
    settings_repo.put(conn, LAST_SENT_KEY, day.isoformat())
