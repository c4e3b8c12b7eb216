"""Needs and offers derived from what a person writes about themselves and what they ask.

Three sources, strongest first (issue 4, "Understanding people"):
- explicit statements in the headline or the notes ("sucht …", "looking for …", "#OpenToWork",
  "wir stellen ein", "happy to help with …"): the sentence itself becomes the facet text;
- the position: a recruiter offers hiring, a senior engineer or expert offers advice on her
  field and stack, a founder offers founder experience — a guess, so a lower confidence;
- open questions the person asked in the user's groups: each is a need for advice on its topic.

Which sentences state a need or an offer, and which, is the reader's call (understand/reader.py,
issue 15): every sentence of the notes and every headline segment with a cue word of asking or
offering (understand/cues.py — plain job titles never reach the embedding model, so 30,000
imported headlines stay fast). The facet's kind follows the intent (a hiring manager *needs* an
employee); a job search is private by default, and a visibility the user chose is carried over
when the same text is derived again.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence, Set
from dataclasses import dataclass, replace

import numpy as np
from sqlalchemy import Connection

from altruist.domain import (
    Facet,
    FacetKind,
    Language,
    Message,
    Person,
    Post,
    Text,
    Visibility,
)
from altruist.i18n import _catalog  # the catalogue itself: stored text is not a page's text
from altruist.store import Store, derived_state
from altruist.store import facets as facets_repo
from altruist.store import groups as groups_repo
from altruist.store import people as people_repo
from altruist.understand import stale
from altruist.understand.cues import any_cue
from altruist.understand.embedder import Embedder
from altruist.understand.reader import Intent, Reader, kind_of, prepared
from altruist.understand.vectors import CachedEmbedder

STATEMENT_CONFIDENCE = 0.9
POSITION_CONFIDENCE = 0.6
QUESTION_CONFIDENCE = 0.7
MAX_QUESTIONS = 5  # the newest open questions per person; older ones say little about today
MAX_TEXT = 300
# How much of a note (or headline) the reader reads: some ten pages, far more than any note typed
# about a person, and a bound on what a pasted mail archive of 50 MB costs each derivation.
READ_CHARS = 20_000

SOURCE_HEADLINE = "derived:headline"
SOURCE_NOTES = "derived:notes"
SOURCE_POSITION = "derived:position"
SOURCE_POST = "derived:post:"  # + post id

# Headlines are lists ("Data Engineer | Python, SQL | offen für neue Aufgaben"); notes are prose.
_HEADLINE_SPLIT = re.compile(r"\s*(?:\||·|•|;|\n)\s*")
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+|\n+|\s*;\s*")

# A bare hashtag or marker says *that* someone seeks a job, not *which*; the position fills in.
_OPEN_TO_WORK = re.compile(
    r"#?open\s*to\s*work|#?offen\s*für\s*neue(s)?\s*(aufgaben|herausforderungen|jobs?|stellen?)?|"
    r"#?jobsuche|#?jobsearch|auf\s+jobsuche|available\s+for\s+(a\s+)?new\s+(role|job|position)",
    re.IGNORECASE,
)
_HIRING = re.compile(
    r"#?we('|\s+a)re\s*hiring|\bhiring\b|wir\s+stellen\s+(\S+\s+)*?ein\b|#?wirstellenein|"
    r"\bstellen\s+ein\b|\bjoin\s+(our|my)\s+team\b|verstärkung\s+gesucht|"
    r"(suchen|sucht)\s+(\S+\s+)*?verstärkung|open\s+positions?|offene\s+stellen",
    re.IGNORECASE,
)
_NEED = re.compile(
    r"\blooking\s+for\b|\bseek(ing|s)?\b|\bsearching\s+for\b|\bin\s+need\s+of\b|"
    r"\bneeds?\s+(advice|help|a|an|some|input)\b|\bwants?\s+to\s+(find|meet|learn)\b|"
    r"\bsuch(e|t|en)\b|\bgesucht\b|auf\s+der\s+suche|\bbrauch(e|t|en)\b|\bbenötig|"
    r"open\s+for\s+(new\s+)?projects|offen\s+für\s+(neue\s+)?projekte|"
    r"available\s+for\s+freelance|verfügbar\s+für\s+projekte",
    re.IGNORECASE,
)
_OFFER = re.compile(
    r"happy\s+to\s+(help|advise|share|mentor|talk|introduce)|\bcan\s+help\b|\bask\s+me\s+about\b|"
    r"\bi\s+offer\b|\boffering\b|\bmentor(ing)?\b|\badvis(e|ing)\s+on\b|"
    r"\bbiete\b|\bbieten\b|helfe\s+gern|gerne?\s+helfen?|\bkann\s+helfen\b|\bfragt\s+mich\b|"
    r"\bberate\b|\bunterstütze\s+gern|\bexpert(e|in)?\s+(für|in|on|for)\b|"
    r"\bspezialist(in)?\s+für\b|\bspecialist\s+(in|for)\b",
    re.IGNORECASE,
)

_RECRUITER = re.compile(
    r"recruit|\btalent\b|sourcer|headhunter|personalberat|"
    r"personalreferent|personalvermittl|hr\s+business\s+partner",
    re.IGNORECASE,
)
_FOUNDER = re.compile(r"\b(co-?)?founder\b|gründer(in)?\b|mitgründer(in)?\b", re.IGNORECASE)
_SENIOR = re.compile(
    r"\b(senior|sr\.?|lead|head\s+of|principal|staff|chief|expert(e|in)?|architekt(in)?|architect|"
    r"leiter(in)?|leitung|fachanwält(in)?|fachanwalt|specialist|spezialist(in)?)\b",
    re.IGNORECASE,
)
# A headline segment that lists a stack: "Python, SQL, Airflow" (commas, short items, no verbs).
_STACK_ITEM = re.compile(r"^[\w.+#/-]+(\s[\w.+#/-]+)?$")


@dataclass(frozen=True)
class _Statement:
    kind: FacetKind
    text: str
    intent: Intent = Intent.NONE


def _segments(text: str, pattern: re.Pattern[str]) -> list[str]:
    return [s.strip(" -–—,") for s in pattern.split(text) if s and s.strip(" -–—,")]


def _clip(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1].rstrip() + "…"


def _words(text: str) -> int:
    return len(re.sub(r"#\w+", " ", text).split())


def _job_seeking(person: Person, marker: str) -> str:
    """Turn a bare "#OpenToWork" into a need the matcher can use: which role is sought."""
    role = person.position
    if _words(marker) > 4 or not role:  # a full sentence says enough
        return marker
    if person.language is Language.DE:
        return f"sucht eine neue Stelle als {role}"
    return f"open to work: looking for a new role as {role}"


def _hiring(person: Person, sentence: str) -> str:
    if _words(sentence) <= 3 and person.company:
        if person.language is Language.DE:
            return f"stellt bei {person.company} ein (hiring)"
        return f"hiring at {person.company}"
    return sentence


def visibility_of(intent: Intent) -> Visibility:
    """A job search is private until its owner says otherwise: their employer may be a contact."""
    return Visibility.PRIVATE if intent is Intent.JOB else Visibility.SHAREABLE


def readable(text: str) -> str:
    """The part of a free text the reader reads: all of it up to `READ_CHARS`; of a longer one
    its start and its end, half of `READ_CHARS` each, cut at whole sentences — notes grow at
    one end or the other, and the newest lines say most (docs/design.md, "A huge note")."""
    if len(text) <= READ_CHARS:
        return text
    half = READ_CHARS // 2
    head, tail = text[:half], text[-half:]
    head_ends = [m.start() for m in _SENTENCE_SPLIT.finditer(head)]
    tail_start = _SENTENCE_SPLIT.search(tail)
    head = head[: head_ends[-1]] if head_ends else head
    tail = tail[tail_start.end() :] if tail_start else tail
    return f"{head}\n{tail}"  # a line break: no sentence spans the cut


def candidates(text: str, *, headline: bool) -> list[str]:
    """The sentences the reader reads: all of a note (its readable part), the headline segments
    with a cue word."""
    return [
        s
        for s in _segments(readable(text), _HEADLINE_SPLIT if headline else _SENTENCE_SPLIT)
        if not headline or any_cue(s) or _OPEN_TO_WORK.search(s) or _HIRING.search(s)
    ]


def stated_visibility(text: str) -> Visibility:
    """The default for a need the user types in: a job search is private (read by cue words)."""
    return visibility_of(Reader().read_one(text).intent)


def statements(person: Person, text: str, *, headline: bool, reader: Reader) -> list[_Statement]:
    """Explicit needs and offers in one free text, each with the sentence it came from."""
    sentences = candidates(text, headline=headline)
    found: list[_Statement] = []
    for sentence, reading in zip(sentences, reader.read(sentences), strict=True):
        intent = reading.intent
        if _OPEN_TO_WORK.search(sentence):  # an explicit marker, whatever the rest says
            intent = Intent.JOB
        if intent is Intent.JOB:
            found.append(_Statement(FacetKind.NEED, _job_seeking(person, sentence), intent))
        elif intent is Intent.HIRE:
            found.append(_Statement(FacetKind.NEED, _hiring(person, sentence), intent))
        elif intent is not Intent.NONE:
            found.append(_Statement(kind_of(intent), sentence, intent))
    return found


def _stack(headline: str | None) -> list[str]:
    if not headline:
        return []
    for segment in _segments(headline, _HEADLINE_SPLIT):
        items = [i.strip() for i in segment.split(",")]
        if len(items) >= 2 and all(i and _STACK_ITEM.match(i) for i in items):
            return items
    return []


def position_offers(person: Person) -> list[Message]:
    """Offers guessed from the position (and the stack named in the headline), as messages: the
    stored facet text is their rendering in the contact's language (what the reader and the
    matcher read), and the pages render them again in the *reader's* language (`shown_offer`)."""
    position = person.position or ""
    if not position:
        return []
    company = person.company
    offers: list[Message] = []
    if _RECRUITER.search(position):
        offers.append(
            Message("recruiting for open roles at {company}", {"company": company})
            if company
            else Message("recruiting for open roles")
        )
    if _FOUNDER.search(position):
        # Worded without "co-founder": that word means *seeking* a co-founder to the intent model.
        offers.append(
            Message("founder experience (started {company})", {"company": company})
            if company
            else Message("founder experience")
        )
    if _SENIOR.search(position) and not _RECRUITER.search(position):
        stack = ", ".join(_stack(person.headline))
        offers.append(
            Message("advice on {stack} ({position})", {"stack": stack, "position": position})
            if stack
            else Message("advice from experience as {position}", {"position": position})
        )
    return offers


