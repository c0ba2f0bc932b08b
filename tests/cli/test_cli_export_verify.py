"""`archive export` (JSON Lines in show --json's shape) and `archive verify` (integrity
checks that find what is wrong), end to end on both databases."""

from __future__ import annotations

import dataclasses
import json
import os
import sqlite3
import stat
import threading
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from archive.export.jsonl import article_line
from archive.unit_of_work import open_archive
from tests.cli.runner import SECRET_EMAIL, SEED_SLUG, Archive, run
from tests.databases import ScratchDatabase

HARBOUR_SLUG = "2016-04-05-harbour-reopens-after-the-storm"
BRIDGE_SLUG = "2016-04-06-new-bridge-opens-to-traffic"

# -- export -----------------------------------------------------------------------------------


def show_part(exported: dict[str, Any], shown: dict[str, Any]) -> dict[str, Any]:
    """The export's object cut down to `show --json`'s keys (each item of a list too)."""
    part: dict[str, Any] = {}
    for key, value in shown.items():
        if isinstance(value, list) and value and isinstance(value[0], dict):
            keys = list(value[0])
            part[key] = [{k: item[k] for k in keys} for item in exported[key]]
        else:
            part[key] = exported[key]
    return part


def test_export_writes_one_whole_article_per_line_beginning_with_show_json(
    filled: Archive,
) -> None:
    output = filled.ok("export").stdout
    assert output.endswith("\n")
    lines = output.split("\n")[:-1]
    exported = [json.loads(line) for line in lines]
    listed = filled.json("list", "--limit", "500")
    assert [article["id"] for article in exported] == [item["id"] for item in listed]
    for article in exported[:3]:
        shown = filled.json("show", str(article["id"]))
        assert list(article)[: len(shown)] == list(shown)
        assert show_part(article, shown) == shown
    seed = next(article for article in exported if article["slug"] == SEED_SLUG)
    assert seed["source"]["key"] == "seeds/2016-03-28_putin-rowhani-palmyra.txt"
    assert seed["raw_text"].startswith("Russian President Vladimir Putin")


def test_export_takes_the_list_filters(filled: Archive) -> None:
    for options in (("--agency", "IRNA"), ("--since", "2016-01-01"), ("--until", "2005-01-01")):
        lines = filled.ok("export", *options).stdout.splitlines()
        exported = [json.loads(line)["id"] for line in lines]
        assert exported == [item["id"] for item in filled.json("list", *options, "--limit", "500")]
    assert filled.ok("export", "--person", "Nobody Atall").stdout == ""


def test_export_carries_every_comment_with_its_status_and_no_email(filled: Archive) -> None:
    lines = filled.ok("export", "--agency", "IRNA").stdout.splitlines()
    [seed] = [json.loads(line) for line in lines if SEED_SLUG in line]
    thread = [
        (c["author"], c["status"], [r["author"] for r in c["replies"]]) for c in seed["comments"]
    ]
    assert thread == [("Ann", "approved", ["Bo"]), ("Cy", "spam", [])]
    assert seed["comment_count"] == 3
    assert SECRET_EMAIL not in filled.ok("export").stdout
    assert SECRET_EMAIL in filled.ok("export", "--include-private").stdout


def test_hide_help_says_that_export_keeps_the_comment() -> None:
    """As the README says; the help of `comment hide` said export left it out."""
    summary = run("comment", "hide", "--help").stdout.splitlines()[2]
    assert "export keeps them" in summary and "and export" not in summary


def test_export_to_a_file(filled: Archive, tmp_path: Path) -> None:
    target = tmp_path / "archive.jsonl"
    result = filled.ok("export", "--agency", "IRNA", "--out", str(target))
    assert result.stdout == f"exported 1 article to {target}\n"
    assert target.read_text(encoding="utf-8") == filled.ok("export", "--agency", "IRNA").stdout
    assert [p.name for p in tmp_path.iterdir()] == ["archive.jsonl"]


