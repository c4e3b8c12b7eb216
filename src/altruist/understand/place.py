"""Where a statement's job or work is, from its wording or the person's city (issue 15).

A small gazetteer of German-speaking and major European cities with their German and English
names, each with its region (Bundesland or country), plus the words for remote work and for
willingness to move. Two places are compatible when they share a city or region, when either
side works remotely, or when either side would relocate; an unknown place rules nothing out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# canonical city → (spellings, region)
_CITIES: dict[str, tuple[tuple[str, ...], str]] = {
    "Berlin": (("berlin",), "Berlin"),
    "Hamburg": (("hamburg",), "Hamburg"),
    "München": (("münchen", "muenchen", "munich"), "Bayern"),
    "Köln": (("köln", "koeln", "cologne"), "Nordrhein-Westfalen"),
    "Frankfurt am Main": (("frankfurt",), "Hessen"),
    "Stuttgart": (("stuttgart",), "Baden-Württemberg"),
    "Düsseldorf": (("düsseldorf", "duesseldorf", "dusseldorf"), "Nordrhein-Westfalen"),
    "Leipzig": (("leipzig",), "Sachsen"),
    "Dresden": (("dresden",), "Sachsen"),
    "Dortmund": (("dortmund",), "Nordrhein-Westfalen"),
    "Essen": (("essen",), "Nordrhein-Westfalen"),
    "Bremen": (("bremen",), "Bremen"),
    "Hannover": (("hannover", "hanover"), "Niedersachsen"),
    "Nürnberg": (("nürnberg", "nuernberg", "nuremberg"), "Bayern"),
    "Bonn": (("bonn",), "Nordrhein-Westfalen"),
    "Karlsruhe": (("karlsruhe",), "Baden-Württemberg"),
    "Mannheim": (("mannheim",), "Baden-Württemberg"),
    "Heidelberg": (("heidelberg",), "Baden-Württemberg"),
    "Freiburg": (("freiburg",), "Baden-Württemberg"),
    "Augsburg": (("augsburg",), "Bayern"),
    "Potsdam": (("potsdam",), "Brandenburg"),
    "Münster": (("münster", "muenster"), "Nordrhein-Westfalen"),
    "Aachen": (("aachen",), "Nordrhein-Westfalen"),
    "Kiel": (("kiel",), "Schleswig-Holstein"),
    "Wien": (("wien", "vienna"), "Österreich"),
    "Graz": (("graz",), "Österreich"),
    "Zürich": (("zürich", "zurich", "zuerich"), "Schweiz"),
    "Basel": (("basel",), "Schweiz"),
    "Bern": (("bern",), "Schweiz"),
    "Amsterdam": (("amsterdam",), "Niederlande"),
    "Paris": (("paris",), "Frankreich"),
    "London": (("london",), "United Kingdom"),
    "Lissabon": (("lissabon", "lisbon"), "Portugal"),
    "Barcelona": (("barcelona",), "Spanien"),
    "Madrid": (("madrid",), "Spanien"),
    "Warschau": (("warschau", "warsaw"), "Polen"),
    "Prag": (("prag", "prague"), "Tschechien"),
    "Kopenhagen": (("kopenhagen", "copenhagen"), "Dänemark"),
    "Stockholm": (("stockholm",), "Schweden"),
    "New York": (("new york", "nyc"), "USA"),
    "San Francisco": (("san francisco", "bay area"), "USA"),
}
_SPELLING = {spelling: city for city, (spellings, _) in _CITIES.items() for spelling in spellings}
_CITY_RX = re.compile(
    r"\b(" + "|".join(sorted(map(re.escape, _SPELLING), key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)
_REMOTE = re.compile(
    r"\bremote\b|home\s*-?office|von\s+überall|ortsunabhängig|work\s+from\s+(home|anywhere)|"
    r"\bwfh\b|\bfernarbeit\b|\bmobil(es)?\s+arbeiten\b",
    re.IGNORECASE,
)
_RELOCATE = re.compile(
    r"relocat|willing\s+to\s+move|open\s+to\s+moving|umzugsbereit|umzug|bereit\s+(\w+\s+)?"
    r"umzuziehen|würde\s+umziehen|visa\s+sponsor",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Place:
    city: str | None = None
    remote: bool = False
    relocate: bool = False

    @property
    def region(self) -> str | None:
        return _CITIES[self.city][1] if self.city else None

    @property
    def known(self) -> bool:
        return self.city is not None or self.remote or self.relocate


def city_of(text: str | None) -> str | None:
    if not text:
        return None
    found = _CITY_RX.search(text)
    return _SPELLING[found.group(1).casefold()] if found else None


def place_of(text: str, home: str | None = None) -> Place:
    """The place a statement names; its own city wins over the person's `home` city."""
    return Place(
        city=city_of(text) or city_of(home),
        remote=bool(_REMOTE.search(text)),
        relocate=bool(_RELOCATE.search(text)),
    )


@dataclass(frozen=True)
class PlaceFit:
    """Whether two places allow working together, and why (for the reason sentence)."""

    ok: bool
    why: str | None  # "same_city", "same_region", "remote", "relocate", or None if unknown
    where: str | None = None


def fit(a: Place, b: Place) -> PlaceFit:
    if a.city and b.city and a.city == b.city:
        return PlaceFit(True, "same_city", a.city)
    if a.region and b.region and a.region == b.region:
        return PlaceFit(True, "same_region", a.region)
    if a.remote or b.remote:
        return PlaceFit(True, "remote")
    if a.relocate or b.relocate:
        return PlaceFit(True, "relocate")
    if a.city and b.city:
        return PlaceFit(False, None)
    return PlaceFit(True, None)  # one side names no place: nothing rules the match out
