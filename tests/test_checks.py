"""The last checks before a draft is stored: a clean draft is waved through at once, and a
bad string anywhere in a draft is named by the path of the field that holds it."""

from __future__ import annotations

from dataclasses import replace

import pytest

from archive.bench.corpus import Corpus
from archive.importing.checks import _strings, _texts, refusal
from archive.importing.draft import ArticleDraft, CommentDraft


@pytest.fixture(scope="module")
def draft() -> ArticleDraft:
    return Corpus(20160328).article(7).draft


def test_the_quick_check_reads_every_string_the_walk_reads(draft: ArticleDraft) -> None:
    assert _strings(draft, []) == [value for _, value in _texts(draft, "")]
    assert refusal(draft) is None


@pytest.mark.parametrize(
    ("bad", "reason"),
    [
        ("\x00", "contains a NUL character (U+0000), which is not text"),
        ("\ud800", "is not valid Unicode text (it holds a lone surrogate)"),
    ],
)
def test_a_bad_string_anywhere_is_named_by_its_path(
    draft: ArticleDraft, bad: str, reason: str
) -> None:
    quotes = list(draft.quotes)
    quotes[-1] = replace(quotes[-1], cue=f"sa{bad}id")
    assert refusal(replace(draft, quotes=tuple(quotes))) == f"quotes.cue {reason}"
    comment = CommentDraft(author_name=f"x{bad}", body="hello", posted_at=draft.published_at)
    assert refusal(replace(draft, comments=(comment,))) == f"comments.author_name {reason}"
    # The first bad string in field order is the one named.
    both = replace(draft, headline=f"h{bad}", comments=(comment,))
    assert refusal(both) == f"headline {reason}"
