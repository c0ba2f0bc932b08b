"""The naive baseline: the ORM used the obvious way, one article per transaction.

Each name is looked up (and created when missing) with its own query, every row is an ORM
object added to the session, and each article is committed on its own with its search
entry: the same rows the archive's import writes, written the way a first version would.
"""

from __future__ import annotations

import time

from sqlalchemy import select
from sqlalchemy.engine import URL
from sqlalchemy.orm import Session

from archive.bench.corpus import Corpus
from archive.db.engine import create_archive_engine
from archive.importing.draft import AgencyRef, ArticleDraft, PersonRef
from archive.importing.resolver import author_kind
from archive.models import (
    Agency,
    AgencyAlias,
    Article,
    ArticleAgency,
    ArticleAuthor,
    ArticlePerson,
    Author,
    Comment,
    Image,
    Person,
    PersonAlias,
    Quote,
)
from archive.normalize import normalize_name
from archive.search import index as search_index


def write_naive(url: URL, corpus: Corpus, count: int) -> float:
    """Store `count` corpus articles one by one; the seconds it took, generation excluded."""
    engine = create_archive_engine(url)
    spent = 0.0
    try:
        with Session(engine) as session:
            for draft in corpus.drafts(0, count):
                began = time.perf_counter()
                _store_one(session, draft)
                session.commit()
                spent += time.perf_counter() - began
    finally:
        engine.dispose()
    return spent


def _agency(session: Session, ref: AgencyRef) -> Agency:
    key = normalize_name(ref.name)
    alias = session.scalars(select(AgencyAlias).where(AgencyAlias.normalized_alias == key)).first()
    if alias is not None:
        found = session.get(Agency, alias.agency_id)
        assert found is not None
        return found
    agency = Agency(name=ref.name, short_name=ref.short_name, kind=ref.kind, country=ref.country)
    session.add(agency)
    session.flush()
    for name in dict.fromkeys(n for n in (ref.name, ref.short_name, *ref.aliases) if n):
        session.add(
            AgencyAlias(agency_id=agency.id, alias=name, normalized_alias=normalize_name(name))
        )
    session.flush()
    return agency


def _person(session: Session, ref: PersonRef) -> Person:
    key = normalize_name(ref.name)
    alias = session.scalars(select(PersonAlias).where(PersonAlias.normalized_alias == key)).first()
    if alias is not None:
        found = session.get(Person, alias.person_id)
        assert found is not None
        return found
    person = Person(name=ref.name, normalized_name=key, title=ref.filed_title)
    session.add(person)
    session.flush()
    for name in dict.fromkeys((ref.name, *ref.aliases)):
        session.add(
            PersonAlias(person_id=person.id, alias=name, normalized_alias=normalize_name(name))
        )
    session.flush()
    return person


def _author(session: Session, name: str) -> Author:
    key = normalize_name(name)
    author = session.scalars(select(Author).where(Author.normalized_name == key)).first()
    if author is None:
        author = Author(name=name, normalized_name=key, kind=author_kind(name))
        session.add(author)
        session.flush()
    return author


def _store_one(session: Session, draft: ArticleDraft) -> None:
    agencies = {normalize_name(r.name): _agency(session, r) for r in draft.agencies}
    people = {normalize_name(r.name): _person(session, r) for r in draft.people}
    slug = draft.base_slug()
    if session.scalars(select(Article.id).where(Article.slug == slug)).first() is not None:
        slug = draft.unique_slug()
    article = Article(
        slug=slug,
        headline=draft.headline,
        byline=draft.byline,
        published_at=draft.published_at,
        dateline=draft.dateline,
        language=draft.language,
        body=draft.body,
        source_name=draft.source_name,
        url=draft.url,
        canonical_url=draft.canonical_url,
        source_key=draft.source_key,
        source_format=draft.source_format,
        source_encoding=draft.source_encoding,
        raw_text=draft.raw_text,
        removed_boilerplate=list(draft.removed_boilerplate),
        content_hash=draft.content_hash,
        word_count=draft.word_count,
    )
    session.add(article)
    session.flush()
    seen_authors: dict[int, None] = {}
    for name in draft.authors:
        seen_authors.setdefault(_author(session, name).id)
    for position, author_id in enumerate(seen_authors):
        session.add(ArticleAuthor(article_id=article.id, author_id=author_id, position=position))
    for agency_id, role in dict.fromkeys(
        (agencies[normalize_name(r.name)].id, r.role) for r in draft.agencies
    ):
        session.add(ArticleAgency(article_id=article.id, agency_id=agency_id, role=role))
    links: dict[int, ArticlePerson] = {}
    for ref in draft.people:
        person_id = people[normalize_name(ref.name)].id
        link = links.get(person_id)
        if link is None:
            link = ArticlePerson(
                article_id=article.id, person_id=person_id, role=ref.role, title=ref.title
            )
            links[person_id] = link
            session.add(link)
        elif ref.role == "quoted":
            link.role = "quoted"
    for position, image in enumerate(draft.images):
        credit = agencies.get(normalize_name(image.credit_agency or ""))
        session.add(
            Image(
                article_id=article.id,
                position=position,
                caption=image.caption,
                credit=image.credit,
                credit_agency_id=credit.id if credit else None,
                url=image.url,
            )
        )
    for quote in draft.quotes:
        speaker = people[normalize_name(quote.speaker)] if quote.speaker else None
        via = agencies[normalize_name(quote.via)] if quote.via else None
        session.add(
            Quote(
                article_id=article.id,
                speaker_id=speaker.id if speaker else None,
                via_agency_id=via.id if via else None,
                text=quote.text,
                kind=quote.kind,
                cue=quote.cue,
                paragraph=quote.paragraph,
                start_offset=quote.start,
                end_offset=quote.end,
            )
        )
    comments: list[Comment] = []
    for comment in draft.comments:
        parent = comments[comment.parent] if comment.parent is not None else None
        row = Comment(
            article_id=article.id,
            parent_id=parent.id if parent else None,
            author_name=comment.author_name,
            author_email=comment.author_email,
            body=comment.body,
            posted_at=comment.posted_at,
            status=comment.status,
        )
        session.add(row)
        session.flush()  # its id is the parent of the replies that follow
        comments.append(row)
    session.flush()
    search_index.refresh(session, [article.id])
