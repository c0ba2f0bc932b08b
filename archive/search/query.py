"""The search syntax users type, parsed once and written out for each database.

Users type words, "exact phrases", -excluded terms and OR, on both databases. The text is
parsed here into groups of terms and written out again, as the input of PostgreSQL's
websearch_to_tsquery() and as an FTS5 MATCH expression, from pieces that can hold no operator
of either language. So whatever is typed, the database receives a well-formed query, and
both databases read it the same way:

- terms side by side must all match; OR separates alternatives (``a b OR c`` is
  ``(a AND b) OR c``, as in websearch_to_tsquery);
- a term with inner punctuation (``al-Assad``, ``U.S.``) is a phrase of its words;
- ``-term`` and ``-"a phrase"`` exclude; an alternative made only of exclusions means nothing;
- English stop words mean nothing (PostgreSQL drops them; SQLite is told to drop them too),
  and a query that means nothing matches nothing.

Known difference: inside a phrase, PostgreSQL lets a stop word match any word
(``"war in Syria"`` also finds "war on Syria"); SQLite requires that very word.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

# PostgreSQL's english.stop (the Snowball list): what the `english` configuration drops.
STOP_WORDS = frozenset(
    """
    i me my myself we our ours ourselves you your yours yourself yourselves he him his
    himself she her hers herself it its itself they them their theirs themselves what which
    who whom this that these those am is are was were be been being have has had having do
    does did doing a an the and but if or because as until while of at by for with about
    against between into through during before after above below to from up down in out on
    off over under again further then once here there when where why how all any both each
    few more most other some such no nor not only own same so than too very s t can will
    just don should now
    """.split()  # noqa: SIM905 - the list as PostgreSQL ships it, easy to compare
)

_QUOTE_MARKS = str.maketrans({"“": '"', "”": '"', "„": '"', "‟": '"', "«": '"', "»": '"'})
# Punctuation PostgreSQL's parser reads inside a word (hosts, e-mails, versions, hyphenated
# words, file paths); every other non-word character is passed to it as a space.
_WORD_INNER_PUNCTUATION = frozenset("-.'’@/_")


@dataclass(frozen=True)
class SearchTerm:
    """A word or phrase: `surface` for PostgreSQL's parser, `words` as FTS5 tokenizes it."""

    surface: str
    words: tuple[str, ...]
    excluded: bool = False


@dataclass(frozen=True)
class SearchQuery:
    """Alternatives (OR) of term groups (AND); empty when the text means nothing."""

    groups: tuple[tuple[SearchTerm, ...], ...]

    @property
    def is_empty(self) -> bool:
        return not self.groups

    @property
    def is_one_word(self) -> bool:
        """One word wanted, nothing else (a hyphenated word may still be several lexemes)."""
        return (
            len(self.groups) == 1
            and len(self.groups[0]) == 1
            and not self.groups[0][0].excluded
            and len(self.groups[0][0].words) == 1
        )

    def websearch(self) -> str:
        """The query as websearch_to_tsquery() input: every term quoted, groups joined by or."""
        return " or ".join(
            " ".join(("-" if term.excluded else "") + f'"{term.surface}"' for term in group)
            for group in self.groups
        )

    def fts5(self) -> str:
        """The query as an FTS5 MATCH expression, fully parenthesised."""
        alternatives = []
        for group in self.groups:
            wanted = " AND ".join(_fts5_phrase(t) for t in group if not t.excluded)
            unwanted = " OR ".join(_fts5_phrase(t) for t in group if t.excluded)
            alternatives.append(f"(({wanted}) NOT ({unwanted}))" if unwanted else f"({wanted})")
        return " OR ".join(alternatives)


def parse_search(text: str) -> SearchQuery:
    """Read what a user typed; never fails, whatever the text."""
    groups: list[tuple[SearchTerm, ...]] = []
    current: list[SearchTerm] = []
    for token in _lex(text.translate(_QUOTE_MARKS)):
        if token is None:  # OR
            _close_group(current, groups)
            current = []
        elif token not in current:
            current.append(token)
    _close_group(current, groups)
    return SearchQuery(tuple(groups))


def _close_group(terms: list[SearchTerm], groups: list[tuple[SearchTerm, ...]]) -> None:
    group = tuple(terms)
    if any(not term.excluded for term in group) and group not in groups:
        groups.append(group)


def _lex(text: str) -> list[SearchTerm | None]:
    """Terms in order, with None where an OR stands; meaningless pieces are left out."""
    tokens: list[SearchTerm | None] = []
    position, length = 0, len(text)
    while position < length:
        char = text[position]
        if char.isspace():
            position += 1
            continue
        excluded = False
        if char == "-":
            end = position
            while end < length and text[end] == "-":
                end += 1
            position = end
            if end == length or text[end].isspace():
                continue  # dashes standing alone
            excluded = True
            char = text[position]
        if char == '"':
            close = text.find('"', position + 1)
            close = length if close == -1 else close
            piece, position = text[position + 1 : close], close + 1
        else:
            end = position
            while end < length and not text[end].isspace() and text[end] != '"':
                end += 1
            piece, position = text[position:end], end
            if not excluded and piece.casefold() == "or":
                tokens.append(None)
                continue
        term = _term(piece, excluded)
        if term is not None:
            tokens.append(term)
    return tokens


def _term(piece: str, excluded: bool) -> SearchTerm | None:
    words = _words(piece)
    while words and words[0].lower() in STOP_WORDS:
        words.pop(0)
    while words and words[-1].lower() in STOP_WORDS:
        words.pop()
    if not words:
        return None
    surface = "".join(
        char if _is_word_char(char) or char in _WORD_INNER_PUNCTUATION else " " for char in piece
    )
    return SearchTerm(" ".join(surface.split()), tuple(words), excluded)


def _words(piece: str) -> list[str]:
    """Split as FTS5's unicode61 tokenizer does: letters, digits and private-use characters."""
    words: list[str] = []
    current: list[str] = []
    for char in piece:
        if _is_word_char(char):
            current.append(char)
        elif current:
            words.append("".join(current))
            current = []
    if current:
        words.append("".join(current))
    return words


def _is_word_char(char: str) -> bool:
    return char.isalnum() or unicodedata.category(char) == "Co"


def _fts5_phrase(term: SearchTerm) -> str:
    # Words hold only letters and digits, so they cannot close the string or form an operator.
    return '"' + " ".join(term.words) + '"'
