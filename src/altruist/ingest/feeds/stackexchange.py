"""Stack Exchange sites through the public API v2.3 (https://api.stackexchange.com/docs).

A group is a site plus optional tags, given either as a site URL the user knows
(`https://beer.stackexchange.com/questions/tagged/hops`) or as an API URL
(`https://api.stackexchange.com/2.3/questions?site=beer&tagged=hops`). One fetch asks for one
page of the most recently active questions (and one request for their answers), and obeys the
API's `backoff` field, which the API docs require clients to honour.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, quote, unquote, urlencode, urlsplit

from altruist.domain import Group, Post
from altruist.errors import FetchError
from altruist.ingest.feeds.discourse import decode_json
from altruist.ingest.feeds.http import host_key
from altruist.ingest.feeds.source import Fetched, SourceContext
from altruist.ingest.feeds.text import from_unix, html_to_text, one_line

# Hosts whose sites live outside *.stackexchange.com; the API names them by their first label.
_OWN_DOMAINS = (
    "stackoverflow.com",
    "superuser.com",
    "serverfault.com",
    "askubuntu.com",
    "mathoverflow.net",
    "stackapps.com",
)


def is_stackexchange_host(host: str) -> bool:
    host = host.lower()
    return (
        host.endswith(".stackexchange.com")
        or host == "stackexchange.com"
        or any(host == d or host.endswith("." + d) for d in _OWN_DOMAINS)
    )


def site_and_tags(group_url: str) -> tuple[str, list[str]]:
    """(API site name, tags) from a site URL or an API URL."""
    parts = urlsplit(group_url)
    query = parse_qs(parts.query)
    if "site" in query:
        tagged = query.get("tagged", [""])[0]
        return query["site"][0], [t for t in tagged.split(";") if t]
    host = (parts.hostname or "").lower()
    if not is_stackexchange_host(host):
        raise FetchError(f"{group_url}: not a Stack Exchange site or API URL")
    site = host.removesuffix(".stackexchange.com")
    if site.startswith("www."):
        site = site[4:]
    for domain in _OWN_DOMAINS:
        if site in (domain, "meta." + domain):
            site = site.removesuffix(".com").removesuffix(".net")
    tags: list[str] = []
    segments = [unquote(s) for s in parts.path.split("/") if s]
    if len(segments) >= 3 and segments[:2] == ["questions", "tagged"]:
        tags = [t for t in segments[2].replace(" ", "+").split("+") if t]
    return site, tags


def questions_url(group_url: str, api_base: str, page_size: int) -> str:
    parts = urlsplit(group_url)
    if "/questions" in parts.path and "site=" in parts.query:
        base = group_url  # already an API URL (the user's, or a test server's)
        extra: dict[str, object] = {} if "pagesize=" in parts.query else {"pagesize": page_size}
        extra.update({} if "filter=" in parts.query else {"filter": "withbody"})
        return f"{base}&{urlencode(extra)}" if extra else base
    site, tags = site_and_tags(group_url)
    params: dict[str, object] = {
        "site": site,
        "order": "desc",
        "sort": "activity",
        "pagesize": page_size,
        "filter": "withbody",
    }
    if tags:
        params["tagged"] = ";".join(tags)
    return f"{api_base.rstrip('/')}/questions?{urlencode(params)}"


def answers_url(questions: str, question_ids: list[str]) -> str:
    parts = urlsplit(questions)
    site = parse_qs(parts.query).get("site", [""])[0]
    base = questions.split("/questions", 1)[0]
    ids = quote(";".join(question_ids), safe=";")
    query = urlencode({"site": site, "pagesize": 100, "filter": "withbody", "sort": "creation"})
    return f"{base}/questions/{ids}/answers?{query}"


def _items(data: Any, source: str) -> list[dict[str, Any]]:
    if isinstance(data, dict) and "error_id" in data:
        raise FetchError(
            f"{source}: Stack Exchange API error {data.get('error_id')} "
            f"{data.get('error_name', '')}: {data.get('error_message', '')}".rstrip()
        )
    items = data.get("items") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise FetchError(f"{source}: not a Stack Exchange API response (no items)")
    return [item for item in items if isinstance(item, dict)]


def _owner(item: dict[str, Any]) -> tuple[str | None, str | None]:
    raw = item.get("owner")
    owner: dict[str, Any] = raw if isinstance(raw, dict) else {}
    name = owner.get("display_name")
    user_id = owner.get("user_id")
    return (
        html_to_text(name) if isinstance(name, str) else None,
        str(user_id) if user_id is not None else None,
    )


def parse_questions(data: Any, *, source: str, group_id: int) -> list[Post]:
    posts: list[Post] = []
    for item in _items(data, source):
        if item.get("question_id") is None:
            continue
        name, account = _owner(item)
        posts.append(
            Post(
                group_id=group_id,
                external_id=f"q:{item['question_id']}",
                title=one_line(html_to_text(str(item.get("title") or ""))) or "(untitled)",
                body=html_to_text(item.get("body") if isinstance(item.get("body"), str) else ""),
                author_name=name,
                author_account=account,
                tags=[t for t in item.get("tags") or [] if isinstance(t, str)],
                posted_at=from_unix(item.get("creation_date")),
                answer_count=int(item.get("answer_count") or 0),
                # An accepted answer closes the question; `is_answered` alone only means an
                # upvoted answer exists, which still leaves room for a better one.
                is_solved=item.get("accepted_answer_id") is not None,
                url=item.get("link") if isinstance(item.get("link"), str) else None,
            )
        )
    return posts


def parse_answers(data: Any, *, source: str, group_id: int, titles: dict[str, str]) -> list[Post]:
    posts: list[Post] = []
    for item in _items(data, source):
        if item.get("answer_id") is None or item.get("question_id") is None:
            continue
        name, account = _owner(item)
        parent = f"q:{item['question_id']}"
        posts.append(
            Post(
                group_id=group_id,
                external_id=f"a:{item['answer_id']}",
                title=f"Re: {titles.get(parent, '')}".strip(),
                body=html_to_text(item.get("body") if isinstance(item.get("body"), str) else ""),
                author_name=name,
                author_account=account,
                parent_external_id=parent,
                posted_at=from_unix(item.get("creation_date")),
                is_question=False,
                is_solved=item.get("is_accepted") is True,
            )
        )
    return posts


def _respect_backoff(ctx: SourceContext, url: str, data: Any) -> None:
    backoff = data.get("backoff") if isinstance(data, dict) else None
    if isinstance(backoff, int | float) and backoff > 0:
        ctx.client.limiter.hold_off(host_key(url), float(backoff))


def fetch_stackexchange(group: Group, ctx: SourceContext) -> Fetched:
    opts = ctx.options
    url = questions_url(group.url or "", opts.se_api_base, opts.se_page_size)
    response = ctx.client.get(url, etag=group.etag, last_modified=group.last_modified)
    if response.not_modified:
        return Fetched(not_modified=True, etag=group.etag, last_modified=group.last_modified)
    data = decode_json(response.body, url)
    _respect_backoff(ctx, url, data)
    group_id = group.id or 0
    result = Fetched(etag=response.etag, last_modified=response.last_modified)
    result.posts = parse_questions(data, source=url, group_id=group_id)
    answered = [p.external_id[2:] for p in result.posts if p.answer_count and p.external_id]
    if opts.se_fetch_answers and answered:
        a_url = answers_url(url, answered[:100])
        try:
            a_data = decode_json(ctx.client.get(a_url).body, a_url)
            _respect_backoff(ctx, a_url, a_data)
            titles = {p.external_id or "": p.title for p in result.posts}
            result.posts.extend(
                parse_answers(a_data, source=a_url, group_id=group_id, titles=titles)
            )
        except FetchError as exc:
            result.warnings.append(str(exc))  # the questions alone are still worth storing
    return result
