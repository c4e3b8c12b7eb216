"""Derived needs and offers that repair themselves after a kill (issue 19).

An import that changes people marks the derived facets stale *in its own transaction*; the full
re-derivation clears the mark in *its* transaction. A process killed between the two (the import
committed, the derivation not yet) leaves the mark set, and the next start of the web app or the
next refresh of the agenda derives again. So no person stays without their derived facets, and
a re-import that finds nothing changed needs no special case.
"""

from __future__ import annotations

from altruist.store import Store
from altruist.store.derived_state import STALE_KEY, clear, is_stale, mark_stale

__all__ = ["STALE_KEY", "clear", "is_stale", "mark_stale", "repair_if_stale"]


def repair_if_stale(store: Store) -> bool:
    """Re-derive everyone's facets if an earlier run was cut off; True when it did."""
    if not is_stale(store):
        return False
    from altruist.understand.needs import refresh_derived  # late: needs imports the engines

    refresh_derived(store)
    return True
