"""Derived needs and offers that repair themselves after a kill, and are derived again only for
the people whose source changed (issue 19).

An import that changes people marks the derived facets stale *in its own transaction*; a
derivation that looked at everyone clears the mark in *its* transaction. A process killed between
the two (the import committed, the derivation not yet) leaves the mark set, and the next start of
the web app or the next refresh of the agenda derives again. So no person stays without their
derived facets, and a re-import that finds nothing changed needs no special case.

Which people: each derivation records per person a digest of everything their derived facets
depend on (`person_digest`), in the same transaction as the facets. A later derivation with
`changed_only` derives only the people whose digest differs — one contact with a 50 MB note is
hashed, not read sentence by sentence, when an import touched someone else. The digest covers
the person's facets too, so anything that moved or removed facets (a merge, an unmerge, the user
removing one) makes that person be derived again, whichever code path did it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator

from altruist.domain import Facet, Person, Post
from altruist.store import Store
from altruist.store.derived_state import STALE_KEY, clear, is_stale, mark_stale

__all__ = ["STALE_KEY", "clear", "is_stale", "mark_stale", "person_digest", "repair_if_stale"]

# Raise when the rules of understand/needs.py change what a person's text derives: every stored
# digest then differs, and the next derivation reads everyone once.
DERIVATION_VERSION = 1


def person_digest(person: Person, questions: Iterable[Post], facets: Iterable[Facet]) -> str:
    """A digest of what the person's derived facets are derived from: their text fields, their
    open questions in groups, and their facets (stated, edited and derived) as stored."""
    digest = hashlib.sha256()
    head = {
        "version": DERIVATION_VERSION,
        "language": str(person.language),
        "position": person.position,
        "company": person.company,
        "questions": sorted((p.id or 0, p.title, p.is_open, str(p.posted_at)) for p in questions),
        "facets": sorted((str(f.kind), f.source, f.text, f.edited) for f in facets),
    }
    digest.update(json.dumps(head, ensure_ascii=False, sort_keys=True).encode())
    # The long free texts are fed as they are, each behind its length (no JSON copy of 50 MB),
    # a slice at a time: a 50 MB note is never encoded into one more 50 MB copy.
    for text in (person.headline, person.notes):
        digest.update(b"\0%d\0" % sum(len(piece) for piece in _utf8_slices(text or "")))
        for piece in _utf8_slices(text or ""):
            digest.update(piece)
    return digest.hexdigest()


_SLICE = 1 << 20  # characters


def _utf8_slices(text: str) -> Iterator[bytes]:
    """The text's UTF-8 (lone surrogates kept), a slice at a time: the concatenation equals
    the whole text's encoding, since slices never split a code point."""
    for start in range(0, len(text), _SLICE):
        yield text[start : start + _SLICE].encode("utf-8", "surrogatepass")


def repair_if_stale(store: Store) -> bool:
    """Derive the facets of the people an earlier, cut-off run left behind; True when it did."""
    if not is_stale(store):
        return False
    from altruist.understand.needs import refresh_derived  # late: needs imports the engines

    refresh_derived(store, changed_only=True)
    return True
