"""The two re-import paths behind the speed work of issue 3, on both backends: a byte-identical
file is answered from the recorded sha256 without parsing (but only while that is certainly
"everything unchanged"), and a file with a few changed rows goes the full diff path and reports
exactly those rows. Also: the fast spellings of identity helpers agree with the general ones."""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select

from altruist.clock import Clock
from altruist.ingest import contentlines, importer
from altruist.ingest.identity import canonical_profile, fold
from altruist.ingest.importer import import_file
from altruist.ingest.people_view import list_people, person_detail
from altruist.store import Store
from altruist.store import people as people_repo
from altruist.store.schema import field_values, imports, life_events

HEADER = (
    'Notes:\n"When exporting your connection data, you may notice ..."\n\n'
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
)


def _rows(n: int, changed: frozenset[int] | set[int] = frozenset()) -> list[str]:
    return [
        f"Anna{i},Müller{i},https://www.linkedin.com/in/a-{i},,"
        f"{'Neu AG' if i in changed else 'ACME GmbH'},Dev,{1 + i % 28} Dec 2024"
        for i in range(n)
    ]


def _write(tmp: Path, rows: list[str], name: str = "Connections.csv") -> Path:
    path = tmp / name
    path.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def _count(store: Store, table: Any, *where: Any) -> int:
    with store.read() as conn:
        query = select(func.count()).select_from(table)
        return int(conn.execute(query.where(*where) if where else query).scalar_one())


class _ParseSpy:
    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls = 0
        real = importer.parse_bytes

        def spy(*args: Any, **kwargs: Any) -> Any:
            self.calls += 1
            return real(*args, **kwargs)

        monkeypatch.setattr(importer, "parse_bytes", spy)