def from_position(person: Person) -> list[str]:
    """The position offers as stored: in the contact's language, German or English."""
    lang = "de" if person.language is Language.DE else "en"
    return [_stored(m, lang) for m in position_offers(person)]


def _stored(message: Message, lang: str) -> str:
    """The text as stored: the catalogue's wording, never pseudo-locale markers (those belong
    to what a page shows, not to data)."""
    values = {k: str(v) for k, v in message.values.items()}
    return _catalog(lang).get(message.msgid, message.msgid).format(**values)


def shown_offer(text: str, person: Person) -> Text:
    """A stored facet text as it should be shown: a position offer derived from `person` becomes
    its message again (rendered in the reader's language when shown, issue 14), whichever
    language it was stored in; any other text — stated, edited, read from a note — is data."""
    for message in position_offers(person):
        if text in {_clip(_stored(message, lang)) for lang in ("en", "de")}:
            return message
    return text


def from_questions(person: Person, posts: Iterable[Post]) -> list[Facet]:
    """The person's open questions in groups: each is a need for advice on its topic."""
    own = [
        p
        for p in posts
        if p.author_person_id == person.id and p.is_open and not p.by_me and p.id is not None
    ]
    own.sort(key=lambda p: (p.posted_at is not None, p.posted_at, p.id), reverse=True)
    return [
        Facet(
            person.id or 0,
            FacetKind.NEED,
            _clip(p.title),
            confidence=QUESTION_CONFIDENCE,
            source=f"{SOURCE_POST}{p.id}",
        )
        for p in own[:MAX_QUESTIONS]
    ]


