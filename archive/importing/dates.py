"""Publication dates as news pages print them, read into aware UTC datetimes.

Only a line that is a date and nothing else counts, so a sentence that mentions a day is
never mistaken for the article's date. A printed time zone is honoured; without one the time
is taken as UTC, and without a time the date means midnight UTC.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone

MONTHS = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
}
_MONTH_ABBREVIATIONS = {name[:3]: number for name, number in MONTHS.items()} | {"sept": 9}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

_ZONES = {
    "utc": 0,
    "gmt": 0,
    "z": 0,
    "bst": 1,
    "cet": 1,
    "cest": 2,
    "eet": 2,
    "eest": 3,
    "msk": 3,
    "irst": 3.5,
    "ist": 5.5,
    "est": -5,
    "edt": -4,
    "cst": -6,
    "cdt": -5,
    "mst": -7,
    "mdt": -6,
    "pst": -8,
    "pdt": -7,
    "et": -5,
    "pt": -8,
    "jst": 9,
    "kst": 9,
    "aest": 10,
}

_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
_TIME = (
    r"(?:\s*(?:,|at|-|–|—|\|)?\s*(?P<hour>\d{1,2})[:.](?P<minute>\d{2})(?::(?P<second>\d{2}))?"
    r"\s*(?P<ampm>[ap]\.?m\.?)?"
    r"\s*(?P<zone>[A-Za-z]{1,4}|[+-]\d{2}:?\d{2})?)?"
)
_LABEL = (
    r"(?:(?:published|posted|updated|last updated|date|dated|first published|on)"
    r"(?:\s+on)?\s*:?\s*)?"
)
_FORMS = [
    # Monday, 28 March 2016
    _DAY + r"\s+" + _MONTH + r",?\s+" + _YEAR,
    # March 28, 2016
    _MONTH + r"\s+" + _DAY + r",?\s+" + _YEAR,
    # 2016-03-28 (optionally with a T time)
    r"(?P<year>\d{4})-(?P<month_number>\d{1,2})-(?P<day>\d{1,2})",
]
_PATTERNS = [
    re.compile(r"^\s*" + _LABEL + _WEEKDAY + form + r"(?:T?)" + _TIME + r"\s*\.?\s*$", re.I)
    for form in _FORMS
]


def parse_date_line(line: str) -> datetime | None:
    """The datetime a line consisting of a date (and maybe a time) stands for, else None."""
    for pattern in _PATTERNS:
        match = pattern.match(line)
        if match:
            return _build(match)
    return None


def _month_number(match: re.Match[str]) -> int | None:
    groups = match.groupdict()
    if groups.get("month_number"):
        return int(groups["month_number"])
    name = (groups.get("month") or "").lower()
    return MONTHS.get(name) or _MONTH_ABBREVIATIONS.get(name)


def _build(match: re.Match[str]) -> datetime | None:
    month = _month_number(match)
    if month is None:
        return None
    groups = match.groupdict()
    hour = int(groups["hour"]) if groups.get("hour") else 0
    minute = int(groups["minute"]) if groups.get("minute") else 0
    second = int(groups["second"]) if groups.get("second") else 0
    ampm = (groups.get("ampm") or "").replace(".", "").lower()
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    zone = _zone(groups.get("zone"))
    if groups.get("zone") and zone is None:
        return None
    try:
        moment = datetime(
            int(groups["year"]),
            month,
            int(groups["day"]),
            hour,
            minute,
            second,
            tzinfo=zone or UTC,
        )
    except ValueError:
        return None
    return moment.astimezone(UTC)


def _zone(text: str | None) -> timezone | None:
    if not text:
        return None
    offset_match = re.fullmatch(r"([+-])(\d{2}):?(\d{2})", text)
    if offset_match:
        sign = -1 if offset_match.group(1) == "-" else 1
        delta = timedelta(hours=int(offset_match.group(2)), minutes=int(offset_match.group(3)))
        return timezone(sign * delta)
    hours = _ZONES.get(text.lower())
    if hours is None:
        return None
    return timezone(timedelta(hours=hours))
