"""A fixture set of 32 small articles with a known shape, for the repository tests.

Each article is described by an ArticleSpec first; the tests compute what a query should
return from the specs (plain Python) and compare it with what the repositories return.
Articles come in pairs that share a publication time (so ties are broken by id), and two
are undated. A few carry words that only they contain, for the search tests.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from archive.models import AgencyAlias
from archive.normalize import normalize_name
from archive.search import index as search_index
from tests.builders import (
    build_agency,
    build_article,
    build_author,
    build_image,
    build_person,
    build_quote,
    link_agency,
    link_author,
    link_person,
)

SIZE = 32
BASE = datetime(2020, 1, 1, 9, 0, tzinfo=UTC)
UNDATED = frozenset({5, 22})

AGENCIES = {
    "Reuters": (None, ("Thomson Reuters",)),
    "Associated Press": ("AP", ()),
    "Agence France-Presse": ("AFP", ()),
    "IRNA": (None, ("Islamic Republic News Agency",)),
}
PEOPLE = {
    "Hassan Rowhani": ("Iranian president", ("Hassan Rouhani", "Rouhani", "Rowhani")),
    "Vladimir Putin": ("Russian president", ("Putin",)),
    "Ali Shamkhani": ("security council secretary", ("Shamkhani",)),
}
AUTHORS = ("Ali Khan", "Jane Doe", "Agencies")

# Words only these articles contain (body paragraphs, headline or caption).
SPECIAL_HEADLINES = {0: "Army retakes Palmyra"}
SPECIAL_PARAGRAPHS = {
    1: "Travellers once visited Palmyra before the war.",
    3: "The ancient city of Aleppo lay quiet.",
    4: "The city was ancient and quiet.",
    6: "The harbour reopened.",
    8: "The harbour closed after the storm.",
    9: "A cyclone hit the coast.",
    10: "A tornado hit the plains.",
    12: "Tornado and cyclone warnings were issued.",
}
SPECIAL_CAPTIONS = {2: "Columns of Palmyra at dusk."}


@dataclass(frozen=True)
class QuoteSpec:
    speaker: str
    words: str
    via: str | None


@dataclass(frozen=True)
class ArticleSpec:
    n: int
    headline: str
    paragraphs: tuple[str, ...]
    published_at: datetime | None
    captions: tuple[str, ...]
    agencies: tuple[tuple[str, str], ...]  # (agency name, role)
    authors: tuple[str, ...]
    mentioned: tuple[str, ...]
    quotes: tuple[QuoteSpec, ...]

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)

    @property
    def people(self) -> set[str]:
        return set(self.mentioned) | {quote.speaker for quote in self.quotes}


def article_spec(n: int) -> ArticleSpec:
    agencies: list[tuple[str, str]] = []
    if n % 2 == 0:
        agencies.append(("Reuters", "credit"))
    if n % 3 == 0:
        agencies.append(("Associated Press", "photo"))
    if n % 5 == 0:
        agencies.append(("Agence France-Presse", "source"))
    if n % 7 == 0:
        agencies.append(("Associated Press", "credit"))
    if n % 11 == 0:
        agencies.append(("IRNA", "mentioned"))
    quotes: list[QuoteSpec] = []
    if n % 3 == 1:
        via = "IRNA" if n % 2 else "Reuters"
        quotes.append(QuoteSpec("Hassan Rowhani", f"We will keep talking, round {n}", via))
    if n % 5 == 3:
        quotes.append(QuoteSpec("Ali Shamkhani", f"Our support will continue, phase {n}", None))
    paragraphs = [f"Officials met on day {n} to review the regional agenda."]
    if n in SPECIAL_PARAGRAPHS:
        paragraphs.append(SPECIAL_PARAGRAPHS[n])
    paragraphs.extend(f"“{quote.words},” {quote.speaker.split()[-1]} said." for quote in quotes)
    captions = [f"Delegates at meeting {n}."] if n % 3 == 0 else []
    if n in SPECIAL_CAPTIONS:
        captions.append(SPECIAL_CAPTIONS[n])
    return ArticleSpec(
        n=n,
        headline=SPECIAL_HEADLINES.get(n, f"Regional briefing number {n}"),
        paragraphs=tuple(paragraphs),
        published_at=None if n in UNDATED else BASE + timedelta(days=n // 2),
        captions=tuple(captions),
        agencies=tuple(agencies),
        authors=(("Ali Khan",), ("Jane Doe",), ("Ali Khan", "Jane Doe"), ("Agencies",))[n % 4],
        mentioned=("Vladimir Putin",) if n % 4 == 2 else (),
        quotes=tuple(quotes),
    )


@dataclass
class Corpus:
    specs: list[ArticleSpec]
    ids: dict[int, int] = field(default_factory=dict)  # spec number -> article id

    def id(self, n: int) -> int:
        return self.ids[n]

    def numbers(self, article_ids: list[int]) -> list[int]:
        """Spec numbers of these article ids, in the same order."""
        by_id = {article_id: n for n, article_id in self.ids.items()}
        return [by_id[article_id] for article_id in article_ids]

    def newest_first(self, wanted: Callable[[ArticleSpec], bool]) -> list[int]:
        """Article ids of matching specs in the archive's listing order."""
        chosen = [spec for spec in self.specs if wanted(spec)]
        chosen.sort(
            key=lambda spec: (
                spec.published_at is None,
                -(spec.published_at.timestamp() if spec.published_at else 0),
                -self.ids[spec.n],
            )
        )
        return [self.ids[spec.n] for spec in chosen]


def build_corpus(session: Session) -> Corpus:
    """Write the 32 articles, index them for search, and clear the session."""
    agencies = {
        name: build_agency(session, name, short_name) for name, (short_name, _) in AGENCIES.items()
    }
    for name, (_, aliases) in AGENCIES.items():
        for alias in aliases:
            session.add(
                AgencyAlias(
                    agency_id=agencies[name].id, alias=alias, normalized_alias=normalize_name(alias)
                )
            )
    people = {
        name: build_person(session, name, *aliases, title=title)
        for name, (title, aliases) in PEOPLE.items()
    }
    authors = {
        name: build_author(session, name, "collective" if name == "Agencies" else "person")
        for name in AUTHORS
    }
    corpus = Corpus([article_spec(n) for n in range(SIZE)])
    for spec in corpus.specs:
        article = build_article(
            session,
            slug=f"corpus-{spec.n:02d}",
            headline=spec.headline,
            body=spec.body,
            published_at=spec.published_at,
            byline="By " + " and ".join(spec.authors),
        )
        corpus.ids[spec.n] = article.id
        for position, caption in enumerate(spec.captions):
            build_image(session, article, caption, position)
        for name, role in spec.agencies:
            link_agency(session, article, agencies[name], role)
        for position, name in enumerate(spec.authors):
            link_author(session, article, authors[name], position)
        for name in spec.mentioned:
            link_person(session, article, people[name], "mentioned")
        for quote in spec.quotes:
            link_person(session, article, people[quote.speaker], "quoted")
            start = spec.body.index(quote.words)
            build_quote(
                session,
                article,
                start,
                start + len(quote.words),
                speaker=people[quote.speaker],
                via=agencies[quote.via] if quote.via else None,
                paragraph=spec.paragraphs.index(
                    next(p for p in spec.paragraphs if quote.words in p)
                ),
            )
    search_index.refresh(session, list(corpus.ids.values()))
    session.flush()
    session.expunge_all()
    return corpus
