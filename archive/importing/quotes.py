"""Where quoted words are: spans between quote marks, in every common quote-mark style.

Each mark is read as opening or closing from what stands beside it (a mark after a space and
before a letter opens, a mark after a letter and before a space or punctuation closes), and
from its shape where the context is silent. Marks pair within a paragraph; a quote left open
at the end of a paragraph continues only when the next paragraph opens with a quote mark (the
news convention for quotes running over several paragraphs). A paragraph whose first
mark closes a quote before a speech cue ("…," said X) opens with the quote, its opening mark
left out by the source. Any other unbalanced mark is ignored, so it never swallows the rest
of a paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

DOUBLE_OPENERS = "“„‟«"
DOUBLE_CLOSERS = "”»"
DOUBLE_NEUTRAL = '"'
SINGLE_OPENERS = "‘‚‹"
SINGLE_CLOSERS = "’›"
SINGLE_NEUTRAL = "'"
_BEFORE_OPENING = "([{—–-/"
_AFTER_CLOSING = ".,;:!?)]}—–-…"
# Any mark of a style: a paragraph is read only where one stands.
_SINGLE_MARK = re.compile("[" + re.escape(SINGLE_OPENERS + SINGLE_CLOSERS + SINGLE_NEUTRAL) + "]")
_DOUBLE_MARK = re.compile("[" + re.escape(DOUBLE_OPENERS + DOUBLE_CLOSERS + DOUBLE_NEUTRAL) + "]")


@dataclass(frozen=True)
class QuoteSpan:
    """Quoted words in one paragraph: paragraph[start:end], marks at open_mark and close_mark."""

    paragraph: int
    start: int
    end: int
    open_mark: int
    close_mark: int | None  # None: the quote runs on into the next paragraph
    continues_previous: bool = False  # this span carries on a quote opened a paragraph before


def find_quotes(paragraphs: Sequence[str]) -> list[QuoteSpan]:
    """All quote spans of a text, in reading order."""
    single_style = not any(
        mark in paragraph
        for paragraph in paragraphs
        for mark in DOUBLE_OPENERS + DOUBLE_CLOSERS + DOUBLE_NEUTRAL
    )
    spans: list[QuoteSpan] = []
    carried = False
    all_marks = [_marks(paragraph, single_style) for paragraph in paragraphs]
    for index, paragraph in enumerate(paragraphs):
        marks = all_marks[index]
        pairs, dangling = _pair(marks)
        next_opens = index + 1 < len(paragraphs) and _opens_with_quote(
            paragraphs[index + 1], all_marks[index + 1]
        )
        first_open = marks[0][0] if marks and marks[0][1] == "open" else None
        if not carried and marks and marks[0][1] == "close":
            unopened = _unopened_quote(index, paragraph, marks[0][0])
            if unopened is not None:
                spans.append(unopened)
        for open_mark, close_mark in pairs:
            span = _span(index, paragraph, open_mark, close_mark)
            if span is not None:
                continues = carried and open_mark == first_open and _at_start(paragraph, open_mark)
                spans.append(_with_continuation(span, continues))
        carried = False
        if dangling is not None and next_opens:
            span = _span(index, paragraph, dangling, None)
            if span is not None:
                continues = (
                    _at_start(paragraph, dangling)
                    and bool(spans)
                    and _previous_runs_on(spans, index)
                )
                spans.append(_with_continuation(span, continues))
                carried = True
    return spans


# Words that follow a quote's closing mark when a person is being quoted: `," said X`,
# `," he added`.
_CUE_AFTER_CLOSE = re.compile(
    r"\s+(?:(?:he|she|they|[A-Z][\w.’'-]*)\s+)?"
    r"(?:said|says|added|adds|told|tells|explained|noted|continued|replied|asked|wrote)\b"
)


def _unopened_quote(index: int, paragraph: str, close_mark: int) -> QuoteSpan | None:
    """A quote whose opening mark the source left out: the paragraph opens with the quoted
    words and its first mark closes them, before a speech cue (`We are an Army at war," said
    Sgt. Maj. Kenneth O. Preston`). The words are the paragraph's up to the mark."""
    if paragraph[close_mark - 1 : close_mark] not in tuple(",.?!") or not _CUE_AFTER_CLOSE.match(
        paragraph, close_mark + 1
    ):
        return None
    span = _span(index, paragraph, -1, close_mark)
    if span is None or len(paragraph[span.start : span.end].split()) < 3:
        return None
    return QuoteSpan(index, span.start, span.end, span.start, close_mark)


def _with_continuation(span: QuoteSpan, continues: bool) -> QuoteSpan:
    if not continues:
        return span
    return QuoteSpan(
        span.paragraph,
        span.start,
        span.end,
        span.open_mark,
        span.close_mark,
        continues_previous=True,
    )


def _previous_runs_on(spans: Sequence[QuoteSpan], index: int) -> bool:
    previous = [span for span in spans if span.paragraph == index - 1]
    return bool(previous) and previous[-1].close_mark is None


def _marks(paragraph: str, single_style: bool) -> list[tuple[int, str]]:
    openers, closers, any_mark = (
        (SINGLE_OPENERS, SINGLE_CLOSERS, _SINGLE_MARK)
        if single_style
        else (DOUBLE_OPENERS, DOUBLE_CLOSERS, _DOUBLE_MARK)
    )
    marks: list[tuple[int, str]] = []
    is_open = False
    for found in any_mark.finditer(paragraph):
        position = found.start()
        char = found.group()
        before = paragraph[position - 1] if position > 0 else None
        after = paragraph[position + 1] if position + 1 < len(paragraph) else None
        opens = (before is None or before.isspace() or before in _BEFORE_OPENING) and (
            after is not None and not after.isspace()
        )
        closes = (before is not None and not before.isspace()) and (
            after is None or after.isspace() or after in _AFTER_CLOSING or after in closers
        )
        if single_style:
            # An apostrophe inside a word (Iran’s, don't) is no quote mark.
            if before is not None and after is not None and before.isalnum() and after.isalnum():
                continue
            if not opens and not closes:
                continue
        if opens and not closes:
            role = "open"
        elif closes and not opens:
            role = "close"
        elif char in openers:
            role = "open"
        elif char in closers:
            role = "close"
        else:
            role = "close" if is_open else "open"
        marks.append((position, role))
        is_open = role == "open"
    return marks


def _pair(marks: Sequence[tuple[int, str]]) -> tuple[list[tuple[int, int]], int | None]:
    """Matched (open, close) positions, and an opening mark left open at the end."""
    pairs: list[tuple[int, int]] = []
    open_at: int | None = None
    for position, role in marks:
        if role == "open":
            # A second opening mark means the first one was never closed: drop it.
            open_at = position
        elif open_at is not None:
            pairs.append((open_at, position))
            open_at = None
    return pairs, open_at


def _opens_with_quote(paragraph: str, marks: Sequence[tuple[int, str]]) -> bool:
    return bool(marks) and marks[0][1] == "open" and _at_start(paragraph, marks[0][0])


def _at_start(paragraph: str, position: int) -> bool:
    return not paragraph[:position].strip()


def _span(index: int, paragraph: str, open_mark: int, close_mark: int | None) -> QuoteSpan | None:
    start = open_mark + 1
    end = close_mark if close_mark is not None else len(paragraph)
    while start < end and paragraph[start].isspace():
        start += 1
    while end > start and paragraph[end - 1].isspace():
        end -= 1
    if not any(char.isalnum() for char in paragraph[start:end]):
        return None
    return QuoteSpan(index, start, end, open_mark, close_mark)
