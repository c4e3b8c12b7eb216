"""What the organiser's Rounds page needs beyond the rounds engine: keep an uploaded members CSV
on the server between preview and save (under a random token, never a client path), turn a
`RoundResult` into what the template shows, list stored rounds and rebuild a stored round's
pairs CSV with the output module's columns and drafts."""

from __future__ import annotations

import io
import os
import re
import secrets
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from altruist import safe_csv
from altruist.engine.rounds.model import Match, Member, Pair, RoundResult
from altruist.engine.rounds.output import CSV_COLUMNS, draft_for
from altruist.engine.rounds.pairing import RoundOptions
from altruist.engine.rounds.plan import plan_round, reason_msgid, reason_text
from altruist.errors import ConfigError, ImportError_, NotFoundError
from altruist.store import Store, rounds_repo
from altruist.store.rows import aware
from altruist.store.schema import members, round_pairs, rounds

MAX_UPLOAD_BYTES = 50 * 1024 * 1024
MAX_PER_PERSON = 20
MAX_NAME = 200
SHOWN_PAIRS = 300  # the preview lists this many pairs; the CSV download has them all
UPLOAD_MAX_AGE = 24 * 3600
_TOKEN = re.compile(r"[A-Za-z0-9_-]{20,64}")
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")

Gettext = Callable[..., str]


def _english(message: str, **values: object) -> str:
    return message.format(**values) if values else message


def upload_root() -> Path:
    root = Path(tempfile.gettempdir()) / f"altruist-round-uploads-{os.getuid()}"
    root.mkdir(mode=0o700, exist_ok=True)
    return root


@dataclass(frozen=True)
class RoundForm:
    """The organiser's choices, validated once; carried from preview to save in hidden fields."""

    community: str = "default"
    name: str | None = None
    per_person: int = 1
    exclude_same_company: bool = False
    exclude_met: bool = False

    @classmethod
    def parse(
        cls,
        community: str,
        name: str,
        per_person: int,
        exclude_same_company: bool,
        exclude_met: bool,
        _: Gettext = _english,
    ) -> RoundForm:
        community = " ".join(community.split()) or "default"
        clean_name = " ".join(name.split()) or None
        if len(community) > MAX_NAME or (clean_name and len(clean_name) > MAX_NAME):
            raise ConfigError(
                _("Community and round names have at most {n} characters.", n=MAX_NAME)
            )
        if not 1 <= per_person <= MAX_PER_PERSON:
            raise ConfigError(
                _("Introductions per member must be between 1 and {n}.", n=MAX_PER_PERSON)
            )
        return cls(community, clean_name, per_person, exclude_same_company, exclude_met)

    def options(self) -> RoundOptions:
        return RoundOptions(
            per_person=self.per_person,
            exclude_same_company=self.exclude_same_company,
            exclude_met=self.exclude_met,
        )


