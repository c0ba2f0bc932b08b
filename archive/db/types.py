"""Column types and repeated column shapes, portable between SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from sqlalchemy import BigInteger, DateTime, Dialect, Integer, String, Text, TypeDecorator
from sqlalchemy.orm import mapped_column


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware datetimes stored in UTC.

    PostgreSQL keeps them as timestamptz; SQLite has no zone-aware type, so values are
    converted to naive UTC on the way in and marked UTC again on the way out.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: the archive stores aware datetimes only")
        value = value.astimezone(UTC)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        moment: datetime = datetime.fromisoformat(value) if isinstance(value, str) else value
        if moment.tzinfo is None:
            return moment.replace(tzinfo=UTC)
        return moment.astimezone(UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


# 64-bit keys on PostgreSQL; on SQLite an INTEGER PRIMARY KEY is already 64-bit and is the rowid.
BigIntKey = BigInteger().with_variant(Integer(), "sqlite")

int_pk = Annotated[int, mapped_column(BigIntKey, primary_key=True, autoincrement=True)]
timestamp = Annotated[datetime, mapped_column(UTCDateTime())]
created_at = Annotated[datetime, mapped_column(UTCDateTime(), default=utcnow)]
updated_at = Annotated[datetime, mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)]
position = Annotated[int, mapped_column(Integer())]
name_text = Annotated[str, mapped_column(String(300))]
long_text = Annotated[str, mapped_column(Text())]
