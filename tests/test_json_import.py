"""Importing the archive's own JSON shape: what a good object becomes, and one clear line for
every way an object can be wrong, while the other objects of the run still import."""

from __future__ import annotations

import copy
import io
import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from archive.db import migrate
from archive.errors import ImportRejected
from archive.importing.draft import ARTICLE_TITLE
from archive.importing.json_import import (
    article_schema,
    draft_from_object,
    parse_json_lines,
    parse_json_text,
)
from archive.importing.pipeline import import_paths, parse_sources
from archive.importing.sources import LineSource, Unreadable, iter_sources
from archive.models import Article, Comment
from archive.normalize import content_hash
from tests.databases import ScratchDatabase

BODY = "The minister spoke on Monday.\n\n“We will rebuild the harbour,” Jane Smith said."
QUOTE = "We will rebuild the harbour,"
QUOTE_START = BODY.index(QUOTE)


def good_object() -> dict[str, Any]:
    """An article as `archive export` writes it: every key present."""
    return {
        "id": 7,
        "slug": "2021-05-02-harbour",
        "headline": "Harbour",
        "byline": "By Ali Khan",
        "published_at": "2021-05-02T09:00:00+00:00",
        "dateline": None,
        "language": "en",
        "source_name": None,
        "url": None,
        "body": BODY,
        "paragraphs": BODY.split("\n\n"),
        "images": [
            {
                "caption": "The harbour.",
                "credit": "AP",
                "credit_agency": "Associated Press",
                "url": None,
            }
        ],
        "agencies": [
            {
                "name": "Associated Press",
                "short_name": "AP",
                "role": "photo",
                "kind": "wire_service",
                "country": "United States",
                "aliases": ["AP", "Associated Press"],
            },
            {
                "name": "Reuters",
                "short_name": None,
                "role": "source",
                "kind": "wire_service",
                "country": None,
                "aliases": ["Reuters"],
            },
        ],
        "authors": ["Ali Khan"],
        "people": [
            {
                "name": "Jane Smith",
                "title": None,
                "role": "quoted",
                "aliases": ["Jane Smith", "Smith"],
                "archive_title": "harbour master",
            }
        ],
        "quotes": [
            {
                "text": QUOTE,
                "speaker": "Jane Smith",
                "speaker_title": "harbour master",
                "kind": "direct",
                "cue": "said",
                "via": "Reuters",
                "paragraph": 1,
                "start": QUOTE_START,
                "end": QUOTE_START + len(QUOTE),
            }
        ],
        "comments": [
            {
                "id": 3,
                "author": "Reader",
                "body": "First.",
                "posted_at": "2021-05-03T10:00:00+00:00",
                "status": "approved",
                "replies": [
                    {
                        "id": 5,
                        "author": "Other",
                        "body": "Second.",
                        "posted_at": "2021-05-03T11:00:00+00:00",
                        "status": "hidden",
                        "email": "other@mail.example",
                        "replies": [],
                    }
                ],
            }
        ],
        "comment_count": 2,
        "content_hash": content_hash(BODY),
        "word_count": len(BODY.split()),
        "canonical_url": "https://news.example/harbour",
        "source": {"key": "feeds/harbour.txt", "format": "text", "encoding": "cp1252"},
        "raw_text": "HARBOUR\n" + BODY,
        "removed_boilerplate": ["Share this"],
    }


