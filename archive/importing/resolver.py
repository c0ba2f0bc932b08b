"""Resolving names to rows: agencies, authors and people, created on first sight.

Lookups go through the alias tables by normalised name, in one query per batch, and
inserts use ON CONFLICT DO NOTHING so two importers racing on a new name end with one row.
The caches live as long as one import run.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Table, select, text
from sqlalchemy.dialects import sqlite
from sqlalchemy.orm import Session

from archive.importing.draft import AgencyRef, PersonRef
from archive.models import Agency, AgencyAlias, Author, Person, PersonAlias
from archive.normalize import normalize_name

# Bylines that name no person: collectives and desks.
_COLLECTIVE_AUTHORS = {"agencies", "agency", "wires", "wire services", "news agencies"}
_DESK_WORDS = ("staff", "desk", "correspondent", "bureau", "newsroom", "reporters", "editors")


_ARRAY_TYPES = {str: "text[]", int: "bigint[]"}

# normalize_name remembers its answers (names repeat across a corpus), so no cache here.
normalized = normalize_name


def table_of(model: type[Any]) -> Table:
    """The Core table behind a mapped class, for set-based statements."""
    table = model.__table__
    assert isinstance(table, Table)
    return table


def author_kind(name: str) -> str:
    key = normalized(name)
    if key in _COLLECTIVE_AUTHORS:
        return "collective"
    if any(key.endswith(word) or key.startswith(word) for word in _DESK_WORDS):
        return "desk"
    return "person"


def insert_ignoring_conflicts(
    session: Session, table: Table, rows: Sequence[dict[str, Any]]
) -> None:
    """INSERT … ON CONFLICT DO NOTHING, in the dialect the session speaks.

    PostgreSQL gets one statement per call whatever the number of rows (the rows travel as
    one array per column, unnested server-side); SQLite, in-process, gets an executemany.
    """
    if not rows:
        return
    if session.get_bind().dialect.name != "postgresql":
        session.execute(sqlite.insert(table).on_conflict_do_nothing(), list(rows))
        return
    columns = list(rows[0])
    arrays = ", ".join(
        f"CAST(:{column} AS {_ARRAY_TYPES[table.c[column].type.python_type]})" for column in columns
    )
    statement = text(
        f"INSERT INTO {table.name} ({', '.join(columns)}) "
        f"SELECT * FROM unnest({arrays}) ON CONFLICT DO NOTHING"
    )
    session.execute(statement, {column: [row[column] for row in rows] for column in columns})


class NameResolver:
    """Maps agency, author and person names to ids, creating rows that do not exist yet."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._agency_ids: dict[str, int] = {}
        self._author_ids: dict[str, int] = {}
        self._person_ids: dict[str, int] = {}

    # -- agencies ---------------------------------------------------------------------

    def agency_ids(self, refs: Iterable[AgencyRef]) -> dict[str, int]:
        """Normalised name (and every alias) of each ref -> agency id."""
        refs = list(refs)
        missing = [r for r in refs if not self._known_agency(r)]
        if missing:
            keys = {k for ref in missing for k in _agency_keys(ref)}
            self._load_agency_aliases(keys)
            still = _unique_by_name([r for r in missing if not self._known_agency(r)])
            if still:
                self._create_agencies(still)
                self._load_agency_aliases(keys)
        result: dict[str, int] = {}
        for ref in refs:
            agency_id = self._known_agency(ref)
            if agency_id is None:  # a concurrent writer holds a conflicting alias
                raise LookupError(f"agency {ref.name!r} could not be resolved")
            for key in _agency_keys(ref):
                result.setdefault(key, agency_id)
        return result

    def _known_agency(self, ref: AgencyRef) -> int | None:
        for key in _agency_keys(ref):
            if key in self._agency_ids:
                return self._agency_ids[key]
        return None

    def _load_agency_aliases(self, keys: set[str]) -> None:
        if not keys:
            return
        rows = self.session.execute(
            select(AgencyAlias.normalized_alias, AgencyAlias.agency_id).where(
                AgencyAlias.normalized_alias.in_(sorted(keys))
            )
        )
        self._agency_ids.update({alias: agency_id for alias, agency_id in rows})

    def _create_agencies(self, refs: Sequence[AgencyRef]) -> None:
        insert_ignoring_conflicts(
            self.session,
            table_of(Agency),
            [
                {"name": r.name, "short_name": r.short_name, "kind": r.kind, "country": r.country}
                for r in refs
            ],
        )
        rows = self.session.execute(
            select(Agency.name, Agency.id).where(Agency.name.in_([r.name for r in refs]))
        )
        ids = {name: agency_id for name, agency_id in rows}
        aliases: dict[str, dict[str, Any]] = {}
        for ref in refs:
            for alias in (ref.name, ref.short_name, *ref.aliases):
                if alias and normalized(alias) not in aliases:
                    aliases[normalized(alias)] = {
                        "agency_id": ids[ref.name],
                        "alias": alias,
                        "normalized_alias": normalized(alias),
                    }
        insert_ignoring_conflicts(self.session, table_of(AgencyAlias), list(aliases.values()))

    # -- authors ----------------------------------------------------------------------

    def author_ids(self, names: Iterable[str]) -> dict[str, int]:
        """Normalised author name -> author id."""
        wanted = {normalized(name): name for name in names}
        missing = [key for key in wanted if key not in self._author_ids]
        if missing:
            self._load_authors(missing)
            new = [key for key in missing if key not in self._author_ids]
            if new:
                insert_ignoring_conflicts(
                    self.session,
                    table_of(Author),
                    [
                        {"name": wanted[k], "normalized_name": k, "kind": author_kind(wanted[k])}
                        for k in sorted(new)
                    ],
                )
                self._load_authors(new)
        return {key: self._author_ids[key] for key in wanted}

    def _load_authors(self, keys: Sequence[str]) -> None:
        rows = self.session.execute(
            select(Author.normalized_name, Author.id).where(Author.normalized_name.in_(keys))
        )
        self._author_ids.update({key: value for key, value in rows})

    # -- people -----------------------------------------------------------------------

    def person_ids(self, refs: Iterable[PersonRef]) -> dict[str, int]:
        """Normalised name (and every alias) of each ref -> person id.

        People are matched by full name or a recorded alias only, never by a bare surname:
        two articles' "Khan" are not assumed to be one person.
        """
        refs = list(refs)
        missing = [r for r in refs if not self._known_person(r)]
        if missing:
            keys = {k for ref in missing for k in _person_keys(ref)}
            self._load_person_aliases(keys)
            still = _unique_people([r for r in missing if not self._known_person(r)])
            if still:
                self._create_people(still)
                self._load_person_aliases(keys)
        result: dict[str, int] = {}
        for ref in refs:
            person_id = self._known_person(ref)
            if person_id is None:
                raise LookupError(f"person {ref.name!r} could not be resolved")
            for key in _person_keys(ref):
                result.setdefault(key, person_id)
        return result

    def _known_person(self, ref: PersonRef) -> int | None:
        for key in _person_keys(ref):
            if key in self._person_ids:
                return self._person_ids[key]
        return None

    def _load_person_aliases(self, keys: set[str]) -> None:
        if not keys:
            return
        rows = self.session.execute(
            select(PersonAlias.normalized_alias, PersonAlias.person_id).where(
                PersonAlias.normalized_alias.in_(sorted(keys))
            )
        )
        self._person_ids.update({key: value for key, value in rows})

    def _create_people(self, refs: Sequence[PersonRef]) -> None:
        insert_ignoring_conflicts(
            self.session,
            table_of(Person),
            [
                {"name": r.name, "normalized_name": normalized(r.name), "title": r.filed_title}
                for r in refs
            ],
        )
        rows = self.session.execute(
            select(Person.normalized_name, Person.id).where(
                Person.normalized_name.in_([normalized(r.name) for r in refs])
            )
        )
        ids = {key: person_id for key, person_id in rows}
        aliases: dict[str, dict[str, Any]] = {}
        for ref in refs:
            for alias in (ref.name, *ref.aliases):
                key = normalized(alias)
                if key and key not in aliases:
                    aliases[key] = {
                        "person_id": ids[normalized(ref.name)],
                        "alias": alias,
                        "normalized_alias": key,
                    }
        insert_ignoring_conflicts(self.session, table_of(PersonAlias), list(aliases.values()))


def _agency_keys(ref: AgencyRef) -> list[str]:
    names = (ref.name, ref.short_name, *ref.aliases)
    return [normalized(name) for name in names if name and normalized(name)]


def _person_keys(ref: PersonRef) -> list[str]:
    return [normalized(name) for name in (ref.name, *ref.aliases) if normalized(name)]


def _unique_by_name(refs: Sequence[AgencyRef]) -> list[AgencyRef]:
    seen: dict[str, AgencyRef] = {}
    for ref in refs:
        seen.setdefault(ref.name, ref)
    return list(seen.values())


def _unique_people(refs: Sequence[PersonRef]) -> list[PersonRef]:
    seen: dict[str, PersonRef] = {}
    for ref in refs:
        seen.setdefault(normalized(ref.name), ref)
    return list(seen.values())
