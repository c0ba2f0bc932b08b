"""An archive for the export, import and transfer tests: the seed plus generated articles.

The generated articles come from the benchmark's deterministic corpus (quotes, images,
agencies, comment threads), varied so every column an export carries is exercised: no
headline, no date, URLs and canonical URLs, encodings, removed boilerplate, image URLs,
agency countries, people who appear with and without a title, non-Latin text, characters
that break naive line readers, deep reply threads, every comment status and e-mails.
"""

from __future__ import annotations

import dataclasses
import io
from datetime import timedelta

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from archive.bench.corpus import Corpus
from archive.export.jsonl import write_jsonl
from archive.importing.draft import AgencyRef, ArticleDraft, CommentDraft, ImageDraft, PersonRef
from archive.importing.store import ArticleStore
from archive.models import COMMENT_STATUSES
from archive.repositories import ArticleFilters
from archive.seeding import seed_archive

GENERATED = 300
# Mentioned in many articles, sometimes with a title and sometimes without: the archive
# files him under the title of the article it met him in first.
RECURRING = "Hassan Rowhani"
NON_LATIN = "Путин заявил: «Мы продолжим» — 普京说，“我们将继续”。 بوتين قال"
AWKWARD = (
    "A line\u2028separator, a paragraph\u2029separator, a NEL\x85 and a tab\tin one, "
    'plus “quotes”, commas, and "straight" ones.'
)


def varied_draft(index: int, draft: ArticleDraft) -> ArticleDraft:
    """Article `index` of the corpus with the variations the tests need."""
    changes: dict[str, object] = {}
    paragraphs = list(draft.paragraphs)
    if index % 4 == 0:
        paragraphs.append(NON_LATIN)
    if index % 9 == 0:
        paragraphs.append(AWKWARD)
    changes["paragraphs"] = tuple(paragraphs)
    if index % 5 == 0:
        changes["headline"] = None
    if index % 11 == 3:
        changes["published_at"] = None
    if index % 3 == 0:
        changes["url"] = f"https://news.example/{index}"
        changes["canonical_url"] = f"https://news.example/c/{index}"
        changes["source_name"] = "Example News"
        changes["dateline"] = "TEHRAN, March 28 (Reuters) -"
    if index % 7 == 0:
        changes["source_encoding"] = "cp1252"
        changes["removed_boilerplate"] = ("Share this:", f"Related: story {index + 1}")
        changes["language"] = "en-GB"
    images = [
        dataclasses.replace(image, url=f"https://img.example/{index}.jpg") if index % 2 else image
        for image in draft.images
    ]
    if index % 6 == 0:
        images.append(ImageDraft(caption=f"Second picture, {NON_LATIN[:12]}", credit=None))
    changes["images"] = tuple(images)
    agencies = [
        dataclasses.replace(ref, country="Iran") if ref.kind == "state_agency" else ref
        for ref in draft.agencies
    ]
    if index % 10 == 1:
        agencies.append(AgencyRef("Xinhua", "mentioned", kind="state_agency", country="China"))
    changes["agencies"] = tuple(agencies)
    people = list(draft.people)
    if index % 8 == 2:
        title = "Iranian President" if index % 16 == 2 else None
        people.append(PersonRef(RECURRING, "mentioned", title=title, aliases=("Rouhani",)))
    changes["people"] = tuple(people)
    changes["comments"] = _comments(index, draft)
    return dataclasses.replace(draft, **changes)


def _comments(index: int, draft: ArticleDraft) -> tuple[CommentDraft, ...]:
    comments = [
        dataclasses.replace(
            comment,
            status=COMMENT_STATUSES[(index + number) % len(COMMENT_STATUSES)],
            author_email=f"reader{number}@mail.example" if number % 2 else None,
        )
        for number, comment in enumerate(draft.comments)
    ]
    if index % 25 == 0 and draft.published_at is not None:  # a thread twelve replies deep
        base = len(comments)
        for depth in range(12):
            comments.append(
                CommentDraft(
                    author_name=f"Debater {depth % 2}",
                    body=f'Reply at depth {depth}, with a comma, a "quote"\nand a new line.',
                    posted_at=draft.published_at + timedelta(days=1, minutes=depth),
                    status="approved",
                    parent=base + depth - 1 if depth else None,
                )
            )
    return tuple(comments)


def generated_drafts(count: int = GENERATED) -> list[ArticleDraft]:
    corpus = Corpus()
    return [varied_draft(index, corpus.article(index).draft) for index in range(count)]


def build_archive(engine: Engine, count: int = GENERATED) -> None:
    """Migrate, seed, and store the generated articles (committed)."""
    seed_archive(engine)
    with Session(engine) as session:
        results = list(ArticleStore(session).store_many(generated_drafts(count)))
        session.commit()
    rejected = [result for result in results if result.outcome != "added"]
    assert not rejected, rejected[:3]


def export_bytes(
    engine: Engine, *, include_private: bool, filters: ArticleFilters | None = None
) -> bytes:
    out = io.StringIO(newline="")
    with Session(engine) as session, session.begin():
        write_jsonl(session, out, filters, include_private=include_private)
    return out.getvalue().encode("utf-8")
