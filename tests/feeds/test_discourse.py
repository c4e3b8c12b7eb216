"""Discourse over real HTTP with the API's own JSON fixtures (discourse_api's spec/fixtures)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from altruist.domain import Post
from altruist.ingest.feeds import SourceOptions, add_group, fetch_all
from altruist.ingest.feeds.discourse import list_url
from altruist.store import Store
from altruist.store import groups as groups_repo
from tests.feeds.conftest import FAST
from tests.feeds.server import FixtureServer

JSON = {"content_type": "application/json"}


def _by_id(store: Store, group_id: int | None) -> dict[str, Post]:
    with store.read() as conn:
        return {p.external_id or "": p for p in groups_repo.posts_of(conn, group_id)}


def test_latest_topics_become_questions_with_their_answers(
    sqlite_store: Store, server: FixtureServer, discourse_fixtures: Path
) -> None:
    server.route("/latest.json", discourse_fixtures / "latest.json", **JSON)
    server.route("/t/1.json", discourse_fixtures / "topic.json", **JSON)
    group = add_group(sqlite_store, server.url("/"), kind="discourse", account="splattne")
    report = fetch_all(sqlite_store, politeness=FAST).sources[0]
    assert report.status == "ok", report.error
    assert report.new == 4  # the list repeats topic 1 three times: one question, three replies

    posts = _by_id(sqlite_store, group.id)
    question = posts["topic:1"]
    assert question.title == "Test topic #1"
    assert question.body.startswith("Welcome!")
    assert question.author_account == "samsaffron"
    assert question.answer_count == 3 and not question.is_solved
    assert question.url == server.url("/t/test-topic-1/1")
    answers = {k: p for k, p in posts.items() if k.startswith("post:")}
    assert sorted(answers) == ["post:226", "post:84", "post:86"]
    assert all(p.parent_external_id == "topic:1" for p in answers.values())
    assert [k for k, p in answers.items() if p.by_me] == ["post:226"]


def test_unchanged_topics_are_not_opened_again(
    sqlite_store: Store, server: FixtureServer, discourse_fixtures: Path
) -> None:
    server.route("/latest.json", discourse_fixtures / "latest.json", **JSON)
    server.route("/t/1.json", discourse_fixtures / "topic.json", **JSON)
    add_group(sqlite_store, server.url("/"), kind="discourse")
    fetch_all(sqlite_store, politeness=FAST)
    second = fetch_all(sqlite_store, politeness=FAST).sources[0]
    assert (second.new, second.updated, second.unchanged) == (0, 0, 1)
    assert len(server.hits_of("/latest.json")) == 2
    assert len(server.hits_of("/t/1.json")) == 1  # polite: nothing new, nothing asked


def test_category_url_and_topic_limit(
    sqlite_store: Store, server: FixtureServer, discourse_fixtures: Path
) -> None:
    server.route("/c/general/1.json", discourse_fixtures / "category_latest_topics.json", **JSON)
    server.route("/t/5.json", discourse_fixtures / "topic.json", **JSON)
    server.route("/t/4.json", discourse_fixtures / "topic_posts.json", **JSON)
    group = add_group(sqlite_store, server.url("/c/general/1"), kind="discourse")
    options = SourceOptions(discourse_max_topics=1)
    fetch_all(sqlite_store, politeness=FAST, options=options)
    opened = len(server.hits_of("/t/5.json")) + len(server.hits_of("/t/4.json"))
    assert opened == 1
    fetch_all(sqlite_store, politeness=FAST, options=options)  # the other one's turn
    assert len(server.hits_of("/t/5.json")) == 1 and len(server.hits_of("/t/4.json")) == 1
    posts = _by_id(sqlite_store, group.id)
    assert posts["topic:4"].title == "This is a markdown post"
    assert posts["post:123456"].body == "Some text."


def test_solved_topics_from_the_solved_plugin(sqlite_store: Store, server: FixtureServer) -> None:
    # Our own small data in the API's documented shape, with the discourse-solved fields.
    listing = {
        "users": [{"id": 7, "username": "asker"}],
        "topic_list": {
            "topics": [
                {
                    "id": 10,
                    "title": "Solved in list",
                    "slug": "a",
                    "posts_count": 2,
                    "has_accepted_answer": True,
                    "tags": [{"name": "python"}],
                    "posters": [{"description": "Original Poster", "user_id": 7}],
                },
                {
                    "id": 11,
                    "title": "Solved in topic",
                    "slug": "b",
                    "posts_count": 2,
                    "tags": ["sql"],
                },
                {"id": 12, "title": "Open", "slug": "c", "posts_count": 1},
            ]
        },
    }
    topic_11 = {
        "id": 11,
        "posts_count": 2,
        "post_stream": {
            "posts": [
                {"id": 1, "post_number": 1, "username": "asker", "cooked": "<p>How?</p>"},
                {
                    "id": 2,
                    "post_number": 2,
                    "username": "helper",
                    "cooked": "<p>So.</p>",
                    "accepted_answer": True,
                },
            ]
        },
    }
    server.route("/latest.json", json.dumps(listing).encode(), **JSON)
    server.route("/t/10.json", b"{broken", **JSON)
    server.route("/t/11.json", json.dumps(topic_11).encode(), **JSON)
    server.route("/t/12.json", json.dumps({"post_stream": {"posts": []}}).encode(), **JSON)
    group = add_group(sqlite_store, server.url("/"), kind="discourse")
    report = fetch_all(sqlite_store, politeness=FAST).sources[0]
    assert report.status == "ok"
    assert len(report.warnings) == 1 and "/t/10.json:1: not valid JSON" in report.warnings[0]
    posts = _by_id(sqlite_store, group.id)
    solved = {k: p.is_solved for k, p in posts.items()}
    assert solved == {"topic:10": True, "topic:11": True, "topic:12": False, "post:2": True}
    assert posts["topic:10"].tags == ["python"] and posts["topic:11"].tags == ["sql"]
    assert posts["topic:10"].author_account == "asker"


@pytest.mark.parametrize(
    ("body", "problem"),
    [(b'{"topic_list": ', "not valid JSON"), (b'{"users": []}', "not a Discourse topic list")],
)
def test_malformed_topic_list_is_reported(
    sqlite_store: Store, server: FixtureServer, body: bytes, problem: str
) -> None:
    server.route("/latest.json", body, **JSON)
    add_group(sqlite_store, server.url("/"), kind="discourse")
    report = fetch_all(sqlite_store, politeness=FAST)
    assert report.all_failed
    assert server.url("/latest.json") in (report.sources[0].error or "")
    assert problem in (report.sources[0].error or "")


def test_list_url_from_what_users_paste() -> None:
    assert list_url("https://forum.example.org") == "https://forum.example.org/latest.json"
    assert list_url("https://f.org/c/help/6") == "https://f.org/c/help/6.json"
    assert list_url("https://f.org/top") == "https://f.org/top.json"
    assert list_url("https://f.org/latest.json?page=1") == "https://f.org/latest.json?page=1"
