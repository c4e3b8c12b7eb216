"""Discourse forums through their public JSON API.

`/latest.json` (or a category's `/c/…/ID.json`) lists topics; each topic is a question. For topics
that are new or changed since the last fetch we open `/t/{id}.json` to get the question's text and
its replies (the answers). "Solved" comes from the discourse-solved plugin: `has_accepted_answer`
on the topic list, `accepted_answer` on the topic or on a post. Forums without the plugin simply
never report a solved topic; their questions count as open while they have no replies.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from altruist.domain import Group, Post
from altruist.errors import FetchError
from altruist.ingest.feeds.source import Fetched, SourceContext
from altruist.ingest.feeds.text import from_iso, html_to_text, one_line

JSON_ACCEPT = "application/json"


def topic_key(topic_id: object) -> str:
    return f"topic:{topic_id}"


def post_key(post_id: object) -> str:
    return f"post:{post_id}"


def list_url(group_url: str) -> str:
    """The topic list for a forum or category URL the user pasted."""
    parts = urlsplit(group_url)
    path = parts.path.rstrip("/")
    if path.endswith(".json"):
        return group_url
    if "/c/" in path or path.endswith(("/latest", "/top", "/new", "/hot")):
        path += ".json"
    else:
        path += "/latest.json"
    return urlunsplit((parts.scheme, parts.netloc, path, parts.query, ""))


def forum_root(group_url: str) -> str:
    parts = urlsplit(group_url)
    return urlunsplit((parts.scheme, parts.netloc, "", "", ""))


def decode_json(body: bytes, source: str) -> Any:
    try:
        return json.loads(body)
    except RecursionError as exc:  # [[[[… 200,000 deep: no forum answers like that
        raise FetchError(f"{source}: JSON nested too deeply to read") from exc
    except (ValueError, UnicodeDecodeError) as exc:
        line = getattr(exc, "lineno", None)
        where = f":{line}" if line else ""
        raise FetchError(f"{source}{where}: not valid JSON: {exc}") from exc


def parse_topic_list(data: Any, *, source: str, group_id: int, root: str) -> list[Post]:
    """Questions from a topic list (latest/top/new/category): title, counts, solved flag."""
    topic_list = data.get("topic_list") if isinstance(data, dict) else None
    topics = topic_list.get("topics") if isinstance(topic_list, dict) else None
    if not isinstance(topics, list):
        raise FetchError(f"{source}: not a Discourse topic list (no topic_list.topics)")
    users = {u.get("id"): u.get("username") for u in data.get("users") or [] if isinstance(u, dict)}
    posts: dict[str, Post] = {}
    for topic in topics:
        if not isinstance(topic, dict) or topic.get("id") is None:
            continue
        key = topic_key(topic["id"])
        if key in posts:  # lists may repeat a pinned topic; keep the first
            continue
        author = _original_poster(topic, users)
        posts[key] = Post(
            group_id=group_id,
            external_id=key,
            title=one_line(topic.get("fancy_title") and html_to_text(topic["fancy_title"]))
            or one_line(str(topic.get("title") or ""))
            or f"topic {topic['id']}",
            body=html_to_text(topic.get("excerpt") or ""),
            author_name=author,
            author_account=author,
            tags=_tags(topic.get("tags")),
            posted_at=from_iso(topic.get("created_at")),
            answer_count=max(0, _int(topic.get("posts_count"), 1) - 1),
            is_solved=bool(topic.get("has_accepted_answer")),
            url=f"{root}/t/{topic.get('slug') or 'topic'}/{topic['id']}",
        )
    return list(posts.values())


def _original_poster(topic: dict[str, Any], users: dict[Any, Any]) -> str | None:
    for poster in topic.get("posters") or []:
        if isinstance(poster, dict) and "Original Poster" in str(poster.get("description")):
            name = users.get(poster.get("user_id"))
            if name:
                return str(name)
    return None


def _tags(raw: object) -> list[str]:
    # Older forums send ["a", "b"]; newer ones send [{"name": "a", ...}].
    tags: list[str] = []
    for tag in raw if isinstance(raw, list) else []:
        name = tag.get("name") if isinstance(tag, dict) else tag
        if isinstance(name, str) and name:
            tags.append(name)
    return tags


def _int(value: object, default: int) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else default


def apply_topic(question: Post, data: Any, *, source: str, group_id: int) -> list[Post]:
    """Fill `question` from `/t/{id}.json` and return its replies as answer posts."""
    stream = data.get("post_stream") if isinstance(data, dict) else None
    items = stream.get("posts") if isinstance(stream, dict) else None
    if not isinstance(items, list):
        raise FetchError(f"{source}: not a Discourse topic (no post_stream.posts)")
    accepted = data.get("accepted_answer")
    accepted_number = accepted.get("post_number") if isinstance(accepted, dict) else None
    answers: list[Post] = []
    for item in items:
        if not isinstance(item, dict):
            continue
        number = item.get("post_number")
        username = item.get("username")
        text = html_to_text(item.get("cooked") or item.get("raw") or "")
        if number == 1:
            question.body = text or question.body
            question.author_account = username or question.author_account
            question.author_name = item.get("name") or username or question.author_name
            continue
        is_accepted = item.get("accepted_answer") is True or (
            accepted_number is not None and number == accepted_number
        )
        answers.append(
            Post(
                group_id=group_id,
                external_id=post_key(item.get("id")),
                title=f"Re: {question.title}",
                body=text,
                author_name=item.get("name") or username,
                author_account=username,
                parent_external_id=question.external_id,
                posted_at=from_iso(item.get("created_at")),
                is_question=False,
                is_solved=is_accepted,  # on an answer: this is the accepted one
                url=f"{question.url}/{number}" if question.url else None,
            )
        )
    if accepted_number is not None or any(a.is_solved for a in answers):
        question.is_solved = True
    # The stream may be paged (only the first 20 posts); posts_count is the full count.
    total = _int(data.get("posts_count"), 0)
    question.answer_count = max(question.answer_count, len(answers), total - 1)
    return answers


def _unchanged(question: Post, stored: Post | None) -> bool:
    """Nothing new since we opened the topic: no more replies than we have, no newly solved
    flag. (The list may count fewer posts than the topic page showed, e.g. hidden ones.)"""
    return (
        stored is not None
        and stored.answer_count >= question.answer_count
        and (stored.is_solved or not question.is_solved)
        and bool(stored.body)
    )


def fetch_discourse(group: Group, ctx: SourceContext) -> Fetched:
    url = list_url(group.url or "")
    response = ctx.client.get(
        url, etag=group.etag, last_modified=group.last_modified, accept=JSON_ACCEPT
    )
    if response.not_modified:
        return Fetched(not_modified=True, etag=group.etag, last_modified=group.last_modified)
    root = forum_root(group.url or "")
    group_id = group.id or 0
    questions = parse_topic_list(
        decode_json(response.body, url), source=url, group_id=group_id, root=root
    )
    known = ctx.known()
    result = Fetched(etag=response.etag, last_modified=response.last_modified)
    opened = 0
    for question in questions:
        stored = known.get(question.external_id or "")
        if _unchanged(question, stored) and stored is not None:
            # Keep what the topic page told us last time (full text, real author).
            question.body, question.author_name = stored.body, stored.author_name
            question.author_account = stored.author_account
            question.answer_count, question.is_solved = stored.answer_count, stored.is_solved
            result.posts.append(question)
            continue
        if opened >= ctx.options.discourse_max_topics:
            result.posts.append(question)  # listed now, opened on a later fetch
            continue
        opened += 1
        topic_id = (question.external_id or "").removeprefix("topic:")
        topic_url = f"{root}/t/{topic_id}.json"
        try:
            topic = decode_json(ctx.client.get(topic_url, accept=JSON_ACCEPT).body, topic_url)
            result.posts.extend(apply_topic(question, topic, source=topic_url, group_id=group_id))
        except FetchError as exc:
            # One broken topic must not cost the whole forum; the list entry still counts.
            result.warnings.append(str(exc))
        result.posts.append(question)
    return result