def keep_upload(data: bytes, filename: str | None, _: Gettext = _english) -> str:
    """Store an uploaded members CSV under a fresh random token; return the token."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise ImportError_(_("The file is larger than 50 MB."), file=filename)
    _forget_old_uploads()
    token = secrets.token_urlsafe(24)
    folder = upload_root() / token
    folder.mkdir(mode=0o700)
    base = _SAFE_NAME.sub("_", PurePath(filename or "members.csv").name).strip("._")
    (folder / (base or "members.csv")).write_bytes(data)
    return token


def upload_path(token: str, _: Gettext = _english) -> Path:
    """The stored file of a token; the token is checked, so no client path reaches the disk."""
    folder = upload_root() / token
    files = sorted(folder.iterdir()) if _TOKEN.fullmatch(token) and folder.is_dir() else []
    if not files:
        raise NotFoundError(
            _("The uploaded members file is gone (saved or expired). Upload it again.")
        )
    return files[0]


def discard_upload(token: str) -> None:
    if _TOKEN.fullmatch(token):
        shutil.rmtree(upload_root() / token, ignore_errors=True)


def _forget_old_uploads() -> None:
    cutoff = time.time() - UPLOAD_MAX_AGE
    for folder in upload_root().iterdir():
        try:
            if folder.stat().st_mtime < cutoff:
                shutil.rmtree(folder, ignore_errors=True)
        except OSError:
            continue


def run_round(
    store: Store,
    embedder: str,
    token: str,
    form: RoundForm,
    *,
    save: bool,
    _: Gettext = _english,
) -> RoundResult:
    """Plan the round from the uploaded file: a preview (`save=False`) or stored for good."""
    path = upload_path(token, _)
    if save and form.name is None:
        raise ConfigError(_("Give the round a name before saving it."))
    if form.name is not None:
        with store.read() as conn:
            if rounds_repo.round_exists(conn, form.community, form.name):
                raise ConfigError(
                    _(
                        "The community “{community}” already has a round named “{name}”. "
                        "Choose another round name and try again.",
                        community=form.community,
                        name=form.name,
                    )
                )
    result = plan_round(
        store,
        path,
        community=form.community,
        name=form.name,
        options=form.options(),
        embedder=embedder,
        save=save,
    )
    for problem in result.problems:  # the organiser's file name, not our temp path
        problem.file = path.name
    if save:
        discard_upload(token)
    return result


_PARTNERS_TAKEN = re.compile(
    r"their fitting partners already had (\d+) introduction\(s\) with stronger pairs"
)


def unpaired_reason(reason: str) -> tuple[str, dict[str, Any]]:
    """(msgid, values) for an engine reason, so the page can translate it."""
    taken = _PARTNERS_TAKEN.fullmatch(reason)
    if taken:
        return (
            "their fitting partners already had {k} introduction(s) with stronger pairs",
            {"k": int(taken.group(1))},
        )
    return reason, {}


def preview_view(result: RoundResult) -> dict[str, Any]:
    """Everything the preview shows, as plain data for the template."""

    def person(index: int) -> dict[str, str]:
        m = result.members[index]
        return {"name": m.name, "email": m.email, "language": m.language}

    pairs = []
    for pair in result.pairs[:SHOWN_PAIRS]:
        a, b = result.members[pair.a], result.members[pair.b]
        directions = []
        if pair.a_gets:
            directions.append(
                {"taker": a.name, "giver": b.name, "need": pair.a_gets.need,
                 "offer": pair.a_gets.offer, "reason": reason_msgid(pair.a_gets)}
            )  # fmt: skip
        if pair.b_gets:
            directions.append(
                {"taker": b.name, "giver": a.name, "need": pair.b_gets.need,
                 "offer": pair.b_gets.offer, "reason": reason_msgid(pair.b_gets)}
            )  # fmt: skip
        subject, body = draft_for(result, pair)
        pairs.append(
            {
                "a": person(pair.a),
                "b": person(pair.b),
                "score": pair.score,
                "directions": directions,
                "subject": subject,
                "draft": body,
            }
        )
    unpaired = []
    for item in result.unpaired:
        msgid, values = unpaired_reason(item.reason)
        unpaired.append({**person(item.member), "reason": msgid, "values": values})
    summary = result.summary()
    return {
        "community": result.community,
        "name": result.name,
        "pairs": pairs,
        "pair_count": len(result.pairs),
        "unpaired": unpaired,
        "problems": [str(p) for p in result.problems],
        "members": summary["members"],
        "members_paired": summary["members_paired"],
        "method": result.stats.get("method", ""),
    }


def past_rounds(store: Store) -> dict[str, list[dict[str, Any]]]:
    """Stored rounds by community (newest first), with their pair counts."""
    counts = (
        select(round_pairs.c.round_id, func.count().label("pairs"))
        .group_by(round_pairs.c.round_id)
        .subquery()
    )
    query = (
        select(rounds, func.coalesce(counts.c.pairs, 0).label("pairs"))
        .select_from(rounds.outerjoin(counts, counts.c.round_id == rounds.c.id))
        .order_by(rounds.c.community, rounds.c.id.desc())
    )
    out: dict[str, list[dict[str, Any]]] = {}
    with store.read() as conn:
        for row in conn.execute(query):
            item = dict(row._mapping)
            item["created_at"] = aware(item["created_at"])
            params = item.get("params") or {}
            item["per_person"] = params.get("per_person")
            out.setdefault(item["community"], []).append(item)
    return out


def _member(row: dict[str, Any], prefix: str) -> Member:
    return Member(
        email=row[f"{prefix}email"],
        name=row[f"{prefix}name"],
        language=row[f"{prefix}language"],
        company=row[f"{prefix}company"],
    )


def _direction(parts: list[str | None]) -> Match:
    """Take one direction's five groups off the front of `parts` (see `_split_reason`)."""
    need, offer, _, other_need, fits = (parts.pop(0) for _ in range(5))
    if fits is not None:
        return Match(need or "", other_need or "", 0.0, offer_is_need=True)
    return Match(need or "", offer or "", 0.0)


