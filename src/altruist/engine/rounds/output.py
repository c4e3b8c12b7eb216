"""What an organiser takes away from a round: a CSV of pairs, one ready-to-send .eml per pair
with a draft in the members' language (German, English, or both when they differ), and a
summary of who was left unpaired and why."""

from __future__ import annotations

import re
import unicodedata
from email.message import EmailMessage
from email.utils import formataddr, make_msgid
from pathlib import Path
from typing import Any

from altruist import safe_csv
from altruist.engine.rounds.model import Match, Member, Pair, RoundResult
from altruist.engine.rounds.plan import reason_msgid, reason_text
from altruist.i18n import Translator

CSV_COLUMNS = [
    "round",
    "name_a",
    "email_a",
    "language_a",
    "name_b",
    "email_b",
    "language_b",
    "score",
    "reason",
    "draft",
]


def _first_name(member: Member) -> str:
    return member.name.split()[0] if member.name.strip() else member.email.split("@")[0]


def _lines_en(giver: Member, taker: Member, match: Match | None) -> list[str]:
    if match is None:
        return []
    if match.offer_is_need:  # the giver's own need meets the taker's: nobody "offers" it
        return [
            f"{taker.name} is looking for “{match.need}” – and {giver.name} is looking for "
            f"“{match.offer}”: each fits the other."
        ]
    return [f"{taker.name} is looking for “{match.need}” – {giver.name} offers “{match.offer}”."]


def _lines_de(giver: Member, taker: Member, match: Match | None) -> list[str]:
    if match is None:
        return []
    # The catalogue's German for the pair reason ("Anliegen von …"), not „… sucht „Suche …““.
    said = Translator("de")(
        reason_msgid(match), taker=taker.name, need=match.need, giver=giver.name, offer=match.offer
    )
    return [f"{said}."]


def draft_en(result: RoundResult, pair: Pair) -> str:
    a, b = result.members[pair.a], result.members[pair.b]
    lines = _lines_en(b, a, pair.a_gets) + _lines_en(a, b, pair.b_gets)
    return "\n".join(
        [
            f"Hello {_first_name(a)} and {_first_name(b)},",
            "",
            f"in this round of {result.community} (“{result.name}”) I would like to introduce you "
            "to each other, because you can help one another:",
            "",
            *lines,
            "",
            "Maybe a coffee or a 30-minute call? Just reply to all to find a time.",
            "",
            "Best wishes",
        ]
    )


def draft_de(result: RoundResult, pair: Pair) -> str:
    a, b = result.members[pair.a], result.members[pair.b]
    lines = _lines_de(b, a, pair.a_gets) + _lines_de(a, b, pair.b_gets)
    return "\n".join(
        [
            f"Hallo {_first_name(a)}, hallo {_first_name(b)},",
            "",
            f"in dieser Runde von {result.community} („{result.name}“) möchte ich euch einander "
            "vorstellen, weil ihr euch gegenseitig weiterhelfen könnt:",
            "",
            *lines,
            "",
            "Wie wäre es mit einem Kaffee oder einem Telefonat von 30 Minuten? Antwortet einfach "
            "allen, um einen Termin zu finden.",
            "",
            "Viele Grüße",
        ]
    )


def draft_for(result: RoundResult, pair: Pair) -> tuple[str, str]:
    """(subject, body) in the pair's language: German if both speak German, English if both
    speak English, both versions (German first) when they differ."""
    a, b = result.members[pair.a], result.members[pair.b]
    languages = {a.language, b.language}
    if languages == {"de"}:
        return f"Vorstellung: {a.name} und {b.name}", draft_de(result, pair)
    if languages == {"en"}:
        return f"Introduction: {a.name} and {b.name}", draft_en(result, pair)
    return (
        f"Vorstellung / Introduction: {a.name} & {b.name}",
        draft_de(result, pair) + "\n\n— English —\n\n" + draft_en(result, pair),
    )


# The same columns for a German organiser (German Excel opens the file with them as they are).
CSV_COLUMNS_DE = [
    "Runde",
    "Name A",
    "E-Mail A",
    "Sprache A",
    "Name B",
    "E-Mail B",
    "Sprache B",
    "Wert",
    "Grund",
    "Entwurf",
]


def write_pairs_csv(result: RoundResult, path: Path | str, t: Translator | None = None) -> Path:
    """The pairs as CSV. With a German translator (the organiser's language): German columns
    and reasons, semicolons and a UTF-8 byte-order mark, so German Excel opens it right; without
    one, or in English: English, commas, no byte-order mark."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    german = t is not None and t.lang == "de"
    with path.open("w", newline="", encoding="utf-8-sig" if german else "utf-8") as handle:
        # formula-safe (CSV injection)
        writer = safe_csv.writer(handle, delimiter=";" if german else ",")
        writer.writerow(CSV_COLUMNS_DE if german else CSV_COLUMNS)
        for pair in result.pairs:
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
                    reason_text(result, pair, t),
                    draft_for(result, pair)[1],
                ]
            )
    return path


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:30] or "member"


def build_eml(result: RoundResult, pair: Pair, sender: str) -> EmailMessage:
    a, b = result.members[pair.a], result.members[pair.b]
    subject, body = draft_for(result, pair)
    message = EmailMessage()
    message["From"] = sender
    message["To"] = ", ".join([formataddr((a.name, a.email)), formataddr((b.name, b.email))])
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or "localhost")
    # Unsent drafts: mail clients open .eml files with this header as editable drafts.
    message["X-Unsent"] = "1"
    message.set_content(body)
    return message


def write_eml(
    result: RoundResult, folder: Path | str, sender: str = "organiser@localhost"
) -> list[Path]:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number, pair in enumerate(result.pairs, start=1):
        a, b = result.members[pair.a], result.members[pair.b]
        path = folder / f"{number:04d}-{_slug(a.name)}-{_slug(b.name)}.eml"
        path.write_bytes(bytes(build_eml(result, pair, sender)))
        paths.append(path)
    return paths


def summary_dict(result: RoundResult) -> dict[str, Any]:
    """The summary plus every pair and every unpaired member, for `--json` and the web page."""
    data = result.summary()
    data["pairs_list"] = [
        {
            "name_a": result.members[p.a].name,
            "email_a": result.members[p.a].email,
            "name_b": result.members[p.b].name,
            "email_b": result.members[p.b].email,
            "score": round(p.score, 4),
            "reason": reason_text(result, p),
        }
        for p in result.pairs
    ]
    data["unpaired_list"] = [
        {
            "name": result.members[u.member].name,
            "email": result.members[u.member].email,
            "reason": u.reason,
        }
        for u in result.unpaired
    ]
    return data