def derive_facets(
    person: Person, posts: Sequence[Post] = (), reader: Reader | None = None
) -> list[Facet]:
    """Every need and offer that can be read from the person, strongest source first, without
    duplicate texts. Without a `reader`, statements are read by cue words only."""
    reader = reader or Reader()
    pid = person.id or 0
    out: list[Facet] = []
    for text, source, is_headline in (
        (person.headline, SOURCE_HEADLINE, True),
        (person.notes, SOURCE_NOTES, False),
    ):
        if text:
            for st in statements(person, text, headline=is_headline, reader=reader):
                out.append(
                    Facet(
                        pid,
                        st.kind,
                        _clip(st.text),
                        STATEMENT_CONFIDENCE,
                        source,
                        visibility=visibility_of(st.intent),
                    )
                )
    for text in from_position(person):
        out.append(Facet(pid, FacetKind.OFFER, _clip(text), POSITION_CONFIDENCE, SOURCE_POSITION))
    out.extend(from_questions(person, posts))
    return dedupe(out)


def normal(text: str) -> str:
    return re.sub(r"\W+", " ", text.casefold()).strip()


def dedupe(facets: Iterable[Facet]) -> list[Facet]:
    seen: set[tuple[FacetKind, str]] = set()
    kept: list[Facet] = []
    for facet in facets:
        key = (facet.kind, normal(facet.text))
        if key not in seen:
            seen.add(key)
            kept.append(facet)
    return kept


