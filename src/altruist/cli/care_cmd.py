"""Care and the giving ledger on the command line: `care`, `ledger`, `give`, `received`,
`needs`, `cadence`, `tier`. Each command validates its input and calls one engine function."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time

import typer
from rich.console import Console
from rich.table import Table

from altruist import validate
from altruist.cli.context import engine_context, get_app, translator
from altruist.cli.deed_text import shown as shown_text
from altruist.domain import LedgerDirection, LedgerEntry, Suggestion
from altruist.engine import giving
from altruist.engine.care import asks, birthdays, cadence, my_needs
from altruist.engine.care import suggest as care
from altruist.errors import ConfigError
from altruist.i18n import Translator
from altruist.i18n.formats import format_day, format_number
from altruist.i18n.labels import SUGGESTION_KINDS, label
from altruist.i18n.message import decode, render
from altruist.store import ledger as ledger_repo
from altruist.store import people as people_repo
from altruist.validate import MAX_CADENCE_DAYS, MAX_ROW_ID, MIN_CADENCE_DAYS

console = Console()
KINDS_HELP = "introduction | answer | tip | congratulation | help | offered-help | thanks | ask"


# How a cadence was chosen and which kind of contact was logged (msgids).
_CADENCE_SOURCES = {"person": "set for this person", "history": "from the history"}
_CONTACT_KINDS = {"call": "call", "meeting": "meeting", "message": "message", "note": "note"}
_FEB29 = {
    birthdays.Feb29Rule("feb28"): "on 28 February",
    birthdays.Feb29Rule("mar1"): "on 1 March",
}


def _item_json(item: Suggestion, t: Translator) -> dict[str, object]:
    return {
        "id": item.id,
        "key": item.key,
        "kind": str(item.kind),
        "title": shown_text(item.title, t),
        "reason": shown_text(item.reason, t),
        "score": item.score,
        "person_ids": item.person_ids,
        "draft": item.draft,
    }


def care_list(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help="Print a JSON list."),
    drafts: bool = typer.Option(False, "--drafts", help="Show the draft of each item."),
) -> None:
    """Birthdays, overdue check-ins, job changes and anniversaries, plus at most one ask."""
    ectx = engine_context(get_app(ctx))
    t = translator(ctx)
    # One ask at most, as on Today; the agenda's mix puts it after the giving deeds.
    items = care.open_items(ectx, asks.suggest(ectx)[: asks.MAX_ON_TODAY])
    if as_json:
        print(json.dumps([_item_json(s, t) for s in items], ensure_ascii=False, indent=2))
        return
    if not items:
        console.print(t("Nothing to look after right now."))
        return
    table = Table(title=t("Care"), show_lines=True)
    table.add_column(t("id"), justify="right")
    table.add_column(t("kind"))
    table.add_column(t("score"), justify="right")
    table.add_column(t("good deed"))
    for item in items:
        text = f"[bold]{shown_text(item.title, t)}[/]\n{shown_text(item.reason, t)}"
        if drafts and item.draft:
            text += f"\n\n[dim]{item.draft}[/]"
        kind = t(label(SUGGESTION_KINDS, item.kind))
        table.add_row(str(item.id), kind, format_number(item.score, t.lang, 2), text)
    console.print(table)
    console.print(
        t("Mark one: altruist done ID | altruist dismiss ID | altruist snooze ID [--days N]")
    )


def _entry_json(entry: LedgerEntry, names: dict[int, str], t: Translator) -> dict[str, object]:
    return {
        "id": entry.id,
        "person_id": entry.person_id,
        "person": names.get(entry.person_id),
        "direction": str(entry.direction),
        "kind": str(entry.kind),
        "note": shown_text(decode(entry.note), t) if entry.note else entry.note,
        "occurred_at": entry.occurred_at.isoformat(),
    }


def ledger(
    ctx: typer.Context,
    person_id: int | None = typer.Argument(None, help="Only this person."),
    as_json: bool = typer.Option(False, "--json", help="Print a JSON list."),
) -> None:
    """What you gave and received, newest first."""
    app = get_app(ctx)
    t = app.t
    with app.store.read() as conn:
        if person_id is not None:
            people_repo.get(conn, person_id)  # a clear NotFoundError for a wrong id
        entries = ledger_repo.entries(conn, person_id)
        names = {
            pid: p.name
            for pid, p in people_repo.get_many(conn, {e.person_id for e in entries}).items()
        }
    if as_json:
        print(json.dumps([_entry_json(e, names, t) for e in entries], ensure_ascii=False, indent=2))
        return
    if not entries:
        console.print(
            t("The ledger is empty. Record with `altruist give ID KIND` or `received ID KIND`.")
        )
        return
    table = Table(title=t("Ledger"))
    for column in (t("date"), t("person"), "", t("what"), t("note")):
        table.add_column(column)
    for e in entries:
        arrow = "→ " + t("gave") if e.direction is LedgerDirection.GAVE else "← " + t("received")
        table.add_row(
            format_day(e.occurred_at.date(), t.lang),
            f"{names.get(e.person_id, '?')} ({e.person_id})",
            arrow,
            t(giving.label(e.kind)),
            shown_text(decode(e.note), t) if e.note else "",
        )
    console.print(table)


def _record(ctx: typer.Context, person_id: int, kind: str, note: str | None, gave: bool) -> None:
    ectx = engine_context(get_app(ctx))
    ledger_kind = giving.parse_kind(kind)
    record = giving.record_given if gave else giving.record_received
    entry = record(ectx.store, person_id, ledger_kind, ectx.clock(), note)
    t = translator(ctx)
    what = t(giving.label(ledger_kind))
    said = (
        t("Recorded: gave {what} (person {person}, entry {entry}).", what=what,
          person=person_id, entry=entry.id)
        if gave
        else t("Recorded: received {what} (person {person}, entry {entry}).", what=what,
               person=person_id, entry=entry.id)
    )  # fmt: skip
    console.print(said)


def give(
    ctx: typer.Context,
    person_id: int = typer.Argument(
        ..., min=1, max=MAX_ROW_ID, help="The person you gave something to."
    ),
    kind: str = typer.Argument(..., help=KINDS_HELP),
    note: str | None = typer.Option(None, "--note", help="What exactly, in a few words."),
) -> None:
    """Record something you gave (also counts as contact for keep-in-touch)."""
    _record(ctx, person_id, kind, note, gave=True)


def received(
    ctx: typer.Context,
    person_id: int = typer.Argument(
        ..., min=1, max=MAX_ROW_ID, help="The person you received something from."
    ),
    kind: str = typer.Argument(..., help=KINDS_HELP),
    note: str | None = typer.Option(None, "--note", help="What exactly, in a few words."),
) -> None:
    """Record something you received, e.g. `offered-help` (the person may then get an ask)."""
    _record(ctx, person_id, kind, note, gave=False)


needs_app = typer.Typer(
    help="Your own open needs (job search), used for asks.", invoke_without_command=True
)


@needs_app.callback()
def needs_show(ctx: typer.Context, as_json: bool = typer.Option(False, "--json")) -> None:
    """Show your open needs."""
    if ctx.invoked_subcommand is not None:
        return
    t = translator(ctx)
    with get_app(ctx).store.read() as conn:
        need = my_needs.get_job_search(conn)
    if as_json:
        print(json.dumps(need.to_json() if need else None, ensure_ascii=False))
        return
    if need is None:
        console.print(
            t("No open need. Set one: altruist needs set --roles … --regions … --companies …")
        )
        return
    console.print(t("Job search: {need}", need=my_needs.describe(need, need_lang(ctx))))
    if need.note:
        console.print(t("Note: {note}", note=need.note))


def need_lang(ctx: typer.Context) -> my_needs.Language:
    return my_needs.Language.DE if get_app(ctx).language == "de" else my_needs.Language.EN


@needs_app.command("set")
def needs_set(
    ctx: typer.Context,
    roles: str | None = typer.Option(
        None, "--roles", help="Comma-separated, e.g. 'Data Engineer, ML Engineer'."
    ),
    regions: str | None = typer.Option(
        None, "--regions", help="Comma-separated, e.g. 'Berlin, remote'."
    ),
    companies: str | None = typer.Option(
        None, "--companies", help="Comma-separated target companies."
    ),
    note: str | None = typer.Option(None, "--note", help="Anything else worth saying."),
) -> None:
    """Set or update your job search (options not given keep their value)."""
    if roles is None and regions is None and companies is None and note is None:
        raise ConfigError("give at least one of --roles, --regions, --companies, --note")
    with get_app(ctx).store.transaction() as conn:
        need = my_needs.set_job_search(
            conn,
            roles=None if roles is None else my_needs.split_list(roles),
            regions=None if regions is None else my_needs.split_list(regions),
            companies=None if companies is None else my_needs.split_list(companies),
            note=note,
        )
    t = translator(ctx)
    console.print(t("Job search: {need}", need=my_needs.describe(need, need_lang(ctx))))


@needs_app.command("clear")
def needs_clear(ctx: typer.Context) -> None:
    """Close your job search: no more asks."""
    with get_app(ctx).store.transaction() as conn:
        my_needs.clear_job_search(conn)
    console.print(translator(ctx)("Job search cleared; no asks will be suggested."))


def cadence_cmd(
    ctx: typer.Context,
    person_id: int = typer.Argument(..., min=1, max=MAX_ROW_ID),
    days: int | None = typer.Argument(
        None, help="Days between contacts; 0 removes it. Without DAYS: show the current state."
    ),
) -> None:
    """Set how often you want to be in touch with one person, or show it."""
    app = get_app(ctx)
    t = app.t
    if days is not None:
        if days != 0:
            validate.in_range(days, MIN_CADENCE_DAYS, MAX_CADENCE_DAYS, validate.CADENCE)
        with app.store.transaction() as conn:
            people_repo.update_fields(conn, person_id, cadence_days=days or None)
    with app.store.read() as conn:
        name = people_repo.get(conn, person_id).name
    state = care.person_care(engine_context(app), person_id)
    if state.cadence is None:
        console.print(t("{name}: no cadence (set one, or a tier).", name=name))
    else:
        every = t.ngettext("every {n} day", "every {n} days", state.cadence.days)
        source = state.cadence.source  # a tier's name is the user's own word: shown as it is
        source = t(_CADENCE_SOURCES[source]) if source in _CADENCE_SOURCES else source
        console.print(f"{name}: {every} ({source}).")
    if state.history_cadence and state.history_cadence != state.cadence:
        console.print(
            "  "
            + t.ngettext(
                "History suggests every {n} day.",
                "History suggests every {n} days.",
                state.history_cadence.days,
            )
        )
    last = (
        format_day(state.last_contact.date(), t.lang) if state.last_contact else t("none recorded")
    )
    due = format_day(state.next_check_in, t.lang) if state.next_check_in else "–"
    console.print("  " + t("Last contact: {last}; next check-in: {due}.", last=last, due=due))
    console.print(
        "  " + t("Tie strength now: {value}.", value=format_number(state.tie_strength, t.lang, 2))
    )


def tier_cmd(
    ctx: typer.Context,
    person_id: int = typer.Argument(..., min=1, max=MAX_ROW_ID),
    tier: str = typer.Argument(
        ..., help="close | regular | yearly (or another configured tier) | none"
    ),
) -> None:
    """Put a person in a keep-in-touch tier."""
    app = get_app(ctx)
    t = app.t
    with app.store.transaction() as conn:
        tiers = cadence.load_prefs(conn).tiers
        if tier != "none" and tier not in tiers:
            raise ConfigError(f"unknown tier '{tier}' (configured: {', '.join(tiers)}, or none)")
        people_repo.update_fields(conn, person_id, tier=None if tier == "none" else tier)
        name = people_repo.get(conn, person_id).name
    if tier == "none":
        console.print(t("{name}: no tier", name=name))
    else:
        every = t.ngettext("every {n} day", "every {n} days", tiers[tier])
        console.print(t("{name}: tier {tier}, {every}", name=name, tier=tier, every=every))


def care_settings(
    ctx: typer.Context,
    lead_days: int | None = typer.Option(
        None, "--lead-days", min=0, max=365, help="Birthday lead time in days."
    ),
    feb29: str | None = typer.Option(None, "--feb29", help="29 Feb in common years: feb28|mar1."),
    half_life: int | None = typer.Option(
        None, "--half-life", min=1, max=MAX_CADENCE_DAYS, help="Tie-strength half-life, days."
    ),
    ask_period: int | None = typer.Option(
        None, "--ask-period", min=1, max=MAX_CADENCE_DAYS, help="Days between asks to one person."
    ),
    tier: list[str] = typer.Option([], "--tier", help="NAME=DAYS, e.g. close=21 (repeatable)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Show or change the care preferences (shared with the web Settings page)."""
    with get_app(ctx).store.transaction() as conn:
        if lead_days is not None:
            birthdays.save_lead_days(conn, lead_days)
        if feb29 is not None:
            try:
                birthdays.save_feb29_rule(conn, birthdays.Feb29Rule(feb29))
            except ValueError as exc:
                raise ConfigError("--feb29 must be feb28 or mar1") from exc
        if half_life is not None:
            cadence.save_half_life(conn, half_life)
        if ask_period is not None:
            asks.save_period_days(conn, ask_period)
        if tier:
            tiers = dict(cadence.load_prefs(conn).tiers)
            for item in tier:
                name, sep, value = item.partition("=")
                if not name.strip() or not sep:
                    raise ConfigError(f"--tier wants NAME=DAYS, got {item!r}")
                tiers[name.strip()] = validate.cadence_days(value, f"--tier {name.strip()}")
            cadence.save_tiers(conn, tiers)
        b_prefs, c_prefs = birthdays.load_prefs(conn), cadence.load_prefs(conn)
        values: dict[str, object] = {
            "birthday_lead_days": b_prefs.lead_days,
            "feb29_rule": str(b_prefs.feb29_rule),
            "half_life_days": c_prefs.half_life_days,
            "tiers": c_prefs.tiers,
            "ask_period_days": asks.load_period_days(conn),
        }
    if as_json:
        print(json.dumps(values))
        return
    t = translator(ctx)
    console.print(t("Birthday lead time: {days} days", days=b_prefs.lead_days))
    console.print(t("29 February in common years: {rule}", rule=t(_FEB29[b_prefs.feb29_rule])))
    console.print(t("Tie-strength half-life: {days} days", days=c_prefs.half_life_days))
    tier_list = ", ".join(
        f"{name} ({t.ngettext('every {n} day', 'every {n} days', days)})"
        for name, days in c_prefs.tiers.items()
    )
    console.print(t("Tiers: {tiers}", tiers=tier_list))
    console.print(t("Days between asks to one person: {days}", days=values["ask_period_days"]))


