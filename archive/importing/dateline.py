"""Datelines that open wire copy: "TEHRAN (Reuters) -", "BEIRUT, March 28 (AFP) -".

The place is kept as the article's dateline, the agency in brackets becomes a credit, and the
dateline is taken off the first paragraph, as the byline is taken off the top.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from archive.importing.names import word_set

_PLACE = r"[A-Z][A-Z'’.-]+(?:\s+[A-Z][A-Z'’.-]+){0,3}"
_REGION = r"(?:,\s*[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,2})?"
_DAY = r"(?:,\s*(?P<day>[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?))?"
_AGENCY = r"\s*\((?P<agency>[A-Za-z][\w .&’'/-]{0,40})\)"
_DASH = r"\s*(?:--|-|–|—)\s+"

_WITH_PLACE = re.compile(
    r"^(?P<place>" + _PLACE + _REGION + r")" + _DAY + r"(?:" + _AGENCY + r")?" + _DASH
)
_TITLE_CASE_PLACE = re.compile(
    r"^(?P<place>[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){0,2}" + _REGION + r")" + _DAY + _AGENCY + _DASH
)
_AGENCY_ONLY = re.compile(r"^" + _AGENCY + _DASH)
# "Gaborone, Botswana — …" (VOA): a place in title case needs its country or state and a long
# dash, or a sentence such as "Earlier, Smith - who …" would pass for one.
_TITLE_CASE_WITH_REGION = re.compile(
    r"^(?P<place>[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){0,2},\s*[A-Z][\w.'’-]*"
    r"(?:\s+[A-Z][\w.'’-]*){0,2})\s*(?:--|–|—)\s+"
)


# Words that open a sentence, never a place: "However, Smith — …", "In Kabul, Afghanistan — …".
_NOT_PLACE_WORDS = word_set(
    """
    in at on from after before however meanwhile earlier later yesterday today tonight also
    still but and so then now here there the a an this that his her their its mr mrs ms dr
    monday tuesday wednesday thursday friday saturday sunday january february march april may
    june july august september october november december
    """
)


def _reads_as_place(place: str) -> bool:
    return not any(word.strip(",.").lower() in _NOT_PLACE_WORDS for word in place.split())


@dataclass(frozen=True)
class Dateline:
    place: str | None
    agency: str | None
    length: int  # characters of the paragraph the dateline takes up


def read_dateline(paragraph: str) -> Dateline | None:
    """The dateline a first paragraph opens with, or None."""
    for pattern in (_WITH_PLACE, _TITLE_CASE_PLACE, _AGENCY_ONLY, _TITLE_CASE_WITH_REGION):
        match = pattern.match(paragraph)
        if not match:
            continue
        groups = match.groupdict()
        place = (groups.get("place") or "").strip() or None
        if pattern is _WITH_PLACE and place is not None and sum(c.isupper() for c in place) < 3:
            continue
        if pattern is _TITLE_CASE_WITH_REGION and not _reads_as_place(place or ""):
            continue
        if match.end() >= len(paragraph):
            continue
        return Dateline(place=place, agency=groups.get("agency"), length=match.end())
    return None