def test_a_failed_export_leaves_the_old_file_alone(
    filled: Archive, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "archive.jsonl"
    target.write_text("the previous export\n", encoding="utf-8")

    def fail_halfway(*args: object, **kwargs: object) -> int:
        out = args[1]
        assert hasattr(out, "write")
        out.write('{"id": 1}\n')
        raise OSError(28, "No space left on device", str(target))

    monkeypatch.setattr("archive.cli.export.write_jsonl", fail_halfway)
    assert filled.fails("export", "--out", str(target)) == (
        f"Error: No space left on device: {target}\n"
    )
    assert target.read_text(encoding="utf-8") == "the previous export\n"
    assert [p.name for p in tmp_path.iterdir()] == ["archive.jsonl"]


def test_export_through_a_symbolic_link_replaces_the_file_it_points_to(
    filled: Archive, tmp_path: Path
) -> None:
    real = tmp_path / "exports" / "2016.jsonl"
    real.parent.mkdir()
    real.write_text("last year's export\n", encoding="utf-8")
    link = tmp_path / "latest.jsonl"
    link.symlink_to(real)
    filled.ok("export", "--agency", "IRNA", "--out", str(link))
    assert link.is_symlink() and link.resolve() == real.resolve()
    assert real.read_text(encoding="utf-8") == filled.ok("export", "--agency", "IRNA").stdout
    assert sorted(p.name for p in real.parent.iterdir()) == ["2016.jsonl"]


def test_export_into_a_pipe_writes_into_it(filled: Archive, tmp_path: Path) -> None:
    """A FIFO (or /dev/stdout, a terminal) is written to, never replaced by a regular file."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[str] = []
    reader = threading.Thread(
        target=lambda: received.append(fifo.read_text(encoding="utf-8")), daemon=True
    )
    reader.start()
    try:
        result = filled.ok("export", "--agency", "IRNA", "--out", str(fifo))
    finally:
        if reader.is_alive():  # the export never opened the pipe: let the reader go
            with open(fifo, "w", encoding="utf-8"):
                pass
        reader.join(timeout=10)
    assert result.stdout == f"exported 1 article to {fifo}\n"
    assert received == [filled.ok("export", "--agency", "IRNA").stdout]
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["pipe"]


def test_an_export_file_gets_the_usual_permissions(filled: Archive, tmp_path: Path) -> None:
    """Like a file the shell writes (umask), and an existing file keeps its own mode."""
    umask = os.umask(0o022)
    try:
        fresh = tmp_path / "new.jsonl"
        filled.ok("export", "--out", str(fresh))
        assert stat.S_IMODE(fresh.stat().st_mode) == 0o644
        shared = tmp_path / "shared.jsonl"
        shared.write_text("old\n", encoding="utf-8")
        shared.chmod(0o664)
        filled.ok("export", "--out", str(shared))
        assert stat.S_IMODE(shared.stat().st_mode) == 0o664
        table = tmp_path / "quotes.csv"
        filled.ok("export", "--format", "csv", "--table", "quotes", "--out", str(table))
        assert stat.S_IMODE(table.stat().st_mode) == 0o644
        folder = tmp_path / "csv"
        filled.ok("export", "--format", "csv", "--out", str(folder))
        assert {stat.S_IMODE(p.stat().st_mode) for p in folder.iterdir()} == {0o644}
    finally:
        os.umask(umask)


@pytest.mark.parametrize(
    "options", [(), ("--format", "csv"), ("--format", "csv", "--table", "quotes")]
)
def test_an_empty_out_is_a_usage_error(
    filled: Archive, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, options: tuple[str, ...]
) -> None:
    """`--out "$FOLDER"` with the variable unset: csv wrote its files into the working folder."""
    monkeypatch.chdir(tmp_path)
    stderr = filled.fails("export", *options, "--out", "", code=2)
    assert stderr.endswith("Error: --out is empty: give a file or folder, or - for stdout\n")
    assert list(tmp_path.iterdir()) == []


def test_csv_into_an_existing_file_is_a_usage_error(filled: Archive, tmp_path: Path) -> None:
    """It said only 'Error: File exists: …'."""
    target = tmp_path / "archive.jsonl"
    target.write_text("kept\n", encoding="utf-8")
    stderr = filled.fails("export", "--format", "csv", "--out", str(target), code=2)
    assert stderr.endswith(
        f"Error: --out {target} is a file: --format csv writes a folder "
        "(or one --table to a .csv file)\n"
    )
    assert target.read_text(encoding="utf-8") == "kept\n"


def test_export_into_a_missing_folder_is_one_line(filled: Archive, tmp_path: Path) -> None:
    target = tmp_path / "no" / "such" / "folder" / "out.jsonl"
    assert filled.fails("export", "--out", str(target)) == (
        f"Error: cannot write {target}: No such file or directory: {target.parent}\n"
    )


def test_export_lines_survive_line_separators(filled: Archive) -> None:
    with open_archive(filled.url, readonly=True) as archive:
        detail = archive.articles.get(SEED_SLUG)
    odd = dataclasses.replace(detail, body=detail.body + "\u2028and\u2029on")
    line = article_line(odd.to_dict())
    assert "\u2028" not in line and "\u2029" not in line
    assert len(line.splitlines()) == 1
    assert json.loads(line) == odd.to_dict()


# -- verify -----------------------------------------------------------------------------------


def test_verify_passes_on_a_sound_archive(filled: Archive) -> None:
    lines = filled.ok("verify").stdout.splitlines()
    articles = len(filled.json("list", "--limit", "500"))
    assert lines == [
        "ok: checked foreign_keys, timestamps, content_hashes, word_counts, quote_offsets, "
        "search_index "
        f"over {articles} articles, {filled.json('stats')['tables']['quotes']} quotes"
    ]
    report = filled.json("verify")
    assert report["ok"] is True and report["problems"] == [] and report["problem_count"] == 0
    assert report["checked"]["articles"] == articles


def tamper(database: ScratchDatabase, *statements: str) -> None:
    """Change rows behind the archive's back, with foreign keys not enforced."""
    if database.backend == "sqlite":
        connection = sqlite3.connect(database.url.database or "")
        connection.isolation_level = None
        connection.execute("PRAGMA foreign_keys = OFF")
        for statement in statements:
            connection.execute(statement)
        connection.close()
        return
    engine = database.engine()
    with engine.begin() as connection:
        connection.execute(text("SET LOCAL session_replication_role = replica"))
        for statement in statements:
            connection.execute(text(statement))
    engine.dispose()


@pytest.fixture
def damaged(
    fresh_database: ScratchDatabase, articles_folder: Path
) -> tuple[Archive, dict[str, int]]:
    """A seeded archive with two more articles, then one thing broken per check."""
    archive = Archive(fresh_database.url_string, fresh_database.backend)
    archive.ok("seed")
    archive.ok("import", str(articles_folder))
    ids = {item["slug"]: item["id"] for item in archive.json("list")}
    harbour, bridge, seed = ids[HARBOUR_SLUG], ids[BRIDGE_SLUG], ids[SEED_SLUG]
    irna = next(a["id"] for a in archive.json("agencies") if a["short_name"] == "IRNA")
    first_quote = archive.json("quotes", "--speaker", "Ali Shamkhani")[0]["id"]
    postgresql = fresh_database.backend == "postgresql"
    tamper(
        fresh_database,
        f"UPDATE articles SET content_hash = '{'0' * 64}' WHERE id = {harbour}",
        f"UPDATE articles SET word_count = 1 WHERE id = {bridge}",
        f"UPDATE quotes SET start_offset = start_offset + 1 WHERE id = {first_quote}",
        f"DELETE FROM agencies WHERE id = {irna}",
        (
            f"UPDATE article_search SET document = to_tsvector('english', 'x') "
            f"WHERE article_id = {bridge}"
            if postgresql
            else f"UPDATE article_search SET body = 'x' WHERE rowid = {bridge}"
        ),
        (
            f"DELETE FROM article_search WHERE article_id = {harbour}"
            if postgresql
            else f"DELETE FROM article_search WHERE rowid = {harbour}"
        ),
        (
            "INSERT INTO article_search (article_id, document) VALUES (999, to_tsvector('x'))"
            if postgresql
            else "INSERT INTO article_search (rowid, headline, captions, body) "
            "VALUES (999, '', '', 'x')"
        ),
    )
    return archive, {
        "harbour": harbour,
        "bridge": bridge,
        "seed": seed,
        "irna": irna,
        "quote": first_quote,
    }


def test_verify_lists_every_problem_and_exits_1(damaged: tuple[Archive, dict[str, int]]) -> None:
    archive, ids = damaged
    result = archive.run("verify")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    harbour, bridge = ids["harbour"], ids["bridge"]
    harbour_slug, bridge_slug = HARBOUR_SLUG, BRIDGE_SLUG
    expected = [
        f"content_hashes: article {harbour} ({harbour_slug}): stored content hash 000000000000…",
        f"word_counts: article {bridge} ({bridge_slug}): stored word count 1 but the body has ",
        f"quote_offsets: quote {ids['quote']} in article {ids['seed']}: body[",
        f"search_index: article {harbour} ({harbour_slug}) has no search entry",
        f"search_index: article {bridge} ({bridge_slug}): search entry",
        "search_index: search entry 999 belongs to no article",
    ]
    for start in expected:
        assert sum(line.startswith(start) for line in lines) == 1, (start, lines)
    orphans = [line for line in lines if line.startswith("foreign_keys: ")]
    assert any(
        line.startswith("foreign_keys: article_agencies row ")
        and line.endswith("refers to a missing agencies row")
        for line in orphans
    ), orphans
    assert any(
        line.startswith("foreign_keys: quotes row ")
        and "via_agency_id" in line
        and line.endswith("refers to a missing agencies row")
        for line in orphans
    ), orphans
    count = len(lines) - 1
    assert lines[-1].startswith(f"{count} problem(s): checked foreign_keys")
    assert result.stderr == f"Error: verify found {count} problem(s)\n"


def test_verify_json_lists_problems(damaged: tuple[Archive, dict[str, int]]) -> None:
    archive, ids = damaged
    result = archive.run("verify", "--json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["ok"] is False
    assert report["problem_count"] == len(report["problems"])
    assert all(set(p) == {"check", "table", "row", "message"} for p in report["problems"])
    found = {(p["check"], p["table"], p["row"]) for p in report["problems"]}
    assert {
        ("content_hashes", "articles", str(ids["harbour"])),
        ("word_counts", "articles", str(ids["bridge"])),
        ("quote_offsets", "quotes", str(ids["quote"])),
        ("search_index", "article_search", str(ids["harbour"])),
        ("search_index", "article_search", str(ids["bridge"])),
        ("search_index", "article_search", "999"),
        # the row's primary key on both databases (SQLite gave its internal rowid)
        ("foreign_keys", "article_agencies", f"{ids['seed']}, {ids['irna']}, source"),
    } <= found


def test_verify_changes_nothing(damaged: tuple[Archive, dict[str, int]]) -> None:
    archive, _ = damaged
    first = archive.run("verify", "--json").stdout
    assert archive.run("verify", "--json").stdout == first


def test_verify_finds_a_time_sqlite_holds_but_cannot_be_read(
    seeded: Archive, fresh_database: ScratchDatabase
) -> None:
    """SQLite stores any value in any column: one hand-edited time made every reading command
    fail with a traceback, and verify passed."""
    if seeded.backend == "postgresql":
        pytest.skip("a PostgreSQL timestamptz column holds nothing but times")
    (seed,) = seeded.json("list")
    comment = seeded.json("comment", "add", SEED_SLUG, "--author", "Ann", "--body", "Hi")
    tamper(
        fresh_database,
        f"UPDATE articles SET published_at = 'last Monday' WHERE id = {seed['id']}",
        f"UPDATE comments SET posted_at = 20160328 WHERE id = {comment['id']}",
        # read back as they are: another spelling of a time is no problem
        f"UPDATE comments SET created_at = '2016-03-28T09:30:00+00:00' WHERE id = {comment['id']}",
    )
    result = seeded.run("verify")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[:-1] == [
        f"timestamps: articles row {seed['id']}: published_at holds 'last Monday', not a time",
        f"timestamps: comments row {comment['id']}: posted_at holds 20160328, not a time",
    ]
    report = json.loads(seeded.run("verify", "--json").stdout)
    assert [(p["check"], p["table"], p["row"]) for p in report["problems"]] == [
        ("timestamps", "articles", str(seed["id"])),
        ("timestamps", "comments", str(comment["id"])),
    ]
