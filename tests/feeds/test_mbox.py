"""Mailing lists: mbox and Maildir built here with the stdlib `mailbox`, threaded into questions
and answers; the parser fuzzed with arbitrary bytes."""

from __future__ import annotations

import mailbox
import tempfile
from email.message import EmailMessage
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from altruist.errors import FetchError
from altruist.ingest.feeds import add_group, fetch_all
from altruist.ingest.feeds.mbox import normalized_subject, read_mailbox
from altruist.store import Store
from altruist.store import groups as groups_repo


def _mail(
    msgid: str,
    subject: str,
    sender: str,
    date: str,
    body: str = "text",
    reply_to: str | None = None,
    refs: str | None = None,
) -> EmailMessage:
    msg = EmailMessage()
    msg["Message-ID"] = f"<{msgid}>"
    msg["Subject"] = subject
    msg["From"] = sender
    msg["Date"] = date
    if reply_to:
        msg["In-Reply-To"] = f"<{reply_to}>"
    if refs:
        msg["References"] = refs
    msg.set_content(body)
    return msg


THREAD = [
    # Out of date order on purpose: links decide the thread, dates only the order.
    _mail(
        "r2@x",
        "Re: [py-de] Wie parse ich Daten?",
        "Bo <bo@x.org>",
        "Tue, 02 Jan 2024 10:00:00 +0100",
        reply_to="r1@x",
        refs="<q1@x> <r1@x>",
    ),
    _mail(
        "q1@x",
        "[py-de] Wie parse ich Daten?",
        "Änne Müller <Anne@X.org>",
        "Mon, 01 Jan 2024 09:00:00 +0100",
        "Mit welchem Modul?",
    ),
    _mail(
        "r1@x",
        "Re: [py-de] Wie parse ich Daten?",
        "Me <me@x.org>",
        "Mon, 01 Jan 2024 12:00:00 +0100",
        "Mit dateutil.",
        reply_to="q1@x",
    ),
    _mail("q2@x", "[SOLVED] SQLite locks", "Cy <cy@x.org>", "Wed, 03 Jan 2024 08:00:00 +0000"),
    # Its parent is not in the box: it joins the thread with the same subject.
    _mail(
        "r3@x",
        "AW: Wie parse ich Daten?",
        "Di <di@x.org>",
        "Thu, 04 Jan 2024 08:00:00 +0000",
        reply_to="missing@x",
    ),
]


def _check_threads(path: Path) -> None:
    posts, warnings = read_mailbox(path, group_id=3)
    assert warnings == []
    by_id = {p.external_id: p for p in posts}
    question = by_id["q1@x"]
    assert question.is_question and question.answer_count == 3 and not question.is_solved
    assert (
        question.title == "[py-de] Wie parse ich Daten?" and question.body == "Mit welchem Modul?"
    )
    assert (question.author_name, question.author_account) == ("Änne Müller", "anne@x.org")
    assert question.posted_at is not None and question.posted_at.isoformat() == (
        "2024-01-01T08:00:00+00:00"
    )
    for reply in ("r1@x", "r2@x", "r3@x"):
        assert not by_id[reply].is_question and by_id[reply].parent_external_id == "q1@x"
    assert by_id["q2@x"].is_question and by_id["q2@x"].is_solved
    assert by_id["q2@x"].answer_count == 0 and by_id["q2@x"].group_id == 3


def test_mbox_threads(tmp_path: Path) -> None:
    box = mailbox.mbox(tmp_path / "list.mbox")
    for msg in THREAD:
        box.add(msg)
    box.close()
    _check_threads(tmp_path / "list.mbox")


def test_maildir_threads(tmp_path: Path) -> None:
    box = mailbox.Maildir(tmp_path / "Maildir", create=True)
    for msg in THREAD:
        box.add(msg)
    _check_threads(tmp_path / "Maildir")


def test_mailbox_group_marks_my_posts_and_refetches_only_on_change(
    any_store: Store, tmp_path: Path
) -> None:
    path = tmp_path / "list.mbox"
    box = mailbox.mbox(path)
    for msg in THREAD[:3]:
        box.add(msg)
    box.flush()
    group = add_group(any_store, str(path), account="ME@x.org")
    assert group.kind == "mbox"
    assert fetch_all(any_store).sources[0].new == 3
    assert fetch_all(any_store).sources[0].status == "not_modified"
    box.add(THREAD[3])
    box.close()
    again = fetch_all(any_store).sources[0]
    assert (again.new, again.unchanged) == (1, 3)
    with any_store.read() as conn:
        mine = [p.external_id for p in groups_repo.posts_of(conn, group.id) if p.by_me]
    assert mine == ["r1@x"]


