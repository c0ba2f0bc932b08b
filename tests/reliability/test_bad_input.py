"""Hostile inputs through the real `archive import`, on SQLite and PostgreSQL, into an
archive that already holds the seed, a few articles and a comment thread.

Each input ends as one line of the report and the documented exit status. A rejected input
changes nothing at all; a stored one adds its own article (and any new names) and changes
no row that was there before. `archive verify` passes after every one.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from archive.db.engine import create_archive_engine
from archive.errors import ImportRejected
from archive.importing.decoding import decode
from archive.importing.sources import DEFAULT_MAX_BYTES
from tests.cli.runner import CONSOLE_SCRIPT, SEED_SLUG, Archive
from tests.reliability import snapshot
from tests.reliability.conftest import BAD_FOLDER

SUMMARY_REJECTED = "imported 0, updated 0, unchanged 0, rejected 1"
SUMMARY_ADDED = "imported 1, updated 0, unchanged 0, rejected 0"
SUMMARY_UNCHANGED = "imported 0, updated 0, unchanged 1, rejected 0"
BINARY = "contains NUL bytes: a binary file, or text in UTF-16/32"


@dataclass(frozen=True)
class Imported:
    outcome: str
    line: str  # the report's line for the input
    item: dict[str, object]  # the same, from --json
    difference: snapshot.Difference


def fingerprint(archive: Archive) -> snapshot.Snapshot:
    engine = create_archive_engine(archive.url)
    try:
        return snapshot.take(engine)
    finally:
        engine.dispose()


def verify_passes(archive: Archive) -> None:
    result = archive.run("verify")
    assert result.exit_code == 0, result.stdout
    assert result.stdout.startswith("ok: checked"), result.stdout


@contextmanager
def watched(archive: Archive) -> Iterator[list[snapshot.Difference]]:
    """What changed in the archive during the block (and verify passing afterwards)."""
    found: list[snapshot.Difference] = []
    before = fingerprint(archive)
    yield found
    found.append(snapshot.compare(before, fingerprint(archive)))
    verify_passes(archive)


def import_one(archive: Archive, path: Path) -> Imported:
    """`archive import -v PATH`, checked for the documented shape of a one-input report."""
    with watched(archive) as difference:
        result = archive.run("import", "-v", str(path))
    lines = result.stdout.splitlines()
    assert len(lines) == 2, result.stdout
    outcome = lines[0].split()[0]
    assert (
        lines[1]
        == {
            "added": SUMMARY_ADDED,
            "unchanged": SUMMARY_UNCHANGED,
            "rejected": SUMMARY_REJECTED,
        }[outcome]
    )
    if outcome == "rejected":
        assert (result.exit_code, result.stderr) == (1, "Error: 1 of 1 inputs rejected\n")
    else:
        assert (result.exit_code, result.stderr) == (0, "")
    # --json reports the same item (the import is idempotent, so running it again is safe).
    again = json.loads(archive.run("import", "--json", str(path)).stdout)
    return Imported(outcome, lines[0], again["items"][0], difference[0])


def assert_rejected(archive: Archive, path: Path, reason: str) -> None:
    imported = import_one(archive, path)
    assert imported.line == f"rejected  {path}: {reason}"
    assert imported.item["reason"] == reason
    assert imported.difference.none, imported.difference


def assert_added_alone(archive: Archive, imported: Imported) -> int:
    """The input became one new article; nothing that was there before changed."""
    assert imported.outcome == "added", imported.line
    difference = imported.difference
    assert difference.only_added(), difference
    new_ids = snapshot.article_ids_added(difference)
    assert len(new_ids) == 1
    engine = create_archive_engine(archive.url)
    try:
        assert snapshot.rows_of_other_articles(engine, difference, new_ids) == {}
    finally:
        engine.dispose()
    assert difference.added["article_search"] == {(next(iter(new_ids)),)}
    return next(iter(new_ids))


# -- refused, with the reason ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("empty.txt", "empty input"),
        ("blank.txt", "empty input"),
        ("binary.txt", BINARY),
        ("utf16.txt", BINARY),
        ("nul-bytes.txt", BINARY),
        (
            "invalid-utf8.txt",
            "damaged UTF-8: 4 bytes that are not UTF-8 (the first, 0x80, at line 7, "
            "column 79) in text that is otherwise UTF-8",
        ),
        ("only-boilerplate.txt", "no article body: only header lines or page furniture"),
        (
            "year-3000.txt",
            "dated 3000-01-01, in the future: not a plausible publication date "
            "(correct or remove the date)",
        ),
        (
            "no-article.html",
            "no article in the page: headings, lists or links but no paragraphs of text "
            "(7 words); a section front or navigation page?",
        ),
        ("json-missing-body.json", "the object: 'body' is a required property"),
        ("json-wrong-types.json", "quotes: expected array, found a string"),
        ("json-unknown-fields.json", "the object: unknown fields 'colour', 'mood'"),
        ("json-not-json.json", "not valid JSON: Invalid control character at line 1"),
        ("json-nul.json", "body: contains a NUL character"),
        (
            "json-year-3000.json",
            "dated 3000-01-01, in the future: not a plausible publication date "
            "(correct or remove the date)",
        ),
    ],
)
def test_a_hostile_input_is_refused_and_changes_nothing(
    stocked: Archive, name: str, reason: str
) -> None:
    assert_rejected(stocked, BAD_FOLDER / name, reason)


def test_a_50_mb_file_is_over_the_size_limit(stocked: Archive, tmp_path: Path) -> None:
    huge = tmp_path / "huge.txt"
    paragraph = (BAD_FOLDER / "undated.txt").read_bytes()
    with huge.open("wb") as out:
        while out.tell() < 50 * 1024 * 1024:
            out.write(paragraph)
    size = huge.stat().st_size
    assert size >= 50 * 1024 * 1024
    assert_rejected(
        stocked,
        huge,
        f"file is {size:,} bytes, over the import limit of {DEFAULT_MAX_BYTES:,} bytes "
        "(set ARCHIVE_MAX_IMPORT_BYTES to raise it)",
    )


def test_the_size_limit_is_configurable(
    stocked: Archive, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    article = tmp_path / "small.txt"
    article.write_bytes((BAD_FOLDER / "undated.txt").read_bytes().replace(b"erry", b"unicular"))
    size = article.stat().st_size
    monkeypatch.setenv("ARCHIVE_MAX_IMPORT_BYTES", str(size - 1))
    assert_rejected(
        stocked,
        article,
        f"file is {size:,} bytes, over the import limit of {size - 1:,} bytes "
        "(set ARCHIVE_MAX_IMPORT_BYTES to raise it)",
    )
    # Standard input counts the same way.
    result = stocked.run("import", "-", input=article.read_bytes())
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        f"rejected  <stdin>: input is over the import limit of {size - 1:,} bytes "
        "(set ARCHIVE_MAX_IMPORT_BYTES to raise it)"
    )
    # A file exactly at the limit is read.
    monkeypatch.setenv("ARCHIVE_MAX_IMPORT_BYTES", str(size))
    assert_added_alone(stocked, import_one(stocked, article))


@pytest.mark.parametrize("value", ["lots", "0", "-5", "1.5"])
def test_an_unusable_size_limit_is_one_line(
    stocked: Archive, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("ARCHIVE_MAX_IMPORT_BYTES", value)
    before = fingerprint(stocked)
    result = stocked.run("import", str(BAD_FOLDER / "undated.txt"))
    assert result.exit_code == 1
    assert result.stdout == ""
    expected = (
        f"ARCHIVE_MAX_IMPORT_BYTES must be positive, not {value}"
        if value.lstrip("-").isdigit()
        else f"ARCHIVE_MAX_IMPORT_BYTES must be a whole number of bytes, not {value!r}"
    )
    assert result.stderr == f"Error: {expected}\n"
    assert snapshot.compare(before, fingerprint(stocked)).none


# -- stored, faithfully ---------------------------------------------------------------------


def test_unbalanced_quote_marks_are_stored_with_consistent_quotes(stocked: Archive) -> None:
    path = BAD_FOLDER / "unbalanced-quotes.txt"
    article_id = assert_added_alone(stocked, import_one(stocked, path))
    shown = stocked.json("show", str(article_id))
    # The headline keeps its stray marks as printed; every quote sits on its offsets.
    assert shown["headline"] == '"Talks stall over "the wording of the deal'
    assert shown["quotes"], "some quoted words are still found"
    for quote in shown["quotes"]:
        assert shown["body"][quote["start"] : quote["end"]] == quote["text"]


def test_non_latin_and_right_to_left_names_are_kept_and_searchable(stocked: Archive) -> None:
    path = BAD_FOLDER / "non-latin-names.txt"
    article_id = assert_added_alone(stocked, import_one(stocked, path))
    shown = stocked.json("show", str(article_id))
    names = ["محمد العبدالله", "سید عباس عراقچی", "王小明", "Сергей Иванович Петров"]
    for name in names:
        assert name in shown["body"], name
    quoted = {quote["text"] for quote in shown["quotes"]}
    assert {"اتفاق جنيف", "توافق ژنو"} <= quoted  # between « », read right to left
    for quote in shown["quotes"]:
        assert shown["body"][quote["start"] : quote["end"]] == quote["text"]
    for word in ("Петров", "عراقچی", "王小明"):
        hits = stocked.json("search", word)
        assert [hit["id"] for hit in hits] == [article_id], word
    # Byte for byte as received: the export carries the body, the raw source is in the row.
    engine = create_archive_engine(stocked.url)
    try:
        from sqlalchemy import select

        from archive.models import Article

        with engine.connect() as connection:
            raw = connection.execute(
                select(Article.raw_text).where(Article.id == article_id)
            ).scalar_one()
    finally:
        engine.dispose()
    assert raw == path.read_text(encoding="utf-8")


def test_an_undated_article_is_stored_undated(stocked: Archive) -> None:
    article_id = assert_added_alone(stocked, import_one(stocked, BAD_FOLDER / "undated.txt"))
    shown = stocked.json("show", str(article_id))
    assert shown["published_at"] is None
    assert shown["slug"] == "undated-ferry-service-resumes-on-the-northern-route"
    # Undated articles list after every dated one, and never match a date filter.
    listed = stocked.json("list", "--limit", "1000")
    position = [item["id"] for item in listed].index(article_id)
    assert all(item["published_at"] is None for item in listed[position:])
    assert article_id not in {a["id"] for a in stocked.json("list", "--since", "1600-01-01")}


def test_a_json_object_with_only_a_body_is_stored_with_defaults(stocked: Archive) -> None:
    path = BAD_FOLDER / "json-body-only.json"
    article_id = assert_added_alone(stocked, import_one(stocked, path))
    shown = stocked.json("show", str(article_id))
    assert (shown["headline"], shown["published_at"], shown["authors"]) == (None, None, [])
    assert shown["body"] == json.loads(path.read_text(encoding="utf-8"))["body"]


def test_bad_json_lines_are_refused_one_by_one_and_the_rest_import(stocked: Archive) -> None:
    path = BAD_FOLDER / "json-mixed.jsonl"
    with watched(stocked) as difference:
        result = stocked.run("import", "-v", str(path))
    assert (result.exit_code, result.stderr) == (1, "Error: 4 of 6 inputs rejected\n")
    lines = result.stdout.splitlines()
    assert lines[:4] == [
        f"rejected  {path}#2: line 2: word_count: expected integer, found a string",
        f"rejected  {path}#3: line 3: the object: unknown field 'sentiment'",
        f"rejected  {path}#5: line 5: not valid JSON: Invalid control character at column 21",
        f"rejected  {path}#6: dated 3000-06-01, in the future: not a plausible publication "
        "date (correct or remove the date)",
    ]
    assert [line.split(" -> ")[0] for line in lines[4:6]] == [
        f"added     {path}#1",
        f"added     {path}#4",
    ]
    assert lines[6:] == ["imported 2, updated 0, unchanged 0, rejected 4"]
    assert difference[0].only_added()
    assert len(snapshot.article_ids_added(difference[0])) == 2


def test_a_single_100_kb_line(stocked: Archive, tmp_path: Path) -> None:
    """No line breaks at all, and a quote every few words: read in one pass, not quadratic."""
    sentence = (
        'Officials said the plan was "on track," and Maria Lopez, the minister, said '
        '"we will finish it" before the "deadline" of the year. '
    )
    line = (sentence * (100_000 // len(sentence) + 1))[:100_000].rsplit(" ", 1)[0]
    path = tmp_path / "one-line.txt"
    path.write_text(line, encoding="utf-8")
    assert b"\n" not in path.read_bytes() and len(line) > 99_000
    article_id = assert_added_alone(stocked, import_one(stocked, path))
    shown = stocked.json("show", str(article_id))
    assert shown["body"] == line
    assert len(shown["quotes"]) > 1000
    hers = [q for q in shown["quotes"] if q["text"] == "we will finish it"]
    assert len(hers) == line.count("we will finish it")
    assert {q["speaker"] for q in hers} == {"Maria Lopez"}


def test_the_same_article_with_other_whitespace_is_recognised(stocked: Archive) -> None:
    imported = import_one(stocked, BAD_FOLDER / "seed-respaced.txt")
    assert imported.outcome == "unchanged"
    assert imported.line.endswith(f"-> article 1 ({SEED_SLUG}) [same article as {SEED_SLUG}]")
    assert imported.difference.none


# -- decoding, on its own -------------------------------------------------------------------


def test_legacy_encodings_are_still_read() -> None:
    """The damaged-UTF-8 rule does not catch text in a legacy encoding."""
    ukrainian = "Президент України заявив, що країні потрібні реформи. Її уряд погодився."
    text, encoding = decode(ukrainian.encode("cp1251"))
    assert (text, encoding) == (ukrainian, "cp1251")
    french = (
        "Le maire de Montréal a annoncé mardi que les terrasses coûteront moins cher "
        "cet été, « pour aider les commerçants » a-t-il déclaré à la presse. " * 3
    )
    # cp1250 and cp1252 read this French equally well; the detector used to pick cp1250.
    assert decode(french.encode("cp1252")) == (french, "cp1252")
    polish = (
        "Prezydent powiedział w środę, że rząd przygotuje nową ustawę o łączności. "
        "Minister zdrowia zgodził się z tą oceną, dodając, że źródła są już znane. " * 2
    )
    assert decode(polish.encode("cp1250")) == (polish, "cp1250")


def test_damaged_utf8_names_the_first_bad_byte() -> None:
    with pytest.raises(ImportRejected) as caught:
        decode("Déjà vu, “again”.\nSecond line, ok “here”.\n".encode().replace(b"ok", b"o\xffk"))
    assert caught.value.reason == (
        "damaged UTF-8: 1 byte that is not UTF-8 (the first, 0xFF, at line 2, column 15) "
        "in text that is otherwise UTF-8"
    )


def test_an_article_too_big_for_postgresqls_search_index_is_rejected_alone(
    stocked: Archive, tmp_path: Path
) -> None:
    """PostgreSQL cannot index a text of 150,000 distinct words (a tsvector holds at most
    1 MB): that one input is refused, on the database's word, and the others import.
    It used to stop the whole import as if the database had failed."""
    folder = tmp_path / "in"
    folder.mkdir()
    huge = " ".join(f"w{number}x" for number in range(150_000))
    (folder / "a-huge.txt").write_text(f"A list of codes\n\n{huge}.\n", encoding="utf-8")
    (folder / "b-small.txt").write_text(
        "Harbour crane repaired\n\nThe port's oldest crane lifted containers again on "
        "Monday after a month of repairs, the harbour master said.\n",
        encoding="utf-8",
    )
    with watched(stocked) as difference:
        result = stocked.run("import", "-v", str(folder))
    lines = result.stdout.splitlines()
    if stocked.backend == "postgresql":
        assert (result.exit_code, result.stderr) == (1, "Error: 1 of 2 inputs rejected\n")
        assert lines[0].startswith(
            f"rejected  {folder / 'a-huge.txt'}: database refused the article: "
            "string is too long for tsvector"
        ), lines[0]
        assert lines[1].startswith(f"added     {folder / 'b-small.txt'} -> ")
        assert lines[2] == "imported 1, updated 0, unchanged 0, rejected 1"
        assert len(snapshot.article_ids_added(difference[0])) == 1
    else:  # SQLite's index has no such limit
        assert (result.exit_code, result.stderr) == (0, "")
        assert lines[2] == "imported 2, updated 0, unchanged 0, rejected 0"
        assert len(snapshot.article_ids_added(difference[0])) == 2
    assert difference[0].only_added()


def _without_permission_bypass() -> list[str]:
    """A command prefix under which file permissions hold: nothing for a normal user; for
    root, setpriv dropping the capabilities that let root read anything."""
    if os.geteuid() != 0:
        return []
    prefix = [
        "setpriv",
        "--bounding-set=-dac_override,-dac_read_search",
        "--inh-caps=-dac_override,-dac_read_search",
    ]
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: permissions cannot be tested")
    return prefix


def test_unreadable_files_and_folders_are_each_one_rejected_line(
    stocked: Archive, tmp_path: Path
) -> None:
    """A folder that cannot be read was skipped in silence inside a folder, and reported as
    'no importable files' when named; a file in a folder that cannot be searched stopped the
    whole import with 'Error: Permission denied'."""
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    good = (BAD_FOLDER / "undated.txt").read_bytes()
    (folder / "ok.txt").write_bytes(good.replace(b"erry", b"ramway"))
    (folder / "secret.txt").write_bytes(good.replace(b"erry", b"unicular"))
    (folder / "sub" / "inner.txt").write_bytes(good.replace(b"erry", b"hovercraft"))
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "deep.txt").write_bytes(good.replace(b"erry", b"cable car"))
    (folder / "secret.txt").chmod(0)
    (folder / "sub").chmod(0)
    locked.chmod(0)
    try:
        with watched(stocked) as difference:
            result = subprocess.run(
                [
                    *_without_permission_bypass(),
                    str(CONSOLE_SCRIPT),
                    "--db",
                    stocked.url,
                    "import",
                    "-v",
                    str(folder),
                    str(locked),
                    str(locked / "deep.txt"),
                ],
                capture_output=True,
                text=True,
                timeout=300,
                check=False,
            )
    finally:
        for path in (folder / "secret.txt", folder / "sub", locked):
            path.chmod(0o755)
    assert (result.returncode, result.stderr) == (1, "Error: 4 of 5 inputs rejected\n")
    lines = result.stdout.splitlines()
    assert lines[:4] == [
        f"rejected  {folder / 'secret.txt'}: permission denied",
        f"rejected  {folder / 'sub'}: permission denied: nothing in this folder was read",
        f"rejected  {locked}: permission denied: nothing in this folder was read",
        f"rejected  {locked / 'deep.txt'}: permission denied",
    ]
    assert lines[4].startswith(f"added     {folder / 'ok.txt'} -> ")
    assert lines[5] == "imported 1, updated 0, unchanged 0, rejected 4"
    assert difference[0].only_added()
    assert len(snapshot.article_ids_added(difference[0])) == 1
