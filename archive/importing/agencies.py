"""The agency reference list, and finding agencies where a text names them.

The list (archive/data/agencies.json) is general data: canonical name, short name, kind,
country and the aliases each agency goes by. A name that is not on the list but is introduced
as "X news agency" (or "news agency X") is still recognised, as an agency of kind "other".
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from archive.importing.draft import AgencyRef
from archive.importing.scan import word_before
from archive.normalize import normalize_name

# Words that introduce a source: an agency named right after them is relied on, not just named.
# What the names' lookbehind refuses right before a name.
_NAME_CHAR = re.compile(r"[\w-]")
_CITING_BEFORE = re.compile(
    r"(?:according\s+to|told|quoted\s+by|cited\s+by|reported\s+by|carried\s+by|quoted|"
    r"interview\s+with|speaking\s+to|talking\s+to|said\s+to|statement\s+to|broadcast\s+by|"
    r"aired\s+by|published\s+by|wrote\s+in|told\s+(?:the\s+)?[\w'’-]+(?:\s+[\w'’-]+)?|"
    r"on|in|by|to)"
    r"(?:\s+(?:the|a|an|its|his|her|their|[A-Z][\w'’-]*['’]s?|[\w'’-]+-language|state|"
    r"state-run|state-owned|official|semi-official|news|pan-Arab|private|public|government|"
    r"Arabic|Persian|English|French|Russian|Turkish|\w+-run|\w+-based|daily|weekly|"
    r"television|radio|channel|agency|broadcaster|newspaper|website)){0,5}\s*$",
)
_CITING_AFTER = re.compile(
    r"^(?:\s+(?:news\s+agency|agency|television|TV|radio|newspaper|daily|channel|"
    r"broadcaster|website|reported|reports|quoted|said|says|cited|carried|added|published|"
    r"aired|broadcast|wrote|\(\w+\))\b|['’]s\s+(?:\w+\s+){0,2}(?:reported|said))",
)
_UNKNOWN_BEFORE = re.compile(
    r"\b((?:[A-Z][\w'’.-]*\s+){0,3}[A-Z][\w'’.-]*)\s+[Nn]ews\s+[Aa]gency\b",
)
_UNKNOWN_AFTER = re.compile(r"\b[Nn]ews\s+[Aa]gency,?\s+([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2})")
_NOT_A_NAME = {
    "the",
    "state",
    "official",
    "semi-official",
    "national",
    "his",
    "her",
    "its",
    "their",
    "a",
    "an",
}


# Capitalised only because they begin a sentence: not part of a longer name.
_NOT_SPACE = re.compile(r"\S")
_PLACE_AFTER = re.compile(r"\s+(?:Province|Street|Square|University|County|River)\b")
_FUNCTION_WORDS = {
    "the",
    "according",
    "and",
    "but",
    "by",
    "told",
    "said",
    "says",
    "with",
    "to",
    "in",
    "on",
    "from",
    "for",
    "of",
    "as",
    "while",
    "both",
    "state",
    "official",
    "via",
    "citing",
}


@dataclass(frozen=True)
class Agency:
    name: str
    short_name: str | None
    kind: str
    country: str | None
    aliases: tuple[str, ...]

    def ref(self, role: str) -> AgencyRef:
        return AgencyRef(
            name=self.name,
            role=role,
            short_name=self.short_name,
            kind=self.kind,
            country=self.country,
            aliases=self.aliases,
        )


@dataclass(frozen=True)
class AgencyMention:
    agency: Agency
    start: int
    end: int
    cited: bool  # named as the source of what is reported, not merely mentioned


class AgencyList:
    """Agencies by every name they go by; one instance per reference file."""

    def __init__(self, agencies: list[Agency]) -> None:
        self.agencies = agencies
        self._by_name: dict[str, Agency] = {}
        for agency in agencies:
            for alias in (agency.name, agency.short_name, *agency.aliases):
                if alias:
                    self._by_name.setdefault(normalize_name(alias), agency)
        names = sorted(
            {alias for agency in agencies for alias in (agency.name, *agency.aliases)},
            key=len,
            reverse=True,
        )
        # The lookahead on first letters fails fast where no name can start; the names as a
        # trie spare the regex engine from trying each of them in turn where one can.
        first_letters = "".join(sorted({name[0] for name in names}))
        self._pattern = re.compile(
            r"(?<![\w-])(?=["
            + re.escape(first_letters)
            + r"])("
            + longest_first(names)
            + r")(?![\w-])"
        )
        # The same without the lookarounds in front, which keep the regex engine from
        # scanning for the names' first letters at C speed (see _listed).
        self._names = re.compile(r"(" + longest_first(names) + r")(?![\w-])")

    def lookup(self, name: str) -> Agency | None:
        """The listed agency a name (any alias, any case or spacing) stands for."""
        key = normalize_name(name)
        found = self._by_name.get(key)
        if found is None and key.startswith("the "):
            found = self._by_name.get(key[4:])
        return found

    def lookup_or_new(self, name: str) -> Agency:
        """A listed agency, or an unlisted one known only by the name the text gives it."""
        return self.lookup(name) or Agency(
            name=name, short_name=None, kind="other", country=None, aliases=()
        )

    def _listed(self, text: str) -> Iterator[re.Match[str]]:
        """What self._pattern.finditer(text) finds: a name found right after a letter,
        digit or hyphen is passed over as the pattern's lookbehind passes over it."""
        position = 0
        while (match := self._names.search(text, position)) is not None:
            start = match.start()
            if start > 0 and _NAME_CHAR.match(text, start - 1):
                position = start + 1
                continue
            yield match
            position = match.end()

    def mentions(self, text: str) -> list[AgencyMention]:
        """Agencies named in running text, listed ones and "X news agency" alike."""
        found: list[AgencyMention] = []
        taken: list[tuple[int, int]] = []
        for match in self._listed(text):
            if _inside_name(text, match.start(), match.end()):
                continue
            agency = self.lookup(match.group(1))
            if agency is None:
                continue
            found.append(AgencyMention(agency, match.start(), match.end(), _cited(text, match)))
            taken.append((match.start(), match.end()))
        # Both patterns need the words "news agency": most paragraphs have no need of them.
        unknown = (_UNKNOWN_BEFORE, _UNKNOWN_AFTER) if "ews" in text and "gency" in text else ()
        for pattern in unknown:
            for match in pattern.finditer(text):
                name = _strip_leading_words(match.group(1))
                start = match.start(1) + match.group(1).find(name)
                end = start + len(name)
                if not name or any(s < end and start < e for s, e in taken):
                    continue
                found.append(AgencyMention(self.lookup_or_new(name), start, end, True))
                taken.append((start, end))
        found.sort(key=lambda mention: mention.start)
        return found


