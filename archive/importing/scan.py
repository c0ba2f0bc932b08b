"""Reading a text around a position, in place.

Slicing a paragraph at every quote or name (``text[:position].rstrip()``), or searching a
prefix with a pattern anchored by ``$``, copies and rescans the whole paragraph each time,
which makes a long paragraph quadratic. These walk only as far as the answer lies.
"""

from __future__ import annotations

import re

# How far before a position a pattern anchored at that position is looked for. Cues and
# titles are a few words long; the bound keeps a search from rescanning a whole paragraph.
TAIL_WINDOW = 300


def skip_space_back(text: str, end: int, start: int = 0) -> int:
    """Where the whitespace that ends at `end` begins (not before `start`)."""
    position = end
    while position > start and text[position - 1].isspace():
        position -= 1
    return position


def skip_space_forward(text: str, start: int) -> int:
    """Where the whitespace that begins at `start` ends."""
    position = start
    while position < len(text) and text[position].isspace():
        position += 1
    return position


def last_visible_char(text: str, end: int) -> str:
    """The last non-space character before `end` ("" if none): text[:end].rstrip()[-1:]."""
    position = skip_space_back(text, end)
    return text[position - 1] if position > 0 else ""


def only_chars_between(text: str, start: int, end: int, chars: str) -> bool:
    """Whether text[start:end] holds nothing but `chars`, read from the end (where a
    difference usually is)."""
    return all(text[position] in chars for position in range(end - 1, start - 1, -1))


def word_before(text: str, end: int, word_char: re.Pattern[str]) -> tuple[int, int] | None:
    """(start, end) of the last run of `word_char` characters followed by whitespace up to
    `end`, as ``re.search(r"(WORD+)\\s+$", text[:end])`` finds it; None when there is none."""
    word_end = skip_space_back(text, end)
    if word_end == end:
        return None
    start = word_end
    while start > 0 and word_char.match(text, start - 1):
        start -= 1
    return (start, word_end) if start < word_end else None


def word_ending_at(text: str, end: int) -> str:
    """The run of non-space characters that ends at `end` ("" right after a space):
    ``re.search(r"(\\S+)$", text[:end])``."""
    start = end
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    return text[start:end]


def ends_with(
    pattern: re.Pattern[str], text: str, end: int, words: int | None = None
) -> re.Match[str] | None:
    """``pattern.search(text[:end])`` for a pattern anchored with `$`, looking only at the
    last TAIL_WINDOW characters (word boundaries still see the text before them).

    words: the most whitespace-separated words a match can touch, when the pattern bounds
    it; the search then starts at the first of the last `words` words instead of trying
    every position of the window (the leftmost match cannot start before it)."""
    floor = max(0, end - TAIL_WINDOW)
    if words is not None:
        floor = _start_of_last_words(text, end, words, floor)
    return pattern.search(text, floor, end)


def _start_of_last_words(text: str, end: int, words: int, floor: int) -> int:
    """Where the last `words` runs of non-space characters before `end` begin (not before
    `floor`)."""
    position = end
    for _ in range(words):
        while position > floor and text[position - 1].isspace():
            position -= 1
        while position > floor and not text[position - 1].isspace():
            position -= 1
    return position


def may_end_with_word(text: str, end: int, words: tuple[str, ...]) -> bool:
    """False only when text[:end] cannot end with one of `words` (lower-case ASCII) and then
    whitespace, compared as re.IGNORECASE compares: a cheap test that lets a pattern of the
    shape ``(?:...|word)\\s+$`` skip its search. Non-ASCII characters where a word would
    stand may still match under IGNORECASE (ſ for s, K for k), so they answer True."""
    word_end = skip_space_back(text, end)
    if word_end == end:
        return False
    tail = text[max(0, word_end - max(map(len, words))) : word_end]
    if tail.isascii():
        return tail.lower().endswith(words)
    for word in words:
        tail = text[max(0, word_end - len(word)) : word_end]
        if not tail.isascii() or tail.lower() == word:
            return True
    return False