def test_a_good_object_becomes_the_draft_it_describes() -> None:
    draft = draft_from_object(good_object())
    assert draft.id_hint == 7 and draft.slug_hint == "2021-05-02-harbour"
    assert draft.body == BODY and draft.raw_text == "HARBOUR\n" + BODY
    assert draft.published_at == datetime(2021, 5, 2, 9, tzinfo=UTC)
    assert (draft.source_key, draft.source_format, draft.source_encoding) == (
        "feeds/harbour.txt",
        "text",
        "cp1252",
    )
    assert draft.removed_boilerplate == ("Share this",)
    (person,) = draft.people
    assert person.title is None and person.archive_title == "harbour master"
    assert person.aliases == ("Jane Smith", "Smith")
    (quote,) = draft.quotes
    assert (quote.start, quote.end, quote.speaker, quote.via) == (
        QUOTE_START,
        QUOTE_START + len(QUOTE),
        "Jane Smith",
        "Reuters",
    )
    assert [agency.country for agency in draft.agencies] == ["United States", None]
    first, reply = draft.comments
    assert (first.parent, first.id_hint, reply.parent, reply.id_hint) == (None, 3, 0, 5)
    assert reply.status == "hidden" and reply.author_email == "other@mail.example"


def test_only_the_body_is_required() -> None:
    draft = draft_from_object({"body": "Just words.\n\nMore words."})
    assert draft.paragraphs == ("Just words.", "More words.")
    assert draft.raw_text == draft.body
    assert (draft.source_format, draft.source_key, draft.id_hint, draft.slug_hint) == (
        "json",
        None,
        None,
        None,
    )
    person = draft_from_object({"body": "x", "people": [{"name": "A B", "role": "mentioned"}]})
    assert person.people[0].archive_title is ARTICLE_TITLE


def broken(change: Any) -> dict[str, Any]:
    data = good_object()
    change(data)
    return data


def set_path(*path: Any, value: Any) -> Any:
    def change(data: Any) -> None:
        for part in path[:-1]:
            data = data[part]
        data[path[-1]] = value

    return change


def drop_path(*path: Any) -> Any:
    def change(data: Any) -> None:
        for part in path[:-1]:
            data = data[part]
        del data[path[-1]]

    return change


