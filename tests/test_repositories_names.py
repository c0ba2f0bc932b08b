"""Agencies, authors and people: lookups by any name they go by, lists with article counts."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from archive.errors import InvalidInput
from archive.repositories import AgencyRepository, AuthorRepository, PersonRepository
from tests.builders import (
    build_agency,
    build_article,
    build_author,
    build_person,
    build_quote,
    link_person,
)
from tests.corpus import Corpus, build_corpus


@pytest.fixture
def corpus(session: Session) -> Corpus:
    return build_corpus(session)


def agency_count(corpus: Corpus, name: str) -> int:
    return sum(1 for spec in corpus.specs if any(a == name for a, _ in spec.agencies))


@pytest.mark.parametrize(
    ("asked", "name"),
    [
        ("Reuters", "Reuters"),
        ("thomson REUTERS", "Reuters"),
        ("ap", "Associated Press"),
        ("  Associated   Press ", "Associated Press"),
        ("AGENCE FRANCE–PRESSE", "Agence France-Presse"),  # an en dash for the hyphen
        ("islamic republic news agency", "IRNA"),
    ],
)
def test_an_agency_is_found_by_any_name(
    session: Session, corpus: Corpus, asked: str, name: str
) -> None:
    found = AgencyRepository(session).find(asked)
    assert found is not None
    assert found.name == name
    assert found.article_count == agency_count(corpus, name)


def test_agencies_are_listed_by_article_count_with_their_aliases(
    session: Session, corpus: Corpus
) -> None:
    build_agency(session, "Unused Wire", "UW")
    session.expunge_all()
    listed = AgencyRepository(session).list()
    assert [(a.name, a.article_count) for a in listed] == [
        ("Reuters", 16),
        ("Associated Press", agency_count(corpus, "Associated Press")),
        ("Agence France-Presse", 7),
        ("IRNA", 3),
        ("Unused Wire", 0),
    ]
    assert agency_count(corpus, "Associated Press") == 14  # 11 photo credits, 5 credits, 2 both
    reuters = listed[0]
    assert reuters.aliases == ("Reuters", "Thomson Reuters")
    assert reuters.to_dict()["aliases"] == ["Reuters", "Thomson Reuters"]
    assert listed[1].short_name == "AP" and listed[1].kind == "wire_service"
    assert [a.name for a in AgencyRepository(session).list(limit=2, offset=1)] == [
        "Associated Press",
        "Agence France-Presse",
    ]


def test_unknown_and_blank_names(session: Session, corpus: Corpus) -> None:
    agencies = AgencyRepository(session)
    assert agencies.find("Nonexistent Wire") is None
    assert agencies.get(10**12) is None
    assert AuthorRepository(session).find("Nobody") is None
    assert PersonRepository(session).find("Nobody") is None
    with pytest.raises(InvalidInput, match="agency name is empty"):
        agencies.find(" . ")
    with pytest.raises(InvalidInput, match="person name contains a NUL character"):
        PersonRepository(session).find("Ro\x00whani")


def test_authors_by_name_and_listed_with_counts(session: Session, corpus: Corpus) -> None:
    authors = AuthorRepository(session)
    found = authors.find("ali KHAN")
    assert found is not None
    assert (found.name, found.kind, found.article_count) == ("Ali Khan", "person", 16)
    build_author(session, "Zoe Unpublished")
    session.expunge_all()
    assert [(a.name, a.kind, a.article_count) for a in authors.list()] == [
        ("Ali Khan", "person", 16),
        ("Jane Doe", "person", 16),
        ("Agencies", "collective", 8),
        ("Zoe Unpublished", "person", 0),
    ]


def test_people_by_any_spelling_with_article_and_quote_counts(
    session: Session, corpus: Corpus
) -> None:
    people = PersonRepository(session)
    rowhani = people.find("rouhani")
    assert rowhani is not None
    assert rowhani.name == "Hassan Rowhani"
    assert rowhani.aliases == ("Hassan Rouhani", "Hassan Rowhani", "Rouhani", "Rowhani")
    assert (rowhani.article_count, rowhani.quote_count) == (11, 11)
    assert rowhani.title == "Iranian president"
    build_person(session, "Quiet Person")
    session.expunge_all()
    assert [(p.name, p.article_count, p.quote_count) for p in people.list()] == [
        ("Hassan Rowhani", 11, 11),
        ("Vladimir Putin", 8, 0),
        ("Ali Shamkhani", 6, 6),
        ("Quiet Person", 0, 0),
    ]
    assert people.get(rowhani.id) == rowhani


def test_a_person_quoted_without_an_article_link_still_counts_once(session: Session) -> None:
    article = build_article(session, body="“Yes,” she said. “No,” she said.")
    speaker = build_person(session, "Sara Said")
    build_quote(session, article, 1, 4, speaker=speaker)
    build_quote(session, article, 18, 20, speaker=speaker)
    other = build_article(session)
    link_person(session, other, speaker, "mentioned")
    session.expunge_all()
    found = PersonRepository(session).find("Sara Said")
    assert found is not None
    assert (found.article_count, found.quote_count) == (2, 2)
