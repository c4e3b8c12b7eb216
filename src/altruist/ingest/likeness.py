"""How likely two people are one: a probability (0–1) and the reasons, for the review queue.

A naive-Bayes sum of log-odds (Fellegi–Sunter): each piece of evidence adds or removes weight,
and the logistic function turns the sum into a probability. The weights are round numbers set
from what each agreement means in an address book, not fitted; `altruist eval identity` checks
them on the FEBRL benchmarks (how often a proposal at p was right, per band of p).

Reasons are codes with the values they speak of ({"code": "company", "a": …, "b": …}); the
queue shows them in the user's language (REASON_TEXTS holds the English msgids).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from altruist import names
from altruist.ingest.identity import company_similarity

# Below this, a pair is not worth the user's time.
PROPOSE_AT = 0.30

PRIOR = -3.0  # two people who reached comparison at all (same name block): ~5 % alike
WEIGHTS = {
    "name_same": 3.0,
    "nickname": 1.5,
    "middle_name": 1.5,
    "initial": 0.5,
    "typo": 1.0,
    "swapped": -0.5,
    "double_name": 0.5,
    "birthday_full": 4.0,
    "birthday_day": 2.0,
    "company": 2.5,
    "company_differs": -2.5,
    "city": 1.0,
    "city_differs": -0.5,
    "shared_identifier": 2.0,
    "personal_identifier": 5.0,
    "name_missing": -1.0,
    "given_missing": -0.5,
    "family_missing": -1.0,
    "suffix_missing": -1.0,
    "given_differs": -1.0,
    "family_differs": -1.0,
    "two_typos": -1.0,
    "date_typo": -1.0,
    "names_differ": -2.5,
}

# English msgids of the reasons (German in i18n/de.po); values: {a}, {b}.
REASON_TEXTS = {
    "name_same": "same name ({a} / {b})",
    "nickname": "nickname and full name ({a} / {b})",
    "middle_name": "one name has a middle name ({a} / {b})",
    "initial": "initial and full name ({a} / {b})",
    "typo": "differs by one letter ({a} / {b})",
    "swapped": "given and family name swapped ({a} / {b})",
    "double_name": "double name and one part of it ({a} / {b})",
    "birthday_full": "same birthday ({a})",
    "birthday_day": "same birthday without year ({a})",
    "company": "same company ({a} / {b})",
    "company_differs": "different companies ({a} / {b})",
    "city": "same city ({a})",
    "city_differs": "different cities ({a} / {b})",
    "shared_identifier": "share a phone number or address others share too ({a})",
    "personal_identifier": "share a personal e-mail, mobile number or profile ({a})",
    "name_missing": "one has no name",
    "given_missing": "one has no given name",
    "family_missing": "one has no family name",
    "suffix_missing": "only one has Sr./Jr.",
    "undone": "merge undone",
    "given_differs": "other given name, family name alike ({a} / {b})",
    "family_differs": "other family name, given name alike ({a} / {b})",
    "two_typos": "given and family name each differ by one letter ({a} / {b})",
    "date_typo": "birthdays differ in one digit ({a} / {b})",
    "names_differ": "different names ({a} / {b})",
}


@dataclass
class Likeness:
    probability: float
    reasons: list[dict[str, Any]] = field(default_factory=list)

    @property
    def percent(self) -> float:
        return round(100 * self.probability, 1)

    def english(self) -> str:
        return "; ".join(reason_text(r) for r in self.reasons)


def reason_text(reason: dict[str, Any], gettext: Any = None) -> str:
    template = REASON_TEXTS.get(str(reason.get("code")), str(reason.get("code")))
    values = {"a": reason.get("a", ""), "b": reason.get("b", "")}
    if gettext is not None:
        return str(gettext(template, **values))
    return template.format(**values)


def likeness(
    a: dict[str, Any],
    b: dict[str, Any],
    comparison: names.Comparison,
    shared: list[tuple[str, str]] = (),  # type: ignore[assignment]
    personal: list[tuple[str, str]] = (),  # type: ignore[assignment]
) -> Likeness:
    """See the module: evidence summed as log-odds. A conflicting comparison only reaches here
    as a soft conflict (SOFT_CONFLICTS), to be asked about, never merged."""
    return _likeness(a, b, comparison, shared, personal)


# Conflicts that may still be proposed (never merged): birthdays one digit apart; or one name
# part replaced (other given name, same family name; same given name, other family name — a
# marriage) or both mistyped, when the full birthday and the city agree.
NAME_CONFLICTS_TO_ASK = ("given_differs", "family_differs", "two_typos")
SOFT_CONFLICTS = (*NAME_CONFLICTS_TO_ASK, "date_typo")


def askable(
    a: dict[str, Any], b: dict[str, Any], comparison: names.Comparison, *, shared: bool = False
) -> bool:
    """May a pair whose comparison is a conflict still be proposed for review? `shared`: the
    two share an identifier (a phone number, an ID) that others may share too.

    Birthdays one digit apart (a slip or two swapped digits) are asked. Names that differ are
    asked only with the same full birthday plus one more piece of evidence: the same city when
    one name part agrees, or a shared identifier whatever the names say (a second record of one
    person under a name the tables do not know: a name change, a misfiled field). Two people
    rarely share both a number and a full birthday; twins on their parents' landline do, and
    the user declines such a question once. Sr./Jr. stay apart, a different birthday too (the
    father and son on one home phone)."""
    if "date_typo" in comparison.reasons:
        return True
    if "suffix" in comparison.reasons or "birthday" in comparison.reasons:
        return False
    same_born = bool(
        a.get("birthday") and len(a["birthday"]) == 10 and a["birthday"] == b.get("birthday")
    )
    if not same_born:
        return False
    if shared:
        return True
    if not any(code in comparison.reasons for code in NAME_CONFLICTS_TO_ASK):
        return False
    return names.one_slip(a.get("city"), b.get("city"))


def _likeness(
    a: dict[str, Any],
    b: dict[str, Any],
    comparison: names.Comparison,
    shared: list[tuple[str, str]],
    personal: list[tuple[str, str]],
) -> Likeness:
    """Evidence that people `a` and `b` (core field dicts) are one, given their names compare as
    `comparison` (not a conflict) and the identifiers they share."""
    score = PRIOR
    reasons: list[dict[str, Any]] = []

    def add(code: str, first: Any = "", second: Any = "") -> None:
        nonlocal score
        score += WEIGHTS[code]
        reasons.append({"code": code, "a": first or "", "b": second or ""})

    name_a, name_b = a.get("name") or "", b.get("name") or ""
    bday_a, bday_b = a.get("birthday"), b.get("birthday")
    if comparison.verdict == names.Verdict.SAME:
        add("name_same", name_a, name_b)
    elif comparison.verdict == names.Verdict.CONFLICT and not any(
        code in comparison.reasons for code in (*SOFT_CONFLICTS, "name_same")
    ):
        add("names_differ", name_a, name_b)  # neither part agrees: asked on other evidence
    for code in comparison.reasons:
        if code == "date_typo":
            add(code, bday_a, bday_b)
        elif code in WEIGHTS:
            add(code, name_a, name_b)
    if bday_a and bday_b and bday_a[-5:] == bday_b[-5:]:
        full = len(bday_a) == len(bday_b) == 10
        add("birthday_full" if full else "birthday_day", bday_a if full else bday_a[-5:])
    company_a, company_b = a.get("company"), b.get("company")
    if company_a and company_b:
        if company_similarity(company_a, company_b) >= 85:
            add("company", company_a, company_b)
        else:
            add("company_differs", company_a, company_b)
    city_a, city_b = a.get("city"), b.get("city")
    if city_a and city_b:
        if names.one_slip(city_a, city_b):  # München / Muenchen / Münchn
            add("city", city_a)
        else:
            add("city_differs", city_a, city_b)
    if personal:
        add("personal_identifier", ", ".join(v for _k, v in personal[:3]))
    elif shared:
        add("shared_identifier", ", ".join(v for _k, v in shared[:3]))
    return Likeness(1 / (1 + math.exp(-score)), reasons)
