"""Writing drafts into the archive: set-based per batch, all-or-nothing per article.

A batch of drafts is classified against what the archive holds (new, changed, unchanged),
then written with one multi-row statement per table. If anything in a batch fails, the batch
is rolled back to its savepoint and retried one article at a time, so a bad article is
reported alone and never leaves a partial row behind.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import islice
from typing import Any, Literal

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session

from archive.db.statistics import GrowthWatch
from archive.db.types import utcnow
from archive.errors import ImportRejected
from archive.importing.bulk import is_postgresql, next_ids, write_rows
from archive.importing.draft import ArticleDraft
from archive.importing.faults import article_at_fault
from archive.importing.ids import keep_or_allocate
from archive.importing.resolver import NameResolver, normalized, table_of
from archive.models import (
    Article,
    ArticleAgency,
    ArticleAuthor,
    ArticlePerson,
    Comment,
    Image,
    Quote,
)
from archive.search import index as search_index

Outcome = Literal["added", "updated", "unchanged", "rejected"]
DEFAULT_BATCH_SIZE = 500

ARTICLES = table_of(Article)
COMMENTS = table_of(Comment)
# Rows an article's source determines; replaced when the source changes.
_SOURCE_TABLES = tuple(
    table_of(m) for m in (Quote, Image, ArticleAgency, ArticleAuthor, ArticlePerson)
)


@dataclass(frozen=True)
class StoreResult:
    outcome: Outcome
    source_key: str | None
    article_id: int | None = None
    slug: str | None = None
    reason: str | None = None  # why rejected, or what an unchanged article duplicates


@dataclass
class _Plan:
    """What to do with one draft of a batch."""

    draft: ArticleDraft
    outcome: Outcome
    article_id: int | None = None
    slug: str | None = None
    reason: str | None = None
    twin: _Plan | None = None  # the draft of this batch with the same body, stored for both


class ArticleStore:
    """Stores drafts through one session; the caller owns (and commits) the transaction."""

    def __init__(self, session: Session, *, batch_size: int = DEFAULT_BATCH_SIZE) -> None:
        self.session = session
        self.batch_size = batch_size
        self.names = NameResolver(session)
        self._postgresql = is_postgresql(session)
        self.statistics = GrowthWatch(session)

    def store(self, draft: ArticleDraft) -> StoreResult:
        return next(iter(self.store_many([draft])))

    def store_many(self, drafts: Iterable[ArticleDraft]) -> Iterator[StoreResult]:
        """Store drafts in batches, yielding one result per draft in input order."""
        iterator = iter(drafts)
        while batch := list(islice(iterator, self.batch_size)):
            yield from self._store_batch(batch)

    # -- batches ----------------------------------------------------------------------

    def _store_batch(self, batch: Sequence[ArticleDraft]) -> list[StoreResult]:
        try:
            with self.session.begin_nested():
                plans = self._write(batch)
        except (IntegrityError, DBAPIError, LookupError, ImportRejected):
            if len(batch) == 1:
                return [self._store_alone(batch[0])]
            self.names = NameResolver(self.session)  # caches may hold rolled-back ids
            return [self._store_alone(draft) for draft in batch]
        return [_result(plan) for plan in plans]

    def _store_alone(self, draft: ArticleDraft) -> StoreResult:
        try:
            with self.session.begin_nested():
                plans = self._write([draft])
        except ImportRejected as exc:
            self.names = NameResolver(self.session)
            return StoreResult("rejected", draft.source_key, reason=exc.reason)
        except (IntegrityError, DBAPIError, LookupError) as exc:
            if isinstance(exc, DBAPIError) and not article_at_fault(exc):
                raise  # read-only, full, connection lost: no article after it would do better
            self.names = NameResolver(self.session)
            reason = f"database refused the article: {_first_line(exc)}"
            return StoreResult("rejected", draft.source_key, reason=reason)
        return _result(plans[0])

    def _write(self, batch: Sequence[ArticleDraft]) -> list[_Plan]:
        plans = self._classify(batch)
        writes = [p for p in plans if p.outcome in ("added", "updated")]
        if not writes:
            return plans
        self._resolve_names([p.draft for p in writes])
        for plan in plans:
            if plan.outcome == "updated":
                self._update_article(plan)
        self._insert_articles([p for p in plans if p.outcome == "added"])
        self._insert_children(writes)
        search_index.refresh(self.session, [p.article_id for p in writes if p.article_id])
        self.statistics.written(len(writes))
        return plans

    # -- classification ---------------------------------------------------------------

    def _classify(self, batch: Sequence[ArticleDraft]) -> list[_Plan]:
        """Decide, per draft: unchanged (already held), updated (its source changed) or added."""
        hashes = {d.content_hash for d in batch}
        keys = {d.source_key for d in batch if d.source_key}
        urls = {u for d in batch for u in (d.url, d.canonical_url) if u}
        conditions = [Article.content_hash.in_(sorted(hashes))]
        if keys:
            conditions.append(Article.source_key.in_(sorted(keys)))
        if urls:
            conditions.append(Article.url.in_(sorted(urls)))
            conditions.append(Article.canonical_url.in_(sorted(urls)))
        existing = self.session.execute(
            select(
                Article.id,
                Article.slug,
                Article.content_hash,
                Article.source_key,
                Article.url,
                Article.canonical_url,
                Article.raw_text,
            ).where(or_(*conditions))
        ).all()
        by_hash = {row.content_hash: row for row in existing}
        by_key = {row.source_key: row for row in existing if row.source_key}
        by_url: dict[str, Any] = {}
        for row in existing:
            for url in (row.url, row.canonical_url):
                if url:
                    by_url[url] = row

        plans: list[_Plan] = []
        seen_in_batch: dict[str, _Plan] = {}
        for draft in batch:
            plan = self._plan_one(draft, by_hash, by_key, by_url, seen_in_batch)
            if plan.outcome == "added":
                seen_in_batch[draft.content_hash] = plan
            plans.append(plan)
        self._assign_slugs([p for p in plans if p.outcome == "added"])
        return plans

    def _plan_one(
        self,
        draft: ArticleDraft,
        by_hash: dict[str, Any],
        by_key: dict[str, Any],
        by_url: dict[str, Any],
        seen_in_batch: dict[str, _Plan],
    ) -> _Plan:
        keyed = by_key.get(draft.source_key) if draft.source_key else None
        if keyed is not None:
            if keyed.raw_text == draft.raw_text:
                return _Plan(draft, "unchanged", keyed.id, keyed.slug)
            same_body = by_hash.get(draft.content_hash)
            if same_body is not None and same_body.id != keyed.id:
                return _Plan(
                    draft,
                    "unchanged",
                    same_body.id,
                    same_body.slug,
                    reason=f"same article as {same_body.slug}",
                )
            return _Plan(draft, "updated", keyed.id, keyed.slug)
        held = by_hash.get(draft.content_hash)
        if held is not None:
            reason = None if held.raw_text == draft.raw_text else f"same article as {held.slug}"
            return _Plan(draft, "unchanged", held.id, held.slug, reason=reason)
        twin = seen_in_batch.get(draft.content_hash)
        if twin is not None:
            return _Plan(
                draft, "unchanged", reason="same article as another in this import", twin=twin
            )
        for url in (draft.url, draft.canonical_url):
            if url and url in by_url:
                row = by_url[url]
                return _Plan(draft, "updated", row.id, row.slug)
        return _Plan(draft, "added")

    def _assign_slugs(self, plans: Sequence[_Plan]) -> None:
        """Readable slugs (date + words); a clash gets a suffix from the content hash."""
        if not plans:
            return
        wanted = {p.draft.base_slug() for p in plans}
        taken = set(
            self.session.scalars(select(Article.slug).where(Article.slug.in_(sorted(wanted))))
        )
        for plan in plans:
            slug = plan.draft.base_slug()
            if slug in taken:
                slug = plan.draft.unique_slug()
            taken.add(slug)
            plan.slug = slug

    # -- writing ----------------------------------------------------------------------

    def _resolve_names(self, drafts: Sequence[ArticleDraft]) -> None:
        self._agencies = self.names.agency_ids(ref for d in drafts for ref in d.agencies)
        self._authors = self.names.author_ids(name for d in drafts for name in d.authors)
        self._people = self.names.person_ids(ref for d in drafts for ref in d.people)

    def _insert_articles(self, plans: Sequence[_Plan]) -> None:
        if not plans:
            return
        now = utcnow()
        rows = [_article_row(p.draft, p.slug or p.draft.base_slug(), now) for p in plans]
        if any(p.draft.id_hint is not None for p in plans):  # an export keeps its ids
            ids = keep_or_allocate(self.session, ARTICLES, [p.draft.id_hint for p in plans])
            for row, article_id in zip(rows, ids, strict=True):
                row["id"] = article_id
            write_rows(self.session, ARTICLES, rows)
        else:  # ids known first, then one COPY or executemany
            ids = self._new_ids(ARTICLES, Article.id, len(rows))
            for row, article_id in zip(rows, ids, strict=True):
                row["id"] = article_id
            write_rows(self.session, ARTICLES, rows)
        for plan, article_id in zip(plans, ids, strict=True):
            plan.article_id = article_id

    def _update_article(self, plan: _Plan) -> None:
        """Replace what the source determines; keep the id, slug and readers' comments."""
        assert plan.article_id is not None
        for table in _SOURCE_TABLES:
            self.session.execute(delete(table).where(table.c.article_id == plan.article_id))
        values = _article_row(plan.draft, plan.slug or plan.draft.base_slug(), utcnow())
        values.pop("created_at")
        values.pop("slug")
        self.session.execute(update(ARTICLES).where(ARTICLES.c.id == plan.article_id), values)

    def _insert_children(self, plans: Sequence[_Plan]) -> None:
        quotes: list[dict[str, Any]] = []
        images: list[dict[str, Any]] = []
        agencies: list[dict[str, Any]] = []
        authors: list[dict[str, Any]] = []
        people: list[dict[str, Any]] = []
        for plan in plans:
            article_id, draft = plan.article_id, plan.draft
            assert article_id is not None
            agencies.extend(self._agency_rows(article_id, draft))
            authors.extend(self._author_rows(article_id, draft))
            people.extend(self._people_rows(article_id, draft))
            images.extend(
                {
                    "article_id": article_id,
                    "position": position,
                    "caption": image.caption,
                    "credit": image.credit,
                    "credit_agency_id": self._agency_id(image.credit_agency),
                    "url": image.url,
                }
                for position, image in enumerate(draft.images)
            )
            quotes.extend(
                {
                    "article_id": article_id,
                    "speaker_id": self._person_id(quote.speaker),
                    "via_agency_id": self._agency_id(quote.via),
                    "text": quote.text,
                    "kind": quote.kind,
                    "cue": quote.cue,
                    "paragraph": quote.paragraph,
                    "start_offset": quote.start,
                    "end_offset": quote.end,
                }
                for quote in draft.quotes
            )
        for model, rows in (
            (ArticleAuthor, authors),
            (ArticleAgency, agencies),
            (ArticlePerson, people),
            (Image, images),
            (Quote, quotes),
        ):
            write_rows(self.session, table_of(model), rows)
        self._insert_comments(plans)

    def _agency_rows(self, article_id: int, draft: ArticleDraft) -> list[dict[str, Any]]:
        rows: dict[tuple[int, str], dict[str, Any]] = {}
        for ref in draft.agencies:
            agency_id = self._agencies[normalized(ref.name)]
            rows.setdefault(
                (agency_id, ref.role),
                {"article_id": article_id, "agency_id": agency_id, "role": ref.role},
            )
        return list(rows.values())

    def _author_rows(self, article_id: int, draft: ArticleDraft) -> list[dict[str, Any]]:
        rows: dict[int, dict[str, Any]] = {}
        for name in draft.authors:
            author_id = self._authors[normalized(name)]
            rows.setdefault(
                author_id,
                {"article_id": article_id, "author_id": author_id, "position": len(rows)},
            )
        return list(rows.values())

    def _people_rows(self, article_id: int, draft: ArticleDraft) -> list[dict[str, Any]]:
        rows: dict[int, dict[str, Any]] = {}
        for ref in draft.people:
            person_id = self._people[normalized(ref.name)]
            row = rows.setdefault(
                person_id,
                {
                    "article_id": article_id,
                    "person_id": person_id,
                    "role": ref.role,
                    "title": ref.title,
                },
            )
            if ref.role == "quoted":
                row["role"] = "quoted"
            if row["title"] is None:
                row["title"] = ref.title
        return list(rows.values())

    def _agency_id(self, name: str | None) -> int | None:
        return self._agencies[normalized(name)] if name else None

    def _person_id(self, name: str | None) -> int | None:
        return self._people[normalized(name)] if name else None

    def _insert_comments(self, plans: Sequence[_Plan]) -> None:
        """All new comments of the batch in one write, ids assigned first.

        With every id known before the write, a reply can name its parent's id directly;
        rows go parents first, so the same-article foreign key holds row by row.
        """
        pending: list[tuple[int, int, ArticleDraft]] = []  # (article_id, index, draft)
        new_ids: dict[tuple[int, int], int] = {}
        for plan in plans:
            assert plan.article_id is not None
            known = self._existing_comments(plan) if plan.outcome == "updated" else {}
            for index, comment in enumerate(plan.draft.comments):
                key = _comment_key(comment.author_name, comment.body, comment.posted_at)
                if key in known:  # already held from an earlier import of this source
                    new_ids[(plan.article_id, index)] = known[key]
                else:
                    pending.append((plan.article_id, index, plan.draft))
        if not pending:
            return
        written = set(new_ids)  # comments the archive already holds
        hints = [draft.comments[index].id_hint for _, index, draft in pending]
        if any(hint is not None for hint in hints):  # an export keeps its comment ids
            ids = keep_or_allocate(self.session, COMMENTS, hints)
        else:
            ids = self._new_ids(COMMENTS, Comment.id, len(pending))
        for (article_id, index, _draft), comment_id in zip(pending, ids, strict=True):
            new_ids[(article_id, index)] = comment_id
        ordered: list[tuple[int, int, ArticleDraft]] = []
        while pending:
            ready = [
                item
                for item in pending
                if item[2].comments[item[1]].parent is None
                or (item[0], item[2].comments[item[1]].parent) in written
            ]
            if not ready:  # a parent index that never resolves: refuse rather than orphan
                raise ImportRejected("a comment's parent is not among the article's comments")
            ordered.extend(ready)
            written.update((a, i) for a, i, _ in ready)
            pending = [item for item in pending if (item[0], item[1]) not in written]
        now = utcnow()
        rows = []
        for article_id, index, draft in ordered:
            comment = draft.comments[index]
            parent = comment.parent
            rows.append(
                {
                    "id": new_ids[(article_id, index)],
                    "article_id": article_id,
                    "parent_id": new_ids[(article_id, parent)] if parent is not None else None,
                    "author_name": comment.author_name,
                    "author_email": comment.author_email,
                    "body": comment.body,
                    "posted_at": comment.posted_at,
                    "status": comment.status,
                    "created_at": now,
                    "updated_at": now,
                }
            )
        write_rows(self.session, COMMENTS, rows)

    def _new_ids(self, table: Any, key: Any, count: int) -> list[int]:
        """Ids for new rows: from the table's sequence on PostgreSQL; on SQLite the next rowids.

        SQLite would hand out max(rowid) + 1 itself. It has one writer at a time, and a
        transaction that read an older state than the last commit cannot write at all (it
        gets SQLITE_BUSY), so ids read here are still free when the rows are written.
        """
        if self._postgresql:
            return next_ids(self.session, table, count)
        highest = int(self.session.scalar(select(func.coalesce(func.max(key), 0))) or 0)
        return list(range(highest + 1, highest + 1 + count))

    def _existing_comments(self, plan: _Plan) -> dict[tuple[str, str, str], int]:
        rows = self.session.execute(
            select(Comment.author_name, Comment.body, Comment.posted_at, Comment.id).where(
                Comment.article_id == plan.article_id
            )
        )
        return {_comment_key(name, body, posted): id_ for name, body, posted, id_ in rows}


