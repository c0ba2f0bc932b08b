"""Line layout: undo hard wrapping and find where paragraphs begin and end.

Text copied from web pages and wire feeds arrives wrapped at some width, with paragraphs
marked by blank lines, or not marked at all. Without blank lines the wrap itself is the
evidence: a line that stops short of the wrap width although the next word would have fitted
ended its paragraph; a lone word or two after a finished sentence (the drop-cap artefact of
many web pages) begins one; a line far longer than the wrap width is a paragraph of its own.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Sequence

_TERMINAL = re.compile(r"""[.!?…](?:["”’'»)\]]*)$""")
_SPACE_RUN = re.compile(r"[ \t\u00a0]+")

# Lines this long on average are paragraphs that were never wrapped.
UNWRAPPED_MEDIAN = 100
# A stray line stands out from the others by this factor (and this many characters).
OVERLONG_FACTOR = 1.35
OVERLONG_MARGIN = 20
# A line this short (or this share of the wrap width) is a fragment, not a wrapped line.
FRAGMENT_CHARS = 24
FRAGMENT_SHARE = 0.35


def normalize_newlines(text: str) -> str:
    """Windows and old Mac line endings become "\n"; a byte-order mark is dropped."""
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def clean_line(line: str) -> str:
    """Trailing and leading blanks go; inner runs of spaces collapse to one."""
    if "  " not in line and "\t" not in line and "\u00a0" not in line:
        return line.strip()  # every run is one space already: nothing to collapse
    return _SPACE_RUN.sub(" ", line).strip()


def ends_sentence(line: str) -> bool:
    return bool(_TERMINAL.search(line.rstrip()))


def blocks(lines: Sequence[str]) -> list[list[str]]:
    """Groups of consecutive non-blank lines."""
    groups: list[list[str]] = []
    current: list[str] = []
    for line in lines:
        if line.strip():
            current.append(clean_line(line))
        elif current:
            groups.append(current)
            current = []
    if current:
        groups.append(current)
    return groups


def paragraphs(lines: Sequence[str]) -> list[str]:
    """Paragraphs of the given lines, each rejoined into one line with single spaces."""
    groups = blocks(lines)
    all_lines = [line for group in groups for line in group]
    if not all_lines:
        return []
    layout = _Layout.measure(all_lines)
    result: list[str] = []
    for group in groups:
        result.extend(layout.split(group))
    return result


class _Layout:
    """What the wrap width of one text appears to be, and the decisions that follow from it."""

    def __init__(self, width: int, overlong: int, unwrapped: bool) -> None:
        self.width = width
        self.overlong = overlong
        self.unwrapped = unwrapped

    @classmethod
    def measure(cls, lines: Sequence[str]) -> _Layout:
        lengths = [len(line) for line in lines]
        long_lengths = [n for n in lengths if n > FRAGMENT_CHARS] or lengths
        median = statistics.median(long_lengths)
        overlong = int(max(median * OVERLONG_FACTOR, median + OVERLONG_MARGIN))
        width = max((n for n in lengths if n <= overlong), default=max(lengths))
        return cls(width=width, overlong=overlong, unwrapped=median > UNWRAPPED_MEDIAN)

    def split(self, lines: Sequence[str]) -> list[str]:
        if self.unwrapped:
            return list(lines)
        result: list[str] = []
        current: list[str] = []
        for index, line in enumerate(lines):
            previous = lines[index - 1] if index > 0 else None
            following = lines[index + 1] if index + 1 < len(lines) else None
            if current and self._begins_paragraph(previous, line, following):
                result.append(" ".join(current))
                current = []
            current.append(line)
            if following is not None and self._ends_paragraph(line, following):
                result.append(" ".join(current))
                current = []
        if current:
            result.append(" ".join(current))
        return result

    def _is_fragment(self, line: str) -> bool:
        return len(line) <= max(FRAGMENT_CHARS, int(self.width * FRAGMENT_SHARE))

    def _begins_paragraph(self, previous: str | None, line: str, following: str | None) -> bool:
        if previous is None:
            return False
        if len(line) > self.overlong or len(previous) > self.overlong:
            return True
        # The drop-cap artefact: a finished sentence, then a word or two alone on a line.
        return (
            ends_sentence(previous)
            and following is not None
            and self._is_fragment(line)
            and not ends_sentence(line)
        )

    def _ends_paragraph(self, line: str, following: str) -> bool:
        if len(line) > self.overlong or len(following) > self.overlong:
            return True
        if not ends_sentence(line):
            return False
        next_word = following.split(" ", 1)[0]
        return len(line) + 1 + len(next_word) <= self.width
