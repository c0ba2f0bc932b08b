"""JSON and JSON Lines in the archive's own shape (what `archive export` writes) -> drafts.

Each object is checked on its own: first against the JSON Schema shipped in the package
(archive/data/article.schema.json: required keys, types, no unknown keys), then for what a
schema cannot say (offsets inside the body and matching the quoted words, names that refer
to the article's own people and agencies, derived values that agree with the body). A bad
object is rejected with one line naming where and what, and the other objects still import.

An exported article keeps its id, slug and comment ids when the archive does not use them
yet, and its original source key, format and encoding, so importing an export into an
empty archive rebuilds it exactly.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator, TypeChecker, validators
from jsonschema.exceptions import ValidationError, best_match

from archive.errors import ImportRejected
from archive.importing.draft import (
    ARTICLE_TITLE,
    PARAGRAPH_SEPARATOR,
    AgencyRef,
    ArticleDraft,
    CommentDraft,
    ImageDraft,
    PersonRef,
    QuoteDraft,
)
from archive.importing.sources import LineReader
from archive.normalize import content_hash, normalize_name, word_count

SCHEMA_FILE = "article.schema.json"


@cache
def article_schema() -> dict[str, Any]:
    """The JSON Schema of one exported article (shipped in archive/data/)."""
    text = resources.files("archive").joinpath("data", SCHEMA_FILE).read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def _is_integer(checker: TypeChecker, instance: Any) -> bool:
    """An integer as json.loads reads one: 7, not 7.0 (a float, whatever its value), nor
    true. JSON Schema counts 7.0 as an integer; as an id, an offset or a count it reached
    slicing and SQL as a float."""
    return isinstance(instance, int) and not isinstance(instance, bool)


@cache
def _validator() -> Draft202012Validator:
    extend: Callable[..., type[Draft202012Validator]] = validators.extend  # untyped upstream
    validator = extend(
        Draft202012Validator,
        type_checker=Draft202012Validator.TYPE_CHECKER.redefine("integer", _is_integer),
    )
    return validator(article_schema())


# -- whole inputs ---------------------------------------------------------------------------


def parse_json_text(text: str) -> list[ArticleDraft | ImportRejected]:
    """A .json input: one article object, or an array of them."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return [ImportRejected(f"not valid JSON: {_reason(exc)} at line {exc.lineno}")]
    if isinstance(data, list):
        if not data:
            return [ImportRejected("an empty JSON array: no article in it")]
        return [_draft_or_rejection(item, f"[{index}]") for index, item in enumerate(data)]
    return [_draft_or_rejection(data, None)]


def parse_json_lines_text(text: str) -> list[ArticleDraft | ImportRejected]:
    """A JSON Lines input already in memory: one article object per line."""
    return list(
        _parse_lines(
            (number, line.encode("utf-8")) for number, line in enumerate(text.split("\n"), start=1)
        )
    )


def parse_json_lines(
    stream: LineReader, max_line_bytes: int
) -> Iterator[ArticleDraft | ImportRejected]:
    """A JSON Lines stream, one line at a time: any length of input in bounded memory."""
    return _parse_lines(_numbered_lines(stream, max_line_bytes))


# -- lines ----------------------------------------------------------------------------------


class _TooLong:
    def __init__(self, limit: int) -> None:
        self.limit = limit


def _numbered_lines(stream: LineReader, limit: int) -> Iterator[tuple[int, bytes | _TooLong]]:
    """(line number, bytes) per line; a line over the limit is skipped, not held."""
    number = 0
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        number += 1
        if len(line) > limit and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):  # drain the rest of the long line
                line = stream.readline(1024 * 1024)
            yield number, _TooLong(limit)
            continue
        yield number, line


def _parse_lines(
    lines: Iterable[tuple[int, bytes | _TooLong]],
) -> Iterator[ArticleDraft | ImportRejected]:
    seen_any = any_read = False
    for number, raw in lines:
        where = f"line {number}"
        if isinstance(raw, _TooLong):
            seen_any = True
            yield ImportRejected(
                f"{where}: longer than the import limit of {raw.limit:,} bytes "
                "(set ARCHIVE_MAX_IMPORT_BYTES to raise it)"
            )
            continue
        if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        if not raw.strip():
            continue
        seen_any = True
        if not any_read and b"\x00" in raw:
            # UTF-16 or UTF-32 (a PowerShell redirection of an export), or a binary file:
            # every line would fail, and not one of them would say why.
            yield ImportRejected(
                f"{where}: holds NUL bytes: text in UTF-16 or UTF-32, or no text at all "
                "(JSON Lines must be UTF-8); nothing after it was read"
            )
            return
        any_read = True
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            yield ImportRejected(f"{where}: not UTF-8 text (JSON Lines must be UTF-8)")
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            yield ImportRejected(f"{where}: not valid JSON: {_reason(exc)} at column {exc.colno}")
            continue
        yield _draft_or_rejection(data, where)
    if not seen_any:
        yield ImportRejected("no article in the input: every line is empty")


