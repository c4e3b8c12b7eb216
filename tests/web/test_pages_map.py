"""The network map: the SVG builder as a unit (deterministic, escaped, clusters, bridges,
sampling) and the page."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from altruist.clock import Clock
from altruist.config import Settings
from altruist.ingest.importer import import_bytes
from altruist.store import Store
from altruist.web.app import create_app
from altruist.web.network_map import Bridge, MapPerson, build_map


def _two_camps() -> tuple[list[MapPerson], list[tuple[int, int]]]:
    people = [
        MapPerson(i, f"Person {i}", "Alpha GmbH" if i <= 6 else "Beta AG") for i in range(1, 13)
    ]
    relations = [(a, b) for a in range(1, 7) for b in range(a + 1, 7)]
    relations += [(a, b) for a in range(7, 13) for b in range(a + 1, 13)]
    return people, relations


def test_two_camps_make_two_clusters_and_a_dashed_bridge() -> None:
    people, relations = _two_camps()
    network = build_map(people, relations, [Bridge(3, 9, "both do data")])
    assert sorted(len(c.members) for c in network.clusters) == [6, 6]
    assert {c.label for c in network.clusters} == {"Alpha GmbH", "Beta AG"}
    assert {c.colour for c in network.clusters} == set(
        re.findall(r'<circle [^>]*fill="(#[0-9a-f]{6})"', network.svg)
    )
    assert network.svg.count('<a href="/people/') == 12
    bridges = network.svg.split('class="bridges"')[1].split("</g>")[0]
    assert bridges.count("<line") == 1 and "both do data" in bridges
    assert 'stroke-dasharray="6 4"' in network.svg
    assert not network.sampled


def test_layout_is_deterministic() -> None:
    people, relations = _two_camps()
    assert build_map(people, relations, []).svg == build_map(people, relations, []).svg


def test_names_and_reasons_are_escaped() -> None:
    people = [MapPerson(1, "<script>alert(1)</script>"), MapPerson(2, "B & C", "<i>x</i>")]
    network = build_map(people, [(1, 2)], [Bridge(1, 2, '"><img src=x onerror=alert(2)>')])
    assert "<script>" not in network.svg and "<img" not in network.svg and "<i>" not in network.svg
    assert "&lt;script&gt;" in network.svg and "B &amp; C" in network.svg


def test_large_networks_are_sampled_keeping_bridges() -> None:
    people = [MapPerson(i, f"P{i}") for i in range(1, 801)]
    relations = [(i, i + 1) for i in range(1, 800)]
    network = build_map(people, relations, [Bridge(799, 800)], limit=500)
    assert network.sampled and network.shown == 500 and network.total == 800
    assert 'href="/people/800"' in network.svg and 'href="/people/799"' in network.svg
    assert len(network.bridges) == 1


def test_map_page_links_nodes_and_says_when_sampled(demo_client: TestClient) -> None:
    page = demo_client.get("/map").text
    assert "<svg" in page and 'href="/people/' in page and "Clusters" in page
    sampled = demo_client.get("/map?limit=20").text
    assert "the map shows 20 of them" in sampled
    assert (
        demo_client.get("/map", headers={"accept-language": "de"}).text.count("Dein Netzwerk") >= 1
    )


def test_the_layout_separates_camps_and_keeps_friends_close() -> None:
    """The spring layout does its job: people tied to each other sit closer than people of the
    other camp (mean distance within a camp well under the mean distance across)."""
    from altruist.web.network_map import build_graph, force_layout

    people, relations = _two_camps()
    pos = force_layout(build_graph(people, relations))

    def mean_distance(pairs: list[tuple[int, int]]) -> float:
        return sum(
            ((pos[a][0] - pos[b][0]) ** 2 + (pos[a][1] - pos[b][1]) ** 2) ** 0.5 for a, b in pairs
        ) / len(pairs)

    within = [(a, b) for a, b in relations]
    across = [(a, b) for a in range(1, 7) for b in range(7, 13)]
    assert mean_distance(within) < 0.6 * mean_distance(across)


def test_people_who_met_in_one_meeting_are_joined_on_the_map(
    sqlite_store: Store, clock: Clock
) -> None:
    """Co-attended meetings draw edges between imported people (issue 16)."""
    meeting = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nBEGIN:VEVENT\r\n"
        "UID:m1@t\r\nDTSTAMP:20261101T090000Z\r\nDTSTART:20261102T090000Z\r\n"
        "SUMMARY:Kickoff\r\nATTENDEE;CN=Ida Ost:mailto:ida@example.org\r\n"
        "ATTENDEE;CN=Ole Nord:mailto:ole@example.org\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    import_bytes(sqlite_store, meeting.encode(), "kalender.ics", clock=clock)
    app = create_app(Settings(embedder="fake"), store=sqlite_store, clock=clock)
    with TestClient(app, base_url="http://127.0.0.1:8000") as client:
        svg = client.get("/map").text
    edges = svg.split('class="edges"')[1].split("</g>")[0]
    assert edges.count("<line") == 1
