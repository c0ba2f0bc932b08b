"""The lines above a story: headline, photo caption, byline, date, "Title:"-style fields.

The header is read line by line from the top while each line is recognisably one of these;
the first line that is none of them begins the body. Nothing is guessed: a first line is a
headline only when it is short, has no final full stop and is set off (a blank line, a byline
or a date follows it).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from archive.importing.agencies import Agency, AgencyList
from archive.importing.boilerplate import is_furniture, is_page_top_furniture
from archive.importing.dateline import read_dateline
from archive.importing.dates import parse_date_line
from archive.importing.layout import UNWRAPPED_MEDIAN, clean_line
from archive.importing.names import TITLE_WORDS

MAX_HEADER_LINES = 16
MAX_CAPTION_LINES = 8
MAX_HEADLINE_CHARS = 160
MAX_HEADLINE_WORDS = 25
MAX_BYLINE_WORDS = 14
MAX_LABEL_WORDS = 8
MIN_UNSPACED_HEADLINE_WORDS = 3
REPEAT_REACH = 3  # lines with words in them

_FIELD = re.compile(
    r"^(?P<key>title|headline|author|authors|byline|by|date|published|updated|posted|"
    r"source|site|url|link|dateline)\s*:\s*(?P<value>\S.*)$",
    re.IGNORECASE,
)
_BYLINE = re.compile(r"^(?:by|written by|words by|text by|von|par)\s+(?P<names>\S.*)$", re.I)
_STAFF_BYLINE = re.compile(
    r"^(?P<names>(?:[A-Z][\w.&'’-]*\s+){1,4}(?i:staff|correspondents?|reporters?|desk|"
    r"bureau|staff writers?|news desk|wires?))$",
)
_BYLINE_ROLE_WORDS = re.compile(
    r"^(?:(?:senior |chief |special |foreign |staff |political |diplomatic |contributing )*"
    r"(?:writer|correspondent|reporter|editor|contributor|staff|staff writer|"
    r"bureau chief))$",
    re.IGNORECASE,
)
# "(AP)", "(AP Photo/Vahid Salemi)", "(Photo: Reuters)", "Photo: AFP", "REUTERS/John Smith".
_CAPTION_CREDIT = re.compile(
    r"(?:\s*[\[(](?P<paren>[^()\[\]]{1,80})[\])]"
    r"|\s+(?:photo|image|picture|credit|photograph|foto)s?(?:\s+credit)?\s*:\s*(?P<label>[^.]{1,80})"
    r"|\s+(?P<slash>[A-Z][\w.]*(?:\s[A-Z][\w.]*)?/[\w .’'-]{1,60}))\s*$",
    re.IGNORECASE,
)
_PHOTO_WORD = re.compile(r"\b(?:photo|image|picture|photograph|foto|file|getty|credit)\b", re.I)
_AGENCY_PART = re.compile(r"^[A-Z][\w&.’' -]*$")
# "Story Number: NNS100420-23", "Article ID: 48213": a page's reference for the story.
_IDENTIFIER_FIELD = re.compile(r"^[A-Z][A-Za-z ]{1,24}:\s*(?=[\w-]*\d)[A-Z0-9][\w-]{2,}$")
# Where a title line may carry the page's date: "Powell Resigns - 2004-11-16", "VOA news: …".
_DATE_SEPARATOR = re.compile(r"\s+[-–—|]\s+|:\s+")


@dataclass
class Caption:
    text: str
    credit: str | None
    agency: Agency | None


@dataclass
class Header:
    headline: str | None = None
    byline: str | None = None
    authors: tuple[str, ...] = ()
    byline_agencies: list[Agency] = field(default_factory=list)
    published_at: datetime | None = None
    captions: list[Caption] = field(default_factory=list)
    source_name: str | None = None
    url: str | None = None
    dateline: str | None = None
    removed: list[str] = field(default_factory=list)
    body_start: int = 0
    dated_after_headline: bool = False
    byline_index: int = -1


def read_header(lines: Sequence[str], agencies: AgencyList) -> Header:
    """What the top lines say, and the index of the first body line."""
    header = Header()
    index = 0
    limit = min(len(lines), MAX_HEADER_LINES)
    while index < limit:
        line = clean_line(lines[index])
        if not line:
            index += 1
            continue
        consumed = _read_unit(lines, index, header, agencies)
        if consumed == 0:
            break
        index += consumed
    header.body_start = index
    return header


def _read_unit(lines: Sequence[str], index: int, header: Header, agencies: AgencyList) -> int:
    line = clean_line(lines[index])
    field_match = _FIELD.match(line)
    if field_match:
        _read_field(field_match.group("key").lower(), field_match.group("value"), header, agencies)
        return 1
    if _is_furniture_line(lines, index, header) or (
        _is_short_label(line)
        and _above_the_story(header)
        and _is_repeated(lines, _next_index(lines, index))
    ):
        # The second case is the heading of a block the page repeats ("Feed aggregator" above
        # "VOA Newscasts / Give us 5 minutes …" printed twice).
        header.removed.append(line)
        return 1
    if header.byline is None and _read_byline(line, header, agencies):
        header.byline_index = index
        return 1
    under_byline = header.byline is not None and index == header.byline_index + 1
    if under_byline and header.source_name is None and _is_affiliation(line):
        # "By Donna Miles / American Forces Press Service": the line right under the byline
        # names the outlet the author writes for, not a picture.
        header.source_name = line
        return 1
    if header.published_at is None:
        moment = parse_date_line(line)
        if moment is not None:
            header.published_at = moment
            header.dated_after_headline = header.headline is not None
            return 1
    caption_lines = _caption_block(lines, index, agencies)
    if caption_lines:
        text = " ".join(clean_line(lines[index + n]) for n in range(caption_lines))
        caption = read_caption(text, agencies)
        if caption is not None:
            header.captions.append(caption)
            return caption_lines
    if header.headline is None and not header.captions and _is_headline(lines, index):
        _take_headline(line, header)
        return 1
    if (
        header.dated_after_headline
        and header.headline is not None
        and not header.captions
        and header.byline is None
        and _is_headline(lines, index)
        and _BYLINE.match(_next_line(lines, index))
    ):
        # "War on Terrorism / Saturday, September 09, 2006 / Top Army NCO: … / By …": the first
        # line was the site's section; the title is the line set just above the byline.
        header.removed.append(header.headline)
        header.headline = None
        _take_headline(line, header)
        header.dated_after_headline = False
        return 1
    if _is_label_before_header_line(lines, index):
        header.captions.append(Caption(text=line, credit=None, agency=None))
        return 1
    return 0


def _take_headline(line: str, header: Header) -> None:
    """The headline, and the page's date where the title line ends in one.

    "US Secretary Of State Colin Powell Resigns - 2004-11-16": the date after a dash or bar is
    the publication date, not part of the title. After a colon ("VOA news: Monday, November
    11th, 2013") the date is what the title names, so the line stays whole.
    """
    header.headline = line
    for separator in _DATE_SEPARATOR.finditer(line):
        moment = parse_date_line(line[separator.end() :])
        if moment is None:
            continue
        if header.published_at is None:
            header.published_at = moment
        if not separator.group().strip().startswith(":"):
            header.headline = line[: separator.start()]
        return


_AFFILIATION_WORD = re.compile(r"^(?:[A-Z][\w.&'’-]*|of|the|and|for|on|in|at)$")


def _is_affiliation(line: str) -> bool:
    """A short name in capitals with no sentence in it: an organisation under a byline."""
    words = line.split()
    return (
        2 <= len(words) <= MAX_LABEL_WORDS
        and words[0][0].isupper()
        and not line.endswith((".", "!", "?", ":", ","))
        and all(_AFFILIATION_WORD.match(word) for word in words)
        and parse_date_line(line) is None
    )


def _is_furniture_line(lines: Sequence[str], index: int, header: Header) -> bool:
    """Page furniture at the top: widgets, menus, story numbers, and any line the top of the
    page prints twice (a promotion block repeated above the story is no part of it)."""
    if index < 0:
        return False
    line = clean_line(lines[index])
    return bool(
        (is_furniture(line) and len(line) < 60)
        or is_page_top_furniture(line)
        or _IDENTIFIER_FIELD.match(line)
        or line in header.removed
        or (_above_the_story(header) and _is_repeated(lines, index))
    )


def _above_the_story(header: Header) -> bool:
    """Nothing of the story's own header has been read yet: still in the page's top matter."""
    return header.headline is None and header.byline is None and header.published_at is None


def _is_repeated(lines: Sequence[str], index: int) -> bool:
    """The line comes again within the next few: a block printed twice, as page furniture is
    (a title repeated further down, as a subheading, is not)."""
    if index < 0:
        return False
    line = clean_line(lines[index])
    following = [clean_line(other) for other in lines[index + 1 : index + 1 + 2 * REPEAT_REACH]]
    return line in [other for other in following if other][:REPEAT_REACH]


def _is_short_label(line: str) -> bool:
    return len(line.split()) <= MAX_LABEL_WORDS and not line.endswith((".", "!", "?", ":", ","))


def _next_index(lines: Sequence[str], index: int, skip: re.Pattern[str] | None = None) -> int:
    """The index of the next line with words in it after `index`, within a few lines (-1 if
    none); lines matching `skip` are passed over."""
    for following in range(index + 1, min(len(lines), index + 5)):
        line = clean_line(lines[following])
        if line and not (skip and skip.match(line)):
            return following
    return -1


def _next_line(lines: Sequence[str], index: int, skip: re.Pattern[str] | None = None) -> str:
    """The text of that next line ("" if none)."""
    following = _next_index(lines, index, skip)
    return clean_line(lines[following]) if following >= 0 else ""


def _is_label_before_header_line(lines: Sequence[str], index: int) -> bool:
    """A short line without sentence punctuation just above a date or byline: the caption
    (alt text) of a picture between headline and date, as web pages print it."""
    if not _is_short_label(clean_line(lines[index])):
        return False
    following = _next_line(lines, index, skip=_IDENTIFIER_FIELD)  # "Story Number: …"
    return bool(following and (_BYLINE.match(following) or parse_date_line(following)))


def _read_field(key: str, value: str, header: Header, agencies: AgencyList) -> None:
    value = value.strip()
    if key in {"title", "headline"}:
        header.headline = value
    elif key in {"author", "authors", "byline", "by"}:
        _read_byline(value, header, agencies, bare=True)
    elif key in {"date", "published", "updated", "posted"}:
        header.published_at = header.published_at or parse_date_line(value)
    elif key in {"source", "site"}:
        header.source_name = value
    elif key in {"url", "link"}:
        header.url = value
    elif key == "dateline":
        header.dateline = value


def _read_byline(line: str, header: Header, agencies: AgencyList, *, bare: bool = False) -> bool:
    match = _BYLINE.match(line)
    if match:
        names = match.group("names")
    elif bare:
        names = line
    else:
        staff = _STAFF_BYLINE.match(line)
        if not staff:
            return False
        names = staff.group("names")
    if len(names.split()) > MAX_BYLINE_WORDS or names.rstrip().endswith("."):
        return False
    authors: list[str] = []
    for part in re.split(r",\s*|\s+and\s+|\s*&\s*|\s*;\s*|\s+\|\s+", names):
        part = part.strip()
        if not part:
            continue
        if authors and all(word.lower() in TITLE_WORDS for word in part.split()):
            # "By Kevin Copeland, Commander, Submarine Force, Atlantic Public Affairs": from
            # the rank on, the byline says who the author is, not who else wrote.
            break
        agency = agencies.lookup(part) or _agency_with_role(part, agencies)
        if agency is not None:
            header.byline_agencies.append(agency)
            if _STAFF_BYLINE.match(part) and not agencies.lookup(part):
                authors.append(part)
            continue
        if _BYLINE_ROLE_WORDS.match(part):
            continue
        authors.append(part)
    if not authors and not header.byline_agencies:
        return False
    header.byline = line
    header.authors = tuple(authors) or tuple(a.name for a in header.byline_agencies)
    return True


def _agency_with_role(part: str, agencies: AgencyList) -> Agency | None:
    """ "Associated Press Writer", "Reuters staff": an agency followed by a desk word."""
    words = part.split()
    for cut in range(len(words) - 1, 0, -1):
        rest = " ".join(words[cut:])
        if _BYLINE_ROLE_WORDS.match(rest) or rest.lower() in {"staff", "desk", "wire"}:
            return agencies.lookup(" ".join(words[:cut]))
    return None


def _caption_block(lines: Sequence[str], index: int, agencies: AgencyList) -> int:
    """How many lines from index form a caption ending in a photo credit, or 0."""
    for count in range(1, MAX_CAPTION_LINES + 1):
        if index + count > len(lines):
            return 0
        line = clean_line(lines[index + count - 1])
        if not line:
            return 0
        if count > 1 and (_BYLINE.match(line) or parse_date_line(line)):
            return 0
        if _credit_of(line, agencies) is not None:
            return count
    return 0


def _credit_of(text: str, agencies: AgencyList) -> tuple[str, Agency | None, int] | None:
    """The photo credit that ends a caption: (credit as printed, its agency, where it starts)."""
    if not _may_end_in_credit(text):
        return None
    match = _CAPTION_CREDIT.search(text)
    if not match:
        return None
    credit = (match.group("paren") or match.group("label") or match.group("slash") or "").strip()
    agency = credit_agency(credit, agencies)
    if match.group("paren") and agency is None and not _PHOTO_WORD.search(credit):
        return None
    if match.group("slash") and agency is None:
        return None
    return credit, agency, match.start()


def _may_end_in_credit(text: str) -> bool:
    """What every form of _CAPTION_CREDIT needs (a closing bracket last, a colon, a slash):
    a plain sentence, which has none, is not searched."""
    return text.rstrip()[-1:] in (")", "]") or ":" in text or "/" in text


def credit_agency(credit: str, agencies: AgencyList) -> Agency | None:
    cleaned = re.sub(
        r"^(?:photo|image|picture|credit|file)s?\s*(?:credit)?\s*:\s*", "", credit, flags=re.I
    )
    for piece in re.split(r"\s*[/,;|]\s*|\s+via\s+", cleaned):
        piece = re.sub(r"\s+(?:photos?|images?|pictures?|file)$", "", piece.strip(), flags=re.I)
        if not piece or not _AGENCY_PART.match(piece):
            continue
        agency = agencies.lookup(piece)
        if agency is not None:
            return agency
    return None


def read_caption(text: str, agencies: AgencyList, *, min_words: int = 3) -> Caption | None:
    """A caption and its credit, when the text ends in a photo credit; else None."""
    credit = _credit_of(text, agencies)
    if credit is None:
        return None
    printed, agency, start = credit
    words = text[:start].strip()
    if len(words.split()) < min_words or words.isupper():
        return None
    return Caption(text=words, credit=printed, agency=agency)


def _is_headline(lines: Sequence[str], index: int) -> bool:
    line = clean_line(lines[index])
    if (
        len(line) > MAX_HEADLINE_CHARS
        or len(line.split()) > MAX_HEADLINE_WORDS
        or line.endswith((".", ",", ";", ":"))
        or line.endswith(".”")
    ):
        return False
    following = clean_line(lines[index + 1]) if index + 1 < len(lines) else ""
    if not following:
        return index + 1 < len(lines)
    if _BYLINE.match(following) or _STAFF_BYLINE.match(following):
        return True
    if parse_date_line(following) is not None:
        return True
    return _stands_above_paragraph(line, following)


def _stands_above_paragraph(line: str, following: str) -> bool:
    """A title printed straight above the story, in text that puts each paragraph on one line.

    The next line is longer than any wrap width, so the text is not hard-wrapped and this line
    is not the first part of a wrapped paragraph. A word or two alone (the drop-cap artefact)
    or a dateline ("TEHRAN (Reuters) -") is not a title.
    """
    return (
        len(following) > UNWRAPPED_MEDIAN
        and len(line.split()) >= MIN_UNSPACED_HEADLINE_WORDS
        and (line[0].isupper() or line[0].isdigit() or line[0] in "\"“‘'")
        and not line.endswith(("-", "–", "—"))
        and read_dateline(line + " x") is None
    )
