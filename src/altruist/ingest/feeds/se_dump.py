"""A Stack Exchange data dump's `Posts.xml` as a group: questions and their answers.

Rows are streamed with iterparse, so a large dump never sits in memory as a tree. The schema is
the one of the public dumps (PostTypeId 1 = question, 2 = answer; AcceptedAnswerId on the
question; ParentId on the answer; Tags as `<a><b>` or, in newer dumps, `|a|b|`). Accounts are
the numeric user ids, so `--account 1234` marks the user's own posts.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from altruist.domain import Group, Post
from altruist.errors import FetchError
from altruist.ingest.feeds.localfile import changed
from altruist.ingest.feeds.source import Fetched, SourceContext
from altruist.ingest.feeds.text import from_iso, html_to_text, one_line

_TAG = re.compile(r"<([^<>]+)>|\|([^|]+)")
# The public dumps are named after their site (`beer.stackexchange.com.7z`, unpacked into a
# folder of that name); Posts.xml itself does not say which site it is from.
_SITE = re.compile(
    r"^((?:[a-z0-9-]+\.)*(?:stackexchange\.com|stackoverflow\.com|serverfault\.com|"
    r"superuser\.com|askubuntu\.com|mathoverflow\.net|stackapps\.com))(?:\.7z)?$",
    re.IGNORECASE,
)


def site_of(path: Path) -> str | None:
    """The Stack Exchange site a dump comes from, read from its file or folder names."""
    for part in reversed(path.absolute().parts):
        if found := _SITE.match(part):
            return found.group(1).lower()
    return None


def dump_file(path: Path) -> Path:
    """A dump is named by its Posts.xml or by the folder holding it."""
    return path / "Posts.xml" if path.is_dir() else path


def parse_tags(raw: str | None) -> list[str]:
    if not raw:
        return []
    return [a or b for a, b in _TAG.findall(raw) if (a or b)]


def read_posts_xml(path: Path, *, group_id: int = 0) -> list[Post]:
    """Questions and answers of one dump; FetchError with the line of the first bad XML.
    Posts link to their page on the site when the dump's name tells the site."""
    site = site_of(path)
    questions: dict[str, Post] = {}
    accepted: dict[str, str] = {}  # question id -> accepted answer id
    answers: list[Post] = []
    try:
        for _event, row in ET.iterparse(path, events=("end",)):
            if row.tag != "row":
                continue
            attrs = row.attrib
            row.clear()  # free the row's text right away; dumps have large bodies
            post_id = attrs.get("Id")
            kind = attrs.get("PostTypeId")
            if not post_id or kind not in ("1", "2"):
                continue  # wiki, tag excerpts and other post types are not questions
            account = attrs.get("OwnerUserId")
            common: dict[str, Any] = {
                "group_id": group_id,
                "body": html_to_text(attrs.get("Body")),
                "author_name": attrs.get("OwnerDisplayName")
                or (f"user {account}" if account else None),
                "author_account": account,
                "posted_at": from_iso(attrs.get("CreationDate")),  # UTC without an offset
            }
            if kind == "1":
                questions[post_id] = Post(
                    external_id=f"q:{post_id}",
                    title=one_line(attrs.get("Title")) or "(untitled)",
                    tags=parse_tags(attrs.get("Tags")),
                    answer_count=int(attrs.get("AnswerCount") or 0),
                    url=f"https://{site}/questions/{post_id}" if site else None,
                    **common,
                )
                if attrs.get("AcceptedAnswerId"):
                    accepted[post_id] = attrs["AcceptedAnswerId"]
            else:
                answers.append(
                    Post(
                        external_id=f"a:{post_id}",
                        title="",
                        parent_external_id=f"q:{attrs.get('ParentId')}",
                        is_question=False,
                        url=f"https://{site}/a/{post_id}" if site else None,
                        **common,
                    )
                )
    except ET.ParseError as exc:
        line = exc.position[0] if exc.position else None
        raise FetchError(f"{path}:{line}: not a Stack Exchange Posts.xml: {exc}") from exc
    except OSError as exc:
        raise FetchError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    except ValueError as exc:
        raise FetchError(f"{path}: bad value in Posts.xml: {exc}") from exc
    accepted_answers = {f"a:{a}" for a in accepted.values()}
    for question_id, question in questions.items():
        question.is_solved = question_id in accepted
    for answer in answers:
        parent = questions.get((answer.parent_external_id or "")[2:])
        answer.title = f"Re: {parent.title}" if parent else "Re: (question not in dump)"
        answer.is_solved = answer.external_id in accepted_answers
    return [*questions.values(), *answers]


def fetch_se_dump(group: Group, _ctx: SourceContext) -> Fetched:
    path = dump_file(Path(group.url or ""))
    is_new, stamp = changed(path, group.last_modified)
    if not is_new:
        return Fetched(not_modified=True, last_modified=stamp)
    return Fetched(posts=read_posts_xml(path, group_id=group.id or 0), last_modified=stamp)