MALFORMED = [
    (drop_path("body"), "the object: 'body' is a required property"),
    (set_path("colour", value="red"), "the object: unknown field 'colour'"),
    (set_path("agencies", 0, "colour", value=1), "agencies[0]: unknown field 'colour'"),
    (set_path("headline", value=5), "headline: expected string or null, found a number"),
    (set_path("authors", value="Ali Khan"), "authors: expected array, found a string"),
    (set_path("id", value=0), "id: 0 is less than the minimum of 1"),
    # The reason quotes a few words of an overlong value, not all of it.
    (
        set_path("slug", value="s" * 5000),
        f"slug: 5,000 characters, over the 200 allowed ('{'s' * 39}…')",
    ),
    (set_path("k" * 3000, value=1), f"the object: unknown field '{'k' * 39}…'"),
    (
        set_path("quotes", 0, "kind", value="x" * 3000),
        f"quotes[0].kind: '{'x' * 39}…' is not one of ['direct', 'partial', 'scare']",
    ),
    (
        set_path("comments", 0, "body", value="word " * 3000),
        f"comments[0].body: 15,000 characters, over the 10000 allowed ('{'word ' * 7}word…')",
    ),
    # A name with no letters in it: stored, it became a blank author every article shared.
    (set_path("authors", value=["   "]), "authors[0]: '   ' is not a name"),
    (set_path("people", 0, "name", value="\u00a0"), "people[0].name: '\\xa0' is not a name"),
    (set_path("agencies", 1, "name", value=" . "), "agencies[1].name: ' . ' is not a name"),
    (set_path("agencies", 0, "aliases", 1, value=" "), "agencies[0].aliases[1]: ' ' is not a"),
    (set_path("people", 0, "aliases", 0, value=","), "people[0].aliases[0]: ',' is not a name"),
    # 7.0 is a whole number to JSON Schema, but not an id, an offset or a count.
    (set_path("id", value=7.0), "id: expected integer, found a number"),
    (set_path("quotes", 0, "start", value=32.0), "quotes[0].start: expected integer, found a"),
    (set_path("quotes", 0, "paragraph", value=1.0), "quotes[0].paragraph: expected integer"),
    (set_path("word_count", value=13.0), "word_count: expected integer, found a number"),
    (set_path("comments", 0, "id", value=1.0), "comments[0].id: expected integer, found a"),
    (set_path("quotes", 0, "kind", value="indirect"), "quotes[0].kind: 'indirect' is not one of"),
    (drop_path("quotes", 0, "start"), "quotes[0]: 'start' is a required property"),
    (
        set_path("published_at", value="2021-05-02 09:00"),
        "published_at: '2021-05-02 09:00' is not an ISO 8601 date and time with an offset",
    ),
    (
        set_path("comments", 0, "posted_at", value="yesterday"),
        "comments[0].posted_at: 'yesterday' is not an ISO 8601 date and time with an offset",
    ),
    (
        drop_path("comments", 0, "replies", 0, "author"),
        "comments[0].replies[0]: 'author' is a required property",
    ),
    (
        set_path("comments", 0, "status", value="deleted"),
        "comments[0].status: 'deleted' is not one of",
    ),
    (
        set_path("content_hash", value="ABC"),
        "content_hash: 'ABC' is not a SHA-256 in lowercase hex",
    ),
    (set_path("content_hash", value="0" * 64), "content_hash: does not match the body"),
    (set_path("word_count", value=3), "word_count: 3 but the body has 13 words"),
    (set_path("paragraphs", value=[BODY]), "paragraphs: do not match the body split"),
    (set_path("comment_count", value=1), "comment_count: 1 but comments holds 2"),
    (set_path("body", value="  \n "), "body: is empty"),
    (set_path("body", value="nul\x00byte"), "body: contains a NUL character"),
    (set_path("byline", value="bad \ud800 text"), "byline: is not valid Unicode"),
    (
        set_path("quotes", 0, "start", value=QUOTE_START + 1),
        f"quotes[0]: body[{QUOTE_START + 1}:{QUOTE_START + len(QUOTE)}] is 'e will rebuild",
    ),
    (set_path("quotes", 0, "end", value=500), "quotes[0]: offsets 32..500 are outside the body"),
    (set_path("quotes", 0, "paragraph", value=2), "quotes[0].paragraph: 2 but the body has 2"),
    (
        set_path("quotes", 0, "speaker", value="Nobody"),
        "quotes[0].speaker: 'Nobody' is not one of the article's people",
    ),
    (
        set_path("quotes", 0, "via", value="AFP"),
        "quotes[0].via: 'AFP' is not one of the article's agencies",
    ),
    (
        set_path("quotes", 0, "speaker_title", value="mayor"),
        "quotes[0].speaker_title: 'mayor' is not the speaker's title in people",
    ),
    (
        set_path("images", 0, "credit_agency", value="Getty"),
        "images[0].credit_agency: 'Getty' is not one of the article's agencies",
    ),
    (
        lambda data: data["people"].append({"name": "jane  SMITH", "role": "mentioned"}),
        "people[1]: 'jane  SMITH' appears twice",
    ),
    (
        lambda data: data["quotes"].append(dict(data["quotes"][0])),
        "quotes[1].start: another quote starts at 32",
    ),
    (
        set_path("comments", 0, "replies", 0, "id", value=3),
        "comments[0].replies[0].id: 3 appears twice",
    ),
]


@pytest.mark.parametrize(("change", "reason"), MALFORMED)
def test_a_malformed_object_is_rejected_with_one_line_naming_the_field(
    change: Any, reason: str
) -> None:
    with pytest.raises(ImportRejected) as caught:
        draft_from_object(broken(change))
    assert caught.value.reason.startswith(reason), caught.value.reason
    assert "\n" not in caught.value.reason
    assert len(caught.value.reason) < 200, caught.value.reason