# -- one object -----------------------------------------------------------------------------


def _draft_or_rejection(data: Any, where: str | None) -> ArticleDraft | ImportRejected:
    try:
        return draft_from_object(data)
    except ImportRejected as exc:
        return ImportRejected(f"{where}: {exc.reason}" if where else exc.reason)


def draft_from_object(data: Any) -> ArticleDraft:
    """An ArticleDraft from one article object; ImportRejected names the field at fault."""
    check_shape(data)
    return _Reader(data).draft()


def check_shape(data: Any) -> None:
    """Validate against the JSON Schema; the most relevant error becomes the reason."""
    if not isinstance(data, dict):
        raise ImportRejected(f"expected an article object, found {_json_type(data)}")
    error = best_match(_validator().iter_errors(data))
    if error is not None:
        raise ImportRejected(_describe(error))


def _describe(error: ValidationError) -> str:
    path = field_path(error.absolute_path)
    schema: dict[str, Any] = error.schema if isinstance(error.schema, dict) else {}
    instance: Any = error.instance
    if error.validator == "additionalProperties":
        known = set(schema.get("properties", {}))
        unknown = sorted(key for key in instance if key not in known)
        names = ", ".join(repr(_clip(key)) for key in unknown)
        return f"{path or 'the object'}: unknown field{'s' if len(unknown) > 1 else ''} {names}"
    if error.validator == "required":
        return f"{path or 'the object'}: {error.message}"
    if error.validator in ("type", "anyOf"):
        expected = schema.get("type")
        if expected is None:  # anyOf of a moment and null
            return f"{path}: expected an ISO 8601 date and time with an offset, or null"
        wanted = " or ".join(expected) if isinstance(expected, list) else expected
        return f"{path}: expected {wanted}, found {_json_type(error.instance)}"
    if error.validator == "enum" and isinstance(instance, str):
        return f"{path}: {_clip(instance)!r} is not one of {error.validator_value!r}"
    if error.validator == "maxLength" and isinstance(instance, str):
        return (
            f"{path}: {len(instance):,} characters, over the {error.validator_value} allowed "
            f"({_clip(instance)!r})"
        )
    if error.validator == "pattern" and isinstance(error.instance, str):
        return f"{path}: {_clip(error.instance)!r} is not {_pattern_meaning(schema)}"
    return f"{path or 'the object'}: {error.message}"


def _pattern_meaning(schema: dict[str, Any]) -> str:
    pattern = schema.get("pattern", "")
    if pattern.startswith("^[0-9a-f]{64}"):
        return "a SHA-256 in lowercase hex"
    return "an ISO 8601 date and time with an offset (e.g. 2016-03-28T09:30:00+00:00)"


def field_path(parts: Iterable[str | int]) -> str:
    """quotes[2].start, from the path parts of a JSON value."""
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object"


