"""ArticleRepository: whole articles, listings with filters, both paginations, deletion."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import event, func, select, text
from sqlalchemy.orm import Session

from archive.db import migrate
from archive.errors import ArticleNotFound, InvalidInput
from archive.importing.store import ArticleStore
from archive.models import Article, Comment, Image, Quote
from archive.repositories import ArticleFilters, ArticleRepository
from archive.search import index as search_index
from tests.builders import (
    build_agency,
    build_article,
    build_author,
    build_comment,
    build_image,
    build_person,
    build_quote,
    link_agency,
    link_author,
    link_person,
)
from tests.corpus import ArticleSpec, Corpus, build_corpus
from tests.databases import BACKENDS, throwaway_database
from tests.drafts import make_draft


@pytest.fixture
def corpus(session: Session) -> Corpus:
    return build_corpus(session)


@pytest.fixture
def articles(session: Session) -> ArticleRepository:
    return ArticleRepository(session)


@contextmanager
def recorded_statements(session: Session) -> Iterator[list[str]]:
    """Every SQL statement the session's engine sends while the block runs."""
    engine = session.get_bind().engine
    statements: list[str] = []

    def record(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


# -- one whole article ---------------------------------------------------------------------


def build_full_article(session: Session) -> int:
    """An article with every kind of child, each written out of its display order."""
    body = (
        "Putin met Rowhani in Tehran.\n\n"
        "“We agree on Syria,” Rowhani said, according to IRNA.\n\n"
        "“Good,” Putin said."
    )
    article = build_article(
        session,
        slug="2016-03-28-putin-rowhani",
        headline="Putin and Rowhani agree",
        byline="By Jane Doe and Ali Khan",
        published_at=datetime(2016, 3, 28, 10, 30, tzinfo=UTC),
        dateline="TEHRAN",
        source_name="Example Times",
        url="https://example.org/putin-rowhani",
        body=body,
    )
    rowhani = build_person(session, "Hassan Rowhani", "Rouhani", title="Iranian president")
    putin = build_person(session, "Vladimir Putin", title="Russian president")
    shamkhani = build_person(session, "Ali Shamkhani")
    reuters = build_agency(session, "Reuters")
    ap = build_agency(session, "Associated Press", "AP")
    afp = build_agency(session, "Agence France-Presse", "AFP")
    irna = build_agency(session, "IRNA")
    for agency, role in [(irna, "source"), (reuters, "credit"), (ap, "photo"), (afp, "credit")]:
        link_agency(session, article, agency, role)
    link_author(session, article, build_author(session, "Ali Khan"), 1)
    link_author(session, article, build_author(session, "Jane Doe"), 0)
    link_person(session, article, shamkhani, "mentioned")
    link_person(session, article, putin, "quoted")
    link_person(session, article, rowhani, "quoted", title="President of Iran")
    second = body.index("Good")
    build_quote(session, article, second, second + 4, speaker=putin, paragraph=2)
    first = body.index("We agree")
    build_quote(
        session, article, first, first + len("We agree on Syria"), rowhani, via=irna, paragraph=1
    )
    build_image(session, article, "Putin and Rowhani shake hands.", 1, credit=None)
    build_image(session, article, "The meeting room.", 0, credit="AP")
    later = build_comment(
        session, article, body="Second root.", posted_at=datetime(2016, 3, 29, tzinfo=UTC)
    )
    earlier = build_comment(
        session,
        article,
        body="First root.",
        posted_at=datetime(2016, 3, 28, 12, tzinfo=UTC),
        author_name="Ann",
        email="ann@example.org",
    )
    build_comment(
        session,
        article,
        parent=later,
        body="A reply.",
        posted_at=datetime(2016, 3, 30, tzinfo=UTC),
        status="pending",
    )
    spam_time = datetime(2016, 3, 29, 1, tzinfo=UTC)
    build_comment(session, article, body="Buy pills.", status="spam", posted_at=spam_time)
    ids = (article.id, earlier.id, later.id)
    search_index.refresh(session, [article.id])
    session.flush()
    session.expunge_all()
    return ids[0]


def test_a_whole_article_has_the_documented_shape_and_order(
    session: Session, articles: ArticleRepository
) -> None:
    article_id = build_full_article(session)
    comment_ids = session.scalars(select(Comment.id).order_by(Comment.posted_at)).all()
    first, second, spam, reply = comment_ids
    detail = articles.get(article_id)
    assert detail.to_dict() == {
        "id": article_id,
        "slug": "2016-03-28-putin-rowhani",
        "headline": "Putin and Rowhani agree",
        "byline": "By Jane Doe and Ali Khan",
        "published_at": "2016-03-28T10:30:00+00:00",
        "dateline": "TEHRAN",
        "language": "en",
        "source_name": "Example Times",
        "url": "https://example.org/putin-rowhani",
        "body": detail.body,
        "paragraphs": [
            "Putin met Rowhani in Tehran.",
            "“We agree on Syria,” Rowhani said, according to IRNA.",
            "“Good,” Putin said.",
        ],
        "images": [
            {"caption": "The meeting room.", "credit": "AP"},
            {"caption": "Putin and Rowhani shake hands.", "credit": None},
        ],
        "agencies": [
            {"name": "Agence France-Presse", "short_name": "AFP", "role": "credit"},
            {"name": "Reuters", "short_name": None, "role": "credit"},
            {"name": "Associated Press", "short_name": "AP", "role": "photo"},
            {"name": "IRNA", "short_name": None, "role": "source"},
        ],
        "authors": ["Jane Doe", "Ali Khan"],
        "people": [
            {"name": "Hassan Rowhani", "title": "President of Iran", "role": "quoted"},
            {"name": "Vladimir Putin", "title": None, "role": "quoted"},
            {"name": "Ali Shamkhani", "title": None, "role": "mentioned"},
        ],
        "quotes": [
            {
                "text": "We agree on Syria",
                "speaker": "Hassan Rowhani",
                "speaker_title": "President of Iran",
                "kind": "direct",
                "cue": "said",
                "via": "IRNA",
                "paragraph": 1,
                "start": 31,
                "end": 48,
            },
            {
                "text": "Good",
                "speaker": "Vladimir Putin",
                "speaker_title": "Russian president",
                "kind": "direct",
                "cue": "said",
                "via": None,
                "paragraph": 2,
                "start": 86,
                "end": 90,
            },
        ],
        "comments": [
            {
                "id": first,
                "author": "Ann",
                "body": "First root.",
                "posted_at": "2016-03-28T12:00:00+00:00",
                "status": "approved",
                "replies": [],
            },
            {
                "id": second,
                "author": "Reader",
                "body": "Second root.",
                "posted_at": "2016-03-29T00:00:00+00:00",
                "status": "approved",
                "replies": [
                    {
                        "id": reply,
                        "author": "Reader",
                        "body": "A reply.",
                        "posted_at": "2016-03-30T00:00:00+00:00",
                        "status": "pending",
                        "replies": [],
                    }
                ],
            },
        ],
        "comment_count": 3,
        "content_hash": detail.content_hash,
        "word_count": 17,
    }
    assert spam not in {c.id for root in detail.comments for c in root.walk()}
    for quote in detail.quotes:
        assert detail.body[quote.start : quote.end] == quote.text
        assert quote.text in detail.paragraphs[quote.paragraph]


def test_email_and_hidden_comments_only_when_asked(
    session: Session, articles: ArticleRepository
) -> None:
    article_id = build_full_article(session)
    public = json.dumps(articles.get(article_id).to_dict())
    assert "ann@example.org" not in public and "email" not in public
    assert "ann@example.org" not in repr(articles.get(article_id, include_private=True))
    private = articles.get(article_id, include_private=True, include_hidden_comments=True)
    comments = private.to_dict()["comments"]
    assert comments[0]["email"] == "ann@example.org"
    assert [c["status"] for c in comments] == ["approved", "approved", "spam"]
    assert private.comment_count == 4


def test_a_result_is_complete_after_the_session_closes(
    session: Session, articles: ArticleRepository
) -> None:
    article_id = build_full_article(session)
    detail = articles.get(article_id)
    listing = articles.list()
    session.close()
    exported = json.loads(json.dumps(detail.to_dict()))
    assert exported["quotes"][0]["speaker"] == "Hassan Rowhani"
    assert json.loads(json.dumps([item.to_dict() for item in listing]))[0]["id"] == article_id


def test_get_by_id_by_slug_and_by_id_written_as_text(
    session: Session, articles: ArticleRepository
) -> None:
    article_id = build_full_article(session)
    assert articles.get(article_id).slug == "2016-03-28-putin-rowhani"
    assert articles.get("2016-03-28-putin-rowhani").id == article_id
    assert articles.get(str(article_id)).id == article_id
    assert articles.summary("2016-03-28-putin-rowhani").headline == "Putin and Rowhani agree"


@pytest.mark.parametrize(
    ("key", "message"),
    [
        (10**9, "no article with id 1000000000"),
        (10**30, "no article with id 1000000000000000000000000000000"),
        (-1, "no article with id -1"),
        ("no-such-slug", "no article with id or slug 'no-such-slug'"),
        ("99999999999999999999999", "no article with id or slug '99999999999999999999999'"),
    ],
)
def test_a_missing_article_is_reported_by_what_was_asked(
    session: Session, articles: ArticleRepository, key: int | str, message: str
) -> None:
    build_full_article(session)
    with pytest.raises(ArticleNotFound) as raised:
        articles.get(key)
    assert str(raised.value) == message
    assert articles.find(key) is None


def test_a_slug_wins_over_an_id_written_as_text(
    session: Session, articles: ArticleRepository
) -> None:
    numbered = build_article(session, slug="4242")
    other = build_article(session)
    session.expunge_all()
    assert articles.get("4242").id == numbered.id
    assert articles.get(str(other.id)).id == other.id


def build_article_with_children(session: Session, count: int) -> int:
    body = " ".join(f"“w{n}”" for n in range(count))
    article = build_article(session, body=body)
    person = build_person(session, f"Speaker {count}")
    agency = build_agency(session, f"Agency {count}")
    for n in range(count):
        start = body.index(f"w{n}”")
        build_quote(session, article, start, start + len(f"w{n}"), speaker=person, via=agency)
        build_image(session, article, f"Caption {n}", n)
        build_comment(session, article, body=f"Comment {n}")
        link_agency(session, article, build_agency(session, f"Linked {count}-{n}"), "credit")
        link_person(session, article, build_person(session, f"Named {count}-{n}"))
        link_author(session, article, build_author(session, f"Writer {count}-{n}"), n)
    session.flush()
    session.expunge_all()
    return article.id


def test_a_whole_article_takes_the_same_statements_however_many_children(
    session: Session, articles: ArticleRepository
) -> None:
    small = build_article_with_children(session, 1)
    large = build_article_with_children(session, 25)
    with recorded_statements(session) as for_small:
        assert len(articles.get(small).quotes) == 1
    session.expunge_all()
    with recorded_statements(session) as for_large:
        detail = articles.get(large)
    assert len(detail.quotes) == len(detail.images) == len(detail.comments) == 25
    assert len(detail.agencies) == len(detail.people) == len(detail.authors) == 25
    # The article, then one statement each: authors, agencies, people, quotes, images, comments.
    assert len(for_small) == len(for_large) == 7


def test_many_whole_articles_take_the_same_statements_as_one(
    session: Session, articles: ArticleRepository
) -> None:
    ids = [build_article_with_children(session, n) for n in (1, 3, 5)]
    with recorded_statements(session) as statements:
        details = articles.get_many([ids[2], ids[0], 10**12, ids[1]])
    assert [d.id for d in details] == [ids[2], ids[0], ids[1]]
    assert len(statements) == 7


# -- listings ------------------------------------------------------------------------------


def test_listing_is_newest_first_with_undated_last_and_ties_by_id(
    articles: ArticleRepository, corpus: Corpus
) -> None:
    listed = [item.id for item in articles.list(limit=None)]
    assert listed == corpus.newest_first(lambda spec: True)
    assert len(listed) == 32
    assert corpus.numbers(listed[-2:]) == [22, 5]
    assert articles.count() == 32


Wanted = Callable[[ArticleSpec], bool]


def has_agency(name: str, role: str | None = None) -> Wanted:
    return lambda spec: any(a == name and (role is None or r == role) for a, r in spec.agencies)


def day(spec: ArticleSpec) -> date | None:
    return spec.published_at.date() if spec.published_at else None


FILTER_CASES = [
    ("agency", ArticleFilters(agency="Reuters"), has_agency("Reuters")),
    ("agency alias, any case", ArticleFilters(agency="THOMSON reuters"), has_agency("Reuters")),
    ("agency short name", ArticleFilters(agency="ap"), has_agency("Associated Press")),
    (
        "agency and role",
        ArticleFilters(agency="AP", agency_role="credit"),
        has_agency("Associated Press", "credit"),
    ),
    (
        "role of any agency",
        ArticleFilters(agency_role="source"),
        lambda s: any(r == "source" for _, r in s.agencies),
    ),
    ("author", ArticleFilters(author="jane  DOE"), lambda s: "Jane Doe" in s.authors),
    ("person mentioned", ArticleFilters(person="putin"), lambda s: "Vladimir Putin" in s.people),
    (
        "person quoted, by alias",
        ArticleFilters(person="Rouhani"),
        lambda s: "Hassan Rowhani" in s.people,
    ),
    (
        "since a day",
        ArticleFilters(since=date(2020, 1, 5)),
        lambda s: (day(s) or date.min) >= date(2020, 1, 5),
    ),
    (
        "until a day",
        ArticleFilters(until=date(2020, 1, 5)),
        lambda s: (day(s) or date.max) <= date(2020, 1, 5),
    ),
    (
        "a range",
        ArticleFilters(since=date(2020, 1, 3), until=date(2020, 1, 8)),
        lambda s: date(2020, 1, 3) <= (day(s) or date.min) <= date(2020, 1, 8),
    ),
    (
        "until a moment",
        ArticleFilters(until=datetime(2020, 1, 5, 8, 59)),
        lambda s: (day(s) or date.max) < date(2020, 1, 5),
    ),
    (
        "agency, author and date",
        ArticleFilters(agency="Reuters", author="Ali Khan", since=date(2020, 1, 2)),
        lambda s: (
            has_agency("Reuters")(s)
            and "Ali Khan" in s.authors
            and (day(s) or date.min) >= date(2020, 1, 2)
        ),
    ),
    (
        "person and agency (only an undated article)",
        ArticleFilters(person="Rowhani", agency="Islamic Republic News Agency"),
        lambda s: "Hassan Rowhani" in s.people and has_agency("IRNA")(s),
    ),
    (
        "everything at once",
        ArticleFilters(
            since=date(2020, 1, 1),
            until=date(2020, 1, 16),
            agency="Associated Press",
            agency_role="photo",
            author="Ali Khan",
            person="Shamkhani",
        ),
        lambda s: (
            has_agency("Associated Press", "photo")(s)
            and "Ali Khan" in s.authors
            and "Ali Shamkhani" in s.people
            and s.published_at is not None
        ),
    ),
    (
        "a word of an agency's name",
        ArticleFilters(agency="france-presse"),
        has_agency("Agence France-Presse"),
    ),
    ("an author's surname", ArticleFilters(author="Khan"), lambda s: "Ali Khan" in s.authors),
    (
        "a person's first name, which no spelling is",
        ArticleFilters(person="vladimir"),
        lambda s: "Vladimir Putin" in s.people,
    ),
    (
        "a person's names out of order",
        ArticleFilters(person="Rowhani Hassan"),
        lambda s: "Hassan Rowhani" in s.people,
    ),
    ("an unknown agency", ArticleFilters(agency="Nonexistent Wire"), lambda s: False),
]


@pytest.mark.parametrize(
    ("filters", "wanted"),
    [case[1:] for case in FILTER_CASES],
    ids=[case[0] for case in FILTER_CASES],
)
def test_filters_alone_and_combined(
    articles: ArticleRepository, corpus: Corpus, filters: ArticleFilters, wanted: Wanted
) -> None:
    expected = corpus.newest_first(wanted)
    assert [item.id for item in articles.list(filters, limit=None)] == expected
    assert articles.count(filters) == len(expected)
    pages: list[int] = []
    cursor = None
    while True:
        page = articles.page(filters, limit=3, after=cursor)
        pages.extend(item.id for item in page.items)
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    assert pages == expected


@pytest.mark.parametrize("name", ["%", "_li", "Shamkh", "Putin Rowhani", "Ali\\\\%"])
def test_a_name_filter_matches_whole_words_of_one_spelling(
    articles: ArticleRepository, corpus: Corpus, name: str
) -> None:
    assert articles.list(ArticleFilters(person=name)) == []


def test_the_filter_cases_are_not_trivial(corpus: Corpus) -> None:
    sizes = [len(corpus.newest_first(wanted)) for _, _, wanted in FILTER_CASES]
    assert sizes[-1] == 0
    assert all(0 < size < 32 for size in sizes[:-1]), sizes


@pytest.mark.parametrize("size", [1, 4, 5, 31, 32, 50])
def test_offset_pages_cover_the_listing_without_duplicates_or_gaps(
    articles: ArticleRepository, corpus: Corpus, size: int
) -> None:
    seen: list[int] = []
    offset = 0
    while batch := articles.list(limit=size, offset=offset):
        assert len(batch) <= size
        seen.extend(item.id for item in batch)
        offset += size
    assert seen == corpus.newest_first(lambda spec: True)


@pytest.mark.parametrize("size", [1, 2, 5, 31, 32, 50])
def test_keyset_pages_cover_the_listing_without_duplicates_or_gaps(
    articles: ArticleRepository, corpus: Corpus, size: int
) -> None:
    seen: list[int] = []
    page = articles.page(limit=size)
    while True:
        seen.extend(item.id for item in page.items)
        if page.next_cursor is None:
            break
        page = articles.page(limit=size, after=page.next_cursor)
    assert seen == corpus.newest_first(lambda spec: True)


def test_a_keyset_page_is_not_shifted_by_a_newer_article(
    session: Session, articles: ArticleRepository, corpus: Corpus
) -> None:
    first = articles.page(limit=10)
    build_article(session, published_at=datetime(2030, 1, 1, tzinfo=UTC))
    session.expunge_all()
    second = articles.page(limit=10, after=first.next_cursor)
    everything = corpus.newest_first(lambda spec: True)
    assert [i.id for i in first.items + second.items] == everything[:20]


def test_iter_details_yields_every_matching_article_in_order(
    articles: ArticleRepository, corpus: Corpus
) -> None:
    filters = ArticleFilters(agency="Reuters")
    details = list(articles.iter_details(filters, batch_size=4))
    assert [d.id for d in details] == corpus.newest_first(has_agency("Reuters"))
    assert all(any(a.name == "Reuters" for a in d.agencies) for d in details)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda r: r.list(limit=0), "limit must be at least 1, not 0"),
        (lambda r: r.list(offset=-1), "offset must be 0 or more, not -1"),
        (lambda r: r.list(limit=2**63), f"limit must be at most {2**63 - 1}, not {2**63}"),
        (lambda r: r.list(offset=2**64), f"offset must be at most {2**63 - 1}, not {2**64}"),
        (lambda r: r.page(after="garbage!"), "not a cursor from this archive: 'garbage!'"),
        (lambda r: r.page(after="WzEsMl0"), "not a cursor from this archive: 'WzEsMl0'"),
        (lambda r: r.list(ArticleFilters(agency="  ")), "agency name is empty"),
        (lambda r: r.list(ArticleFilters(author="a\x00b")), "author name contains a NUL character"),
        (
            lambda r: r.list(ArticleFilters(agency_role="owner")),
            "unknown agency role 'owner': use one of credit, photo, source, mentioned",
        ),
        (
            lambda r: r.count(ArticleFilters(since=date(2020, 2, 1), until=date(2020, 1, 1))),
            "since (2020-02-01T00:00:00+00:00) is after until (2020-01-01T23:59:59.999999+00:00)",
        ),
    ],
)
def test_bad_listing_input_is_refused_with_a_clear_message(
    articles: ArticleRepository, corpus: Corpus, call: object, message: str
) -> None:
    with pytest.raises(InvalidInput) as raised:
        call(articles)
    assert str(raised.value) == message


