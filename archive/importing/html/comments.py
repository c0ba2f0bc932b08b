"""Reader comments on a news page: who wrote each, when, what, and which comment it answers.

Comment systems print the same few facts with different markup, so a comment is found by
what marks it (schema.org Comment microdata, or a class such as WordPress's "comment") and
read by the parts it is made of (author, date, text), each looked up in the order of how
explicit its markup is. A reply is either nested inside the comment it answers or names it
in a data attribute. A comment without a readable date is left out (its replies move up to
the comment above it) and recorded as removed, since the archive would have to invent one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from copy import deepcopy
from dataclasses import dataclass
from datetime import datetime

from archive.importing.draft import CommentDraft
from archive.importing.html.markup import (
    Element,
    ancestors,
    block_text,
    has_word,
    outermost,
    read_moment,
    text_of,
    words_of,
)
from archive.models.comment import MAX_COMMENT_LENGTH

MAX_AUTHOR_CHARS = 200
ANONYMOUS = "Anonymous"

# Class words of one comment (not of a list of them, nor of a comment's parts).
_ITEM_WORDS = {
    "comment",
    "comment-item",
    "comment-entry",
    "commentitem",
    "single-comment",
    "user-comment",
    "reader-comment",
    "c-comment",
    "js-comment",
}
_AUTHOR_WORDS = [
    re.compile(r"^(?:fn|nickname)$"),
    re.compile(
        r"^(?:comment-?author(?:-name)?|comment__author|author-?name|commenter(?:-name)?|"
        r"user-?name|username|display-?name)$"
    ),
    re.compile(r"^(?:author|user|name)$"),
]
_TEXT_WORDS = [
    re.compile(
        r"^(?:comment-?(?:content|text|message|body-text)|comment__(?:text|body|content)|"
        r"commenttext|comment_text)$"
    ),
    re.compile(r"^(?:text|message|content|body)$"),
    re.compile(r"^comment-?body$"),
]
_DATE_WORDS = re.compile(
    r"^(?:comment-?(?:date|time|metadata|meta-date)|comment__(?:date|time)|date|time|"
    r"timestamp|posted|published|datetime)$"
)
_NOT_TEXT_WORDS = re.compile(
    r"(?:^|[-_])(?:author|meta|metadata|date|time|reply|actions|avatar|vcard|header|footer|"
    r"likes?|votes?|report|says)(?:$|[-_])"
)
_NEVER_ITEMS = {"html", "body", "main", "textarea", "input", "form"}
_DATE_ATTRIBUTES = ("datetime", "content", "title", "data-datetime", "data-date", "data-time")
_PARENT_ATTRIBUTES = ("data-parent-id", "data-parent", "data-reply-to", "data-in-reply-to")
_ID_ATTRIBUTES = ("data-comment-id", "data-id", "id")
_SAYS = re.compile(r"\s*(?:says|said|wrote)\s*:?\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class PageComments:
    comments: tuple[CommentDraft, ...]
    removed: tuple[str, ...]  # comments left out, with the reason
    elements: tuple[Element, ...]  # the outermost comment elements, to keep out of the story


@dataclass
class _Found:
    element: Element
    author: str
    body: str
    posted_at: datetime | None
    printed_date: str | None
    parent: int | None = None  # index in the found list


def read_comments(root: Element) -> PageComments:
    """The page's reader comments in page order, threaded."""
    items = _comment_elements(root)
    found = [_read(item, items) for item in items]
    found_items = [f for f in found if f is not None]
    by_element = {f.element: index for index, f in enumerate(found_items)}
    by_id = _ids(found_items)
    for index, comment in enumerate(found_items):
        comment.parent = _parent_of(comment, index, by_element, by_id)
    return _keep_dated(found_items)


def _comment_elements(root: Element) -> list[Element]:
    items: list[Element] = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        itemtype = (element.get("itemtype") or "").rstrip("/").lower()
        marked = (
            itemtype.endswith("/comment")
            or (element.get("itemprop") or "").lower() == "comment"
            or bool(words_of(element) & _ITEM_WORDS)
        )
        # An opinion site may call its articles "comment": a comment has no main heading.
        if marked and element.tag not in _NEVER_ITEMS and element.find(".//h1") is None:
            items.append(element)
    return items


def _read(item: Element, items: Sequence[Element]) -> _Found | None:
    """A comment's parts, looked for in the item but not in the comments nested in it."""
    others = {other for other in items if other is not item}

    def own(element: Element) -> bool:
        for ancestor in ancestors(element):
            if ancestor is item:
                return True
            if ancestor in others:
                return False
        return False

    parts = [e for e in item.iter() if isinstance(e.tag, str) and e is not item and own(e)]
    body = _body(parts)
    if not body:
        return None
    author = _author(parts)
    printed, posted_at = _date(parts)
    if author is None and posted_at is None:
        return None  # words in a box called "comment", not a reader's comment
    return _Found(item, author or ANONYMOUS, body, posted_at, printed)


