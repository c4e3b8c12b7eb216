"""Progress bars for long CLI work (issue 16): imports, the first embedding of a dump or of many
questions, rounds, evaluations. Drawn on stderr with Rich, and only on a terminal: piped output
and `--json` stay clean, so scripts never see a bar."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from altruist.understand import vectors

Tick = Callable[[int, int], None]


def shown(quiet: bool = False, console: Console | None = None) -> bool:
    return not quiet and (console or Console(stderr=True)).is_terminal


def new_bar(quiet: bool = False) -> Progress:
    console = Console(stderr=True)
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=True,
        disable=not shown(quiet, console),
    )


@contextmanager
def embedding_bar(quiet: bool = False) -> Iterator[None]:
    """A bar for every embedding of texts not cached yet (the first run over a dump)."""
    with new_bar(quiet) as bar:
        task: list[Any] = []

        def tick(done: int, total: int) -> None:
            if not task:
                task.append(bar.add_task("Embedding texts", total=total))
            bar.update(task[0], completed=done, total=total)
            if done >= total:
                bar.remove_task(task.pop())

        with vectors.watching(tick):
            yield


@contextmanager
def steps(description: str, total: int, quiet: bool = False) -> Iterator[Callable[[str], None]]:
    """A bar over `total` named steps (data sets of an evaluation, rounds of a plan)."""
    with new_bar(quiet) as bar:
        task = bar.add_task(description, total=total)

        def advance(label: str) -> None:
            bar.update(task, advance=1, description=f"{description}: {label}")

        yield advance