def test_identical_reimport_skips_parsing_and_reports_unchanged_and_skipped(
    tmp_path: Path, any_store: Store, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _write(tmp_path, [*_rows(3), "Broken,Row,x,y,z,w,v,extra,more"])
    first = import_file(any_store, path, clock=clock)
    assert (first.added, len(first.skipped)) == (3, 1)
    values_before = _count(any_store, field_values)
    spy = _ParseSpy(monkeypatch)
    again = import_file(any_store, path, clock=clock)
    assert spy.calls == 0
    assert again.as_dict() | {"files": None} == {
        "files": None,
        "added": 0,
        "updated": 0,
        "unchanged": 3,
        "merged": 0,
        "review": 0,
        "skipped": first.as_dict()["skipped"],
    }
    assert again.formats == {str(path): "linkedin-connections"}
    assert _count(any_store, field_values) == values_before
    # Still logged as an import of its own, with the same report a full re-import would give.
    with any_store.read() as conn:
        logged = conn.execute(select(imports).order_by(imports.c.id)).all()
    assert len(logged) == 2 and logged[1].report["unchanged"] == 3
    # And a third identical import finds the second one.
    assert import_file(any_store, path, clock=clock).unchanged == 3
    assert spy.calls == 0


def test_identical_file_after_a_deletion_is_imported_again(
    tmp_path: Path, any_store: Store, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _write(tmp_path, _rows(3))
    import_file(any_store, path, clock=clock)
    victim = list_people(any_store, "Müller1")[0]
    with any_store.transaction() as conn:
        people_repo.delete_person(conn, victim["id"])
    spy = _ParseSpy(monkeypatch)
    again = import_file(any_store, path, clock=clock)
    assert spy.calls == 1
    assert (again.added, again.unchanged) == (1, 2)
    assert [p["name"] for p in list_people(any_store, "Müller1")] == ["Anna1 Müller1"]


def test_identical_bytes_under_another_region_or_format_go_the_full_path(
    tmp_path: Path, any_store: Store, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    card = tmp_path / "c.vcf"
    card.write_text("BEGIN:VCARD\nVERSION:3.0\nFN:Eva Ernst\nTEL:030 1234567\nEND:VCARD\n")
    import_file(any_store, card, clock=clock)
    spy = _ParseSpy(monkeypatch)
    at = import_file(any_store, card, clock=clock, region="AT")
    assert spy.calls == 1
    # Another country for numbers without a prefix is another identity: a new person.
    assert at.added == 1
    again = import_file(any_store, card, clock=clock, region="AT", format="vcf")
    assert (again.unchanged, spy.calls) == (1, 1)  # same format by an alias: the shortcut
    forced = import_file(any_store, card, clock=clock, region="AT", format="csv")
    assert spy.calls == 2  # forced to another format: parsed (and here rejected as a CSV)
    assert forced.formats == {str(card): "contacts-csv"}


def test_one_percent_changed_reports_exactly_those_and_writes_job_changes(
    tmp_path: Path, any_store: Store, clock: Clock
) -> None:
    path = _write(tmp_path, _rows(200))
    import_file(any_store, path, clock=clock)
    values_before = _count(any_store, field_values)
    changed = {7, 150}
    _write(tmp_path, _rows(200, changed))
    report = import_file(any_store, path, clock=clock)
    assert (report.added, report.updated, report.unchanged, report.merged) == (0, 2, 198, 0)
    assert _count(any_store, life_events, life_events.c.kind == "job_change") == 2
    # One new provenance row each: the new company, from this file and the row's line.
    assert _count(any_store, field_values) == values_before + 2
    anna = list_people(any_store, "Müller150")[0]
    assert anna["company"] == "Neu AG"
    fields = person_detail(any_store, anna["id"])["fields"]
    neu = [f for f in fields if f["value"] == "Neu AG"]
    assert len(neu) == 1 and neu[0]["source_file"] == str(path)
    assert neu[0]["source_line"] == 5 + 150  # three preamble lines, header, then row 150


def test_diff_path_over_many_people_and_a_small_file_touching_few(
    tmp_path: Path, any_store: Store, clock: Clock
) -> None:
    """More people than the snapshot reads person by person (a full scan then), and a small file
    that touches a handful of them among many (chunked reads): same rules either way."""
    big = _write(tmp_path, _rows(2100), "big.csv")
    assert import_file(any_store, big, clock=clock).added == 2100
    _write(tmp_path, _rows(2100, {5, 2099}), "big.csv")
    report = import_file(any_store, big, clock=clock)
    assert (report.updated, report.unchanged) == (2, 2098)
    small = _write(tmp_path, _rows(6, {0, 5}), "small.csv")
    report = import_file(any_store, small, clock=clock)
    # Person 5 has "Neu AG" already (from big.csv): nothing new. Person 0's new company comes
    # from another copy of the same LinkedIn list: "updated" (not a merge, issue 12), and a job
    # change (same kind of source).
    assert (report.added, report.updated, report.merged, report.unchanged) == (0, 1, 0, 5)
    assert _count(any_store, life_events, life_events.c.kind == "job_change") == 3


# --- fast spellings agree with the general ones ----------------------------------------------


def _fold_reference(text: str) -> str:
    """fold() as it was first written, character by character."""
    if not text:
        return ""
    if text.isascii():
        return "".join(ch for ch in text.lower() if ch.isalnum())
    table = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "æ": "ae", "ø": "oe"})
    value = unicodedata.normalize("NFKD", text.lower().translate(table))
    return "".join(ch for ch in value if ch.isalnum() and not unicodedata.combining(ch))


@given(st.text(max_size=40))
def test_fold_matches_reference(text: str) -> None:
    assert fold(text) == _fold_reference(text)


@pytest.mark.parametrize(
    "url",
    [
        "https://www.linkedin.com/in/Max-Muster",
        "http://de.linkedin.com/in/max_muster/",
        "linkedin.com/in/abc123",
        "www.linkedin.com/in/p-1",
        "https://www.linkedin.com/in/max%2Dmuster",
        "HTTPS://WWW.LINKEDIN.COM/in/Max",
        "https://www.linkedin.com/in/max?locale=de",
        "https://www.linkedin.com/pub/max/1/2/3",
        "https://evil.com/www.linkedin.com/in/x",
        "https://www.linkedin.com/company/acme",
    ],
)
def test_plain_linkedin_fast_path_agrees_with_general_path(url: str) -> None:
    assert canonical_profile(url) == _canonical_general(url)


@given(
    st.from_regex(
        r"(https?://)?([a-z]{2}\.|www\.)?linkedin\.com/in/[A-Za-z0-9_-]{1,20}/?", fullmatch=True
    )
)
def test_plain_linkedin_urls_agree(url: str) -> None:
    assert canonical_profile(url) == _canonical_general(url)


def _canonical_general(raw: str) -> tuple[str, str] | None:
    """canonical_profile's general path (urlsplit), for LinkedIn only."""
    value = raw.strip()
    if "://" not in value:
        value = "https://" + value
    parts = urlsplit(value)
    host = (parts.hostname or "").lower()
    segments = [unquote(s) for s in parts.path.split("/") if s]
    if not (host == "linkedin.com" or host.endswith(".linkedin.com")) or len(segments) < 2:
        return None
    kind = segments[0].lower()
    if kind not in ("in", "pub"):
        return None
    slug = "/".join(segments[1:]) if kind == "pub" else segments[1]
    return "linkedin", f"https://www.linkedin.com/{kind}/{slug.lower()}"


@given(st.text(alphabet='AB;=:"x,.-é', max_size=30))
def test_content_line_fast_paths_agree(text: str) -> None:
    quoted = False
    colon = -1
    for index, ch in enumerate(text):
        if ch == '"':
            quoted = not quoted
        elif ch == ":" and not quoted:
            colon = index
            break
    assert contentlines._value_colon(text) == colon
    head = text if colon < 0 else text[:colon]
    assert contentlines._split_params(head) == _split_reference(head)


def _split_reference(head: str) -> list[str]:
    parts: list[str] = []
    quoted = False
    current: list[str] = []
    for ch in head:
        if ch == '"':
            quoted = not quoted
            current.append(ch)
        elif ch == ";" and not quoted:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return parts
