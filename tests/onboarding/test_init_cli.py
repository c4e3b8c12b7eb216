"""`altruist init` as a user types it (prompts) and as a script calls it (flags), then the demo
around the user's own card, drafts signed with the user's name, and `demo --remove`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import select

from altruist.domain import FacetKind, IdentityKind, Visibility
from altruist.engine.questions.my_expertise import get_expertise
from altruist.store import demo_rows, open_store
from altruist.store import facets as facets_repo
from altruist.store import people as people_repo
from altruist.store.schema import suggestions


def _altruist(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ALTRUIST_EMBEDDER": "fake"}
    return subprocess.run(
        [sys.executable, "-m", "altruist", *args],
        capture_output=True,
        text=True,
        env=env,
        input=stdin,
        check=False,
    )


def test_init_asks_on_a_terminal(tmp_path: Path) -> None:
    db = str(tmp_path / "a.db")
    answers = "Jana Beispiel\njana@beispiel.test, jana.b@work.test\nde\n"
    answers += "eine Stelle als Product Owner\nScrum und Moderation\nn\n"
    done = _altruist("--db", db, "init", stdin=answers)
    assert done.returncode == 0, done.stderr
    assert "Eingerichtet für Jana Beispiel" in done.stdout, "said in the language just chosen"
    store = open_store(f"sqlite:///{db}")
    with store.read() as conn:
        me = people_repo.me(conn)
        assert me is not None and (me.given_name, me.family_name) == ("Jana", "Beispiel")
        emails = sorted(
            i.value
            for i in people_repo.identities_of(conn, me.id or 0)
            if i.kind is IdentityKind.EMAIL
        )
        mine = {f.kind: f for f in facets_repo.for_person(conn, me.id or 0)}
        assert get_expertise(conn) == "Scrum und Moderation"
        assert not demo_rows.has_demo(conn) and people_repo.count(conn) == 1
    store.dispose()
    assert emails == ["jana.b@work.test", "jana@beispiel.test"]
    assert mine[FacetKind.NEED].visibility is Visibility.PRIVATE
    assert mine[FacetKind.OFFER].text == "Scrum und Moderation"
    again = _altruist("--db", db, "init", "--name", "Someone Else")
    # Refused in the language the user chose (German), naming who it is set up for.
    assert again.returncode != 0 and "Bereits eingerichtet für Jana Beispiel" in again.stderr


def test_init_with_flags_builds_the_demo_and_drafts_carry_my_name(tmp_path: Path) -> None:
    db = str(tmp_path / "b.db")
    flags = ["--name", "Ole Hansen", "--email", "ole@hansen.test", "--email", "o.h@work.test"]
    flags += ["--language", "en", "--seek", "a data job in Kiel", "--offer", "PostgreSQL tuning"]
    done = _altruist("--db", db, "init", *flags, "--demo", "--demo-people", "60", "--json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["demo"] == {"people": 60, "groups": 3}
    shown = _altruist("--db", db, "today", "--json")
    assert shown.returncode == 0, shown.stderr
    store = open_store(f"sqlite:///{db}")
    with store.read() as conn:
        drafts = [r[0] for r in conn.execute(select(suggestions.c.draft)) if r[0]]
    store.dispose()
    assert drafts, "the demo gives deeds with drafts"
    assert not any("Kim" in d for d in drafts), "no draft is signed with the demo's user"
    signed = [d for d in drafts if d.rstrip().endswith("Ole")]
    assert len(signed) == len(drafts), [d[-60:] for d in drafts if d not in signed][:3]

    removed = _altruist("--db", db, "demo", "--remove", "--json")
    assert removed.returncode == 0, removed.stderr
    counts = json.loads(removed.stdout)["removed"]
    assert counts["people"] == 60 and counts["groups"] == 3 and counts["posts"] > 0
    store = open_store(f"sqlite:///{db}")
    with store.read() as conn:
        me = people_repo.me(conn)
        assert me is not None and me.name == "Ole Hansen"
        assert people_repo.count(conn) == 1 and not demo_rows.has_demo(conn)
    store.dispose()


def test_make_run_demo_then_init_takes_over_the_demo_card(tmp_path: Path) -> None:
    db = str(tmp_path / "c.db")
    assert _altruist("--db", db, "demo", "--if-empty", "--people", "30").returncode == 0
    done = _altruist("--db", db, "init", "--name", "Mia Kern", "--email", "mia@kern.test")
    assert done.returncode == 0, done.stderr
    assert _altruist("--db", db, "demo", "--remove").returncode == 0
    store = open_store(f"sqlite:///{db}")
    with store.read() as conn:
        me = people_repo.me(conn)
        assert me is not None and me.name == "Mia Kern"
        assert facets_repo.for_person(conn, me.id or 0) == [], "the demo's needs on it went"
        assert people_repo.count(conn) == 1
    store.dispose()
