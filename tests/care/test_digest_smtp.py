"""The digest goes over real SMTP to a real aiosmtpd server on 127.0.0.1 and is parsed back."""

from __future__ import annotations

import email
import socket
from collections.abc import Iterator
from datetime import UTC, date, datetime
from email.message import EmailMessage
from email.policy import default as default_policy
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from altruist.config import Settings
from altruist.domain import Language, Suggestion, SuggestionKind
from altruist.errors import ConfigError, FetchError
from altruist.export import digest
from altruist.store import Store


class Inbox:
    def __init__(self) -> None:
        self.received: list[tuple[str, list[str], bytes]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.received.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 Message accepted for delivery"

    def messages(self) -> list[EmailMessage]:
        return [
            email.message_from_bytes(raw, policy=default_policy) for _f, _t, raw in self.received
        ]  # type: ignore[misc]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, Settings]]:
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield (
            inbox,
            Settings(smtp_host="127.0.0.1", smtp_port=port, digest_from="altruist@example.org"),
        )
    finally:
        controller.stop()


ITEMS = [
    Suggestion(
        SuggestionKind.BIRTHDAY,
        "birthday:1:2026",
        "Jürgen hat heute Geburtstag",
        "Jürgen wird 40 <und> freut sich.",
        0.9,
        [1],
        draft="Hallo Jürgen,\n\nAlles Gute!\n\nViele Grüße",
    ),
    Suggestion(
        SuggestionKind.ASK, "ask:2:job", "Ask Ada for leads", "Ada offered to help.", 0.5, [2]
    ),
]
NOW = datetime(2026, 11, 26, 6, 45, tzinfo=UTC)


def send_and_receive(
    inbox: Inbox, settings: Settings, lang: Language, items: list[Suggestion]
) -> EmailMessage:
    msg = digest.build_message(
        items,
        lang=lang,
        day=date(2026, 11, 26),
        sender=settings.digest_from,
        to="me@example.org",
        now=NOW,
    )
    digest.send(msg, settings)
    [received] = inbox.messages()
    return received


def test_german_digest_arrives_with_plain_and_html_parts(smtp: tuple[Inbox, Settings]) -> None:
    inbox, settings = smtp
    msg = send_and_receive(inbox, settings, Language.DE, ITEMS)
    assert inbox.received[0][0] == "altruist@example.org"
    assert inbox.received[0][1] == ["me@example.org"]
    assert msg["Subject"] == "altruist – Heute: 2 gute Taten (Donnerstag, 26. November 2026)"
    assert msg.get_content_type() == "multipart/alternative"
    plain = msg.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    html = msg.get_body(("html",)).get_content()  # type: ignore[union-attr]
    assert "1. [Geburtstag] Jürgen hat heute Geburtstag" in plain
    assert "   | Alles Gute!" in plain
    assert "2. [Um Hilfe bitten] Ask Ada for leads" in plain
    assert "Warum: Ada offered to help." in plain
    assert "<strong>Jürgen hat heute Geburtstag</strong>" in html
    assert "Jürgen wird 40 &lt;und&gt; freut sich." in html  # escaped, not markup
    assert '<html lang="de">' in html
    assert msg["Content-Language"] == "de"


def test_english_digest_and_an_empty_day(smtp: tuple[Inbox, Settings]) -> None:
    inbox, settings = smtp
    msg = send_and_receive(inbox, settings, Language.EN, [])
    assert msg["Subject"] == "altruist – Today (Thursday, November 26, 2026): nothing due"
    assert "Nothing is due today." in msg.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "Nothing is due today." in msg.get_body(("html",)).get_content()  # type: ignore[union-attr]


def test_unreachable_server_is_a_clear_error() -> None:
    settings = Settings(smtp_host="127.0.0.1", smtp_port=free_port())
    msg = digest.build_message(
        ITEMS, lang=Language.EN, day=date(2026, 11, 26), sender="a@b", to="c@d", now=NOW
    )
    with pytest.raises(FetchError, match=r"could not send the digest via 127\.0\.0\.1"):
        digest.send(msg, settings, timeout=5)


def test_missing_recipient_is_a_clear_error() -> None:
    with pytest.raises(ConfigError, match="recipient"):
        digest.build_message(
            ITEMS, lang=Language.EN, day=date(2026, 11, 26), sender="a@b", to="", now=NOW
        )


def test_digest_is_due_once_a_day_at_the_local_time(sqlite_store: Store) -> None:
    with sqlite_store.transaction() as conn:
        assert digest.save_time(conn, "7:30") == "07:30"
    before = datetime(2026, 11, 26, 6, 15, tzinfo=UTC)  # 07:15 in Berlin
    after = datetime(2026, 11, 26, 6, 45, tzinfo=UTC)  # 07:45 in Berlin, 01:45 in New York
    with sqlite_store.transaction() as conn:
        assert not digest.is_due(conn, before, "Europe/Berlin")
        assert digest.is_due(conn, after, "Europe/Berlin")
        assert not digest.is_due(conn, after, "America/New_York")  # the user travelled west
        digest.mark_sent(conn, date(2026, 11, 26))
        assert not digest.is_due(conn, after, "Europe/Berlin")
        assert digest.is_due(conn, datetime(2026, 11, 27, 7, tzinfo=UTC), "Europe/Berlin")
    with pytest.raises(ConfigError, match="07:30"), sqlite_store.transaction() as conn:
        digest.save_time(conn, "25:00")


def test_cli_sends_the_digest_over_smtp(smtp: tuple[Inbox, Settings], tmp_path: Any) -> None:
    from typer.testing import CliRunner

    from altruist.cli.main import app
    from altruist.domain import Interaction, InteractionKind, Person
    from altruist.store import interactions as interactions_repo
    from altruist.store import open_store, settings_repo
    from altruist.store import people as people_repo

    inbox, settings = smtp
    db = tmp_path / "cli.db"
    store = open_store(f"sqlite:///{db}")
    with store.transaction() as conn:
        settings_repo.put(conn, "language", "de")
        p = people_repo.add(
            conn, Person(name="Grete Gründlich", tier="close", language=Language.DE)
        )
        # Last contact in 2001: overdue on whatever day this test runs.
        interactions_repo.add(
            conn, Interaction(p.id or 0, InteractionKind.CALL, datetime(2001, 1, 1, tzinfo=UTC))
        )
    store.dispose()
    env = {
        "ALTRUIST_CONFIG": str(tmp_path / "none.toml"),
        "ALTRUIST_SMTP_HOST": "127.0.0.1",
        "ALTRUIST_SMTP_PORT": str(settings.smtp_port),
        "ALTRUIST_DIGEST_TO": "me@example.org",
    }
    result = CliRunner().invoke(app, ["--db", str(db), "digest", "--send", "--lang", "de"], env=env)
    assert result.exit_code == 0, result.output
    [msg] = inbox.messages()
    assert msg["To"] == "me@example.org"
    assert "Bei Grete Gründlich melden" in msg.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "Hallo Grete," in msg.get_body(("html",)).get_content()  # type: ignore[union-attr]
    # Sent today: `--if-due` does not send a second one.
    again = CliRunner().invoke(app, ["--db", str(db), "digest", "--send", "--if-due"], env=env)
    assert again.exit_code == 0 and len(inbox.received) == 1


def test_cli_prints_the_digest_without_sending(tmp_path: Any) -> None:
    from typer.testing import CliRunner

    from altruist.cli.main import app

    env = {"ALTRUIST_CONFIG": str(tmp_path / "none.toml")}
    db = str(tmp_path / "print.db")
    plain = CliRunner().invoke(app, ["--db", db, "digest", "--lang", "en"], env=env)
    assert plain.exit_code == 0, plain.output
    assert plain.stdout.startswith("Your good deeds for ")
    assert "Nothing is due today." in plain.stdout
    html = CliRunner().invoke(app, ["--db", db, "digest", "--lang", "de", "--html"], env=env)
    assert html.exit_code == 0 and html.stdout.startswith('<!DOCTYPE html><html lang="de">')
    bad = CliRunner().invoke(app, ["--db", db, "digest", "--lang", "fr"], env=env)
    assert bad.exit_code != 0
