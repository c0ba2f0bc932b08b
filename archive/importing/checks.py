"""Last checks on a draft before it is stored: what the archive refuses to hold, whichever
parser produced it, with the reason.

- text no database can store the same way: NUL characters (PostgreSQL refuses them, SQLite
  would keep them) and lone surrogates (not Unicode at all);
- an implausible publication date: in the future (more than a day ahead, for time zones and
  embargoes) or before newspapers existed. A date of 3000-01-01 is a typo or a misread line;
  stored, it would head every newest-first listing forever, so the input is refused and the
  user corrects or removes the date;
- quotes that do not sit in the body where they say they do: `body[start:end] == text` is a
  promise the archive keeps for every stored quote.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import fields, is_dataclass
from datetime import UTC, datetime, timedelta

from archive.importing.draft import ArticleDraft

EARLIEST_PLAUSIBLE = datetime(1600, 1, 1, tzinfo=UTC)
FUTURE_GRACE = timedelta(days=1)


def refusal(draft: ArticleDraft, now: datetime | None = None) -> str | None:
    """Why the archive will not store this draft, or None when it may."""
    if not _clean("".join(_strings(draft, []))):  # the path is only needed for the reason
        for where, value in _texts(draft, ""):
            if "\x00" in value:
                return f"{where} contains a NUL character (U+0000), which is not text"
            if not _clean(value):
                return f"{where} is not valid Unicode text (it holds a lone surrogate)"
    published = draft.published_at
    if published is not None:
        if published.tzinfo is None:
            published = published.replace(tzinfo=UTC)
        moment = now or datetime.now(UTC)
        if published > moment + FUTURE_GRACE:
            return (
                f"dated {published.date().isoformat()}, in the future: not a plausible "
                "publication date (correct or remove the date)"
            )
        if published < EARLIEST_PLAUSIBLE:
            return (
                f"dated {published.date().isoformat()}, before {EARLIEST_PLAUSIBLE.year}: "
                "not a plausible publication date (correct or remove the date)"
            )
    body = draft.body
    for number, quote in enumerate(draft.quotes, start=1):
        inside = 0 <= quote.start < quote.end <= len(body)
        if not inside or body[quote.start : quote.end] != quote.text:
            return (
                f"quote {number} ({quote.text[:40]!r}) does not match the body at offsets "
                f"{quote.start}-{quote.end}"
            )
    return None


def _clean(text: str) -> bool:
    """No NUL character and no lone surrogate."""
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _strings(value: object, out: list[str]) -> list[str]:
    """The strings _texts yields, in the same order, without their paths: a draft's clean
    strings are checked at once, at C speed."""
    if isinstance(value, str):
        out.append(value)
    elif isinstance(value, tuple | list):
        for item in value:
            _strings(item, out)
    else:
        for name in _field_names(type(value)):
            _strings(getattr(value, name), out)
    return out


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _field_names(cls: type) -> tuple[str, ...]:
    """The fields _texts walks in an object of this type (none for other than dataclasses),
    worked out once per type."""
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = tuple(f.name for f in fields(cls)) if is_dataclass(cls) else ()
        _FIELD_NAMES[cls] = names
    return names


def _texts(value: object, where: str) -> Iterator[tuple[str, str]]:
    """Every string inside a draft, with the field path it sits at ("quotes.text")."""
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, tuple | list):
        for item in value:
            yield from _texts(item, where)
    elif is_dataclass(value) and not isinstance(value, type):
        for field in fields(value):
            path = f"{where}.{field.name}" if where else field.name
            yield from _texts(getattr(value, field.name), path)
