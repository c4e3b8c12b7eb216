"""The network map: the SVG builder as a unit (deterministic, escaped, clusters, bridges,
sampling) and the page."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

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
