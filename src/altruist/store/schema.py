"""The tables. SQLAlchemy Core, so the same schema runs on SQLite and PostgreSQL.

Conventions: timestamps are stored in UTC; lists (tags, person ids) as JSON; a birthday as text
(`YYYY-MM-DD` or `--MM-DD` when the year is unknown, RFC 6350 §4.3.1) because no SQL date type
can hold a date without a year. Every change here needs a new Alembic migration in
`store/migrations/versions/`.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
)

from altruist.store.bounded import bound_text_columns

# Stable constraint names make migrations portable across SQLite and PostgreSQL.
metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


def _person_fk(nullable: bool = False, *, index: bool = True) -> Column[int]:
    return Column(
        "person_id",
        Integer,
        ForeignKey("people.id", ondelete="CASCADE"),
        nullable=nullable,
        index=index,
    )


people = Table(
    "people",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(300), nullable=False),
    Column("given_name", String(200)),
    Column("family_name", String(200)),
    Column("company", String(300)),
    Column("position", String(300)),
    Column("headline", Text),
    Column("city", String(200)),
    Column("country", String(100)),
    Column("language", String(8), nullable=False, default="en"),
    Column("birthday", String(10)),
    Column("notes", Text),
    Column("tags", JSON, nullable=False, default=list),
    Column("tier", String(40)),
    Column("cadence_days", Integer),
    Column("is_me", Boolean, nullable=False, default=False),
    Column("job_started_on", Date),
    # A person merged into another is hidden, not deleted, so the merge can be undone.
    Column("merged_into", Integer, ForeignKey("people.id", ondelete="SET NULL"), index=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    # name, company, position, city and headline folded as identity matching folds names
    # (Müller → mueller, Groß → gross, Zoë → zoe): search compares one column on every database.
    Column("search_text", Text, nullable=False, default=""),
    # A row the demo made (issue 16): `altruist demo --remove` deletes exactly these.
    Column("demo", Boolean, nullable=False, default=False, server_default=false()),
)
Index("ix_people_name", people.c.name)
Index("ix_people_company", people.c.company)
# Free-text search (issue 12). Declared as on SQLite: name order plus every column the search
# reads, so a search walks the index alone; on PostgreSQL migration 0008 makes it a pg_trgm GIN
# index on search_text (see store/people_search.py).
Index(
    "ix_people_search",
    people.c.name,
    people.c.id,
    people.c.merged_into,
    people.c.is_me,
    people.c.search_text,
)

identities = Table(
    "identities",
    metadata,
    Column("id", Integer, primary_key=True),
    _person_fk(),
    Column("kind", String(20), nullable=False),
    Column("value", String(500), nullable=False),
    Column("source", String(500)),
    # Not unique: a switchboard number or a family address belongs to several people. `shared`
    # marks such a value (seen on people whose names conflict, or shareable by kind): evidence,
    # never a reason to fuse anyone.
    Column("shared", Boolean, nullable=False, default=False),
)
Index("ix_identities_kind_value", identities.c.kind, identities.c.value)

# Provenance of every imported value, and the values the typed columns do not know.
field_values = Table(
    "field_values",
    metadata,
    Column("id", Integer, primary_key=True),
    # No index of its own: ix_field_values_person_name leads with person_id, and a second index
    # costs a third of the insert time of a 30,000-contact import.
    _person_fk(index=False),
    Column("name", String(200), nullable=False),
    Column("value", Text, nullable=False),
    Column("is_core", Boolean, nullable=False, default=False),
    Column("source_file", String(1000)),
    Column("source_line", Integer),
    Column("import_id", Integer, ForeignKey("imports.id", ondelete="SET NULL"), index=True),
    Column("imported_at", DateTime(timezone=True), nullable=False),
    # Set when the only source of this value went away (a card deleted on a CardDAV server,
    # issue 17): the value stays as history, the person stays, it is no longer current.
    Column("gone_at", DateTime(timezone=True)),
)
Index("ix_field_values_person_name", field_values.c.person_id, field_values.c.name)

interactions = Table(
    "interactions",
    metadata,
    Column("id", Integer, primary_key=True),
    _person_fk(),
    Column("kind", String(30), nullable=False),
    Column("occurred_at", DateTime(timezone=True), nullable=False),
    Column("direction", String(4), nullable=False, default="both"),
    Column("summary", Text),
    Column("source", String(1000)),
    # Makes re-import idempotent: the same message from the same export is stored once.
    Column("dedup_key", String(200), unique=True),
)
Index("ix_interactions_person_time", interactions.c.person_id, interactions.c.occurred_at)

facets = Table(
    "facets",
    metadata,
    Column("id", Integer, primary_key=True),
    _person_fk(),
    Column("kind", String(8), nullable=False),  # need | offer
    Column("text", Text, nullable=False),
    Column("confidence", Float, nullable=False, default=1.0),
    Column("source", String(200), nullable=False, default="stated"),
    Column("edited", Boolean, nullable=False, default=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    # private | shareable: a private need is named to others only after its owner agreed.
    Column("visibility", String(10), nullable=False, server_default="shareable"),
    Column("demo", Boolean, nullable=False, default=False, server_default=false()),
)

# A derived need or offer the user removed: re-derivation must not bring the same text back.
# Keyed by the normalised text, so a changed headline that says something new derives anew.
facet_dismissals = Table(
    "facet_dismissals",
    metadata,
    Column("id", Integer, primary_key=True),
    _person_fk(),
    Column("kind", String(8), nullable=False),
    Column("text_key", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

# Per person, a digest of what their derived needs and offers were last derived from (their
# text fields, open questions and facets): a later derivation re-reads only people whose digest
# changed (issue 19, understand/stale.py). Written in the derivation's own transaction.
derived_marks = Table(
    "derived_marks",
    metadata,
    Column("person_id", Integer, ForeignKey("people.id", ondelete="CASCADE"), primary_key=True),
    Column("digest", String(64), nullable=False),
)

# Derived data: recomputed when the model changes, so model id and dimension are part of the key.
embeddings = Table(
    "embeddings",
    metadata,
    Column("content_hash", String(64), primary_key=True),
    Column("model_id", String(100), primary_key=True),
    Column("dim", Integer, nullable=False),
    Column("vector", LargeBinary, nullable=False),
)

relations = Table(
    "relations",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("person_a_id", Integer, ForeignKey("people.id", ondelete="CASCADE"), nullable=False),
    Column("person_b_id", Integer, ForeignKey("people.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(40), nullable=False, default="knows"),
    Column("source", String(500)),
    UniqueConstraint("person_a_id", "person_b_id", "kind", name="uq_relations_pair_kind"),
)

groups = Table(
    "groups",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(300), nullable=False),
    Column("kind", String(30), nullable=False),
    Column("url", String(1000), unique=True),
    Column("my_account", String(300)),
    Column("etag", String(300)),
    Column("last_modified", String(100)),
    Column("last_fetched_at", DateTime(timezone=True)),
    Column("last_error", Text),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("demo", Boolean, nullable=False, default=False, server_default=false()),
    # RFC 2919 list identifier of a mailing list read from an IMAP account (issue 17): the
    # group's identity, since its url (the List-Archive) may be absent or change.
    Column("list_id", String(300), unique=True),
)

posts = Table(
    "posts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("group_id", Integer, ForeignKey("groups.id", ondelete="CASCADE"), nullable=False),
    Column("external_id", String(500)),
    Column("title", Text, nullable=False),
    Column("body", Text, nullable=False, default=""),
    Column("author_name", String(300)),
    Column("author_account", String(300)),
    Column("author_person_id", Integer, ForeignKey("people.id", ondelete="SET NULL"), index=True),
    Column("parent_external_id", String(500)),
    Column("tags", JSON, nullable=False, default=list),
    Column("posted_at", DateTime(timezone=True)),
    Column("is_question", Boolean, nullable=False, default=True),
    Column("answer_count", Integer, nullable=False, default=0),
    Column("is_solved", Boolean, nullable=False, default=False),
    Column("by_me", Boolean, nullable=False, default=False),
    Column("url", String(1000)),
    UniqueConstraint("group_id", "external_id", name="uq_posts_group_external"),
)
Index("ix_posts_group_time", posts.c.group_id, posts.c.posted_at)

suggestions = Table(
    "suggestions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(20), nullable=False),
    Column("key", String(300), nullable=False, unique=True),
    Column("title", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("draft", Text),
    Column("score", Float, nullable=False, default=0.0),
    Column("person_ids", JSON, nullable=False, default=list),
    Column("post_id", Integer, ForeignKey("posts.id", ondelete="SET NULL")),
    Column("state", String(12), nullable=False, default="new"),
    Column("shown_count", Integer, nullable=False, default=0),
    Column("last_shown_on", Date),
    Column("snoozed_until", DateTime(timezone=True)),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    # When the engine last proposed this deed; deeds not proposed by the latest refresh are stale.
    Column("proposed_at", DateTime(timezone=True)),
)
Index("ix_suggestions_state", suggestions.c.state)
Index("ix_suggestions_last_shown_on", suggestions.c.last_shown_on)  # Today's plan (shown_on)

introductions = Table(
    "introductions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("person_a_id", Integer, ForeignKey("people.id", ondelete="CASCADE"), nullable=False),
    Column("person_b_id", Integer, ForeignKey("people.id", ondelete="CASCADE"), nullable=False),
    Column("reason", Text, nullable=False),
    Column("state", String(20), nullable=False, default="suggested"),
    Column("suggestion_id", Integer, ForeignKey("suggestions.id", ondelete="SET NULL")),
    Column("declined_by", Integer, ForeignKey("people.id", ondelete="SET NULL")),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

ledger = Table(
    "ledger",
    metadata,
    Column("id", Integer, primary_key=True),
    _person_fk(),
    Column("direction", String(10), nullable=False),
    Column("kind", String(30), nullable=False),
    Column("note", Text),
    Column("occurred_at", DateTime(timezone=True), nullable=False),
)

life_events = Table(
    "life_events",
    metadata,
    Column("id", Integer, primary_key=True),
    _person_fk(),
    Column("kind", String(30), nullable=False),
    Column("occurred_at", DateTime(timezone=True), nullable=False),
    Column("summary", Text, nullable=False),
    Column("old_value", Text),
    Column("new_value", Text),
)

imports = Table(
    "imports",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("file", String(1000), nullable=False),
    Column("format", String(40), nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("report", JSON),
)

merge_candidates = Table(
    "merge_candidates",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("person_a_id", Integer, ForeignKey("people.id", ondelete="CASCADE"), nullable=False),
    Column("person_b_id", Integer, ForeignKey("people.id", ondelete="CASCADE"), nullable=False),
    Column("score", Float, nullable=False),
    Column("reason", Text, nullable=False),
    # Reason codes with their values, translated when shown ({"code": ..., "a": ..., "b": ...}).
    Column("reasons", JSON),
    Column("state", String(10), nullable=False, default="open"),  # open | accepted | rejected
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("person_a_id", "person_b_id", name="uq_merge_candidates_pair"),
)

# An accepted merge keeps a snapshot of what moved, so `altruist unmerge` can restore it exactly.
merges = Table(
    "merges",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("kept_id", Integer, ForeignKey("people.id", ondelete="CASCADE"), nullable=False),
    Column("merged_id", Integer, ForeignKey("people.id", ondelete="CASCADE"), nullable=False),
    Column("snapshot", JSON, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("undone_at", DateTime(timezone=True)),
)

settings = Table(
    "settings",
    metadata,
    Column("key", String(100), primary_key=True),
    Column("value", JSON),
)

# Connector mode (issue: rounds) keeps its members apart from the user's own contacts.
members = Table(
    "members",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("community", String(200), nullable=False, default="default"),
    Column("email", String(320), nullable=False),
    Column("name", String(300), nullable=False),
    Column("language", String(8), nullable=False, default="en"),
    Column("needs", Text, nullable=False, default=""),
    Column("offers", Text, nullable=False, default=""),
    Column("tags", JSON, nullable=False, default=list),
    Column("city", String(200)),
    Column("company", String(300)),
    Column("paused", Boolean, nullable=False, default=False),
    UniqueConstraint("community", "email", name="uq_members_community_email"),
)

rounds = Table(
    "rounds",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("community", String(200), nullable=False, default="default"),
    Column("name", String(200), nullable=False),
    Column("params", JSON),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("community", "name", name="uq_rounds_community_name"),
)

round_pairs = Table(
    "round_pairs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("round_id", Integer, ForeignKey("rounds.id", ondelete="CASCADE"), nullable=False),
    Column("member_a_id", Integer, ForeignKey("members.id", ondelete="CASCADE"), nullable=False),
    Column("member_b_id", Integer, ForeignKey("members.id", ondelete="CASCADE"), nullable=False),
    Column("score", Float, nullable=False),
    Column("reason", Text, nullable=False),
)
Index("ix_round_pairs_members", round_pairs.c.member_a_id, round_pairs.c.member_b_id)

# Accounts that stay current (issue 17): CardDAV, CalDAV, IMAP, vdir. The password is never
# stored here (nor in a backup or export): see ingest/sync/secrets.py.
sync_accounts = Table(
    "sync_accounts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("kind", String(10), nullable=False),
    Column("url", String(1000), nullable=False),
    Column("username", String(300)),
    Column("options", JSON, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("last_sync_at", DateTime(timezone=True)),
    Column("last_report", JSON),
)

# One address book, calendar or mail folder of an account, with what the next incremental sync
# starts from (sync token, ctag, UIDVALIDITY and the last UID seen).
sync_collections = Table(
    "sync_collections",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "account_id",
        Integer,
        ForeignKey("sync_accounts.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("href", String(1000), nullable=False),
    Column("state", JSON, nullable=False),
    UniqueConstraint("account_id", "href", name="uq_sync_collections_account_href"),
)

# One card or event on the server: its ETag decides whether it changed. Its id is the
# `source_line` of the values and interactions it brought (source_file = the account's source).
sync_items = Table(
    "sync_items",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "collection_id",
        Integer,
        ForeignKey("sync_collections.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("href", String(1000), nullable=False),
    Column("etag", String(300)),
    Column("gone_at", DateTime(timezone=True)),
    UniqueConstraint("collection_id", "href", name="uq_sync_items_collection_href"),
)

# The user's own reminders (issue 16): once on `due_on`, or every `every` `unit` (days, weeks,
# months, years) from there. A due reminder is a deed on Today; done moves `due_on` on, or
# closes a one-off reminder (`done_at`). About a person or about nothing in particular.
reminders = Table(
    "reminders",
    metadata,
    Column("id", Integer, primary_key=True),
    _person_fk(nullable=True),
    Column("text", Text, nullable=False),
    Column("due_on", Date, nullable=False),
    Column("every", Integer),
    Column("unit", String(8)),
    Column("done_at", DateTime(timezone=True)),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

# Too-long text is cut to its column (and noted) identically on SQLite and PostgreSQL.
bound_text_columns(metadata)
