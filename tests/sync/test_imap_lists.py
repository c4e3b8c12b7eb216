"""Mailing-list mail from a real Dovecot becomes a group (issue 17): the list, not its
senders, is what the mail belongs to; with subjects its threads are posts; the user's mail to
the list's posting address makes no contact; fetching the group does not fail."""

from __future__ import annotations

from email.message import EmailMessage

from sqlalchemy import select

from altruist.clock import Clock
from altruist.engine.context import EngineContext
from altruist.engine.questions import suggest as questions
from altruist.engine.questions.my_expertise import set_expertise
from altruist.ingest.feeds.fetch import fetch_all
from altruist.ingest.sync import imap_sync
from altruist.store import Store, sync_repo
from altruist.store import groups as groups_repo
from altruist.store.schema import identities, interactions
from tests.sync.dovecot_server import PASSWORD, USER, Dovecot

LIST_ID = "Rust DE =?utf-8?q?Gespr=C3=A4che?= <rust-de.lists.example.org>"
ARCHIVE = "https://lists.example.org/rust-de/"


def list_mail(
    sender: str, subject: str, msgid: str, *, replies_to: str | None = None
) -> EmailMessage:
    m = EmailMessage()
    m["From"], m["To"], m["Subject"] = sender, "rust-de@lists.example.org", subject
    m["Date"] = "Wed, 11 Nov 2026 09:00:00 +0100"
    m["Message-ID"] = f"<{msgid}@example.org>"
    m["List-Id"] = LIST_ID
    m["List-Archive"] = f"<{ARCHIVE}>"
    m["List-Post"] = "<mailto:rust-de@lists.example.org>"
    m["Archived-At"] = f"<{ARCHIVE}{msgid}.html>"
    if replies_to:
        m["In-Reply-To"] = f"<{replies_to}@example.org>"
        m["References"] = f"<{replies_to}@example.org>"
    m.set_content("Inhalt der Liste, nie gespeichert")
    return m


def _account(store: Store, clock: Clock, server: Dovecot, name: str, subjects: bool) -> object:
    with store.transaction() as conn:
        return sync_repo.add_account(
            conn,
            name=name,
            kind="imap",
            url=f"imaps://127.0.0.1:{server.port}",
            username=USER,
            options={"cafile": str(server.cafile), "subjects": subjects},
            now=clock(),
        )


