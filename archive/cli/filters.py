"""Options shared by the commands that select articles: dates, names, paging."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, TypeVar

import click

from archive.errors import InvalidInput
from archive.models import AGENCY_ROLES
from archive.repositories import ArticleFilters
from archive.repositories.base import MAX_KEY

F = TypeVar("F", bound=Callable[..., Any])


if TYPE_CHECKING:  # click 8.4 made ParamType generic; older releases cannot be subscripted
    _DateType = click.ParamType[date | datetime]
else:
    _DateType = click.ParamType


_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class DateBound(_DateType):
    """YYYY-MM-DD (the whole day, UTC) or an ISO 8601 date and time."""

    name = "DATE"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> date | datetime:
        if isinstance(value, date):
            return value
        text = str(value).strip()
        try:
            if _DAY.fullmatch(text):
                return date.fromisoformat(text)
            try:
                date.fromisoformat(text)
            except ValueError:
                return datetime.fromisoformat(text)
            # A date in another ISO 8601 form (20160328, 2016-W13) is refused rather than read
            # as the midnight that datetime.fromisoformat makes of it.
        except ValueError:
            pass
        self.fail(
            f"{value!r} is not a date: use YYYY-MM-DD, or a date and time such as "
            "2016-03-28T09:30+00:00",
            param,
            ctx,
        )


_FILTER_OPTIONS = (
    click.option(
        "--since", type=DateBound(), help="Published on or after this day (UTC) or moment."
    ),
    click.option(
        "--until", type=DateBound(), help="Published on or before this day (UTC) or moment."
    ),
    click.option("--agency", metavar="NAME", help="Linked to this agency (any name it goes by)."),
    click.option(
        "--agency-role",
        type=click.Choice(AGENCY_ROLES),
        help="Only links of this role (with --agency, or any agency).",
    ),
    click.option("--author", metavar="NAME", help="With this author in the byline."),
    click.option(
        "--person",
        metavar="NAME",
        help="Naming or quoting this person (any spelling, or a surname).",
    ),
)


def article_filters(func: F) -> F:
    """Add the article filter options; the command receives them as one `filters` argument.

    A filter that can never be valid (since after until, a blank name) is a usage error.
    """

    @functools.wraps(func)
    def wrapper(
        *args: Any,
        since: date | datetime | None,
        until: date | datetime | None,
        agency: str | None,
        agency_role: str | None,
        author: str | None,
        person: str | None,
        **kwargs: Any,
    ) -> Any:
        filters = ArticleFilters(
            since=since,
            until=until,
            agency=agency,
            agency_role=agency_role,
            author=author,
            person=person,
        )
        try:
            filters.conditions()
        except InvalidInput as exc:
            raise click.UsageError(str(exc), ctx=click.get_current_context()) from None
        return func(*args, filters=filters, **kwargs)

    decorated: Callable[..., Any] = wrapper
    for option in reversed(_FILTER_OPTIONS):
        decorated = option(decorated)
    return decorated  # type: ignore[return-value]


def limit_option(default: int | None, what: str = "rows") -> Callable[[F], F]:
    return click.option(
        "--limit",
        type=click.IntRange(min=1, max=MAX_KEY),
        default=default,
        show_default=default is not None,
        help=f"At most this many {what}.",
    )


offset_option = click.option(
    "--offset", type=click.IntRange(min=0, max=MAX_KEY), default=0, help="Skip this many first."
)
