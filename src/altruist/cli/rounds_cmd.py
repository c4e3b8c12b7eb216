"""`altruist rounds MEMBERS.csv …`: plan a connector round; `altruist rounds eval`: its quality.

A thin shell over `altruist.engine.rounds.plan.plan_round` and the writers in `output`.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from typer.core import TyperGroup

from altruist.cli.context import get_app
from altruist.cli.progress import embedding_bar
from altruist.errors import ConfigError
from altruist.i18n import Translator
from altruist.i18n.formats import format_number
from altruist.i18n.templates import translate_text

console = Console()
# Names of the members file's columns in problems, and of the matching methods (msgids).
_FIELDS = {"email": "e-mail", "language": "language", "paused": "paused"}
_METHODS = {"exact": "exact", "approx": "approximate", "auto": "automatic"}


class _RoundsGroup(TyperGroup):
    """`altruist rounds FILE …` runs the `plan` command: a group cannot take a file argument and
    subcommands at once, so anything that is not a subcommand name is routed to `plan`."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:  # typer vendors click
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h"):
            args = ["plan", *args]
        return super().parse_args(ctx, args)


rounds_app = typer.Typer(
    cls=_RoundsGroup,
    help="Connector rounds: introduce a whole community to itself by need and offer.",
    no_args_is_help=True,
)


@rounds_app.command("plan")
def plan_command(
    ctx: typer.Context,
    members_csv: Path = typer.Argument(..., help="Members CSV (English or German headers)."),
    per_person: int = typer.Option(1, "--per-person", "-k", help="Introductions per member."),
    round_name: str | None = typer.Option(None, "--round", help="Round name (default: round N)."),
    community: str = typer.Option("default", "--community", help="Community the members form."),
    out: Path | None = typer.Option(None, "--out", help="Write the pairs as CSV here."),
    eml_dir: Path | None = typer.Option(None, "--eml-dir", help="Write one .eml per pair here."),
    sender: str = typer.Option("organiser@localhost", "--from", help="From: of the .eml drafts."),
    exclude_same_company: bool = typer.Option(False, "--exclude-same-company"),
    exclude_met: bool = typer.Option(False, "--exclude-met", help="Honour the 'met' column."),
    exact: bool = typer.Option(False, "--exact", help="Exact matching over all pairs."),
    approx: bool = typer.Option(False, "--approx", help="Nearest neighbours + fast matching."),
    candidates: int = typer.Option(20, "--candidates", help="Neighbours per member (approx)."),
    dask: str | None = typer.Option(None, "--dask", help="Dask scheduler address (tcp://…)."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Preview: do not store the round."),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Plan a round: pairs by mutual benefit, never repeating a pair of an earlier round."""
    from altruist.engine.rounds.output import summary_dict, write_eml, write_pairs_csv
    from altruist.engine.rounds.pairing import RoundOptions
    from altruist.engine.rounds.plan import plan_round

    if exact and approx:
        raise ConfigError("choose --exact or --approx, not both")
    app = get_app(ctx)
    options = RoundOptions(
        per_person=per_person,
        method="exact" if exact else "approx" if approx else "auto",
        exclude_same_company=exclude_same_company,
        exclude_met=exclude_met,
        candidates=candidates,
    )
    with embedding_bar(as_json):
        result = plan_round(
            app.store,
            members_csv,
            community=community,
            name=round_name,
            # an unnamed round is named in the organiser's language
            name_pattern=app.t("round {n}"),
            options=options,
            embedder=app.settings.embedder,
            dask_address=dask,
            save=not dry_run,
        )
    written: dict[str, Any] = {}
    t = app.t
    if out is not None:
        # The organiser's language decides the reasons, the column names and (German) the
        # semicolons and byte-order mark German Excel needs.
        written["csv"] = str(write_pairs_csv(result, out, t))
    if eml_dir is not None:
        written["eml"] = len(write_eml(result, eml_dir, sender))
    if as_json:
        print(
            json.dumps({**summary_dict(result), "written": written}, ensure_ascii=False, indent=2)
        )
        return
    _print_result(t, result, written, dry_run)


def _print_result(t: Translator, result: Any, written: dict[str, Any], dry_run: bool) -> None:
    from altruist.engine.rounds.plan import reason_text

    for p in result.problems:
        field = t(_FIELDS[p.field]) if p.field in _FIELDS else p.field
        where = f"{p.file}:{p.line}: {field}: {translate_text(t, p.message)}"
        console.print(f"[yellow]{t('skipped or ignored:')}[/] {escape(where)}", highlight=False)
    community = t("default community") if result.community == "default" else result.community
    table = Table(title=f"{community} · {result.name}", show_lines=False)
    for column in (t("person A"), t("person B"), t("score"), t("reason")):
        table.add_column(column)
    for pair in result.pairs[:30]:
        a, b = result.members[pair.a], result.members[pair.b]
        table.add_row(
            a.name, b.name, format_number(pair.score, t.lang, 2), reason_text(result, pair, t)
        )
    console.print(table)
    if len(result.pairs) > 30:
        more = len(result.pairs) - 30
        console.print(t.ngettext("… and {n} more pair (see --out)",
                                 "… and {n} more pairs (see --out)", more))  # fmt: skip
    for item in result.unpaired[:30]:
        member = result.members[item.member]
        console.print(
            t("unpaired: {name} <{email}> – {reason}", name=member.name, email=member.email,
              reason=translate_text(t, item.reason)),
            highlight=False,
        )  # fmt: skip
    summary = result.summary()
    console.print(
        t.ngettext(
            "{n} pair, {paired} of {members} members paired, {unpaired} unpaired; method {method}.",
            "{n} pairs, {paired} of {members} members paired, {unpaired} unpaired; method {method}.",
            summary["pairs"],
            paired=summary["members_paired"],
            members=summary["members"],
            unpaired=summary["members_unpaired"],
            method=t(_METHODS.get(str(result.stats.get("method")), "automatic")),
        ),
        highlight=False,
    )
    console.print(
        t("Preview only, not stored.")
        if dry_run
        else t("Stored as round {id}.", id=result.round_id)
    )
    if "csv" in written:
        console.print(t("Pairs written to {path}.", path=written["csv"]), highlight=False)
    if "eml" in written:
        console.print(t.ngettext("{n} draft e-mail written.", "{n} draft e-mails written.",
                                 written["eml"]))  # fmt: skip


@rounds_app.command("eval")
def eval_command(
    ctx: typer.Context,
    data: Path | None = typer.Option(
        None,
        "--data",
        help="Folder with <name>_nodes.csv + <name>_edges.csv advice networks "
        "(default: $ALTRUIST_REALDATA or ../shared/data, sna-professional-advice-networks).",
    ),
    per_person: int = typer.Option(2, "--per-person", "-k"),
    splits: int = typer.Option(5, "--splits", help="Random hidden-tie splits to average."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Share of proposed pairs that are real advice ties hidden from altruist, vs baselines."""
    from altruist.eval.rounds import evaluate_folder, format_report

    app = get_app(ctx)
    if data is None:
        root = Path(os.environ.get("ALTRUIST_REALDATA", "../shared/data"))
        data = root / "sna-professional-advice-networks"
    with embedding_bar(as_json):
        report = evaluate_folder(
            data, embedder=app.settings.embedder, per_person=per_person, splits=splits
        )
    if as_json:
        print(json.dumps(report, indent=2))
    else:
        console.print(format_report(report), highlight=False)


def register(app: typer.Typer) -> None:
    app.add_typer(rounds_app, name="rounds")
