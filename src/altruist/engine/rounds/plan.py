"""The one entry point of connector rounds: read members, choose pairs, store the round.

    result = plan_round(store, "members.csv", community="alumni", name="2026-03",
                        options=RoundOptions(per_person=2), embedder="use")
    write_pairs_csv(result, "pairs.csv"); write_eml(result, "mails/")

Nothing is written until the pairs are chosen; then the members, the round and its pairs are
stored in one transaction, so a crash leaves no half round and the next round never repeats
a pair of this one.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
from sqlalchemy.exc import IntegrityError

from altruist.engine.rounds.members_csv import read_members_csv
from altruist.engine.rounds.model import Match, Member, Pair, RoundResult, RowProblem
from altruist.engine.rounds.pairing import RoundOptions, pair_members
from altruist.engine.rounds.runner import LocalRunner, Runner, embed_with
from altruist.errors import ConfigError
from altruist.i18n import Translator
from altruist.store import Store
from altruist.store import rounds_repo as repo
from altruist.understand.embedder import get_embedder
from altruist.understand.vectors import embed_cached


class _RunnerEmbedder:
    """Looks like an Embedder to the store's cache, but computes the misses on a Runner."""

    def __init__(self, name: str, runner: Runner) -> None:
        model = get_embedder(name)
        self.model_id, self.dim = model.model_id, model.dim
        self._name, self._runner = name, runner

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        return embed_with(self._runner, self._name, texts)


def plan_round(
    store: Store,
    members_csv: Path | str | None = None,
    *,
    members: Sequence[Member] | None = None,
    community: str = "default",
    name: str | None = None,
    name_pattern: str = "round {n}",
    options: RoundOptions | None = None,
    embedder: str = "use",
    dask_address: str | None = None,
    runner: Runner | None = None,
    save: bool = True,
) -> RoundResult:
    """Plan (and by default store) one round for `community`.

    Members come from `members_csv` or, for callers that already parsed them (the web page),
    from `members`. `dask_address` runs embedding, search and scoring on that Dask scheduler;
    `runner` accepts a ready runner instead. `save=False` previews without storing. An unnamed
    round is named by `name_pattern` ("Runde {n}" for a German organiser).
    """
    options = options or RoundOptions()
    options.validate()
    problems: list[RowProblem] = []
    if members is None:
        if members_csv is None:
            raise ConfigError("give a members CSV file")
        parsed = read_members_csv(members_csv)
        members, problems = parsed.members, parsed.problems
    members = list(members)

    with store.read() as conn:
        if name is None:
            name = _next_round_name(repo.round_names(conn, community), name_pattern)
        elif repo.round_exists(conn, community, name):
            raise ConfigError(
                f"community {community!r} already has a round named {name!r}; "
                "choose another --round name"
            )
        past = repo.past_pairs_by_email(conn, community)

    own_runner = runner is None and dask_address is not None
    if runner is None:
        if dask_address is not None:
            from altruist.engine.rounds.dask_backend import DaskRunner

            runner = DaskRunner(dask_address)
        else:
            runner = LocalRunner()
    try:
        cached_embedder = _RunnerEmbedder(embedder, runner)
        pairing = pair_members(
            members,
            lambda texts: embed_cached(store, cached_embedder, texts),
            options,
            past=past,
            runner=runner,
            read_embeddings=embedder == "use",
        )
    finally:
        if own_runner:
            runner.close()

    result = RoundResult(
        community=community,
        name=name,
        members=members,
        pairs=pairing.pairs,
        unpaired=pairing.unpaired,
        problems=problems,
        params={**options.as_params(), "embedder": embedder},
        stats=pairing.stats,
    )
    if save:
        result.round_id = _store_round(store, result)
    return result


def _next_round_name(existing: list[str], pattern: str = "round {n}") -> str:
    number = len(existing) + 1
    while pattern.format(n=number) in existing:
        number += 1
    return pattern.format(n=number)


# One direction of a pair; the German says "Anliegen" rather than "sucht", because a need often
# begins with "Suche …" itself („sucht „Suche Mitgründer…““ read badly).
PAIR_REASON = "{taker} needs “{need}” – {giver} offers “{offer}”"
# When the giver's item is a complementary need of their own (issue 15: a job seeker and a
# hiring manager): saying the hiring manager "offers" „Suchen einen Data Engineer“ reads wrong.
PAIR_REASON_NEED = "{taker} needs “{need}” – and {giver} needs “{offer}”: each fits the other"


def reason_msgid(match: Match) -> str:
    return PAIR_REASON_NEED if match.offer_is_need else PAIR_REASON


def reason_text(result: RoundResult, pair: Pair, t: Translator | None = None) -> str:
    """One sentence per direction. Without a translator: English, as stored with the pair (the
    web reads the stored text back); with one, in the reader's language (CLI, pairs CSV)."""
    a, b = result.members[pair.a], result.members[pair.b]
    say = t or (lambda text, **values: text.format(**values))
    parts = []
    if pair.a_gets:
        parts.append(
            say(reason_msgid(pair.a_gets), taker=a.name, need=pair.a_gets.need, giver=b.name,
                offer=pair.a_gets.offer)
        )  # fmt: skip
    if pair.b_gets:
        parts.append(
            say(reason_msgid(pair.b_gets), taker=b.name, need=pair.b_gets.need, giver=a.name,
                offer=pair.b_gets.offer)
        )  # fmt: skip
    return "; ".join(parts) + "."


def _store_round(store: Store, result: RoundResult) -> int:
    rows = [
        {
            "email": m.email,
            "name": m.name,
            "language": m.language,
            "needs": m.needs,
            "offers": m.offers,
            "tags": list(m.tags),
            "city": m.city,
            "company": m.company,
            "paused": m.paused,
        }
        for m in result.members
    ]
    try:
        with store.transaction() as conn:
            ids = repo.upsert_members(conn, result.community, rows)
            round_id = repo.create_round(
                conn, result.community, result.name, {**result.params, "stats": result.stats}
            )
            repo.add_pairs(
                conn,
                round_id,
                [(ids[p.a], ids[p.b], p.score, reason_text(result, p)) for p in result.pairs],
            )
    except IntegrityError as exc:
        # Another organiser stored a round of that name meanwhile: nothing of ours was kept.
        raise ConfigError(f"could not store round {result.name!r}: {exc.orig}") from exc
    return round_id
