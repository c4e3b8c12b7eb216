"""The Posts.xml parser on real dumps and on broken files."""

from __future__ import annotations

from pathlib import Path

import pytest

from altruist.errors import ImportError_
from altruist.eval.stackexchange import (
    find_dumps,
    html_to_text,
    iter_posts,
    load_dump,
    parse_tags,
    temporal_split,
)

pytestmark = pytest.mark.realdata


def test_coffee_dump_counts_and_values(realdata: Path) -> None:
    dump = load_dump(realdata / "se-coffee-2015-early")
    # Figures from the folder's SOURCE.txt: 225 questions, 327 answers, 105 accepted.
    assert len(dump.questions) == 225
    assert len(dump.answers) == 327
    assert sum(1 for q in dump.questions if q.accepted_answer_id) == 105
    first = dump.questions[0]
    assert first.title == "How should I store whole bean coffee?"
    assert first.tags == ("storage", "whole-bean")
    assert first.accepted_answer_id == 24
    assert dump.accepted_answerer(first) == 24  # answer 24 was written by user 24
    assert "<p>" not in first.body and first.body.startswith("I just got a pound")


def test_ai_dump_uses_open_close_rows(realdata: Path) -> None:
    # This dump writes <row ...></row> instead of self-closing rows.
    dump = load_dump(realdata / "se-ai-2016-early")
    assert (len(dump.questions), len(dump.answers)) == (264, 415)
    assert dump.questions[0].title == 'What is "backprop"?'


def test_find_dumps_lists_every_se_folder(realdata: Path) -> None:
    names = [p.name for p in find_dumps(realdata)]
    assert "se-beer-2014-2017" in names and "se-matheducators-2014-early" in names
    assert all(name.startswith("se-") for name in names)
    assert find_dumps(realdata / "se-beer-2014-2017") == [realdata / "se-beer-2014-2017"]


def test_temporal_split_is_80_20_by_date(realdata: Path) -> None:
    split = temporal_split(load_dump(realdata / "se-beer-2014-2017"))
    assert len(split.past) == int(663 * 0.8)
    assert len(split.past) + len(split.pool) == 663
    assert max(q.created for q in split.past) <= split.cut <= min(q.created for q in split.pool)
    assert all(a.created < split.cut for a in split.past_answers)


def test_tags_both_formats() -> None:
    assert parse_tags("<hops><ipa>") == ("hops", "ipa")
    assert parse_tags("|hops|ipa|") == ("hops", "ipa")
    assert parse_tags(None) == ()


def test_html_to_text_keeps_paragraphs_and_entities() -> None:
    text = html_to_text("<p>Malt &amp; hops</p>\n<p>Second <code>x &lt; 2</code></p>")
    assert text == "Malt & hops\nSecond x < 2"


def test_broken_xml_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "Posts.xml"
    bad.write_text(
        '<?xml version="1.0"?>\n<posts>\n  <row Id="1" PostTypeId="1" CreationDate="2015-01-01T00:00:00" />\n'
        '  <row Id="2" PostTypeId="1" CreationDate="2015-01-02T00:00:00">\n</posts>\n'
    )
    with pytest.raises(ImportError_) as info:
        list(iter_posts(bad))
    assert f"{bad}:5" in str(info.value)  # the row opened on line 4 meets </posts> on line 5
    assert "mismatched tag" in str(info.value)


def test_bad_date_names_the_row_line(tmp_path: Path) -> None:
    bad = tmp_path / "Posts.xml"
    bad.write_text(
        '<?xml version="1.0"?>\n<posts>\n'
        '  <row Id="1" PostTypeId="1" CreationDate="2015-01-01T00:00:00" Title="ok" />\n'
        '  <row Id="2" PostTypeId="2" ParentId="1" CreationDate="yesterday" />\n</posts>\n'
    )
    with pytest.raises(ImportError_, match=r"Posts.xml:4: bad value"):
        load_dump(tmp_path)


def test_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ImportError_, match=r"no Posts\.xml"):
        load_dump(tmp_path)
    with pytest.raises(ImportError_, match=r"no dump folders"):
        find_dumps(tmp_path)
    # A dump folder is known by its Posts.xml, whatever it is called.
    (tmp_path / "mysite").mkdir()
    (tmp_path / "mysite" / "Posts.xml").write_text("<posts/>", encoding="utf-8")
    (tmp_path / "notes").mkdir()
    assert find_dumps(tmp_path) == [tmp_path / "mysite"]
