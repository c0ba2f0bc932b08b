"""Articles: whole-article reads, filtered listings, pagination, full-text search, deletion."""

from __future__ import annotations

import builtins
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, Row, delete, func, inspect, select
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.interfaces import LoaderOption

from archive.errors import ArticleNotFound
from archive.models import (
    AGENCY_ROLES,
    PERSON_ROLES,
    Article,
    ArticleAgency,
    ArticleAuthor,
    ArticlePerson,
    Quote,
)
from archive.repositories.base import (
    MAX_KEY,
    Repository,
    check_page,
    resolve_article_id,
    valid_key,
)
from archive.repositories.comments import build_thread
from archive.repositories.filters import NEWEST_FIRST, ArticleFilters, Cursor
from archive.repositories.results import (
    AgencyLink,
    ArticleDetail,
    ArticlePage,
    ArticleSummary,
    ImageInfo,
    PersonLink,
    QuoteInfo,
    SearchHit,
)
from archive.search.backend import Match, search_backend
from archive.search.query import parse_search

if TYPE_CHECKING:
    from archive.repositories.base import AnySelect

DEFAULT_LIMIT = 50
DEFAULT_SEARCH_LIMIT = 20
IDS_PER_STATEMENT = 10_000
# Rows read past a page's last one when ranking breaks ties over the best matches only.
TIE_MARGIN = 10

# The eager-load set of a whole article: one SELECT per relationship, however many rows hang
# off it (lazy="raise" on every relationship turns anything missing here into an error).
DETAIL_LOADS: tuple[LoaderOption, ...] = (
    selectinload(Article.authors).joinedload(ArticleAuthor.author),
    selectinload(Article.agencies).joinedload(ArticleAgency.agency),
    selectinload(Article.people).joinedload(ArticlePerson.person),
    selectinload(Article.quotes).options(joinedload(Quote.speaker), joinedload(Quote.via_agency)),
    selectinload(Article.images),
    selectinload(Article.comments),
)

# The columns of a listing row, in ArticleSummary's field order.
SUMMARY_COLUMNS = (
    Article.id,
    Article.slug,
    Article.headline,
    Article.byline,
    Article.published_at,
    Article.dateline,
    Article.language,
    Article.source_name,
    Article.url,
    Article.word_count,
)