def _kept_by_user(
    existing: Iterable[Facet],
) -> tuple[set[tuple[FacetKind, str]], set[tuple[FacetKind, str]]]:
    """What derivation must not repeat: texts the person already states or the user wrote, and
    (kind, source) slots the user edited — an edited derived facet replaces its derivation."""
    texts: set[tuple[FacetKind, str]] = set()
    edited_slots: set[tuple[FacetKind, str]] = set()
    for facet in existing:
        if facet.edited or facet.source == "stated":
            texts.add((facet.kind, normal(facet.text)))
        if facet.edited and facet.source != "stated":
            edited_slots.add((facet.kind, facet.source))
    return texts, edited_slots


def without_user_facets(
    derived: Iterable[Facet],
    existing: Iterable[Facet],
    dismissed: Set[tuple[FacetKind, str]] = frozenset(),
) -> list[Facet]:
    """User edits win: drop derived facets the user already stated, edited or removed."""
    texts, edited_slots = _kept_by_user(existing)
    return [
        f
        for f in derived
        if (f.kind, normal(f.text)) not in texts
        and (f.kind, f.source) not in edited_slots
        and (f.kind, normal(f.text)) not in dismissed
        and (f.kind, _slot_key(f.source)) not in dismissed
    ]


def _slot_key(source: str) -> str:
    return f"source:{source}"


def remove_facet(conn: Connection, facet_id: int) -> Facet:
    """Remove a need or offer. A derived one is remembered as dismissed, so re-derivation does
    not bring it back: by its text, or — when the user had edited it, and the derived text is
    gone — by the source it was derived from."""
    facet = facets_repo.get(conn, facet_id)
    if facet.source != "stated":
        key = _slot_key(facet.source) if facet.edited else normal(facet.text)
        facets_repo.dismiss(conn, facet.person_id, facet.kind, key)
    facets_repo.remove(conn, facet_id)
    return facet


def _open_questions_by_author(conn: Connection) -> dict[int, list[Post]]:
    by_author: dict[int, list[Post]] = {}
    for post in groups_repo.posts_of(conn, open_only=True):
        if post.author_person_id is not None and not post.by_me:
            by_author.setdefault(post.author_person_id, []).append(post)
    return by_author


def _chosen_visibility(facets: Iterable[Facet]) -> dict[tuple[FacetKind, str], Visibility]:
    return {(f.kind, normal(f.text)): f.visibility for f in facets if f.source != "stated"}


