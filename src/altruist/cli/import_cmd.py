"""`altruist import`, `people`, `person`, `merges` and `unmerge`: thin shells over
`altruist.ingest` (issue 3)."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, TextColumn
from rich.table import Table

from altruist.cli.context import get_app, translator
from altruist.cli.progress import embedding_bar, shown
from altruist.errors import AltruistError, ImportError_
from altruist.i18n import Translator
from altruist.i18n.formats import format_day, format_moment
from altruist.i18n.labels import IDENTITY_KINDS, field_value, label, name_of
from altruist.i18n.templates import translate_text
from altruist.ingest import merge, reasons
from altruist.ingest.importer import ImportReport, import_file, pause_before_derive_for_kill_test
from altruist.ingest.language_choice import choose_language
from altruist.ingest.likeness import reason_text
from altruist.ingest.people_view import list_people, person_detail
from altruist.store.rows import utcnow
from altruist.understand.language import explain
from altruist.validate import MAX_ROW_ID

out = Console()
_LANGUAGE_NAMES = {"de": "German", "en": "English"}
_MERGE_STATES = {"done": "in effect", "undone": "undone"}
err = Console(stderr=True, soft_wrap=True)


def register(app: typer.Typer) -> None:
    app.command("import")(import_command)
    app.command("people")(people_command)
    # `person` is a group registered by cli/person_cmd.py (show, add, edit, delete, log).
    merges_app = typer.Typer(help="The merge review queue: people who may be the same.")
    merges_app.callback(invoke_without_command=True)(merges_list)
    merges_app.command("accept")(merges_accept)
    merges_app.command("reject")(merges_reject)
    app.add_typer(merges_app, name="merges")
    app.command("unmerge")(unmerge_command)


def import_command(
    ctx: typer.Context,
    paths: list[Path] = typer.Argument(..., help="Export files: LinkedIn CSV, vCard, ICS, CSV."),
    format: str | None = typer.Option(None, "--format", help="Override format detection."),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
) -> None:
    """Import contacts and history; prints added/updated/unchanged/merged/review/skipped."""
    app = get_app(ctx)
    store, region = app.store, app.settings.phone_region
    total = ImportReport()
    failures: list[AltruistError] = []
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        console=err,
        transient=True,
        disable=not shown(as_json, err),  # no bar when piped or with --json
    ) as bar:
        for path in paths:
            task = bar.add_task(path.name, total=None)

            def tick(done: int, total_rows: int, task: Any = task) -> None:
                bar.update(task, completed=done, total=total_rows)

            try:
                total.absorb(import_file(store, path, format=format, region=region, progress=tick))
            except ImportError_ as exc:
                if len(paths) == 1:
                    raise
                failures.append(exc)
                _print_error(app.t, exc)
    if total.changed_people:
        from altruist.understand.embedder import get_embedder
        from altruist.understand.needs import refresh_derived

        pause_before_derive_for_kill_test()
        # Only the people whose text changed: one huge note is not read again by every import.
        with embedding_bar(as_json):
            refresh_derived(store, embedder=get_embedder(app.settings.embedder), changed_only=True)
    if as_json:
        print(json.dumps(total.as_dict(), ensure_ascii=False))
    else:
        _print_report(total, app.t)
    for failed in total.failed:  # a file inside an archive
        _print_error(app.t, failed)
    failures += total.failed
    if failures:
        raise typer.Exit(failures[0].exit_code)


def _print_error(t: Translator, exc: Exception) -> None:
    err.print(f"[bold red]{t('error:')}[/] {escape(translate_text(t, str(exc)))}", highlight=False)


_SEPARATORS = {",": "comma", ";": "semicolon", "\t": "tab"}


def _print_report(report: ImportReport, t: Translator) -> None:
    """Per file: how it was read (format, encoding, separator) and what it did to people; then
    every skipped or partly read line with its reason (issue 13)."""
    for file, info in report.files.items():
        named = {
            "format": name_of(t, "format", info.get("format")),
            "encoding": name_of(t, "encoding", info.get("encoding")),
        }
        how = t("{file}: format {format}, encoding {encoding}", file=file, **(info | named))
        if info.get("separator"):
            sep = info["separator"]
            how += ", " + t("separator {separator}", separator=t(_SEPARATORS.get(sep, sep)))
        if info.get("locale") == "de":
            how += ", " + t("German column names")
        out.print(how, highlight=False)
        out.print(
            "  "
            + t(
                # "lines skipped: 1" reads right for every count, in both languages.
                "people: {added} added, {updated} updated, {unchanged} unchanged, {merged} merged,"
                " {review} proposed for review; lines skipped: {skipped}, partly read: {partly_read}",
                **info,
            ),
            highlight=False,
        )
    if report.added == report.updated == report.merged == 0 and report.unchanged:
        out.print(t("Nothing changed: everything in these files is already known."))
    if report.merged or report.review:
        out.print(t("Merges and proposals: altruist merges (undo a merge: altruist unmerge ID)"))
    for s in report.skipped:
        what = t("partly read") if s.kept else t("skipped")
        template, values = reasons.parts(s.reason)
        reason = t(template, **values) if values else translate_text(t, s.reason)
        out.print(f"  {what} {s.file}:{s.line}: {reason}", highlight=False)
    for note in report.shortened:
        out.print(f"  {t('shortened')} {note}", highlight=False)


def people_command(
    ctx: typer.Context,
    query: str = typer.Argument("", help="Words to search in name, company, position, city."),
    as_json: bool = typer.Option(False, "--json"),
    limit: int = typer.Option(200, "--limit"),
) -> None:
    """List people."""
    rows = list_people(get_app(ctx).store, query, limit=limit)
    if as_json:
        print(json.dumps(rows, ensure_ascii=False))
        return
    t = translator(ctx)
    table = Table(t("id"), t("name"), t("company"), t("position"), t("e-mail"), t("birthday"))
    for r in rows:
        table.add_row(
            str(r["id"]),
            r["name"],
            r["company"] or "",
            r["position"] or "",
            ", ".join(r["emails"]),
            r["birthday"] or "",
        )
    out.print(table)


def person_command(
    ctx: typer.Context,
    person_id: int = typer.Argument(..., min=1, max=MAX_ROW_ID),
    as_json: bool = typer.Option(False, "--json"),
    language: str | None = typer.Option(
        None, "--language", help="Set the contact's language (de or en); drafts use it."
    ),
) -> None:
    """Show one person with every field, where it came from, and unknown imported fields."""
    store = get_app(ctx).store
    t = translator(ctx)
    if language is not None:
        if language not in ("de", "en"):
            raise typer.BadParameter("de or en", param_hint="--language")
        with store.transaction() as conn:
            choose_language(conn, person_id, language, where="cli", now=utcnow())
    detail = person_detail(store, person_id)
    if as_json:
        print(json.dumps(detail, ensure_ascii=False))
        return
    out.print(f"[bold]{escape(detail['name'])}[/] (#{detail['id']})")
    language = t(_LANGUAGE_NAMES.get(detail["language"], detail["language"]))
    evidence = language_evidence_text(t, detail["language_evidence"])
    out.print(
        f"  {t('language')}: {language}" + (f"  [dim]{escape(evidence)}[/]" if evidence else ""),
        highlight=False,
    )
    for key in ("company", "position", "birthday", "city", "country", "notes"):
        if detail[key]:
            value = _day(detail[key], t.lang) if key == "birthday" else str(detail[key])
            out.print(f"  {t(key)}: {escape(value)}", highlight=False)
    for ident in detail["identities"]:
        kind = t(label(IDENTITY_KINDS, ident["kind"]))
        source = f"  [dim]{escape(ident['source'])}[/]" if ident["source"] else ""
        out.print(f"  {kind}: {escape(ident['value'])}{source}", highlight=False)
    for title, key in (("Fields", "fields"), ("Other imported fields", "unknown_fields")):
        if detail[key]:
            table = Table(t("field"), t("value"), t("source"), t("imported"), title=t(title))
            for f in detail[key]:
                value = field_value(t, f["name"], f["value"])
                value = value if len(value) < 80 else value[:77] + "…"
                table.add_row(
                    name_of(t, "field", f["name"]),  # a column of the user's file stays as named
                    value,
                    f"{f['source_file']}"
                    + (f":{f['source_line']}" if f["source_line"] is not None else ""),
                    _moment(f["imported_at"], t.lang),
                )
            out.print(table)


def _day(value: object, lang: str) -> str:
    """A stored ISO date in the reader's format (05.12.1975); anything else as it is."""
    try:
        return format_day(date.fromisoformat(str(value)), lang)
    except ValueError:
        return str(value)