def _comment_key(author: str, body: str, posted_at: datetime) -> tuple[str, str, str]:
    return (author, body, posted_at.astimezone(UTC).isoformat())


def _article_row(draft: ArticleDraft, slug: str, now: datetime) -> dict[str, Any]:
    return {
        "slug": slug,
        "headline": draft.headline,
        "byline": draft.byline,
        "published_at": draft.published_at,
        "dateline": draft.dateline,
        "language": draft.language,
        "body": draft.body,
        "source_name": draft.source_name,
        "url": draft.url,
        "canonical_url": draft.canonical_url,
        "source_key": draft.source_key,
        "source_format": draft.source_format,
        "source_encoding": draft.source_encoding,
        "raw_text": draft.raw_text,
        "removed_boilerplate": list(draft.removed_boilerplate),
        "content_hash": draft.content_hash,
        "word_count": draft.word_count,
        "created_at": now,
        "updated_at": now,
    }


def _result(plan: _Plan) -> StoreResult:
    stored = plan.twin or plan  # its twin's id and slug are known once the batch is written
    return StoreResult(
        plan.outcome, plan.draft.source_key, stored.article_id, stored.slug, plan.reason
    )


def _first_line(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None) or exc
    for line in str(orig).splitlines():
        if line.strip():
            return line.strip()
    return type(exc).__name__
