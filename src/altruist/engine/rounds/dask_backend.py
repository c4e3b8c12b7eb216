"""Run a round's partitioned work on an existing Dask cluster (`--dask SCHEDULER_ADDRESS`).

Large shared inputs (the search keys, the item vectors) are scattered to every worker once and
referenced by the tasks, instead of being pickled into each task. The final matching runs in the
calling process: it needs the whole candidate graph, which at a million members and ten
candidates each is ~10⁷ edges — a few hundred MB, fine on the machine that submits the round.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from altruist.errors import ConfigError

R = TypeVar("R")


class DaskRunner:
    name = "dask"

    def __init__(self, address: str, timeout: float = 30.0) -> None:
        from distributed import Client

        try:
            self.client = Client(address, timeout=timeout)
        except (OSError, TimeoutError) as exc:
            raise ConfigError(f"cannot reach the Dask scheduler at {address}: {exc}") from exc

    @property
    def workers(self) -> int:
        return len(self.client.scheduler_info().get("workers", {}))

    def map(self, fn: Callable[..., R], items: Sequence[Any], **shared: Any) -> list[R]:
        if not items:
            return []
        scattered: dict[str, Any] = {
            key: value
            if isinstance(value, str | int | float | bool | None)
            else self.client.scatter(value, broadcast=True, hash=False)
            for key, value in shared.items()
        }
        futures = self.client.map(fn, list(items), pure=False, **scattered)
        results: list[R] = self.client.gather(futures)
        return results

    def close(self) -> None:
        self.client.close()