def test_list_mail_makes_a_group_with_threaded_posts(
    dovecot: Dovecot, sqlite_store: Store, clock: Clock
) -> None:
    dovecot.deliver("", list_mail("Lea Lang <lea@example.org>", "Lifetimes in Traits?", "q1"))
    dovecot.deliver(
        "", list_mail("Max <max@example.org>", "Re: Lifetimes in Traits?", "a1", replies_to="q1")
    )
    # The user's answer comes back through the list; their sent copy carries no List-Id.
    dovecot.deliver("", list_mail(USER, "Re: Lifetimes in Traits?", "a2", replies_to="q1"))
    sent = EmailMessage()
    sent["From"], sent["To"], sent["Subject"] = USER, "rust-de@lists.example.org", "Re: x"
    sent["Message-ID"], sent["Date"] = "<a2@example.org>", "Wed, 11 Nov 2026 10:00:00 +0100"
    sent.set_content("x")
    dovecot.deliver(".Sent", sent)

    account = _account(sqlite_store, clock, dovecot, "lists", subjects=True)
    report = imap_sync.sync_account(sqlite_store, account, PASSWORD, clock=clock)  # type: ignore[arg-type]
    # The test server's mailbox is shared by the session's tests: other lists may be there too.
    assert report.errors == [] and report.groups_added >= 1 and report.posts_added >= 3

    with sqlite_store.read() as conn:
        group = groups_repo.by_list_id(conn, "rust-de.lists.example.org")
        assert group is not None
        posts = {p.external_id: p for p in groups_repo.posts_of(conn, group.id)}
        assert set(posts) == {"q1@example.org", "a1@example.org", "a2@example.org"}
        emails = set(conn.execute(select(identities.c.value)).scalars())
        with_list_people = conn.execute(
            select(identities.c.value)
            .join(interactions, interactions.c.person_id == identities.c.person_id)
            .where(identities.c.value.in_(["lea@example.org", "max@example.org"]))
        ).all()
    assert group.name == "Rust DE Gespräche" and group.kind == "mailing-list"
    assert group.url == ARCHIVE
    # No sender of list mail is a person met, and the list's address is no contact.
    assert with_list_people == []
    assert "rust-de@lists.example.org" not in emails
    question = posts["q1@example.org"]
    assert question.is_question and question.title == "Lifetimes in Traits?"
    assert question.answer_count == 2 and question.body == ""
    assert question.url == f"{ARCHIVE}q1.html" and question.author_account == "lea@example.org"
    answers = [posts["a1@example.org"], posts["a2@example.org"]]
    assert all(not a.is_question and a.parent_external_id == "q1@example.org" for a in answers)
    assert [a.by_me for a in answers] == [False, True]

    # A later reply joins the thread it names; nothing is stored twice.
    dovecot.deliver(
        "",
        list_mail("Lea Lang <lea@example.org>", "[SOLVED] Lifetimes", "a3", replies_to="q1"),
    )
    again = imap_sync.sync_account(sqlite_store, account, PASSWORD, clock=clock)  # type: ignore[arg-type]
    assert again.errors == [] and again.groups_added == 0 and again.posts_added == 1
    with sqlite_store.read() as conn:
        question = groups_repo.get_post(conn, question.id or 0)
        lists = [g.list_id for g in groups_repo.all_groups(conn)]
    assert lists.count("rust-de.lists.example.org") == 1
    assert question.answer_count == 3 and question.is_solved

    # The group is fetched by the mail sync; "fetch all groups" leaves it alone, without error.
    fetched = fetch_all(sqlite_store)
    assert fetched.sources and {s.status for s in fetched.sources} == {"not_modified"}

    # A list question the user can answer is a good deed like any group's; the one they
    # answered on the list already is not.
    dovecot.deliver(
        "", list_mail("Ole <ole@example.org>", "Lifetimes of borrowed traits in async Rust?", "q2")
    )
    assert imap_sync.sync_account(sqlite_store, account, PASSWORD, clock=clock).posts_added == 1  # type: ignore[arg-type]
    with sqlite_store.transaction() as conn:
        set_expertise(conn, "Rust: lifetimes, traits, borrowing and async code")
        by_id = {p.external_id: p for p in groups_repo.posts_of(conn, group.id)}
    open_question = by_id["q2@example.org"]
    assert open_question.is_question and not open_question.is_solved
    ctx = EngineContext(
        store=sqlite_store, clock=clock, timezone="Europe/Berlin", embedder_name="fake"
    )
    deeds = {d.post_id for d in questions.suggest(ctx)}
    assert open_question.id in deeds and question.id not in deeds


def test_without_subjects_a_list_is_a_group_without_posts(
    dovecot: Dovecot, sqlite_store: Store, clock: Clock
) -> None:
    dovecot.deliver("", list_mail("Ida <ida@example.org>", "Geheimes Thema", "q-ida"))
    account = _account(sqlite_store, clock, dovecot, "lists-plain", subjects=False)
    report = imap_sync.sync_account(sqlite_store, account, PASSWORD, clock=clock)  # type: ignore[arg-type]
    assert report.errors == [] and report.groups_added >= 1 and report.posts_added == 0
    with sqlite_store.read() as conn:
        group = groups_repo.by_list_id(conn, "rust-de.lists.example.org")
        assert group is not None and groups_repo.posts_of(conn) == []
        met = conn.execute(
            select(identities.c.value).where(identities.c.value == "ida@example.org")
        ).all()
    assert group.url == ARCHIVE and met == []