def test_json_lines_reject_a_bad_line_and_keep_the_others() -> None:
    bad = broken(set_path("quotes", 0, "start", value=0))
    second = {**good_object(), "id": 8, "body": BODY + "\n\nAnother.", "content_hash": None}
    del second["content_hash"], second["word_count"], second["paragraphs"]
    lines = [
        json.dumps(good_object()),
        "",
        json.dumps(bad),
        "{not json",
        json.dumps([1, 2]),
        json.dumps(second),
    ]
    stream = io.BytesIO(("\n".join(lines) + "\n").encode())
    results = list(parse_json_lines(stream, max_line_bytes=100_000))
    assert [type(result).__name__ for result in results] == [
        "ArticleDraft",
        "ImportRejected",
        "ImportRejected",
        "ImportRejected",
        "ArticleDraft",
    ]
    reasons = [result.reason for result in results if isinstance(result, ImportRejected)]
    assert reasons[0].startswith("line 3: quotes[0]: body[0:60] is 'The minister spoke on")
    assert reasons[1].startswith("line 4: not valid JSON: ")
    assert reasons[2] == "line 5: expected an article object, found an array"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_json_lines_in_utf16_or_utf32_are_one_rejection_saying_so(encoding: str) -> None:
    """An export saved through a UTF-16 redirection (Windows PowerShell's `>`) was refused
    a line at a time, each 'not UTF-8 text' or 'not valid JSON', one line more than it
    has, never naming UTF-16: one reason for the whole input now."""
    text = "".join(json.dumps({"body": f"Article {n}."}) + "\n" for n in range(50))
    stream = io.BytesIO(text.encode(encoding))
    results = list(parse_json_lines(stream, max_line_bytes=100_000))
    assert [getattr(result, "reason", None) for result in results] == [
        "line 1: holds NUL bytes: text in UTF-16 or UTF-32, or no text at all "
        "(JSON Lines must be UTF-8); nothing after it was read"
    ]


def test_a_line_over_the_limit_is_rejected_without_being_held() -> None:
    long_line = json.dumps({**good_object(), "raw_text": "x" * 5_000})
    stream = io.BytesIO(f"{long_line}\n{json.dumps(good_object())}\n".encode())
    first, second = parse_json_lines(stream, max_line_bytes=2_000)
    assert isinstance(first, ImportRejected)
    assert first.reason.startswith("line 1: longer than the import limit of 2,000 bytes")
    assert not isinstance(second, ImportRejected)


def test_a_json_file_holds_one_article_or_an_array_of_them() -> None:
    (single,) = parse_json_text(json.dumps(good_object(), indent=2))
    assert not isinstance(single, ImportRejected)
    good, bad = parse_json_text(json.dumps([good_object(), {"body": 3}]))
    assert not isinstance(good, ImportRejected)
    assert isinstance(bad, ImportRejected)
    assert bad.reason == "[1]: body: expected string, found a number"
    (broken_file,) = parse_json_text("{")
    assert isinstance(broken_file, ImportRejected)
    assert broken_file.reason.startswith("not valid JSON: ")