def _on(day: str | None, ectx_now: datetime) -> datetime:
    if day is None:
        return ectx_now
    try:
        parsed = date.fromisoformat(day)
    except ValueError as exc:
        raise ConfigError(f"--on wants a date like 2026-11-26, got {day!r}") from exc
    return datetime.combine(parsed, time(12), tzinfo=UTC)


def contact(
    ctx: typer.Context,
    person_id: int = typer.Argument(..., min=1, max=MAX_ROW_ID),
    kind: str = typer.Option("call", "--kind", help="call | meeting | message | note"),
    note: str | None = typer.Option(None, "--note", help="What it was about."),
    on: str | None = typer.Option(None, "--on", help="Date (YYYY-MM-DD); default now."),
) -> None:
    """Log a contact by hand (restarts the keep-in-touch cadence)."""
    kinds = {str(k): k for k in giving.CONTACT_KINDS}
    if kind not in kinds:
        raise ConfigError(f"--kind must be one of {', '.join(kinds)}")
    ectx = engine_context(get_app(ctx))
    item = giving.record_contact(ectx.store, person_id, kinds[kind], _on(on, ectx.clock()), note)
    t = translator(ctx)
    console.print(
        t(
            "Logged {kind} with person {person} on {day}.",
            kind=t(_CONTACT_KINDS.get(kind, kind)),
            person=person_id,
            day=format_day(item.occurred_at.date(), t.lang),
        )
    )


def job_change(
    ctx: typer.Context,
    person_id: int = typer.Argument(..., min=1, max=MAX_ROW_ID),
    position: str | None = typer.Option(None, "--position", help="The new position."),
    company: str | None = typer.Option(None, "--company", help="The new company."),
    started: str | None = typer.Option(None, "--on", help="Start date (YYYY-MM-DD)."),
) -> None:
    """Enter a job change by hand; it becomes a congratulation with a draft."""
    ectx = engine_context(get_app(ctx))
    now = ectx.clock()
    started_on = _on(started, now).date() if started else None
    with ectx.store.transaction() as conn:
        event = care.record_job_change(
            conn, person_id, now, position=position, company=company, started_on=started_on
        )
    t = translator(ctx)
    console.print(t("Recorded: {summary}", summary=render(event.summary, t)))


def register(app: typer.Typer) -> None:
    app.command("contact")(contact)
    app.command("job-change")(job_change)
    app.command("care-settings")(care_settings)
    app.command("care")(care_list)
    app.command("ledger")(ledger)
    app.command("give")(give)
    app.command("received")(received)
    app.command("cadence")(cadence_cmd)
    app.command("tier")(tier_cmd)
    app.add_typer(needs_app, name="needs")