def test_not_a_mailbox_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("just some notes\n")
    with pytest.raises(FetchError, match=r"notes.txt:1: not an mbox file"):
        read_mailbox(path)
    (tmp_path / "plain").mkdir()
    with pytest.raises(FetchError, match="not a Maildir"):
        read_mailbox(tmp_path / "plain")


def test_messages_without_ids_get_stable_ones(tmp_path: Path) -> None:
    raw = b"From a@x Mon Jan  1 00:00:00 2024\nFrom: a@x\nSubject: Hi\n\nbody\n"
    (tmp_path / "a.mbox").write_bytes(raw)
    first, _ = read_mailbox(tmp_path / "a.mbox")
    second, _ = read_mailbox(tmp_path / "a.mbox")
    assert len(first) == 1 and first[0].external_id == second[0].external_id
    assert (first[0].external_id or "").startswith("sha256:")


def test_normalized_subject() -> None:
    assert normalized_subject("Re: AW: [list] Hello") == "hello"
    assert normalized_subject("[list] Re: Hello") == "hello"


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=3000))
def test_fuzz_any_bytes_give_posts_or_fetch_error(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.mbox"
        path.write_bytes(b"From fuzz@x Mon Jan  1 00:00:00 2024\n" + data)
        try:
            posts, _warnings = read_mailbox(path)
        except FetchError:
            return
        assert all(p.external_id and isinstance(p.title, str) for p in posts)
        questions = {p.external_id for p in posts if p.is_question}
        assert all(p.parent_external_id in questions for p in posts if not p.is_question)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(st.text(max_size=40), st.text(max_size=40), st.text(max_size=60)), max_size=6
    )
)
def test_fuzz_headers(headers: list[tuple[str, str, str]]) -> None:
    lines = []
    for subject, sender, refs in headers:
        lines.append("From x@y Mon Jan  1 00:00:00 2024")
        lines.append(f"Subject: {subject}".replace("\n", " ").replace("\r", " "))
        lines.append(f"From: {sender}".replace("\n", " ").replace("\r", " "))
        lines.append(f"References: {refs}".replace("\n", " ").replace("\r", " "))
        lines += ["", "body", ""]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "h.mbox"
        path.write_text("\n".join(lines), encoding="utf-8", errors="surrogatepass")
        posts, warnings = read_mailbox(path)  # well-formed mbox framing: never a FetchError
        # Identical messages without a Message-ID share their stable id and are stored once.
        assert 0 < len(posts) + len(warnings) <= len(headers) or not headers
        assert sum(p.answer_count for p in posts if p.is_question) == sum(
            not p.is_question for p in posts
        )


def test_a_message_links_to_its_page_in_the_list_archive(tmp_path: Path) -> None:
    """RFC 5064 Archived-At: each question links to where the user can go and answer it."""
    question = _mail(
        "a1@x", "[py-de] Frage zu asyncio", "Eva <eva@x.org>", "Mon, 01 Jan 2024 09:00:00 +0100"
    )
    question["Archived-At"] = "<https://mail.python.org/archives/list/py-de/message/A1/>"
    unlinked = _mail(
        "a2@x", "[py-de] Noch eine Frage", "Ole <ole@x.org>", "Mon, 01 Jan 2024 10:00:00 +0100"
    )
    unlinked["Archived-At"] = "<ftp://example.org/a2>"  # not a web link: not shown as one
    box = mailbox.mbox(str(tmp_path / "list.mbox"))
    box.add(question)
    box.add(unlinked)
    box.close()
    posts, _ = read_mailbox(tmp_path / "list.mbox")
    by_subject = {p.title: p for p in posts}
    assert by_subject["[py-de] Frage zu asyncio"].url == (
        "https://mail.python.org/archives/list/py-de/message/A1/"
    )
    assert by_subject["[py-de] Noch eine Frage"].url is None