class ArticleRepository(Repository):
    # -- one article ------------------------------------------------------------------

    def get(
        self,
        key: int | str,
        *,
        include_hidden_comments: bool = False,
        include_private: bool = False,
    ) -> ArticleDetail:
        """The whole article by id or slug; raises ArticleNotFound."""
        found = self.find(
            key, include_hidden_comments=include_hidden_comments, include_private=include_private
        )
        if found is None:
            raise ArticleNotFound(_not_found_message(key))
        return found

    def find(
        self,
        key: int | str,
        *,
        include_hidden_comments: bool = False,
        include_private: bool = False,
    ) -> ArticleDetail | None:
        """The whole article by id or slug, or None: a fixed number of statements."""
        if isinstance(key, int) and not isinstance(key, bool):
            if not valid_key(key):
                return None
            condition: ColumnElement[bool] = Article.id == key
        else:
            try:
                condition = Article.id == resolve_article_id(self.session, key)
            except ArticleNotFound:
                return None
        article = self.session.execute(
            select(Article).where(condition).options(*DETAIL_LOADS)
        ).scalar_one_or_none()
        if article is None:
            return None
        return article_detail(article, include_hidden_comments, include_private)

    def get_many(
        self,
        ids: Sequence[int],
        *,
        include_hidden_comments: bool = False,
        include_private: bool = False,
    ) -> builtins.list[ArticleDetail]:
        """Whole articles for these ids, in the order given (unknown ids are left out)."""
        wanted = [key for key in ids if valid_key(key)]
        distinct = list(dict.fromkeys(wanted))
        by_id: dict[int, ArticleDetail] = {}
        # In slices: PostgreSQL's protocol carries at most 65,535 parameters per statement.
        for start in range(0, len(distinct), IDS_PER_STATEMENT):
            loaded = self.session.scalars(
                select(Article)
                .where(Article.id.in_(distinct[start : start + IDS_PER_STATEMENT]))
                .options(*DETAIL_LOADS)
            )
            for article in loaded:
                by_id[article.id] = article_detail(
                    article, include_hidden_comments, include_private
                )
        return [by_id[key] for key in wanted if key in by_id]

    def summary(self, key: int | str) -> ArticleSummary:
        """The article's own columns by id or slug; raises ArticleNotFound."""
        article_id = resolve_article_id(self.session, key)
        row = self.session.execute(select(*SUMMARY_COLUMNS).where(Article.id == article_id)).one()
        return summary_of(row)

    def delete(self, key: int | str) -> ArticleSummary:
        """Remove an article with its quotes, images, comments, links and search entry."""
        gone = self.summary(key)
        # The database cascades to every child row and the search index; the session is told
        # to forget the rows it holds of this article, so none of them is read back stale.
        self.session.execute(delete(Article).where(Article.id == gone.id))
        for held in list(self.session.identity_map.values()):
            if inspect(held).dict.get("article_id") == gone.id:
                self.session.expunge(held)
        return gone

    # -- listings ---------------------------------------------------------------------

    def list(
        self,
        filters: ArticleFilters | None = None,
        *,
        limit: int | None = DEFAULT_LIMIT,
        offset: int = 0,
    ) -> list[ArticleSummary]:
        """Newest first (undated last); offset pagination, fine for the first pages."""
        check_page(limit, offset)
        statement = self._summaries(filters).order_by(*NEWEST_FIRST).offset(offset or None)
        if limit is not None:
            statement = statement.limit(limit)
        return [summary_of(row) for row in self.session.execute(statement)]

    def page(
        self,
        filters: ArticleFilters | None = None,
        *,
        limit: int = DEFAULT_LIMIT,
        after: str | None = None,
    ) -> ArticlePage:
        """A page in list() order, starting after the cursor a previous page returned.

        Keyset pagination: as fast on page 10,000 as on page 1, and rows written meanwhile
        never shift a page.
        """
        check_page(limit)
        statement = self._summaries(filters)
        if after is not None:
            statement = statement.where(Cursor.decode(after).after())
        # One row more says whether another page follows (LIMIT itself stops at 64 bits).
        reading = min(limit + 1, MAX_KEY)
        rows = self.session.execute(statement.order_by(*NEWEST_FIRST).limit(reading)).all()
        items = tuple(summary_of(row) for row in rows[:limit])
        more = len(rows) > limit
        cursor = Cursor(items[-1].published_at, items[-1].id).encode() if more else None
        return ArticlePage(items, cursor)

    def count(self, filters: ArticleFilters | None = None) -> int:
        conditions = (filters or ArticleFilters()).conditions()
        statement = select(func.count()).select_from(Article).where(*conditions)
        return int(self.session.execute(statement).scalar_one())

    def iter_details(
        self,
        filters: ArticleFilters | None = None,
        *,
        batch_size: int = 100,
        include_hidden_comments: bool = False,
        include_private: bool = False,
    ) -> Iterator[ArticleDetail]:
        """Every matching article in list() order, loaded a batch at a time (for exports)."""
        cursor: str | None = None
        while True:
            page = self.page(filters, limit=batch_size, after=cursor)
            yield from self.get_many(
                [item.id for item in page.items],
                include_hidden_comments=include_hidden_comments,
                include_private=include_private,
            )
            if page.next_cursor is None:
                return
            cursor = page.next_cursor

    # -- full-text search -------------------------------------------------------------

    def search(
        self,
        text: str,
        filters: ArticleFilters | None = None,
        *,
        limit: int = DEFAULT_SEARCH_LIMIT,
        offset: int = 0,
    ) -> builtins.list[SearchHit]:
        """Ranked matches over headline, captions and body (in that order of weight).

        Syntax: words (all must match), "exact phrase", -excluded, OR. Whatever the text,
        the database is never handed a malformed query; text that means nothing (only
        punctuation, stop words or exclusions) finds nothing.
        """
        check_page(limit, offset)
        conditions = (filters or ArticleFilters()).conditions()  # bad filters fail first
        query = parse_search(text)
        if query.is_empty:
            return []
        backend = search_backend(self.session)
        ranked = self._ranked(backend.articles(query), conditions, limit, offset)
        if not ranked:
            return []
        ids = [article_id for article_id, _ in ranked]
        summaries: dict[int, ArticleSummary] = {}
        snippets: dict[int, str] = {}
        for start in range(0, len(ids), IDS_PER_STATEMENT):  # as in get_many
            some = ids[start : start + IDS_PER_STATEMENT]
            rows = self.session.execute(select(*SUMMARY_COLUMNS).where(Article.id.in_(some)))
            summaries.update((row.id, summary_of(row)) for row in rows)
            snippets.update(self.session.execute(backend.snippets(query, some)).all())
        # Snippets span paragraphs; one line reads better in a listing or a table.
        return [
            SearchHit(summaries[key], float(score), " ".join(snippets.get(key, "").split()))
            for key, score in ranked
        ]

    def _ranked(
        self,
        match: Match,
        conditions: Sequence[ColumnElement[bool]],
        limit: int,
        offset: int,
    ) -> Sequence[Row[int, float]]:
        """(article id, rank) of one page: best rank first, equal ranks newest first.

        Common words match half the archive, so what is read per match decides the time.
        Without filters the articles are left alone: the ties are broken from the search
        source's own copy of the publication time, or else only for the few best matches.
        """
        rank = match.rank.label("rank")
        if match.first_tier is not None:
            page = self._first_tier_page(match, conditions, limit, offset)
            if page is not None:
                return page
        if not conditions and match.newest is not None:
            return self.session.execute(
                select(match.key, rank)
                .where(match.condition)
                .order_by(rank.desc(), *match.newest)
                .limit(limit)
                .offset(offset or None)
            ).all()
        if not conditions:
            page = self._ranked_best_first(match, limit + offset)
            if page is not None:
                return page[offset:]
        return self._ranked_with_articles(match, conditions, limit, offset)

    def _ranked_with_articles(
        self,
        match: Match,
        conditions: Sequence[ColumnElement[bool]],
        limit: int,
        offset: int,
    ) -> Sequence[Row[int, float]]:
        """The plain ranked page: every match meeting the conditions joined to its article."""
        rank = match.rank.label("rank")
        return self.session.execute(
            select(Article.id, rank)
            .select_from(match.source)
            .join(Article, Article.id == match.key)
            .where(match.condition, *conditions)
            .order_by(rank.desc(), *NEWEST_FIRST)
            .limit(limit)
            .offset(offset or None)
        ).all()

    def _first_tier_page(
        self,
        match: Match,
        conditions: Sequence[ColumnElement[bool]],
        limit: int,
        offset: int,
    ) -> Sequence[Row[int, float]] | None:
        """The page read from the matches that outrank all others, if they fill it (else None).

        A word in half the archive is in the headlines of a few hundred articles: ranking
        those instead of every match gives the same page when it is a full one.
        """
        assert match.first_tier is not None
        rows = self._ranked_with_articles(match, [match.first_tier, *conditions], limit, offset)
        return rows if len(rows) == limit else None

    def _ranked_best_first(self, match: Match, wanted: int) -> Sequence[Row[int, float]] | None:
        """The `wanted` best matches in search order, read from a few more of the best by rank.

        Equal ranks come in small groups, so reading past the last row wanted usually reaches
        a lower rank, which proves every row tying with the last one was read. Otherwise (the
        tie runs on past what was read) None: only the full ordering can settle it.
        """
        reading = min(2 * wanted + TIE_MARGIN, MAX_KEY)  # a LIMIT is 64-bit
        rank = match.rank.label("rank")  # ordered by its label: computed once per match
        best = (
            select(match.key.label("id"), rank)
            .where(match.condition)
            .order_by(rank.desc())
            .limit(reading)
            .subquery()
        )
        rows = self.session.execute(
            select(best.c.id, best.c.rank)
            .join(Article, Article.id == best.c.id)
            .order_by(best.c.rank.desc(), *NEWEST_FIRST)
        ).all()
        if len(rows) < reading:
            return rows[:wanted]  # every match is here
        if rows[-1].rank == rows[wanted - 1].rank:
            return None
        return rows[:wanted]

    def count_search(self, text: str, filters: ArticleFilters | None = None) -> int:
        conditions = (filters or ArticleFilters()).conditions()
        query = parse_search(text)
        if query.is_empty:
            return 0
        match = search_backend(self.session).articles(query)
        statement = select(func.count()).select_from(match.source).where(match.condition)
        if conditions:  # only filters need the articles themselves
            statement = statement.join(Article, Article.id == match.key).where(*conditions)
        return int(self.session.execute(statement).scalar_one())

    def _summaries(self, filters: ArticleFilters | None) -> AnySelect:
        return select(*SUMMARY_COLUMNS).where(*(filters or ArticleFilters()).conditions())


