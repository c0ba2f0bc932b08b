"""Hand-made ArticleDrafts for tests of the store (no parser involved)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from archive.importing.draft import (
    AgencyRef,
    ArticleDraft,
    CommentDraft,
    ImageDraft,
    PersonRef,
    QuoteDraft,
)


def quoted_paragraph(speaker: str, words: str) -> tuple[str, int, int]:
    """A paragraph `“words,” speaker said.` and the offsets of words inside it."""
    paragraph = f"“{words},” {speaker} said."
    return paragraph, 1, 1 + len(words)


def make_draft(n: int = 1, **overrides: Any) -> ArticleDraft:
    """A small but complete draft: caption, agencies, authors, people, one quote, comments."""
    intro = f"Story number {n} begins here with plain words about the harbour."
    quote_par, start, end = quoted_paragraph("Jane Smith", f"We will rebuild the harbour {n}")
    offset = len(intro) + 2
    values: dict[str, Any] = {
        "paragraphs": (intro, quote_par),
        "raw_text": f"raw source of story {n}\n{intro}\n{quote_par}",
        "headline": f"Harbour story {n}",
        "byline": "By Ali Khan and Agencies",
        "authors": ("Ali Khan", "Agencies"),
        "published_at": datetime(2021, 5, n % 28 + 1, 9, 0, tzinfo=UTC),
        "source_key": f"test/story-{n}.txt",
        "images": (
            ImageDraft(
                caption=f"The harbour at dawn {n}.", credit="AP", credit_agency="Associated Press"
            ),
        ),
        "agencies": (
            AgencyRef("Associated Press", "photo", short_name="AP", kind="wire_service"),
            AgencyRef("Reuters", "credit", kind="wire_service", aliases=("Thomson Reuters",)),
        ),
        "people": (PersonRef("Jane Smith", "quoted", title="harbour master"),),
        "quotes": (
            QuoteDraft(
                text=quote_par[start:end],
                start=offset + start,
                end=offset + end,
                paragraph=1,
                kind="direct",
                speaker="Jane Smith",
                cue="said",
                via="Reuters",
            ),
        ),
        "comments": (
            CommentDraft("Reader One", "First!", datetime(2021, 5, 2, tzinfo=UTC)),
            CommentDraft("Reader Two", "A reply.", datetime(2021, 5, 3, tzinfo=UTC), parent=0),
        ),
    }
    values.update(overrides)
    return ArticleDraft(**values)