def _split_reason(reason: str, a: Member, b: Member) -> tuple[Match | None, Match | None] | None:
    """Recover (what a gets, what b gets) from a stored reason written by `reason_text`."""
    # Each direction says "offers" or, for a complementary need, the PAIR_REASON_NEED wording;
    # the last group records which, so the writers word it the same way again.
    gives = r"(?:offers “(.*)”()|needs “(.*)”(: each fits the other))"
    one = rf"{re.escape(a.name)} needs “(.*)” – (?:and )?{re.escape(b.name)} {gives}"
    two = rf"{re.escape(b.name)} needs “(.*)” – (?:and )?{re.escape(a.name)} {gives}"
    for pattern, shape in ((rf"{one}; {two}\.", "ab"), (rf"{one}\.", "a"), (rf"{two}\.", "b")):
        found = re.fullmatch(pattern, reason, re.S)
        if not found:
            continue
        parts = list(found.groups())
        a_gets = _direction(parts) if "a" in shape else None
        b_gets = _direction(parts) if "b" in shape else None
        return a_gets, b_gets
    return None


def stored_round(store: Store, round_id: int) -> RoundResult:
    """A stored round as a RoundResult (members, pairs with their matches), for the writers."""
    member_a, member_b = aliased(members), aliased(members)
    columns = [
        *(c.label(f"a_{c.name}") for c in member_a.c),
        *(c.label(f"b_{c.name}") for c in member_b.c),
        round_pairs.c.score,
        round_pairs.c.reason,
    ]
    with store.read() as conn:
        head = conn.execute(select(rounds).where(rounds.c.id == round_id)).first()
        if head is None:
            raise NotFoundError(f"no round with id {round_id}")
        rows = conn.execute(
            select(*columns)
            .select_from(round_pairs)
            .join(member_a, member_a.c.id == round_pairs.c.member_a_id)
            .join(member_b, member_b.c.id == round_pairs.c.member_b_id)
            .where(round_pairs.c.round_id == round_id)
            .order_by(round_pairs.c.id)
        ).all()
    result = RoundResult(
        community=head.community,
        name=head.name,
        members=[],
        pairs=[],
        unpaired=[],
        params=dict(head.params or {}),
        round_id=round_id,
    )
    index: dict[int, int] = {}
    reasons: list[str] = []

    def place(member_id: int, member: Member) -> int:
        if member_id not in index:
            index[member_id] = len(result.members)
            result.members.append(member)
        return index[member_id]

    for raw in rows:
        row = dict(raw._mapping)
        x = place(row["a_id"], _member(row, "a_"))
        y = place(row["b_id"], _member(row, "b_"))
        pair = Pair(x, y, float(row["score"]), None, None)
        # The stored ids are ordered; the reason names the members in the planned order.
        for first, second in ((x, y), (y, x)):
            matches = _split_reason(row["reason"], result.members[first], result.members[second])
            if matches is None:
                continue
            candidate = Pair(first, second, float(row["score"]), *matches)
            if reason_text(result, candidate) == row["reason"]:
                pair = candidate
                break
        result.pairs.append(pair)
        reasons.append(row["reason"])
    result.stats["reasons"] = reasons
    return result


def pairs_csv(store: Store, round_id: int) -> tuple[str, str]:
    """(file name, CSV text) of a stored round: the columns of `write_pairs_csv`."""
    result = stored_round(store, round_id)
    buffer = io.StringIO(newline="")
    writer = safe_csv.writer(buffer)  # formula-safe (CSV injection)
    writer.writerow(CSV_COLUMNS)
    for pair, reason in zip(result.pairs, result.stats["reasons"], strict=True):
        a, b = result.members[pair.a], result.members[pair.b]
        writer.writerow(
            [
                result.name,
                a.name,
                a.email,
                a.language,
                b.name,
                b.email,
                b.language,
                f"{pair.score:.4f}",
                reason,
                draft_for(result, pair)[1],
            ]
        )
    slug = re.sub(r"[^a-z0-9]+", "-", f"{result.community}-{result.name}".lower()).strip("-")
    return f"pairs-{slug or round_id}.csv", buffer.getvalue()
