"""Reading an HTML page's markup: the tree, the visible text of an element, its class words,
whether it is page chrome, and the moments that attributes and printed dates stand for."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin

from lxml import etree, html

from archive.errors import ImportRejected
from archive.importing.dates import parse_date_line

# lxml has no type information: an element is an lxml.html.HtmlElement.
Element = Any

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_SPACE = re.compile(r"\s+")
_BLANK_RUN = re.compile(r"\n{3,}")
_BLOCK_TAGS = {
    *("p", "div", "li", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre", "table", "tr"),
    *("td", "th", "section", "article", "header", "footer", "figure", "figcaption"),
    *("h1", "h2", "h3", "h4", "h5", "h6"),
}
_WORD_SPLIT = re.compile(r"[\s_]+|(?<=[a-z])(?=[A-Z])")
_INVISIBLE = {"script", "style", "noscript", "template", "button", "select", "textarea", "svg"}
# Class or id words of the blocks around a story that are not the story.
_CHROME_WORDS = re.compile(
    r"(?:^|[-_])(?:nav|navbar|navigation|menu|sidebar|widget|related|recommended|promo|"
    r"newsletter|signup|subscribe|footer|site-?header|masthead|breadcrumbs?|cookies?|"
    r"advert|advertisement|ad-slot|ads|most-?read|popular|trending|share|social|"
    r"sharing|pagination)(?:$|[-_])",
    re.IGNORECASE,
)
_CHROME_TAGS = {"nav", "aside"}
_EPOCH_MILLISECONDS = 10**11


def parse_document(page: str) -> Element:
    """The page's element tree, as forgiving of broken markup as a browser."""
    # lxml refuses text that still declares a byte encoding; the text is decoded already.
    markup = _XML_DECLARATION.sub("", page, count=1)
    parser = html.HTMLParser(
        remove_comments=True, remove_pis=True, collect_ids=False, default_doctype=False
    )
    try:
        root = html.document_fromstring(markup, parser=parser)
    except (etree.ParserError, ValueError):
        root = None
    if root is None or not len(root):
        raise ImportRejected("no HTML document in the input (nothing a browser would show)")
    return root


def text_of(element: Element) -> str:
    """The words a reader sees in an element, on one line."""
    return _SPACE.sub(" ", "".join(_laid_out(element))).strip()


def block_text(element: Element) -> str:
    """The visible text of an element as a reader sees it laid out: a line break for each
    <br>, a blank line between paragraphs and other blocks, spaces collapsed within lines."""
    lines = [_SPACE.sub(" ", line).strip() for line in "".join(_laid_out(element)).split("\n")]
    return _BLANK_RUN.sub("\n\n", "\n".join(lines)).strip()


def _laid_out(element: Element) -> Iterator[str]:
    """The visible text in reading order, source white space as spaces, "\n" for a <br> and
    "\n\n" around blocks."""
    walk = etree.iterwalk(element, events=("start", "end"))
    for event, node in walk:
        tag = node.tag if isinstance(node.tag, str) else ""
        if event == "start":
            if tag in _INVISIBLE or not tag:
                walk.skip_subtree()
                continue
            if tag == "br":
                yield "\n"
            elif tag in _BLOCK_TAGS and node is not element:
                yield "\n\n"
            if node.text:
                yield _SPACE.sub(" ", node.text)
        else:
            if tag in _BLOCK_TAGS and node is not element:
                yield "\n\n"
            if node.tail and node is not element:
                yield _SPACE.sub(" ", node.tail)


def words_of(element: Element) -> set[str]:
    """The lowercased words of an element's class and id attributes."""
    value = f"{element.get('class') or ''} {element.get('id') or ''}"
    return {word.lower() for word in value.split() if word}


def has_word(element: Element, pattern: re.Pattern[str]) -> bool:
    return any(pattern.search(word) for word in words_of(element))


def ancestors(element: Element) -> Iterator[Element]:
    parent = element.getparent()
    while parent is not None:
        yield parent
        parent = parent.getparent()


def is_chrome(element: Element) -> bool:
    """Inside navigation, a sidebar, a share bar, a promotion or the page's footer."""
    for node in (element, *ancestors(element)):
        if not isinstance(node.tag, str) or node.tag in {"body", "html"}:
            continue
        if node.tag in _CHROME_TAGS or has_word(node, _CHROME_WORDS):
            return True
        if node.tag == "footer" and not any(a.tag == "article" for a in ancestors(node)):
            return True  # the page's footer; an article's own footer may hold its byline
    return False


def outermost(elements: Iterable[Element]) -> list[Element]:
    """The elements not inside another of the same elements, in document order."""
    chosen = list(dict.fromkeys(elements))
    members = set(chosen)
    return [e for e in chosen if not any(a in members for a in ancestors(e))]


def innermost(elements: Iterable[Element]) -> list[Element]:
    """The elements that contain none of the others, in document order."""
    chosen = list(dict.fromkeys(elements))
    inner_ancestors = {a for e in chosen for a in ancestors(e)}
    return [e for e in chosen if e not in inner_ancestors]


def read_moment(value: str | None) -> datetime | None:
    """The aware UTC moment an attribute or a printed date stands for, else None.

    ISO 8601 (as in datetime= and content= attributes), Unix time in seconds or
    milliseconds (data- attributes), and the printed forms the plain-text parser reads.
    Without a time zone the time is taken as UTC, as for plain text.
    """
    if not value:
        return None
    value = value.strip()
    if value.isdigit() and len(value) >= 9:
        number = int(value)
        seconds = number / 1000 if number >= _EPOCH_MILLISECONDS else number
        try:
            return datetime.fromtimestamp(seconds, UTC)
        except (OverflowError, OSError, ValueError):
            return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return parse_date_line(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def joined(base: str | None, href: str) -> str:
    """href resolved against the page's address; as written when the page's address is one
    urllib cannot read (urljoin raises ValueError on an unclosed "[")."""
    if not base:
        return href
    try:
        return urljoin(base, href)
    except ValueError:
        return href