def longest_first(names: Iterable[str]) -> str:
    """A pattern that matches what ``"|".join(map(re.escape, longest to shortest))`` matches,
    trying the same names in the same order (at a position, the longest name there first,
    then shorter ones on backtracking), with a branch per letter instead of a try per name."""
    trie: dict[str, Any] = {}
    for name in names:
        node = trie
        for char in name:
            node = node.setdefault(char, {})
        node[""] = {}
    return _branches(trie)


def _branches(node: dict[str, Any]) -> str:
    branches = [re.escape(char) + _branches(child) for char, child in node.items() if char]
    if not branches:
        return ""
    group = (
        branches[0] if len(branches) == 1 and "" not in node else "(?:" + "|".join(branches) + ")"
    )
    return group + "?" if "" in node else group


def _strip_leading_words(name: str) -> str:
    words = name.split()
    while words and words[0].lower() in _NOT_A_NAME:
        words.pop(0)
    return " ".join(words)


def _inside_name(text: str, start: int, end: int) -> bool:
    """A listed name inside a longer capitalised name ("Michael Bloomberg", "Fars Province")."""
    previous = word_before(text, start, _NOT_SPACE)
    if previous is not None:
        word = text[previous[0] : previous[1]]
        if re.fullmatch(r"[A-Z][a-z]+", word) and word.lower() not in _FUNCTION_WORDS:
            return True
    return bool(_PLACE_AFTER.match(text, end))


def _cited(text: str, match: re.Match[str]) -> bool:
    before = text[max(0, match.start() - 120) : match.start()]
    after = text[match.end() : match.end() + 60]
    return bool(_CITING_BEFORE.search(before) or _CITING_AFTER.search(after))


@cache
def reference_list() -> AgencyList:
    """The shipped reference list, read once."""
    data = json.loads(
        resources.files("archive").joinpath("data/agencies.json").read_text(encoding="utf-8")
    )
    agencies = [
        Agency(
            name=entry["name"],
            short_name=entry.get("short_name"),
            kind=entry.get("kind", "other"),
            country=entry.get("country"),
            aliases=tuple(entry.get("aliases", ())),
        )
        for entry in data["agencies"]
    ]
    return AgencyList(agencies)
