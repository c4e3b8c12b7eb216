"""Read a Stack Exchange `Posts.xml` data dump as a stream of questions and answers.

Dumps range from kilobytes to gigabytes, so rows are parsed one by one with expat (the parser
under `ElementTree.iterparse`) and never held as a tree. Expat is used directly because it knows
the line of every row, so a bad row or a broken file is reported as `Posts.xml:LINE`.

Both row forms seen in real dumps are accepted: `<row …/>` and `<row …></row>`; tags come as
`<a><b>` (classic dumps) or `|a|b|` (dumps since 2023).
"""

from __future__ import annotations

import html
import re
import xml.parsers.expat
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from altruist.errors import ImportError_

QUESTION, ANSWER = "1", "2"
_CHUNK = 1 << 20
_TAG_ANGLE = re.compile(r"<([^<>]+)>")
_HTML_TAG = re.compile(r"<[^>]+>")
_BLOCK_END = re.compile(r"</(p|li|pre|h\d|blockquote|div)>|<br\s*/?>", re.IGNORECASE)
_SPACES = re.compile(r"[ \t\r\f\v]+")
_BLANK_LINES = re.compile(r"\s*\n\s*")


@dataclass(frozen=True)
class SEQuestion:
    id: int
    title: str
    body: str  # plain text
    tags: tuple[str, ...]
    created: datetime
    owner: int | None  # OwnerUserId; None for deleted users (dumps then carry OwnerDisplayName)
    accepted_answer_id: int | None
    answer_count: int
    line: int  # where the row starts in Posts.xml, for messages


@dataclass(frozen=True)
class SEAnswer:
    id: int
    parent_id: int
    created: datetime
    owner: int | None
    line: int


@dataclass
class SEDump:
    """One site's posts, each list in file order (which is id order in real dumps)."""

    name: str
    path: Path
    questions: list[SEQuestion]
    answers: list[SEAnswer]

    def accepted_answerer(self, question: SEQuestion) -> int | None:
        if question.accepted_answer_id is None:
            return None
        answer = self._answers_by_id().get(question.accepted_answer_id)
        return answer.owner if answer else None

    def _answers_by_id(self) -> dict[int, SEAnswer]:
        cached: dict[int, SEAnswer] | None = getattr(self, "_by_id", None)
        if cached is None:
            cached = {a.id: a for a in self.answers}
            self._by_id = cached
        return cached


def html_to_text(body: str) -> str:
    """Post bodies are HTML; keep paragraph breaks and code text, drop markup and entities."""
    text = _BLOCK_END.sub("\n", body)
    text = html.unescape(_HTML_TAG.sub(" ", text))
    text = _SPACES.sub(" ", text)
    return _BLANK_LINES.sub("\n", text).strip()


def parse_tags(raw: str | None) -> tuple[str, ...]:
    if not raw:
        return ()
    if raw.startswith("|"):
        return tuple(t for t in raw.split("|") if t)
    return tuple(_TAG_ANGLE.findall(raw))


def parse_se_date(raw: str) -> datetime:
    """Dump dates are UTC without a zone, e.g. `2014-01-21T20:26:05.383`."""
    return datetime.fromisoformat(raw).replace(tzinfo=UTC)


def iter_posts(path: Path) -> Iterator[SEQuestion | SEAnswer]:
    """Yield questions and answers in file order; other post types (wiki, tag excerpts) are skipped."""
    path = Path(path)
    pending: list[SEQuestion | SEAnswer] = []
    parser = xml.parsers.expat.ParserCreate()

    def start(name: str, attrs: dict[str, str]) -> None:
        if name == "row":
            post = _row_to_post(attrs, path, parser.CurrentLineNumber)
            if post is not None:
                pending.append(post)

    parser.StartElementHandler = start
    try:
        with path.open("rb") as stream:
            while chunk := stream.read(_CHUNK):
                parser.Parse(chunk, False)
                yield from pending
                pending.clear()
            parser.Parse(b"", True)
            yield from pending
    except xml.parsers.expat.ExpatError as exc:
        raise ImportError_(
            f"not well-formed XML: {xml.parsers.expat.errors.messages[exc.code]}",
            file=str(path),
            line=exc.lineno,
        ) from exc
    except OSError as exc:
        raise ImportError_(f"cannot read: {exc.strerror or exc}", file=str(path)) from exc