def summary_of(row: Any) -> ArticleSummary:
    """An ArticleSummary from a row of SUMMARY_COLUMNS."""
    return ArticleSummary(*row)


def article_detail(
    article: Article, include_hidden_comments: bool, include_private: bool
) -> ArticleDetail:
    """An ArticleDetail from an article loaded with DETAIL_LOADS, in the documented orders."""
    titles = {link.person_id: link.title for link in article.people}
    agencies = sorted(
        article.agencies,
        key=lambda link: (
            AGENCY_ROLES.index(link.role),
            link.agency.name.casefold(),
            link.agency.name,
            link.agency_id,
        ),
    )
    people = sorted(
        article.people,
        key=lambda link: (
            PERSON_ROLES.index(link.role),
            link.person.name.casefold(),
            link.person.name,
            link.person_id,
        ),
    )
    return ArticleDetail(
        id=article.id,
        slug=article.slug,
        headline=article.headline,
        byline=article.byline,
        published_at=article.published_at,
        dateline=article.dateline,
        language=article.language,
        source_name=article.source_name,
        url=article.url,
        body=article.body,
        images=tuple(
            ImageInfo(image.caption, image.credit)
            for image in sorted(article.images, key=lambda image: image.position)
        ),
        agencies=tuple(
            AgencyLink(link.agency.name, link.agency.short_name, link.role) for link in agencies
        ),
        authors=tuple(
            link.author.name for link in sorted(article.authors, key=lambda link: link.position)
        ),
        people=tuple(PersonLink(link.person.name, link.title, link.role) for link in people),
        quotes=tuple(
            QuoteInfo(
                text=quote.text,
                speaker=quote.speaker.name if quote.speaker else None,
                speaker_title=_speaker_title(quote, titles),
                kind=quote.kind,
                cue=quote.cue,
                via=quote.via_agency.name if quote.via_agency else None,
                paragraph=quote.paragraph,
                start=quote.start_offset,
                end=quote.end_offset,
            )
            for quote in sorted(article.quotes, key=lambda quote: quote.start_offset)
        ),
        comments=build_thread(
            article.comments,
            include_hidden=include_hidden_comments,
            include_private=include_private,
        ),
        content_hash=article.content_hash,
        word_count=article.word_count,
    )


def _speaker_title(quote: Quote, titles: dict[int, str | None]) -> str | None:
    """The title this article gives the speaker, else the one the archive knows them by."""
    if quote.speaker is None:
        return None
    return titles.get(quote.speaker.id) or quote.speaker.title


def _not_found_message(key: int | str) -> str:
    if isinstance(key, int):
        return f"no article with id {key}"
    return f"no article with id or slug {key!r}"