def test_json_lines_on_standard_input_are_read_as_a_stream(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    first = json.dumps(good_object())
    others = [json.dumps({"body": f"Article number {n}."}) for n in range(2, 80)]
    text = "\n".join([first, *others]) + "\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode())))
    limit = len(first) + 1
    assert len(text) > 2 * limit  # the whole input is over the limit, each line is not
    (source,) = iter_sources(["-"], max_bytes=limit)
    assert isinstance(source, LineSource)
    parsed = list(parse_sources([source]))
    assert [getattr(item, "name", None) for item in parsed] == [
        f"<stdin>#{n}" for n in range(1, 80)
    ]
    assert all(hasattr(item, "draft") for item in parsed)


def test_an_import_run_stores_the_good_objects_and_reports_the_bad_ones(
    fresh_database: ScratchDatabase, tmp_path: Path
) -> None:
    lines = tmp_path / "export.jsonl"
    third = copy.deepcopy(good_object())
    third.update(id=9, slug="third", body="A third article.", source={"key": "third"})
    third.update(canonical_url=None)
    for key in ("paragraphs", "content_hash", "word_count", "quotes", "comments", "comment_count"):
        del third[key]
    lines.write_text(
        "\n".join(
            [
                json.dumps(good_object()),
                json.dumps(broken(set_path("quotes", 0, "via", value="AFP"))),
                json.dumps(third),
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    array = tmp_path / "more.json"
    array.write_text(json.dumps([{"body": "An article from a .json file."}, {"body": None}]))
    engine = fresh_database.engine()
    try:
        migrate.upgrade(engine)
        report = import_paths(engine, [str(lines), str(array)])
        assert report.summary() == {"added": 3, "updated": 0, "unchanged": 0, "rejected": 2}
        assert [(item.name, item.reason) for item in report.rejected] == [
            (f"{lines}#2", "line 2: quotes[0].via: 'AFP' is not one of the article's agencies"),
            (f"{array}#2", "[1]: body: expected string, found null"),
        ]
        with Session(engine) as session:
            kept = {key: slug for key, slug in session.execute(select(Article.id, Article.slug))}
            assert kept[7] == "2021-05-02-harbour" and kept[9] == "third"
            assert session.scalar(select(func.count()).select_from(Article)) == 3
    finally:
        engine.dispose()


def test_a_whole_number_written_as_a_float_is_rejected_alone(
    fresh_database: ScratchDatabase, tmp_path: Path
) -> None:
    """An id of 7.0 reached PostgreSQL's setval and stopped the whole import as a database
    failure; offsets of 32.0 broke the importer with a traceback."""
    path = tmp_path / "floats.jsonl"
    objects = [
        {"body": "An article with an id written as a float.", "id": 7.0},
        broken(set_path("quotes", 0, "start", value=float(QUOTE_START))),
        {"body": "A good article after them."},
    ]
    path.write_text("".join(json.dumps(item) + "\n" for item in objects), encoding="utf-8")
    engine = fresh_database.engine()
    try:
        migrate.upgrade(engine)
        report = import_paths(engine, [str(path)])
        assert [(item.name, item.outcome, item.reason) for item in report.items] == [
            (f"{path}#1", "rejected", "line 1: id: expected integer, found a number"),
            (f"{path}#2", "rejected", "line 2: quotes[0].start: expected integer, found a number"),
            (f"{path}#3", "added", None),
        ]
        with Session(engine) as session:
            assert session.scalar(select(func.count()).select_from(Article)) == 1
    finally:
        engine.dispose()


def test_a_json_lines_file_is_limited_per_line_not_as_a_whole(tmp_path: Path) -> None:
    big = tmp_path / "big.jsonl"
    big.write_text("\n".join(json.dumps({"body": f"Article {n}."}) for n in range(100)))
    missing = tmp_path / "missing.ndjson"
    found = list(iter_sources([str(big), str(missing)], max_bytes=200))
    assert isinstance(found[0], LineSource) and found[0].max_line_bytes == 200
    assert found[1] == Unreadable(str(missing), "no such file or folder")
    assert sum(1 for item in parse_sources(found[:1]) if hasattr(item, "draft")) == 100


def test_the_schema_is_a_valid_json_schema() -> None:
    Draft202012Validator.check_schema(article_schema())
    assert article_schema()["required"] == ["body"]


def test_taken_ids_and_slugs_are_replaced_not_reused(
    fresh_database: ScratchDatabase, tmp_path: Path
) -> None:
    first = tmp_path / "first.jsonl"
    first.write_text(json.dumps(good_object()) + "\n", encoding="utf-8")
    other = good_object()
    other.update(body="A different article.", source={"key": "elsewhere"}, canonical_url=None)
    other["comments"][0]["id"] = 5  # both taken by the first article's comments
    other["comments"][0]["replies"][0]["id"] = 3
    for key in ("paragraphs", "content_hash", "word_count", "quotes"):
        del other[key]
    second = tmp_path / "second.jsonl"
    second.write_text(json.dumps(other) + "\n", encoding="utf-8")
    engine = fresh_database.engine()
    try:
        migrate.upgrade(engine)
        import_paths(engine, [str(first)])
        (result,) = import_paths(engine, [str(second)]).items
        assert result.outcome == "added", result.reason
        assert result.article_id == 8  # 7 was taken: the next free id
        assert result.slug is not None and result.slug.startswith("2021-05-02-harbour-")
        with Session(engine) as session:
            comment_ids = sorted(session.scalars(select(Comment.id).where(Comment.article_id == 8)))
        assert comment_ids == [6, 7]  # new ids after the highest taken one
    finally:
        engine.dispose()


def test_an_id_at_the_top_of_the_range_is_not_kept_and_leaves_room_for_more(
    fresh_database: ScratchDatabase, tmp_path: Path
) -> None:
    """An object asking for id 2**63 - 1 (the schema's maximum) used to take it: on
    PostgreSQL the sequence was moved to its end (setval outlives a rollback), so that
    article and every article imported afterwards failed with 'reached maximum value of
    sequence'; on SQLite the next new article overflowed with a traceback. Such an id gets
    a new one, as a taken id does; the comments' ids likewise."""
    top = 2**63 - 1
    path = tmp_path / "top.jsonl"
    objects = [
        {"body": "An article that asks for the last id there is.", "id": top},
        {"body": "An article right after it.", "id": top - 1},
        {
            "body": "An article whose comment asks for the last comment id.",
            "comments": [
                {
                    "author": "Ann",
                    "body": "First.",
                    "id": top,
                    "posted_at": "2021-05-02T10:00:00+00:00",
                }
            ],
        },
        {"body": "A plain article with no id."},
    ]
    path.write_text("".join(json.dumps(item) + "\n" for item in objects), encoding="utf-8")
    later = tmp_path / "later.txt"
    later.write_text(
        "A later article\n\nThe harbour master said the crane was repaired on Tuesday.\n",
        encoding="utf-8",
    )
    engine = fresh_database.engine()
    try:
        migrate.upgrade(engine)
        report = import_paths(engine, [str(path)])
        assert [(item.outcome, item.article_id) for item in report.items] == [
            ("added", 1),
            ("added", 2),
            ("added", 3),
            ("added", 4),
        ]
        (result,) = import_paths(engine, [str(later)]).items
        assert (result.outcome, result.article_id) == ("added", 5)
        with Session(engine) as session:
            assert list(session.scalars(select(Comment.id))) == [1]
    finally:
        engine.dispose()


def test_a_url_too_long_for_postgresqls_index_is_rejected_alone(
    fresh_database: ScratchDatabase, tmp_path: Path
) -> None:
    """A 9,000-character URL that does not compress is past the size of a btree index row
    on PostgreSQL: that article is refused on the server's word and the next one imports
    (the import used to stop there as if the database had failed). SQLite stores both."""
    import random
    import string

    letters = random.Random(2).choices(string.ascii_letters, k=9000)
    path = tmp_path / "long-url.jsonl"
    objects = [
        {
            "body": "An article with a very long address.",
            "url": "https://x.example/" + "".join(letters),
        },
        {"body": "An article after it."},
    ]
    path.write_text("".join(json.dumps(item) + "\n" for item in objects), encoding="utf-8")
    engine = fresh_database.engine()
    try:
        migrate.upgrade(engine)
        report = import_paths(engine, [str(path)])
        outcomes = [item.outcome for item in report.items]
        if fresh_database.backend == "postgresql":
            assert outcomes == ["rejected", "added"]
            reason = report.items[0].reason or ""
            assert reason.startswith("database refused the article: index row"), reason
        else:
            assert outcomes == ["added", "added"]
    finally:
        engine.dispose()
