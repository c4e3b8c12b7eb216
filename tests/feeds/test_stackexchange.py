"""Stack Exchange: the API over real HTTP (our own small data in the API's documented shape) and
the Posts.xml data dumps from ../shared/data."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from altruist.domain import Post
from altruist.errors import FetchError
from altruist.ingest.feeds import PoliteClient, SourceOptions, add_group, fetch_all
from altruist.ingest.feeds.se_dump import parse_tags, read_posts_xml
from altruist.ingest.feeds.stackexchange import parse_questions, questions_url, site_and_tags
from altruist.store import Store
from altruist.store import groups as groups_repo
from tests.feeds.conftest import FAST
from tests.feeds.server import FixtureServer

# Shapes from https://api.stackexchange.com/docs/types/question and .../types/answer
QUESTIONS = {
    "items": [
        {
            "question_id": 101,
            "title": "Which hops give a citrus aroma?",
            "tags": ["hops"],
            "owner": {"user_id": 42, "display_name": "Me &amp; Myself", "account_id": 4},
            "is_answered": True,
            "accepted_answer_id": 201,
            "answer_count": 2,
            "creation_date": 1400000000,
            "link": "https://beer.stackexchange.com/q/101",
            "body": "<p>Citra <em>or</em> Cascade?</p>",
        },
        {
            "question_id": 102,
            "title": "Is bottle conditioning safe?",
            "tags": ["hops", "safety"],
            "owner": {"user_id": 7, "display_name": "Bo"},
            "is_answered": True,
            "answer_count": 1,
            "creation_date": 1400003600,
            "body": "<p>Pressure?</p>",
        },
        {
            "question_id": 103,
            "title": "Unanswered one",
            "tags": ["hops"],
            "owner": {"user_type": "does_not_exist"},
            "is_answered": False,
            "answer_count": 0,
            "creation_date": 1400007200,
        },
    ],
    "has_more": False,
    "quota_max": 300,
    "quota_remaining": 299,
}
ANSWERS = {
    "items": [
        {
            "answer_id": 201,
            "question_id": 101,
            "is_accepted": True,
            "body": "<p>Citra.</p>",
            "owner": {"user_id": 9, "display_name": "Hopper"},
            "creation_date": 1400001000,
        },
        {
            "answer_id": 202,
            "question_id": 101,
            "is_accepted": False,
            "body": "<p>Mosaic.</p>",
            "owner": {"user_id": 42, "display_name": "Me"},
            "creation_date": 1400002000,
        },
        {
            "answer_id": 203,
            "question_id": 102,
            "is_accepted": False,
            "body": "<p>Yes.</p>",
            "owner": {"user_id": 9, "display_name": "Hopper"},
            "creation_date": 1400004000,
        },
    ],
    "has_more": False,
    "quota_max": 300,
    "quota_remaining": 298,
}
JSON = {"content_type": "application/json; charset=utf-8"}


def _route_api(server: FixtureServer, questions: dict[str, object] = QUESTIONS) -> None:
    server.route("/2.3/questions", json.dumps(questions).encode(), **JSON)
    server.route("/2.3/questions/101;102/answers", json.dumps(ANSWERS).encode(), **JSON)


def _posts(store: Store, group_id: int | None) -> dict[str, Post]:
    with store.read() as conn:
        return {p.external_id or "": p for p in groups_repo.posts_of(conn, group_id)}


def test_api_questions_and_answers_over_http(sqlite_store: Store, server: FixtureServer) -> None:
    _route_api(server)
    group = add_group(
        sqlite_store, server.url("/2.3/questions?site=beer&tagged=hops"), account="42"
    )
    assert group.kind == "stackexchange" and group.name == "beer [hops]"
    report = fetch_all(sqlite_store, politeness=FAST).sources[0]
    assert (report.status, report.new, report.warnings) == ("ok", 6, [])
    asked = server.hits_of("/2.3/questions")[0].path
    assert "site=beer" in asked and "tagged=hops" in asked and "filter=withbody" in asked

    posts = _posts(sqlite_store, group.id)
    q101, q102, q103 = posts["q:101"], posts["q:102"], posts["q:103"]
    assert (q101.is_solved, q101.answer_count, q101.by_me) == (True, 2, True)
    assert q101.body == "Citra or Cascade?" and q101.author_name == "Me & Myself"
    assert q101.posted_at is not None and q101.posted_at.isoformat() == "2014-05-13T16:53:20+00:00"
    assert (q102.is_solved, q102.is_open, q102.tags) == (False, True, ["hops", "safety"])
    assert q103.author_account is None and q103.answer_count == 0
    assert posts["a:201"].is_solved and posts["a:201"].parent_external_id == "q:101"
    assert posts["a:202"].by_me and not posts["a:202"].is_solved
    assert posts["a:203"].title == "Re: Is bottle conditioning safe?"


def test_api_backoff_field_is_obeyed(sqlite_store: Store, server: FixtureServer) -> None:
    _route_api(server, {**QUESTIONS, "backoff": 10})
    add_group(sqlite_store, server.url("/2.3/questions?site=beer"))
    waits: list[float] = []
    with PoliteClient(FAST, sleep=waits.append) as recording:
        fetch_all(sqlite_store, client=recording)
    assert waits and waits[-1] == pytest.approx(10, abs=0.5)  # answers waited for the backoff


def test_api_error_is_reported_with_its_message(sqlite_store: Store, server: FixtureServer) -> None:
    error = {"error_id": 400, "error_name": "bad_parameter", "error_message": "site is required"}
    server.route("/2.3/questions", json.dumps(error).encode(), status=400, **JSON)
    add_group(sqlite_store, server.url("/2.3/questions?site=nope"))
    report = fetch_all(sqlite_store, politeness=FAST)
    assert report.all_failed and "HTTP 400" in (report.sources[0].error or "")
    assert "site is required" in (report.sources[0].error or "")
    with pytest.raises(FetchError, match="API error 502 throttle_violation: too many"):
        parse_questions(
            {"error_id": 502, "error_name": "throttle_violation", "error_message": "too many"},
            source="x",
            group_id=1,
        )


def test_a_site_url_goes_to_the_configured_api(sqlite_store: Store, server: FixtureServer) -> None:
    _route_api(server)
    group = add_group(sqlite_store, "https://beer.stackexchange.com/questions/tagged/hops")
    assert (group.kind, group.name) == ("stackexchange", "beer [hops]")
    options = SourceOptions(se_api_base=server.url("/2.3"))
    assert fetch_all(sqlite_store, politeness=FAST, options=options).sources[0].new == 6
    assert server.hits_of("/2.3/questions")  # the test server, never the real API


def test_site_and_tags_from_urls() -> None:
    assert site_and_tags("https://stackoverflow.com/questions/tagged/python+sqlite") == (
        "stackoverflow",
        ["python", "sqlite"],
    )
    assert site_and_tags("https://beer.stackexchange.com/") == ("beer", [])
    assert site_and_tags("https://api.stackexchange.com/2.3/questions?site=ai&tagged=a;b") == (
        "ai",
        ["a", "b"],
    )
    with pytest.raises(FetchError, match="not a Stack Exchange site"):
        site_and_tags("https://example.org/questions")
    url = questions_url("https://superuser.com/questions/tagged/bash", "http://h/2.3", 10)
    assert url.startswith("http://h/2.3/questions?site=superuser&") and "tagged=bash" in url


def test_posts_xml_dump_matches_the_file(realdata: Path, sqlite_store: Store) -> None:
    dump = realdata / "se-beer-2014-2017" / "Posts.xml"
    text = dump.read_text(encoding="utf-8-sig")
    rows = re.findall(r"<row [^>]*/>", text)
    questions = [r for r in rows if 'PostTypeId="1"' in r]
    answers = [r for r in rows if 'PostTypeId="2"' in r]
    accepted = [r for r in questions if "AcceptedAnswerId=" in r]

    posts = read_posts_xml(dump)
    assert sum(p.is_question for p in posts) == len(questions)
    assert sum(not p.is_question for p in posts) == len(answers)
    assert sum(p.is_question and p.is_solved for p in posts) == len(accepted)
    assert sum(not p.is_question and p.is_solved for p in posts) <= len(accepted)
    first = next(p for p in posts if p.external_id == "q:1")
    assert first.title.startswith("What is a citra hop") and first.tags == ["hops"]
    assert first.author_account == "7" and first.posted_at is not None

    group = add_group(sqlite_store, str(dump.parent), account="7")
    assert group.kind == "stackexchange-dump"
    report = fetch_all(sqlite_store).sources[0]
    assert report.new == len(questions) + len(answers)
    assert fetch_all(sqlite_store).sources[0].status == "not_modified"


def test_broken_posts_xml_names_file_and_line(tmp_path: Path) -> None:
    dump = tmp_path / "Posts.xml"
    dump.write_text(
        '<?xml version="1.0"?>\n<posts>\n  <row Id="1" PostTypeId="1" Title="x" />\n'
        '  <row Id="2" PostTypeId="1" Title="a & b" />\n</posts>\n'
    )
    with pytest.raises(FetchError, match=rf"^{re.escape(str(dump))}:4: not a Stack Exchange"):
        read_posts_xml(dump)


def test_dump_tags_in_both_formats() -> None:
    assert parse_tags("<hops><india-pale-ale>") == ["hops", "india-pale-ale"]
    assert parse_tags("|hops|ipa|") == ["hops", "ipa"]
    assert parse_tags(None) == []


def test_a_dump_named_after_its_site_links_every_post(realdata: Path, tmp_path: Path) -> None:
    """The public dumps are named after their site; questions and answers link to their pages."""
    site_folder = tmp_path / "beer.stackexchange.com"
    site_folder.mkdir()
    (site_folder / "Posts.xml").symlink_to(realdata / "se-beer-2014-2017" / "Posts.xml")
    posts = read_posts_xml(site_folder / "Posts.xml")
    question = next(p for p in posts if p.is_question)
    answer = next(p for p in posts if not p.is_question)
    assert question.url == f"https://beer.stackexchange.com/questions/{question.external_id[2:]}"
    assert answer.url == f"https://beer.stackexchange.com/a/{answer.external_id[2:]}"
    # A dump whose name does not tell the site gets no invented link.
    assert all(p.url is None for p in read_posts_xml(realdata / "se-beer-2014-2017" / "Posts.xml"))
