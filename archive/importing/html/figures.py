"""Pictures in a news page: each caption, its credit and the picture's address.

A caption is a <figcaption>, schema.org caption microdata or an element whose class says
caption. Its credit is the element inside (or beside, in the same figure) whose class says
credit; without one, a credit printed at the end of the caption ("(AP Photo/…)",
"REUTERS/…") is read the way the plain-text parser reads it.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from copy import deepcopy
from dataclasses import dataclass

from archive.importing.agencies import AgencyList
from archive.importing.header import Caption, credit_agency, read_caption
from archive.importing.html.markup import (
    Element,
    ancestors,
    has_word,
    innermost,
    is_chrome,
    joined,
    text_of,
)

_CAPTION_WORDS = re.compile(
    r"^(?:caption|wp-caption-text|(?:photo|image|img|media|figure|picture)[-_]?caption|"
    r"caption[-_]?text|photocaption)$"
)
_CREDIT_WORDS = re.compile(
    r"^(?:credit|credits|(?:photo|image|caption|picture)[-_]?credit|copyright|photographer|"
    r"image-source|photo-source)$"
)
_FIGURE_LEVELS = 2  # how far up from a caption its picture may sit
_CREDIT_ITEMPROPS = {"copyrightholder", "credittext"}


@dataclass(frozen=True)
class Figure:
    """A caption with the address of its picture (None when the page shows none)."""

    caption: Caption
    url: str | None
    printed: str  # caption and credit as the page shows them


def read_figures(
    root: Element, agencies: AgencyList, base_url: str | None, outside: Collection[Element] = ()
) -> list[Figure]:
    """The captions of the pictures in the story, in page order, without repeats; none from
    page chrome or from inside the given elements (reader comments)."""
    figures: list[Figure] = []
    seen: set[str] = set()
    for element in innermost(_caption_elements(root)):
        if is_chrome(element) or any(a in outside for a in (element, *ancestors(element))):
            continue
        figure = _read(element, agencies, base_url)
        if figure is not None and figure.caption.text not in seen:
            seen.add(figure.caption.text)
            figures.append(figure)
    return figures


def _caption_elements(root: Element) -> Iterator[Element]:
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        if (
            element.tag == "figcaption"
            or (element.get("itemprop") or "").lower() == "caption"
            or has_word(element, _CAPTION_WORDS)
        ):
            yield element


def _read(element: Element, agencies: AgencyList, base_url: str | None) -> Figure | None:
    printed = text_of(element)
    if not printed:
        return None
    container = _container(element)
    credit_element = _credit_element(element, container)
    if credit_element is None:
        caption = read_caption(printed, agencies, min_words=1) or Caption(printed, None, None)
        return Figure(caption, _picture_url(container, base_url), printed)
    credit = text_of(credit_element)
    words = printed
    if credit and any(ancestor is element for ancestor in ancestors(credit_element)):
        words = _text_without(element, credit_element) or printed
    agency = credit_agency(credit, agencies) if credit else None
    caption = Caption(words, credit or None, agency)
    return Figure(caption, _picture_url(container, base_url), printed)


def _container(element: Element) -> Element:
    """The figure a caption belongs to: the nearest ancestor (up to a limit) with a picture."""
    current = element
    for _ in range(_FIGURE_LEVELS):
        parent = current.getparent()
        if parent is None:
            break
        current = parent
        if current.tag == "figure" or current.find(".//img") is not None:
            return current
    return element


def _credit_element(caption: Element, container: Element) -> Element | None:
    for element in container.iter():
        if not isinstance(element.tag, str) or element is caption:
            continue
        itemprop = (element.get("itemprop") or "").lower()
        if has_word(element, _CREDIT_WORDS) or itemprop in _CREDIT_ITEMPROPS:
            return element
    return None


def _text_without(element: Element, part: Element) -> str:
    """The text of an element without one of its descendants."""
    position = list(element.iter()).index(part)
    trimmed = deepcopy(element)
    list(trimmed.iter())[position].drop_tree()
    return text_of(trimmed)


def _picture_url(container: Element, base_url: str | None) -> str | None:
    image = container if container.tag == "img" else container.find(".//img")
    if image is None:
        return None
    source = str(image.get("src") or image.get("data-src") or "").strip()
    if not source or source.startswith("data:"):
        return None
    return joined(base_url, source)
