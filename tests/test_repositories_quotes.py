"""QuoteRepository: quotes by speaker, article and agency, searched by words, top speakers."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from archive.errors import ArticleNotFound, InvalidInput
from archive.repositories import QuoteRepository
from tests.builders import build_article, build_person, build_quote
from tests.corpus import Corpus, build_corpus

ROWHANI = [n for n in range(32) if n % 3 == 1]
SHAMKHANI = [n for n in range(32) if n % 5 == 3]


@pytest.fixture
def corpus(session: Session) -> Corpus:
    return build_corpus(session)


@pytest.fixture
def quotes(session: Session) -> QuoteRepository:
    return QuoteRepository(session)


def rowhani_words(n: int) -> str:
    return f"We will keep talking, round {n}"


def shamkhani_words(n: int) -> str:
    return f"Our support will continue, phase {n}"


def test_quotes_by_speaker_under_any_spelling(quotes: QuoteRepository, corpus: Corpus) -> None:
    expected_articles = corpus.newest_first(lambda spec: spec.n in ROWHANI)
    for spelling in ("Hassan Rowhani", "rouhani", "ROWHANI", "  hassan   rouhani "):
        found = quotes.list(speaker=spelling, limit=None)
        assert [q.article_id for q in found] == expected_articles
        assert {q.speaker for q in found} == {"Hassan Rowhani"}
    assert quotes.count(speaker="Rouhani") == len(ROWHANI)
    assert [q.text for q in quotes.list(speaker="shamkhani", limit=None)] == [
        shamkhani_words(n) for n in sorted(SHAMKHANI, reverse=True)
    ]
    assert quotes.list(speaker="Nobody Atall") == []


def test_a_speaker_found_by_part_of_a_name_unless_a_spelling_is_the_whole_name(
    session: Session, quotes: QuoteRepository, corpus: Corpus
) -> None:
    article = build_article(session, body="“We have spoken,” Velayati said.")
    namesake = build_person(session, "Ali Akbar Velayati")
    build_quote(session, article, 1, 15, speaker=namesake)
    session.flush()
    # No spelling is "Hassan" or "Rowhani Hassan": every speaker with all its words.
    for part in ("Hassan", "rowhani HASSAN"):
        assert {q.speaker for q in quotes.list(speaker=part, limit=None)} == {"Hassan Rowhani"}
    assert quotes.count(speaker="Hassan") == len(ROWHANI)
    assert {q.speaker for q in quotes.list(speaker="Ali", limit=None)} == {
        "Ali Shamkhani",
        "Ali Akbar Velayati",
    }
    # A spelling that is the whole name picks that person alone.
    assert {q.speaker for q in quotes.list(speaker="Ali Shamkhani", limit=None)} == {
        "Ali Shamkhani"
    }
    assert quotes.list(speaker="Shamkh") == []  # part of a word is not a word
    assert quotes.list(speaker="_li") == [] and quotes.list(speaker="%") == []
    assert {q.via for q in quotes.list(via="republic", limit=None)} == {"IRNA"}


def test_a_quote_carries_its_speaker_agency_and_article(
    quotes: QuoteRepository, corpus: Corpus
) -> None:
    (quote,) = quotes.list(speaker="Rowhani", via="IRNA", limit=1)
    assert quote.to_dict() == {
        "id": quote.id,
        "text": rowhani_words(31),
        "speaker": "Hassan Rowhani",
        "speaker_title": "Iranian president",
        "kind": "direct",
        "cue": "said",
        "via": "IRNA",
        "paragraph": 1,
        "start": quote.start,
        "end": quote.end,
        "article_id": corpus.id(31),
        "article_slug": "corpus-31",
        "article_headline": "Regional briefing number 31",
        "published_at": "2020-01-16T09:00:00+00:00",
    }
    body = corpus.specs[31].body
    assert body[quote.start : quote.end] == quote.text


def test_quotes_by_the_agency_they_came_via(quotes: QuoteRepository, corpus: Corpus) -> None:
    by_irna = quotes.list(via="Islamic Republic News Agency", limit=None)
    assert [q.text for q in by_irna] == [
        rowhani_words(n) for n in sorted((n for n in ROWHANI if n % 2), reverse=True)
    ]
    by_reuters = quotes.list(via="thomson reuters", limit=None)
    assert {q.via for q in by_reuters} == {"Reuters"}
    # The undated article (22) comes last.
    assert [corpus.numbers([q.article_id])[0] for q in by_reuters] == [28, 16, 10, 4, 22]
    assert quotes.list(via="Associated Press") == []


def test_quotes_of_one_article_in_reading_order(quotes: QuoteRepository, corpus: Corpus) -> None:
    found = quotes.list(article="corpus-13")
    assert [q.text for q in found] == [rowhani_words(13), shamkhani_words(13)]
    assert found[0].start < found[1].start
    assert [q.text for q in quotes.list(article=corpus.id(28), speaker="Shamkhani")] == [
        shamkhani_words(28)
    ]
    with pytest.raises(ArticleNotFound, match="no article with id or slug 'corpus-99'"):
        quotes.list(article="corpus-99")


@pytest.mark.parametrize(
    ("query", "speaker", "expected"),
    [
        ("talking", None, len(ROWHANI)),
        ("support", None, len(SHAMKHANI)),
        ('"keep talking"', None, len(ROWHANI)),
        ('"talking keep"', None, 0),
        ("talking -round", None, 0),
        ("continue OR talking", None, len(ROWHANI) + len(SHAMKHANI)),
        ("talking", "Shamkhani", 0),
        ("support", "Shamkhani", len(SHAMKHANI)),
        ("regional agenda", None, 0),  # in the articles, not in the quotes
        ("'; DROP TABLE quotes; --", None, 0),
        ('talking" OR (', None, len(ROWHANI)),
        ("*", None, 0),
        ("", None, 0),
    ],
)
def test_full_text_within_quotes(
    quotes: QuoteRepository, corpus: Corpus, query: str, speaker: str | None, expected: int
) -> None:
    found = quotes.list(text=query, speaker=speaker, limit=None)
    assert len(found) == expected
    assert quotes.count(text=query, speaker=speaker) == expected


def test_a_quote_search_finds_exactly_the_quote_with_that_number(
    quotes: QuoteRepository, corpus: Corpus
) -> None:
    (found,) = quotes.list(text='"round 16"')
    assert found.text == rowhani_words(16)


def test_pages_of_quotes_cover_every_quote_once(quotes: QuoteRepository, corpus: Corpus) -> None:
    everything = [q.id for q in quotes.list(limit=None)]
    assert len(everything) == len(ROWHANI) + len(SHAMKHANI) == quotes.count()
    paged = [q.id for offset in range(0, 20, 4) for q in quotes.list(limit=4, offset=offset)]
    assert paged == everything


def test_top_speakers_by_quote_count(
    session: Session, quotes: QuoteRepository, corpus: Corpus
) -> None:
    top = quotes.top_speakers()
    assert [(s.name, s.quote_count, s.article_count) for s in top] == [
        ("Hassan Rowhani", len(ROWHANI), len(ROWHANI)),
        ("Ali Shamkhani", len(SHAMKHANI), len(SHAMKHANI)),
    ]
    # Two more speakers with one quote each: equal counts are ordered by name.
    article = build_article(session, body="“Yes,” Zed said. “No,” Abe said. “Maybe,” Abe said.")
    build_quote(session, article, 1, 4, speaker=build_person(session, "Zed Zulu"))
    abe = build_person(session, "abe able")
    build_quote(session, article, 18, 20, speaker=abe)
    session.expunge_all()
    names = [s.name for s in quotes.top_speakers(limit=None)]
    assert names == ["Hassan Rowhani", "Ali Shamkhani", "abe able", "Zed Zulu"]
    assert [s.name for s in quotes.top_speakers(limit=1, offset=1)] == ["Ali Shamkhani"]
    assert top[0].to_dict()["quote_count"] == len(ROWHANI)


def test_bad_quote_filters_are_refused(quotes: QuoteRepository, corpus: Corpus) -> None:
    with pytest.raises(InvalidInput, match="speaker name is empty"):
        quotes.list(speaker=" ")
    with pytest.raises(InvalidInput, match="limit must be at least 1, not 0"):
        quotes.list(limit=0)
    with pytest.raises(InvalidInput, match="limit must be at most 9223372036854775807, not 10"):
        quotes.list(limit=10**20)
    with pytest.raises(InvalidInput, match="offset must be at most 9223372036854775807, not 10"):
        quotes.top_speakers(offset=10**20)
