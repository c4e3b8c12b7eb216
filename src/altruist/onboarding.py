"""Who the user is (issue 16): the first start of the web app and `altruist init` set up the
user's own card — name, e-mail addresses, language, what they seek and offer — and start empty
or with the demo around it. Settings changes name and addresses later through `update_owner`.

A database "is set up" when it holds the user's own card (`people.is_me`). `make run` builds the
demo on an empty database, whose own card is then the demo's Kim (marked as demo): the demo
starts without questions, and removing it brings the question back on the next start.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Connection, delete

from altruist.clock import Clock, system_clock
from altruist.demo import DemoSummary, build_demo, has_contacts
from altruist.domain import Facet, FacetKind, Identity, IdentityKind, Language, Person, Visibility
from altruist.engine.questions.my_expertise import set_expertise
from altruist.ingest.identity import normalize_email
from altruist.store import Store, demo_rows, settings_repo
from altruist.store import facets as facets_repo
from altruist.store import people as people_repo
from altruist.store.schema import identities
from altruist.understand.embedder import Embedder
from altruist.validate import InvalidValue

OWN_SOURCE = "me"  # the source of what the user said about themselves


@dataclass
class Owner:
    name: str
    emails: list[str] = field(default_factory=list)
    language: Language = Language.DE
    seek: str = ""
    offer: str = ""
    # A job search is private until its owner agrees (PRODUCT.md): sharing is opted into.
    share_seek: bool = False


@dataclass
class SetUp:
    me_id: int
    demo: DemoSummary | None


def needs_onboarding(store: Store) -> bool:
    with store.read() as conn:
        return people_repo.me(conn) is None


def owner_of(conn: Connection) -> tuple[Person | None, list[str], bool]:
    """The user's card, their e-mail addresses, and whether the card is the demo's."""
    me = people_repo.me(conn)
    if me is None:
        return None, [], False
    emails = [
        i.value for i in people_repo.identities_of(conn, me.id or 0) if i.kind is IdentityKind.EMAIL
    ]
    return me, emails, me.id in set(demo_rows.demo_people(conn))


def clean_emails(raw: list[str]) -> list[str]:
    """Addresses as typed (one per field, or several split by commas, spaces or lines), checked
    and without repeats; a typo is named, never dropped in silence."""
    out: list[str] = []
    for chunk in raw:
        for part in chunk.replace(",", " ").replace(";", " ").split():
            address = normalize_email(part)
            if address is None:
                raise InvalidValue("'{value}' is not an e-mail address.", value=part[:80])
            if address not in out:
                out.append(address)
    return out


def check_demo_possible(store: Store) -> None:
    """The demo is built only into a database without contacts (it would mix with real ones)."""
    if has_contacts(store):
        raise InvalidValue("The database already holds contacts; the demo needs one without.")


def set_up(
    store: Store,
    owner: Owner,
    *,
    with_demo: bool,
    demo_people: int = 400,
    clock: Clock = system_clock,
    embedder: Embedder | None = None,
) -> SetUp:
    """Make the user's own card (or take over the demo's), then build the demo when asked
    (its needs and offers read with `embedder`, as `altruist demo` reads them)."""
    name = owner.name.strip()
    if not name:
        raise InvalidValue("Your name is needed.")
    emails = clean_emails(owner.emails)
    if with_demo:
        check_demo_possible(store)
    with store.transaction() as conn:
        me, _emails, is_demo = owner_of(conn)
        if me is not None and not is_demo:
            raise InvalidValue(
                "Already set up for {name}; change name and e-mail in Settings "
                "(or with `altruist init --update`).",
                name=me.name,
            )
        me_id = _write_card(conn, me, name, emails, owner.language)
        for kind, text, visibility in (
            (
                FacetKind.NEED,
                owner.seek,
                Visibility.SHAREABLE if owner.share_seek else Visibility.PRIVATE,
            ),
            (FacetKind.OFFER, owner.offer, Visibility.SHAREABLE),
        ):
            if text.strip():
                facets_repo.add(
                    conn, Facet(me_id, kind, text.strip(), source=OWN_SOURCE, visibility=visibility)
                )
        if owner.offer.strip():
            set_expertise(conn, owner.offer)
        settings_repo.put(conn, "language", str(owner.language))
    demo = (
        build_demo(store, people=demo_people, clock=clock, embedder=embedder) if with_demo else None
    )
    return SetUp(me_id=me_id, demo=demo)


def update_owner(
    store: Store, *, name: str, emails: list[str], language: Language | None = None
) -> int:
    """Settings: the user's name and addresses. Editing the demo's card makes it the user's."""
    name = name.strip()
    if not name:
        raise InvalidValue("Your name is needed.")
    cleaned = clean_emails(emails)
    with store.transaction() as conn:
        me = people_repo.me(conn)
        lang = language or (me.language if me else Language.DE)
        return _write_card(conn, me, name, cleaned, lang)


def _write_card(
    conn: Connection, me: Person | None, name: str, emails: list[str], language: Language
) -> int:
    given, _, family = name.partition(" ")
    values = {
        "name": name,
        "given_name": given or None,
        "family_name": family.strip() or None,
        "language": language,
    }
    if me is None:
        me = people_repo.add(conn, Person(is_me=True, **values))  # type: ignore[arg-type]
    else:
        people_repo.update_fields(conn, me.id or 0, **values)
        demo_rows.adopt_me(conn, me.id or 0)
    me_id = me.id or 0
    conn.execute(
        delete(identities).where(identities.c.person_id == me_id, identities.c.kind == "email")
    )
    for address in emails:
        people_repo.add_identity(
            conn, Identity(me_id, IdentityKind.EMAIL, address, source=OWN_SOURCE)
        )
    return me_id
