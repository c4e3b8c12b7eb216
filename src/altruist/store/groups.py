"""Groups (forums, Q&A sites, mailing lists, feeds) and their posts."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Row, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from altruist.domain import Group, Post
from altruist.errors import NotFoundError
from altruist.store.rows import aware, utcnow
from altruist.store.schema import groups, posts

POST_FIELDS = (
    "group_id",
    "external_id",
    "title",
    "body",
    "author_name",
    "author_account",
    "author_person_id",
    "parent_external_id",
    "tags",
    "posted_at",
    "is_question",
    "answer_count",
    "is_solved",
    "by_me",
    "url",
)


def _to_group(r: Row[Any]) -> Group:
    return Group(
        id=r.id,
        name=r.name,
        kind=r.kind,
        url=r.url,
        my_account=r.my_account,
        etag=r.etag,
        last_modified=r.last_modified,
        last_fetched_at=aware(r.last_fetched_at),
        last_error=r.last_error,
        list_id=r.list_id,
    )


def add(conn: Connection, group: Group) -> Group:
    group.id = conn.execute(
        insert(groups)
        .values(
            name=group.name,
            kind=group.kind,
            url=group.url,
            my_account=group.my_account,
            list_id=group.list_id,
            created_at=utcnow(),
        )
        .returning(groups.c.id)
    ).scalar_one()
    return group


def get(conn: Connection, group_id: int) -> Group:
    row = conn.execute(select(groups).where(groups.c.id == group_id)).first()
    if row is None:
        raise NotFoundError(f"no group with id {group_id}")
    return _to_group(row)


def by_url(conn: Connection, url: str) -> Group | None:
    row = conn.execute(select(groups).where(groups.c.url == url)).first()
    return _to_group(row) if row else None


def by_list_id(conn: Connection, list_id: str) -> Group | None:
    row = conn.execute(select(groups).where(groups.c.list_id == list_id)).first()
    return _to_group(row) if row else None


def all_groups(conn: Connection) -> list[Group]:
    return [_to_group(r) for r in conn.execute(select(groups).order_by(groups.c.name))]


def update_group(conn: Connection, group_id: int, **values: Any) -> None:
    if conn.execute(update(groups).where(groups.c.id == group_id).values(**values)).rowcount == 0:
        raise NotFoundError(f"no group with id {group_id}")


def to_post(r: Row[Any]) -> Post:
    return Post(
        id=r.id,
        group_id=r.group_id,
        external_id=r.external_id,
        title=r.title,
        body=r.body,
        author_name=r.author_name,
        author_account=r.author_account,
        author_person_id=r.author_person_id,
        parent_external_id=r.parent_external_id,
        tags=list(r.tags or []),
        posted_at=aware(r.posted_at),
        is_question=bool(r.is_question),
        answer_count=r.answer_count,
        is_solved=bool(r.is_solved),
        by_me=bool(r.by_me),
        url=r.url,
    )


def upsert_post(conn: Connection, post: Post) -> bool:
    """Insert or refresh a post by (group, external id). Returns True when it was new."""
    values = {name: getattr(post, name) for name in POST_FIELDS}
    values["tags"] = list(post.tags)
    if post.external_id is None:
        post.id = conn.execute(insert(posts).values(**values).returning(posts.c.id)).scalar_one()
        return True
    existing = conn.execute(
        select(posts.c.id).where(
            posts.c.group_id == post.group_id, posts.c.external_id == post.external_id
        )
    ).scalar_one_or_none()
    if existing is None:
        dialect_insert = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
        stmt = dialect_insert(posts).values(**values).on_conflict_do_nothing().returning(posts.c.id)
        post.id = conn.execute(stmt).scalar_one_or_none()
        return post.id is not None
    post.id = existing
    conn.execute(update(posts).where(posts.c.id == existing).values(**values))
    return False


def get_post(conn: Connection, post_id: int) -> Post:
    row = conn.execute(select(posts).where(posts.c.id == post_id)).first()
    if row is None:
        raise NotFoundError(f"no post with id {post_id}")
    return to_post(row)


def posts_of(
    conn: Connection,
    group_id: int | None = None,
    *,
    open_only: bool = False,
    questions_only: bool = False,
) -> list[Post]:
    stmt = select(posts).order_by(posts.c.posted_at.desc(), posts.c.id.desc())
    if group_id is not None:
        stmt = stmt.where(posts.c.group_id == group_id)
    if open_only or questions_only:
        stmt = stmt.where(posts.c.is_question.is_(True))
    if open_only:
        stmt = stmt.where(posts.c.is_solved.is_(False))
    return [to_post(r) for r in conn.execute(stmt)]


def my_posts(conn: Connection) -> list[Post]:
    stmt = select(posts).where(posts.c.by_me.is_(True)).order_by(posts.c.posted_at)
    return [to_post(r) for r in conn.execute(stmt)]


def delete_group(conn: Connection, group_id: int) -> None:
    """Remove a group and its posts (deleted explicitly, not trusting every backend's cascade)."""
    from sqlalchemy import delete as sql_delete

    conn.execute(sql_delete(posts).where(posts.c.group_id == group_id))
    if conn.execute(sql_delete(groups).where(groups.c.id == group_id)).rowcount == 0:
        raise NotFoundError(f"no group with id {group_id}")


def post_counts(conn: Connection) -> dict[int, dict[str, int]]:
    """Per group: posts, questions, open questions, answers, and posts by the user."""
    from sqlalchemy import Integer, case, func
    from sqlalchemy import cast as sql_cast

    def count_if(condition: Any) -> Any:
        return func.sum(sql_cast(case((condition, 1), else_=0), Integer))

    stmt = select(
        posts.c.group_id,
        func.count().label("posts"),
        count_if(posts.c.is_question.is_(True)).label("questions"),
        count_if(posts.c.is_question.is_(True) & posts.c.is_solved.is_(False)).label("open"),
        count_if(posts.c.is_question.is_(False)).label("answers"),
        count_if(posts.c.by_me.is_(True)).label("mine"),
    ).group_by(posts.c.group_id)
    return {
        r.group_id: {
            k: int(getattr(r, k) or 0) for k in ("posts", "questions", "open", "answers", "mine")
        }
        for r in conn.execute(stmt)
    }


def insert_posts(conn: Connection, new_posts: list[Post]) -> None:
    """Insert posts known to be new in one executemany (a dump brings thousands at once)."""
    if not new_posts:
        return
    rows = []
    for post in new_posts:
        values = {name: getattr(post, name) for name in POST_FIELDS}
        values["tags"] = list(post.tags)
        rows.append(values)
    conn.execute(insert(posts), rows)


def mark_my_posts(conn: Connection, group_id: int, account: str | None) -> None:
    """Recompute `by_me` for a group after the user's account there changed."""
    from sqlalchemy import func

    conn.execute(update(posts).where(posts.c.group_id == group_id).values(by_me=False))
    if account:
        conn.execute(
            update(posts)
            .where(
                posts.c.group_id == group_id,
                func.lower(posts.c.author_account) == account.strip().lower(),
            )
            .values(by_me=True)
        )