def _row_to_post(attrs: dict[str, str], path: Path, line: int) -> SEQuestion | SEAnswer | None:
    kind = attrs.get("PostTypeId")
    if kind not in (QUESTION, ANSWER):
        return None
    try:
        post_id = int(attrs["Id"])
        created = parse_se_date(attrs["CreationDate"])
        owner = int(attrs["OwnerUserId"]) if attrs.get("OwnerUserId") else None
        if kind == QUESTION:
            accepted = attrs.get("AcceptedAnswerId")
            return SEQuestion(
                id=post_id,
                title=html.unescape(attrs.get("Title", "")).strip(),
                body=html_to_text(attrs.get("Body", "")),
                tags=parse_tags(attrs.get("Tags")),
                created=created,
                owner=owner,
                accepted_answer_id=int(accepted) if accepted else None,
                answer_count=int(attrs.get("AnswerCount") or 0),
                line=line,
            )
        return SEAnswer(
            id=post_id,
            parent_id=int(attrs["ParentId"]),
            created=created,
            owner=owner,
            line=line,
        )
    except KeyError as exc:
        raise ImportError_(
            f"post row lacks attribute {exc.args[0]}", file=str(path), line=line
        ) from exc
    except ValueError as exc:
        raise ImportError_(f"bad value in post row: {exc}", file=str(path), line=line) from exc


def load_dump(folder_or_file: Path) -> SEDump:
    """Load a dump folder (containing Posts.xml) or a Posts.xml file."""
    path = Path(folder_or_file)
    file = path / "Posts.xml" if path.is_dir() else path
    if not file.is_file():
        raise ImportError_("no Posts.xml here", file=str(path))
    questions: list[SEQuestion] = []
    answers: list[SEAnswer] = []
    for post in iter_posts(file):
        if isinstance(post, SEQuestion):
            questions.append(post)
        else:
            answers.append(post)
    name = file.parent.name if file.name == "Posts.xml" else file.stem
    return SEDump(name=name, path=file, questions=questions, answers=answers)


def find_dumps(path: Path) -> list[Path]:
    """One dump folder, or every folder with a Posts.xml directly below a data folder, sorted
    (`../shared/data` names them se-*, but a dump folder is known by its Posts.xml)."""
    path = Path(path)
    if (path / "Posts.xml").is_file() or path.is_file():
        return [path]
    if not path.is_dir():
        raise ImportError_("no such folder", file=str(path))
    found = sorted(p.parent for p in path.glob("*/Posts.xml"))
    if not found:
        raise ImportError_("no dump folders (*/Posts.xml) found", file=str(path))
    return found


@dataclass
class TemporalSplit:
    """Issue 5's date split: the first 80 % of questions (by creation date) are the past, the
    last 20 % the open pool. Only answers written before the cut count as history."""

    dump: SEDump
    cut: datetime
    past: list[SEQuestion]
    pool: list[SEQuestion]
    past_answers: list[SEAnswer]

    def questions_by_id(self) -> dict[int, SEQuestion]:
        return {q.id: q for q in self.dump.questions}


def temporal_split(dump: SEDump, past_fraction: float = 0.8) -> TemporalSplit:
    ordered = sorted(dump.questions, key=lambda q: (q.created, q.id))
    if len(ordered) < 2:
        raise ImportError_("a dump needs at least two questions to split", file=str(dump.path))
    n_past = max(1, min(len(ordered) - 1, int(len(ordered) * past_fraction)))
    cut = ordered[n_past].created
    past_answers = [a for a in dump.answers if a.created < cut and a.owner is not None]
    return TemporalSplit(dump, cut, ordered[:n_past], ordered[n_past:], past_answers)
