"""Page furniture around a story: comment widgets, share buttons, "Related:" lists, credit lines.

Only the tail of a text is cut (plus a few lines that are furniture wherever they stand, such
as "Advertisement"); what is cut is kept, in order, so the draft records it. Credit lines such
as "(With Reuters, AFP)" or "(Reporting by …; Editing by …)" are not furniture but metadata:
they leave the body and are returned separately so the agencies they name can be credited.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

_WIDGET = re.compile(
    r"^(?:"
    r"no comments?:?|\d+ comments?:?|comments?(?: \(\d+\))?:?|post a comment:?|"
    r"leave a (?:comment|reply):?|add (?:a|your) comment:?|show comments|view comments|"
    r"be the first to comment\.?|comments are closed\.?|"
    r"newer post|older post|home|subscribe to: post comments \(atom\)|post comments \(atom\)|"
    r"share(?: this)?(?: (?:article|story|page|post))?(?: on \w+)?:?|"
    r"(?:tweet|email|e-mail|print|pin it|whatsapp|facebook|twitter|linkedin|reddit|telegram)"
    r"(?: this)?|"
    r"click (?:here )?to share on \w+.*|"
    r"like this:?|like loading\.{3}|"
    r"posted by .{1,80}|labels?: .{1,200}|tags?: .{1,200}|filed under:? .{1,200}|"
    r"(?:copyright|©|\(c\)) .{0,200}|all rights reserved\.?|"
    r"advertisement|story continues below(?: advertisement)?|scroll to continue.*|"
    r"follow us on .{1,80}|sign up for .{1,120}|subscribe(?: now| to .{1,80})?\.?|"
    r"read (?:more|next)|continue reading|back to top|top of page|"
    r"accessibility links|breaking news|jump to (?:content|navigation|search)|"
    r"skip to (?:main )?(?:content|navigation)|"
    r"from [\w .'’-]{2,40}, the free [\w ]{2,60}!?|download|print this (?:page|article)"
    r")$",
    re.IGNORECASE,
)
# Furniture even in the middle of a story.
_ANYWHERE = re.compile(
    r"^(?:advertisement|story continues below(?: advertisement)?|scroll to continue.*)$",
    re.IGNORECASE,
)
_LIST_HEADER = re.compile(
    r"^(?:related(?: (?:articles|stories|news|coverage|content|links))?|see also|"
    r"read more|more (?:on this|from \w+(?: \w+)?|stories)|you may also like|recommended|"
    r"most (?:read|popular|viewed)|trending(?: now)?|sources?|external links|"
    r"also (?:read|see)|further reading)\s*:?$",
    re.IGNORECASE,
)
_CREDIT = re.compile(
    r"^\(\s*(?:with|additional reporting by|reporting by|reported by|writing by|written by|"
    r"editing by|edited by|compiled by|contributing|via|source:|sources:)\b.*\)\.?$"
    r"|^(?:additional )?reporting by .{2,200}$"
    r"|^(?:the )?[\w .’'-]{2,60} contributed to this (?:report|story|article)\.?$"
    r"|^[-–—]\s*[\w .’'/-]{2,40}$"
    r"|^(?:some )?information (?:for this report )?(?:(?:is|was) )?(?:provided by|from) .{2,200}$"
    r"|^(?:some )?(?:information|material) for this report (?:came|comes) from .{2,200}$"
    r"|^(?:this|the) (?:report|story|article) (?:contains|includes|uses) (?:material|information"
    r"|reporting) from .{2,200}$",
    re.IGNORECASE | re.DOTALL,
)
MAX_LIST_ITEMS = 20
MAX_LIST_ITEM_CHARS = 160
MAX_CREDIT_LINES = 4


@dataclass(frozen=True)
class Trimmed:
    lines: list[str]
    removed: tuple[str, ...]
    credit_lines: tuple[str, ...]


def trim(lines: Sequence[str]) -> Trimmed:
    """The lines without their trailing furniture and credit lines, and what was taken off."""
    kept = list(lines)
    removed_tail: list[list[str]] = []
    credits_tail: list[str] = []
    while True:
        while kept and not kept[-1].strip():
            kept.pop()
        if not kept:
            break
        last = kept[-1].strip()
        if _WIDGET.match(last):
            removed_tail.append([kept.pop().strip()])
            continue
        credit = _credit_block(kept)
        if credit:
            credits_tail.append(" ".join(line.strip() for line in kept[-credit:]))
            del kept[-credit:]
            continue
        listed = _list_block(kept)
        if listed:
            removed_tail.append([line.strip() for line in kept[-listed:] if line.strip()])
            del kept[-listed:]
            continue
        break
    anywhere = [line.strip() for line in kept if _ANYWHERE.match(line.strip())]
    kept = [line for line in kept if not _ANYWHERE.match(line.strip())]
    removed = [*anywhere, *(line for block in reversed(removed_tail) for line in block)]
    return Trimmed(kept, tuple(removed), tuple(reversed(credits_tail)))


def is_furniture(line: str) -> bool:
    return bool(_WIDGET.match(line.strip()) or _LIST_HEADER.match(line.strip()))


# A site's menu ("| News | Jobs | Autos |"), or an advertisement shouting its call to action
# ("The Largest Career Network for Defense Jobs - JOIN NOW").
_MENU_ITEM = re.compile(r"^(?!by\b)[^\W\d][^\d|]{0,29}$", re.IGNORECASE)  # no dates, no bylines
_CALL_TO_ACTION = re.compile(
    r"[-–—:|]\s*(?:JOIN|SIGN UP|SUBSCRIBE|REGISTER|APPLY|CLICK HERE|LEARN MORE|BUY)"
    r"(?: NOW| TODAY)?!?$"
)


def is_page_top_furniture(line: str) -> bool:
    """Lines a web page prints above the story, however long: menus and advertisements."""
    line = line.strip()
    items = [item.strip() for item in line.strip("|").split("|")]
    enough = 4 if not line.startswith("|") and not line.endswith("|") else 3
    if len(items) >= enough and all(_MENU_ITEM.match(item) for item in items):
        return all(len(item.split()) <= 3 for item in items)
    return bool(_CALL_TO_ACTION.search(line))


def _credit_block(lines: Sequence[str]) -> int:
    """How many trailing lines form one credit line (it may have been wrapped), or 0."""
    last = lines[-1].strip()
    if _CREDIT.match(last):
        return 1
    if not last.endswith(")") and not last.endswith(")."):
        return 0
    for count in range(2, MAX_CREDIT_LINES + 1):
        if count > len(lines) or not lines[-count].strip():
            return 0
        if lines[-count].lstrip().startswith("("):
            joined = " ".join(line.strip() for line in lines[-count:])
            return count if _CREDIT.match(joined) else 0
    return 0


def _list_block(lines: Sequence[str]) -> int:
    """How many trailing lines form a "Related:"-style list under its header, or 0."""
    for count in range(2, min(len(lines), MAX_LIST_ITEMS + 1) + 1):
        candidate = lines[-count].strip()
        if _LIST_HEADER.match(candidate):
            items = [line.strip() for line in lines[-count + 1 :] if line.strip()]
            if items and all(len(item) <= MAX_LIST_ITEM_CHARS for item in items):
                return count
            return 0
        if len(candidate) > MAX_LIST_ITEM_CHARS:
            return 0
    return 0