class _Precomputed:
    """The sentences' embeddings, computed (through the store's cache) before the write
    transaction opens: the cache must not be written from inside it."""

    def __init__(self, inner: Embedder, texts: list[str]) -> None:
        self.inner, self.model_id, self.dim = inner, inner.model_id, inner.dim
        unique = sorted(set(texts))
        self.known = dict(zip(unique, inner.embed(unique), strict=True))

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        missing = [t for t in texts if t not in self.known]
        if missing:  # a person changed meanwhile: computed without the cache
            self.known.update(zip(missing, self.inner.embed(missing), strict=True))
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.vstack([self.known[t] for t in texts])


def _embedded_before(
    store: Store, embedder: Embedder, wanted: set[int] | None, changed_only: bool
) -> _Precomputed:
    with store.read() as conn:
        people = _to_derive(conn, wanted, changed_only).people
    texts = [
        prepared(sentence)
        for p in people
        for text, headline in ((p.headline, True), (p.notes, False))
        if text
        for sentence in candidates(text, headline=headline)
    ]
    return _Precomputed(CachedEmbedder(store, embedder), texts)


@dataclass
class _Work:
    """The people a derivation reads, with what their derivation depends on."""

    people: list[Person]
    questions: dict[int, list[Post]]
    existing: dict[int, list[Facet]]


def _to_derive(conn: Connection, wanted: set[int] | None, changed_only: bool) -> _Work:
    """Everyone (or `wanted`); with `changed_only`, only those whose digest changed since their
    last derivation (understand/stale.py) — the others are hashed, never read by the reader."""
    people = people_repo.all_people(conn)
    if wanted is not None:
        people = [p for p in people if p.id in wanted]
    questions = _open_questions_by_author(conn)
    existing: dict[int, list[Facet]] = {}
    ids = [p.id for p in people if p.id is not None]
    for facet in facets_repo.all_facets(conn, ids if wanted is not None else None):
        existing.setdefault(facet.person_id, []).append(facet)
    if changed_only:
        known = derived_state.digests(conn)
        people = [
            p
            for p in people
            if p.id is not None
            and known.get(p.id)
            != stale.person_digest(p, questions.get(p.id, ()), existing.get(p.id, ()))
        ]
    return _Work(people, questions, existing)


def refresh_derived(
    store: Store,
    person_ids: Iterable[int] | None = None,
    *,
    embedder: Embedder | None = None,
    changed_only: bool = False,
) -> int:
    """Re-derive the needs and offers of everyone (or of `person_ids`) in one transaction.

    Stated and user-edited facets stay untouched, removed derived ones stay removed; the user is left
    out — their own needs are what they state in settings and on their profile. Returns the
    number of derived facets written. With the multilingual `embedder` the reader uses sentence
    embeddings; without, cue words only. With `changed_only`, only people whose text, questions
    or facets changed since their last derivation are derived (an import does this; `altruist
    understand` derives everyone, e.g. after switching the embedder).
    """
    wanted = set(person_ids) if person_ids is not None else None
    reader = Reader(_embedded_before(store, embedder, wanted, changed_only) if embedder else None)
    with store.transaction() as conn:
        work = _to_derive(conn, wanted, changed_only)
        ids = [p.id for p in work.people if p.id is not None]
        removed = facets_repo.dismissed(conn, ids if wanted is not None else None)
        by_person: dict[int, list[Facet]] = {}
        digests: dict[int, str] = {}
        for person in work.people:
            if person.id is None:
                continue
            questions = work.questions.get(person.id, [])
            existing = work.existing.get(person.id, [])
            derived = derive_facets(person, questions, reader)
            chosen = _chosen_visibility(existing)
            derived = [
                replace(f, visibility=chosen.get((f.kind, normal(f.text)), f.visibility))
                for f in derived
            ]
            by_person[person.id] = without_user_facets(
                derived, existing, removed.get(person.id, frozenset())
            )
            # What stays stored after the write below: the user's facets and the new derived.
            kept = [f for f in existing if f.edited or f.source == "stated"]
            digests[person.id] = stale.person_digest(person, questions, kept + by_person[person.id])
        # The bulk twin of facets_repo.replace_derived: same rule, one statement per chunk.
        written = facets_repo.replace_derived_many(conn, by_person)
        derived_state.put_digests(conn, digests)
        if wanted is None:
            stale.clear(conn)  # everyone is derived again: an earlier cut-off run is repaired
    return written