def _clip(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _Reader:
    """Turns one schema-valid article object into a draft, checking what the schema cannot."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        _check_strings(data, [])

    def draft(self) -> ArticleDraft:
        data = self.data
        body: str = data["body"]
        if not body.strip():
            raise ImportRejected("body: is empty")
        paragraphs = tuple(body.split(PARAGRAPH_SEPARATOR))
        if "paragraphs" in data and tuple(data["paragraphs"]) != paragraphs:
            raise ImportRejected("paragraphs: do not match the body split at blank lines")
        if "content_hash" in data and data["content_hash"] != content_hash(body):
            raise ImportRejected("content_hash: does not match the body")
        if "word_count" in data and data["word_count"] != word_count(body):
            raise ImportRejected(
                f"word_count: {data['word_count']} but the body has {word_count(body)} words"
            )
        agencies = self._agencies()
        people = self._people()
        agency_names = {ref.name for ref in agencies}
        source = data.get("source", {})
        return ArticleDraft(
            paragraphs=paragraphs,
            raw_text=data.get("raw_text", body),
            headline=data.get("headline"),
            byline=data.get("byline"),
            authors=self._authors(),
            published_at=_moment(data.get("published_at"), "published_at"),
            dateline=data.get("dateline"),
            language=data.get("language", "en"),
            source_name=data.get("source_name"),
            url=data.get("url"),
            canonical_url=data.get("canonical_url"),
            source_key=source.get("key"),
            source_format=source.get("format", "json"),
            source_encoding=source.get("encoding"),
            removed_boilerplate=tuple(data.get("removed_boilerplate", ())),
            images=self._images(agency_names),
            agencies=agencies,
            people=people,
            quotes=self._quotes(body, paragraphs, people, agency_names),
            comments=self._comments(),
            slug_hint=data.get("slug"),
            id_hint=data.get("id"),
        )

    def _authors(self) -> tuple[str, ...]:
        names: list[str] = self.data.get("authors", [])
        for index, name in enumerate(names):
            _a_name(name, f"authors[{index}]")
        _unique([normalize_name(name) for name in names], "authors", names)
        return tuple(names)

    def _agencies(self) -> tuple[AgencyRef, ...]:
        items: list[dict[str, Any]] = self.data.get("agencies", [])
        _names_and_aliases(items, "agencies")
        _unique([(normalize_name(i["name"]), i["role"]) for i in items], "agencies", items)
        return tuple(
            AgencyRef(
                name=item["name"],
                role=item["role"],
                short_name=item.get("short_name"),
                kind=item.get("kind", "other"),
                country=item.get("country"),
                aliases=tuple(item.get("aliases", ())),
            )
            for item in items
        )

    def _people(self) -> tuple[PersonRef, ...]:
        items: list[dict[str, Any]] = self.data.get("people", [])
        _names_and_aliases(items, "people")
        _unique([normalize_name(item["name"]) for item in items], "people", items)
        return tuple(
            PersonRef(
                name=item["name"],
                role=item["role"],
                title=item.get("title"),
                aliases=tuple(item.get("aliases", ())),
                archive_title=item.get("archive_title", ARTICLE_TITLE),
            )
            for item in items
        )

    def _images(self, agency_names: set[str]) -> tuple[ImageDraft, ...]:
        images: list[ImageDraft] = []
        for index, item in enumerate(self.data.get("images", [])):
            credited = item.get("credit_agency")
            if credited is not None and credited not in agency_names:
                raise ImportRejected(
                    f"images[{index}].credit_agency: {credited!r} is not one of the "
                    "article's agencies"
                )
            images.append(
                ImageDraft(
                    caption=item["caption"],
                    credit=item.get("credit"),
                    credit_agency=credited,
                    url=item.get("url"),
                )
            )
        return tuple(images)

    def _quotes(
        self,
        body: str,
        paragraphs: tuple[str, ...],
        people: tuple[PersonRef, ...],
        agency_names: set[str],
    ) -> tuple[QuoteDraft, ...]:
        by_name = {ref.name: ref for ref in people}
        starts: set[int] = set()
        quotes: list[QuoteDraft] = []
        for index, item in enumerate(self.data.get("quotes", [])):
            where = f"quotes[{index}]"
            start, end, text = item["start"], item["end"], item["text"]
            if not start < end <= len(body):
                raise ImportRejected(
                    f"{where}: offsets {start}..{end} are outside the body ({len(body)} characters)"
                )
            if body[start:end] != text:
                raise ImportRejected(
                    f"{where}: body[{start}:{end}] is {_clip(body[start:end])!r}, "
                    f"not the quote's text {_clip(text)!r}"
                )
            if start in starts:
                raise ImportRejected(f"{where}.start: another quote starts at {start}")
            starts.add(start)
            if item["paragraph"] >= len(paragraphs):
                raise ImportRejected(
                    f"{where}.paragraph: {item['paragraph']} but the body has "
                    f"{len(paragraphs)} paragraphs"
                )
            speaker = item.get("speaker")
            if speaker is not None and speaker not in by_name:
                raise ImportRejected(
                    f"{where}.speaker: {speaker!r} is not one of the article's people"
                )
            via = item.get("via")
            if via is not None and via not in agency_names:
                raise ImportRejected(f"{where}.via: {via!r} is not one of the article's agencies")
            if "speaker_title" in item:
                expected = None
                if speaker is not None:
                    ref = by_name[speaker]
                    expected = ref.title or (
                        ref.archive_title if ref.archive_title is not ARTICLE_TITLE else None
                    )
                if item["speaker_title"] != expected:
                    raise ImportRejected(
                        f"{where}.speaker_title: {item['speaker_title']!r} is not the "
                        f"speaker's title in people ({expected!r})"
                    )
            quotes.append(
                QuoteDraft(
                    text=text,
                    start=start,
                    end=end,
                    paragraph=item["paragraph"],
                    kind=item["kind"],
                    speaker=speaker,
                    cue=item.get("cue"),
                    via=via,
                )
            )
        return tuple(quotes)

    def _comments(self) -> tuple[CommentDraft, ...]:
        """The thread flattened parents first; each reply names its parent's index."""
        flat: list[CommentDraft] = []
        ids: set[int] = set()
        # (node, parent index, path) depth first; a list, not recursion: threads nest deep.
        stack: list[tuple[dict[str, Any], int | None, str]] = [
            (node, None, f"comments[{index}]")
            for index, node in reversed(list(enumerate(self.data.get("comments", []))))
        ]
        while stack:
            node, parent, where = stack.pop()
            if "id" in node:
                if node["id"] in ids:
                    raise ImportRejected(f"{where}.id: {node['id']} appears twice")
                ids.add(node["id"])
            flat.append(
                CommentDraft(
                    author_name=node["author"],
                    body=node["body"],
                    posted_at=_required_moment(node["posted_at"], f"{where}.posted_at"),
                    status=node.get("status", "approved"),
                    author_email=node.get("email"),
                    parent=parent,
                    id_hint=node.get("id"),
                )
            )
            position = len(flat) - 1
            stack.extend(
                (reply, position, f"{where}.replies[{number}]")
                for number, reply in reversed(list(enumerate(node.get("replies", []))))
            )
        if "comment_count" in self.data and self.data["comment_count"] != len(flat):
            raise ImportRejected(
                f"comment_count: {self.data['comment_count']} but comments holds {len(flat)}"
            )
        return tuple(flat)


def _a_name(name: str, where: str) -> None:
    """A name must hold something besides spaces, dots and commas: blank once normalised,
    it would match every other blank name, one nameless author shared by many articles."""
    if not normalize_name(name):
        raise ImportRejected(f"{where}: {name!r} is not a name")


def _names_and_aliases(items: list[dict[str, Any]], where: str) -> None:
    for index, item in enumerate(items):
        _a_name(item["name"], f"{where}[{index}].name")
        for number, alias in enumerate(item.get("aliases", ())):
            _a_name(alias, f"{where}[{index}].aliases[{number}]")


def _unique(keys: list[Any], where: str, items: list[Any]) -> None:
    seen: set[Any] = set()
    for index, key in enumerate(keys):
        if key in seen:
            shown = items[index]["name"] if isinstance(items[index], dict) else items[index]
            raise ImportRejected(f"{where}[{index}]: {shown!r} appears twice")
        seen.add(key)


def _moment(value: str | None, where: str) -> datetime | None:
    return None if value is None else _required_moment(value, where)


def _required_moment(value: str, where: str) -> datetime:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ImportRejected(f"{where}: {value!r} is not a valid date and time") from None
    if moment.tzinfo is None:  # the schema's pattern already asks for an offset
        raise ImportRejected(f"{where}: {value!r} has no UTC offset")
    return moment


def _check_strings(value: Any, path: list[str | int]) -> None:
    """Refuse text no database stores: NUL characters and lone surrogates (JSON allows both)."""
    stack: list[tuple[Any, list[str | int]]] = [(value, path)]
    while stack:
        item, where = stack.pop()
        if isinstance(item, str):
            if "\x00" in item:
                raise ImportRejected(f"{field_path(where)}: contains a NUL character")
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                raise ImportRejected(
                    f"{field_path(where)}: is not valid Unicode (a lone surrogate)"
                ) from None
        elif isinstance(item, dict):
            stack.extend((child, [*where, key]) for key, child in item.items())
        elif isinstance(item, list):
            stack.extend((child, [*where, index]) for index, child in enumerate(item))


def _reason(exc: json.JSONDecodeError) -> str:
    # Some of the decoder's messages end in "at" already ("Invalid control character at").
    return exc.msg.removesuffix(" at")