def _moment(value: object, lang: str) -> str:
    try:
        return format_moment(datetime.fromisoformat(str(value)), lang) if value else ""
    except ValueError:
        return str(value)


def language_evidence_text(t: Translator, provenance: str | None) -> str:
    """The stored (English) evidence of a person's language, in words of the user's language."""
    if not provenance:
        return ""
    return "; ".join(
        t(template, **{k: t(v) for k, v in values.items()})
        for template, values in explain(provenance)
    )


def merges_list(ctx: typer.Context, as_json: bool = typer.Option(False, "--json")) -> None:
    """List open proposals (people who may be the same) and every merge made, automatic ones
    by an import included, each with its state; undo a merge with `altruist unmerge ID`."""
    if ctx.invoked_subcommand:
        return
    app = get_app(ctx)
    gettext = t = app.t
    proposals = merge.open_candidates(app.store)
    done = merge.history(app.store)
    if as_json:
        rows = [
            r
            | {"type": "proposal", "probability": r["score"], "reasons_text": _reasons(r, gettext)}
            for r in proposals
        ] + [m | {"type": "merge"} for m in done]
        print(json.dumps(rows, ensure_ascii=False, default=str))
        return
    table = Table(t("id"), "%", t("person A"), t("person B"), t("reason"), title=t("proposals"))
    for r in proposals:
        table.add_row(
            str(r["id"]),
            f"{r['score']:.0f} %",
            f"#{r['person_a']['id']} {r['person_a']['name']}",
            f"#{r['person_b']['id']} {r['person_b']['name']}",
            _reasons(r, gettext),
        )
    out.print(table)
    merged = Table(
        t("merge"), t("state"), t("kept"), t("merged"), t("how"), t("when"), title=t("merges")
    )
    for m in done:
        when = m["created_at"]
        merged.add_row(
            str(m["id"]),
            t(_MERGE_STATES.get(m["state"], m["state"])),
            f"#{m['kept_id']} {m['kept_name']}",
            f"#{m['merged_id']} {m['merged_name']}",
            t("by an import") if m["automatic"] else t("by review"),
            format_moment(when, t.lang) if isinstance(when, datetime) else str(when)[:16],
        )
    out.print(merged)


