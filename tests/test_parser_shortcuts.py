"""The shortcuts the parser takes agree with the plain searches they replace on any text:
they only skip work, never change an answer."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from archive.importing.agencies import longest_first, reference_list
from archive.importing.attribution import _NOMINAL_SUBJECT, _nominal_subjects
from archive.importing.decoding import _BINARY_BYTES, binary_bytes
from archive.importing.layout import clean_line
from archive.importing.names import (
    _PREPOSITIONS_AFTER_TITLE,
    _PUBLICATION_BEFORE,
    _PUBLICATION_LAST_WORDS,
    _PUBLICATION_WORDS,
    _TITLE_AND_PREPOSITION,
    _TITLE_AND_PREPOSITION_WORDS,
    _common_words,
    _LazyWords,
)
from archive.importing.scan import TAIL_WINDOW, ends_with, may_end_with_word

# Words of the patterns and their look-alikes under IGNORECASE (ſ for s, K for k, İ/ı for i).
WORDS = [
    "published", "online", "today", "this", "week", "in", "the", "journal", "Magazine",
    "minister", "Ambassador", "of", "to", "for", "at", "IN", "ſecretary", "\u212aing", "İn",
    "ın", "(journal", "x-in", "Richard", "Grenell", "said", ".",
]  # fmt: skip
SPACES = [" ", "  ", "\n", "\t", "\u00a0", " \n"]

texts = st.lists(
    st.tuples(st.sampled_from(WORDS), st.sampled_from(SPACES)), min_size=0, max_size=12
).map(lambda parts: "".join(word + space for word, space in parts))

CASES = [
    (_PUBLICATION_BEFORE, _PUBLICATION_LAST_WORDS, _PUBLICATION_WORDS),
    (_TITLE_AND_PREPOSITION, _PREPOSITIONS_AFTER_TITLE, _TITLE_AND_PREPOSITION_WORDS),
]


def _span(text: str, pattern_index: int, end: int, words: int | None) -> tuple[int, int] | None:
    pattern = CASES[pattern_index][0]
    found = ends_with(pattern, text, end, words)
    return found.span() if found else None


@settings(max_examples=400, deadline=None)
@given(text=texts, tail=st.sampled_from(["", "Name", " Name"]), which=st.sampled_from([0, 1]))
def test_the_shortcuts_agree_with_the_full_search(text: str, tail: str, which: int) -> None:
    pattern, last_words, words = CASES[which]
    whole = text + tail
    end = len(text)
    full = pattern.search(whole, max(0, end - TAIL_WINDOW), end)
    if full is not None:
        assert may_end_with_word(whole, end, last_words)
    assert _span(whole, which, end, words) == (full.span() if full else None)


def test_a_match_is_still_found_past_a_long_word() -> None:
    text = "x" * 500 + " published in the "
    assert _span(text, 0, len(text), _PUBLICATION_WORDS) == (501, len(text))
    assert may_end_with_word(text, len(text), _PUBLICATION_LAST_WORDS)
    assert not may_end_with_word("said the minister", 17, _PUBLICATION_LAST_WORDS)


names = st.lists(st.text(alphabet="ABa- ", min_size=1, max_size=5), min_size=1, max_size=12)


@settings(max_examples=300, deadline=None)
@given(names=names, text=st.text(alphabet="ABa- x", max_size=40))
def test_names_as_a_trie_match_as_the_plain_alternation(names: list[str], text: str) -> None:
    ordered = sorted(set(names), key=len, reverse=True)
    plain = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, ordered)) + r")(?![\w-])")
    trie = re.compile(r"(?<![\w-])(" + longest_first(ordered) + r")(?![\w-])")
    assert [m.span() for m in trie.finditer(text)] == [m.span() for m in plain.finditer(text)]


@settings(max_examples=300, deadline=None)
@given(data=st.binary(max_size=200))
def test_control_bytes_are_counted_as_the_plain_loop_counts_them(data: bytes) -> None:
    assert binary_bytes(data) == sum(byte in _BINARY_BYTES for byte in data)


lowered = st.text(alphabet="aAbz'’- \n.", max_size=12)


@settings(max_examples=400, deadline=None)
@given(paragraphs=st.lists(lowered, max_size=4), words=st.lists(lowered, max_size=6))
def test_lazy_lower_case_words_answer_as_the_whole_set(
    paragraphs: list[str], words: list[str]
) -> None:
    """A word asked about before or after the set is collected gets the set's answer."""
    lazy, whole = _LazyWords(paragraphs), _common_words(paragraphs)
    assert [word in lazy for word in words] == [word in whole for word in words]
    assert [word in lazy for word in words] == [word in whole for word in words]


def test_an_article_without_a_word_never_collects_its_lower_case_words() -> None:
    lazy = _LazyWords(["Ali Reza Khan said the talks went on.", "He left."])
    assert "treasurer" not in lazy and lazy._words is None
    assert "talks" in lazy and lazy._words is not None


NOMINAL_WORDS = [
    "The", "the", "A", "an", "His", "her", "one", "minister", "ministers", "spokesman",
    "foreign", "deputy", "of", "for", "Iran", "Supreme", "Council", "said", "x", "Mr.",
]  # fmt: skip
NOMINAL_GAPS = [" ", ". ", "! ", "? ", ".\n", "  ", ", ", "?", ".. "]


@settings(max_examples=400, deadline=None)
@given(
    parts=st.lists(
        st.tuples(st.sampled_from(NOMINAL_WORDS), st.sampled_from(NOMINAL_GAPS)), max_size=14
    ),
    lead=st.sampled_from(["", " ", ".", ". "]),
)
def test_nominal_subjects_are_found_as_the_full_search_finds_them(
    parts: list[tuple[str, str]], lead: str
) -> None:
    text = lead + "".join(word + gap for word, gap in parts)
    found = [(m.span(), m.group("nominal")) for m in _nominal_subjects(text)]
    full = [(m.span(), m.group("nominal")) for m in _NOMINAL_SUBJECT.finditer(text)]
    assert found == full


@settings(max_examples=300, deadline=None)
@given(line=st.text(alphabet=" \t\u00a0\u2003ab.\n", max_size=30))
def test_a_line_is_cleaned_as_the_plain_substitution_cleans_it(line: str) -> None:
    assert clean_line(line) == re.sub(r"[ \t\u00a0]+", " ", line).strip()


AGENCY_PARTS = ["AP", "Reuters", "IRNA", "Fars", "Fars News Agency", "Xinhua", "AFP", "dpa"]
AGENCY_GAPS = [" ", "-", "x", "", ", ", "s ", "_", "é", "’s "]


@settings(max_examples=400, deadline=None)
@given(
    parts=st.lists(
        st.tuples(st.sampled_from(AGENCY_GAPS), st.sampled_from(AGENCY_PARTS)), max_size=8
    ),
    tail=st.sampled_from(AGENCY_GAPS),
)
def test_listed_agencies_are_found_as_the_full_pattern_finds_them(
    parts: list[tuple[str, str]], tail: str
) -> None:
    agencies = reference_list()
    text = "".join(gap + name for gap, name in parts) + tail
    found = [(m.span(), m.group(1)) for m in agencies._listed(text)]
    assert found == [(m.span(), m.group(1)) for m in agencies._pattern.finditer(text)]