# -- deletion --------------------------------------------------------------------------------


def test_delete_removes_the_article_and_everything_hanging_off_it(
    session: Session, articles: ArticleRepository
) -> None:
    article_id = build_full_article(session)
    keep = build_article_with_children(session, 2)
    assert articles.search("Syria")[0].article.id == article_id
    gone = articles.delete("2016-03-28-putin-rowhani")
    assert gone.id == article_id
    with pytest.raises(ArticleNotFound):
        articles.get(article_id)
    for model in (Quote, Image, Comment):
        left = session.scalar(
            select(func.count()).select_from(model).where(model.article_id == article_id)
        )
        assert left == 0
    assert articles.search("Syria") == []
    if session.get_bind().dialect.name == "sqlite":
        in_quote_index = session.scalar(
            text("SELECT count(*) FROM article_search_quotes WHERE text MATCH 'syria'")
        )
        assert in_quote_index == 0
    assert len(articles.get(keep).quotes) == 2
    with pytest.raises(ArticleNotFound):
        articles.delete(article_id)
    assert session.get(Article, article_id) is None


# -- the same archive on both databases ---------------------------------------------------------


def test_the_same_archive_exports_byte_identical_json_on_both_databases(tmp_path: Path) -> None:
    drafts = [make_draft(n) for n in range(1, 8)]
    exports: dict[str, list[str]] = {}
    for backend in BACKENDS:
        with throwaway_database(backend, tmp_path) as database:
            engine = database.engine()
            try:
                migrate.upgrade(engine)
                with Session(engine) as session:
                    list(ArticleStore(session).store_many(drafts))
                    session.commit()
                    repository = ArticleRepository(session)
                    lines = [
                        json.dumps(detail.to_dict(), ensure_ascii=False)
                        for detail in repository.iter_details(batch_size=3)
                    ]
                    lines.append(
                        json.dumps([hit.article.id for hit in repository.search("harbour")])
                    )
                    exports[backend] = lines
            finally:
                engine.dispose()
    assert len(exports["sqlite"]) == 8
    assert exports["sqlite"] == exports["postgresql"]