def _reasons(candidate: dict[str, Any], gettext: Translator) -> str:
    codes = candidate.get("reasons")
    if not codes:
        return str(candidate["reason"])
    return "; ".join(reason_text(r, gettext) for r in codes)


def merges_accept(
    ctx: typer.Context, candidate_id: int = typer.Argument(..., min=1, max=MAX_ROW_ID)
) -> None:
    """Merge the two people of a candidate (undo with `altruist unmerge MERGE_ID`)."""
    result = merge.accept(get_app(ctx).store, candidate_id)
    out.print(
        translator(ctx)(
            "merged #{merged} into #{kept} (merge {merge}; undo: altruist unmerge {merge})",
            merged=result.merged_id,
            kept=result.kept_id,
            merge=result.merge_id,
        )
    )


def merges_reject(
    ctx: typer.Context, candidate_id: int = typer.Argument(..., min=1, max=MAX_ROW_ID)
) -> None:
    """Keep the two people apart; the pair is not proposed again."""
    merge.reject(get_app(ctx).store, candidate_id)
    out.print(translator(ctx)("Rejected candidate {id}.", id=candidate_id))


def unmerge_command(
    ctx: typer.Context, merge_id: int = typer.Argument(..., min=1, max=MAX_ROW_ID)
) -> None:
    """Undo a merge."""
    result = merge.unmerge(get_app(ctx).store, merge_id)
    out.print(
        translator(ctx)(
            "Restored #{merged} next to #{kept}.", merged=result.merged_id, kept=result.kept_id
        )
    )