def _author(parts: Sequence[Element]) -> str | None:
    candidates = [e for e in parts if (e.get("itemprop") or "").lower() in {"author", "creator"}]
    for candidate in candidates:
        names = [e for e in candidate.iter() if (e.get("itemprop") or "").lower() == "name"]
        holder = names[0] if names else candidate
        name = holder.get("content") or text_of(holder)
        if name:
            return _clean_author(name)
    for pattern in _AUTHOR_WORDS:
        for element in parts:
            if has_word(element, pattern):
                name = _clean_author(text_of(element))
                if name:
                    return name
    return None


def _clean_author(name: str) -> str:
    name = _SAYS.sub("", name).strip()
    return name if len(name) <= MAX_AUTHOR_CHARS else ""


def _body(parts: Sequence[Element]) -> str:
    texts = [e for e in parts if (e.get("itemprop") or "").lower() in {"text", "commenttext"}]
    for pattern in _TEXT_WORDS:
        if texts:
            break
        texts = [e for e in parts if has_word(e, pattern)]
    if texts:
        element = outermost(texts)[0]
        return _without_furniture(element)
    paragraphs = [e for e in parts if e.tag == "p" and not _in_furniture(e, parts)]
    return "\n\n".join(text for text in (block_text(p) for p in paragraphs) if text)


def _without_furniture(element: Element) -> str:
    """The comment's words without the author line, date or reply link printed inside it."""
    furniture = [
        e
        for e in element.iter()
        if isinstance(e.tag, str) and e is not element and has_word(e, _NOT_TEXT_WORDS)
    ]
    if not furniture:
        return block_text(element)
    trimmed = deepcopy(element)
    for node in list(trimmed.iter()):
        if isinstance(node.tag, str) and node is not trimmed and has_word(node, _NOT_TEXT_WORDS):
            node.drop_tree()
    return block_text(trimmed)


def _in_furniture(element: Element, parts: Sequence[Element]) -> bool:
    members = set(parts)
    return any(a in members and has_word(a, _NOT_TEXT_WORDS) for a in ancestors(element))


def _date(parts: Sequence[Element]) -> tuple[str | None, datetime | None]:
    """The date as printed (for the record when it cannot be read) and the moment it means."""
    printed: str | None = None
    ordered = [
        *(e for e in parts if e.tag == "time"),
        *(
            e
            for e in parts
            if (e.get("itemprop") or "").lower() in {"datecreated", "datepublished", "commenttime"}
        ),
        *(e for e in parts if has_word(e, _DATE_WORDS)),
    ]
    for element in ordered:
        for attribute in _DATE_ATTRIBUTES:
            moment = read_moment(element.get(attribute))
            if moment is not None:
                return element.get(attribute), moment
        shown = text_of(element)
        moment = read_moment(shown)
        if moment is not None:
            return shown, moment
        printed = printed or shown or None
    return printed, None


def _ids(found: Sequence[_Found]) -> dict[str, int]:
    ids: dict[str, int] = {}
    for index, comment in enumerate(found):
        for attribute in _ID_ATTRIBUTES:
            value = comment.element.get(attribute)
            if value:
                ids.setdefault(value, index)
    return ids


def _parent_of(
    comment: _Found, index: int, by_element: dict[Element, int], by_id: dict[str, int]
) -> int | None:
    for ancestor in ancestors(comment.element):
        if ancestor in by_element:
            return by_element[ancestor]
    for attribute in _PARENT_ATTRIBUTES:
        value = comment.element.get(attribute)
        if value and value in by_id and by_id[value] < index:
            return by_id[value]
    return None


def _keep_dated(found: Sequence[_Found]) -> PageComments:
    """Comments with a date and a storable body; replies to one left out move up a level."""
    kept: dict[int, int] = {}  # found index -> draft index
    drafts: list[CommentDraft] = []
    removed: list[str] = []
    for index, comment in enumerate(found):
        if comment.posted_at is None or len(comment.body) > MAX_COMMENT_LENGTH:
            why = (
                f"no readable date ({comment.printed_date!r})"
                if comment.posted_at is None
                else f"over {MAX_COMMENT_LENGTH:,} characters"
            )
            removed.append(f"comment by {comment.author} left out, {why}: {comment.body}")
            continue
        parent = comment.parent
        while parent is not None and parent not in kept:
            parent = found[parent].parent
        kept[index] = len(drafts)
        drafts.append(
            CommentDraft(
                author_name=comment.author,
                body=comment.body,
                posted_at=comment.posted_at,
                parent=kept[parent] if parent is not None else None,
            )
        )
    return PageComments(
        comments=tuple(drafts),
        removed=tuple(removed),
        elements=tuple(outermost(c.element for c in found)),
    )
