"""The story's paragraphs from trafilatura's extraction of a page's main content.

trafilatura returns the main content as a small XML tree (p, head, list/item, quote, lb …),
or, when it falls back on another extractor, as plain HTML (div, p, h2, br …); both are read
the same way. Each block becomes a paragraph; text loose in a container between blocks is a
paragraph of its own. A line break separates two paragraphs when the text before it ends a
sentence (old pages use <br><br> as paragraph breaks), else it is a space, as a browser
shows it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from archive.importing.html.markup import Element
from archive.importing.layout import ends_sentence

_SPACE = re.compile(r"\s+")
_LINE_BREAKS = {"lb", "br"}
_HEADINGS = {"head", "h1", "h2", "h3", "h4", "h5", "h6"}
_ITEMS = {"item", "li", "dt", "dd"}
_SKIPPED = {
    *("graphic", "img", "figure", "figcaption", "script", "style", "noscript", "template"),
    *("button", "form", "input", "select", "textarea", "svg", "nav", "aside"),
}
_BLOCKS = {
    *_HEADINGS,
    *_ITEMS,
    *("p", "div", "section", "article", "main", "body", "header", "footer", "center"),
    *("quote", "blockquote", "pre", "list", "ul", "ol", "dl"),
    *("table", "tbody", "thead", "tfoot", "row", "tr", "cell", "td", "th"),
}


@dataclass(frozen=True)
class Block:
    text: str
    prose: bool  # running text, not a heading or a list item


def story_blocks(body: Element) -> list[Block]:
    """Paragraphs of trafilatura's main-content tree, in reading order."""
    blocks: list[Block] = []
    _collect(body, blocks)
    return blocks


def _collect(element: Element, blocks: list[Block]) -> None:
    tag = _tag(element)
    if tag in _SKIPPED:
        return
    prose = tag not in _HEADINGS and tag not in _ITEMS
    if not any(_tag(child) in _BLOCKS for child in element):
        blocks.extend(Block(text, prose) for text in _lines(element))
        return
    loose: list[str] = [_flat(element.text)]
    for child in element:
        if _tag(child) in _BLOCKS:
            blocks.extend(Block(text, prose) for text in _paragraphs(loose))
            loose = []
            _collect(child, blocks)
            loose.append(_flat(child.tail))
        else:
            _inline(child, loose)
    blocks.extend(Block(text, prose) for text in _paragraphs(loose))


def _lines(element: Element) -> list[str]:
    pieces: list[str] = [_flat(element.text)]
    for child in element:
        _inline(child, pieces)
    return _paragraphs(pieces)


def _inline(node: Element, pieces: list[str]) -> None:
    tag = _tag(node)
    if tag in _LINE_BREAKS:
        pieces.append("\n")
    elif tag and tag not in _SKIPPED:
        pieces.append(_flat(node.text))
        for child in node:
            _inline(child, pieces)
    pieces.append(_flat(node.tail))


def _paragraphs(pieces: list[str]) -> list[str]:
    """Text with line breaks as paragraphs: a break after a finished sentence ends one."""
    paragraphs: list[str] = []
    for line in ("".join(pieces)).split("\n"):
        line = line.strip()
        if not line:
            continue
        if paragraphs and not ends_sentence(paragraphs[-1]):
            paragraphs[-1] = f"{paragraphs[-1]} {line}"
        else:
            paragraphs.append(line)
    return paragraphs


def _tag(element: Element) -> str:
    return element.tag.lower() if isinstance(element.tag, str) else ""


def _flat(text: str | None) -> str:
    """Source line breaks are spaces; only <br> (lb) breaks a line."""
    return _SPACE.sub(" ", text or "")
