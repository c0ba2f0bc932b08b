"""`archive export --format …`, `archive import` of an export, and `archive transfer`, end to
end through the command line on both databases."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cli.runner import SECRET_EMAIL, SEED_SLUG, Archive, run_process
from tests.databases import ScratchDatabase, throwaway_database


@pytest.fixture
def other(backend: str, tmp_path: Path) -> Iterator[Archive]:
    """An empty database on the other backend: where exports and transfers go."""
    target = "postgresql" if backend == "sqlite" else "sqlite"
    with throwaway_database(target, tmp_path) as database:
        yield Archive(database.url_string, target)


# -- export formats ---------------------------------------------------------------------------


def test_every_format_exports_the_filtered_articles(filled: Archive, tmp_path: Path) -> None:
    wanted = [item["id"] for item in filled.json("list", "--agency", "IRNA", "--limit", "500")]
    for format_ in ("jsonl", "ninjs", "jsonld"):
        lines = filled.ok("export", "--format", format_, "--agency", "IRNA").stdout.splitlines()
        assert len(lines) == len(wanted) > 0, format_
        documents = [json.loads(line) for line in lines]
    assert SEED_SLUG in [document["identifier"] for document in documents]  # jsonld, the last
    folder = tmp_path / "tables"
    result = filled.ok("export", "--format", "csv", "--agency", "IRNA", "--out", str(folder))
    assert result.stdout.startswith("exported ") and result.stdout.endswith(f"to {folder}\n")
    with (folder / "articles.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [int(row["id"]) for row in rows] == sorted(wanted)
    assert len(list(folder.iterdir())) == 12


def test_one_csv_table_goes_to_stdout_or_a_file(filled: Archive, tmp_path: Path) -> None:
    text = filled.ok("export", "--format", "csv", "--table", "comments").stdout
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert {row["author_name"] for row in rows} >= {"Ann", "Bo", "Cy"}
    assert "author_email" not in rows[0] and SECRET_EMAIL not in text
    private = filled.ok(
        "export", "--format", "csv", "--table", "comments", "--include-private"
    ).stdout
    assert SECRET_EMAIL in private
    target = tmp_path / "quotes.csv"
    result = filled.ok("export", "--format", "csv", "--table", "quotes", "--out", str(target))
    lines = target.read_text(encoding="utf-8").splitlines()
    assert result.stdout == f"exported {len(lines) - 1} rows to {target}\n"


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (("--format", "csv"), "--format csv writes a folder: give --out FOLDER (or one --table)"),
        (("--table", "quotes"), "--table applies to --format csv only"),
        (("--format", "ninjs", "--include-private"), "--include-private applies to jsonl and csv"),
        (("--format", "xml"), "Invalid value for '--format'"),
    ],
)
def test_export_options_that_do_not_go_together_are_usage_errors(
    filled: Archive, options: tuple[str, ...], message: str
) -> None:
    assert message in filled.fails("export", *options, code=2)


# -- export, import, export ---------------------------------------------------------------------


def test_an_export_imports_into_an_empty_archive_and_exports_the_same(
    filled: Archive, other: Archive, tmp_path: Path
) -> None:
    exported = filled.ok("export", "--include-private").stdout
    other.ok("db", "upgrade")
    path = tmp_path / "archive.jsonl"
    path.write_text(exported, encoding="utf-8")
    result = other.ok("import", str(path))
    count = exported.count("\n")
    assert result.stdout.splitlines()[-1] == f"imported {count}, updated 0, unchanged 0, rejected 0"
    assert other.ok("export", "--include-private").stdout == exported
    again = other.ok("import", str(path)).stdout.splitlines()[-1]
    assert again == f"imported 0, updated 0, unchanged {count}, rejected 0"


def test_export_piped_into_import_on_stdin(filled: Archive, other: Archive) -> None:
    """`archive --db A export | archive --db B import -`, as separate processes."""
    exported = run_process("--db", filled.url, "export")
    assert exported.returncode == 0, exported.stderr
    assert run_process("--db", other.url, "db", "upgrade").returncode == 0
    imported = run_process("--db", other.url, "import", "-", input=exported.stdout)
    assert imported.returncode == 0, imported.stderr
    assert run_process("--db", other.url, "export").stdout == exported.stdout


def test_a_bad_line_is_rejected_and_the_rest_imported(other: Archive, tmp_path: Path) -> None:
    other.ok("db", "upgrade")
    path = tmp_path / "mixed.jsonl"
    path.write_text(
        json.dumps({"body": "The first article."})
        + "\n"
        + json.dumps({"body": "The second.", "colour": "red"})
        + "\n"
        + json.dumps({"body": "The third article.", "published_at": "yesterday"})
        + "\n"
        + json.dumps({"body": "The fourth article."})
        + "\n",
        encoding="utf-8",
    )
    result = other.run("import", str(path))
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"rejected  {path}#2: line 2: the object: unknown field 'colour'",
        f"rejected  {path}#3: line 3: published_at: 'yesterday' is not an ISO 8601 date and "
        "time with an offset (e.g. 2016-03-28T09:30:00+00:00)",
        "imported 2, updated 0, unchanged 0, rejected 2",
    ]
    assert result.stderr == "Error: 2 of 4 inputs rejected\n"


# -- transfer ---------------------------------------------------------------------------------


def test_transfer_copies_the_archive_and_checks_it(filled: Archive, other: Archive) -> None:
    result = filled.ok("transfer", "--to", other.url)
    verdict = result.stdout.splitlines()[-1]
    assert verdict.startswith("ok: copied ") and "verify passed" in verdict
    assert " articles " in result.stdout and " comments " in result.stdout
    assert (
        other.ok("export", "--include-private").stdout
        == filled.ok("export", "--include-private").stdout
    )
    assert other.json("verify")["ok"] is True
    refused = filled.fails("transfer", "--to", other.url)
    articles = len(filled.json("list", "--limit", "500"))
    assert refused == (
        f"Error: the target {mask(other)} already holds {articles} articles: a transfer only "
        "fills an empty archive (use --replace to empty it first)\n"
    )
    report = json.loads(filled.ok("transfer", "--to", other.url, "--replace", "--json").stdout)
    assert report["ok"] is True and report["verify"]["ok"] is True
    assert {table["table"] for table in report["tables"]} >= {"articles", "quotes", "comments"}
    assert all(table["source_rows"] == table["target_rows"] for table in report["tables"])
    assert report["content_hashes"] == {"articles_checked": articles, "problems": []}


def mask(archive: Archive) -> str:
    from archive.config import mask_url

    return mask_url(archive.url)


def test_transfer_errors_are_one_line(filled: Archive, tmp_path: Path) -> None:
    assert filled.fails("transfer", "--to", "mysql://x/y") == (
        "Error: unsupported database 'mysql' in mysql://x/y: use sqlite or postgresql\n"
    )
    assert filled.fails(
        "transfer", "--to", "postgresql://postgres:secret@127.0.0.1:1/x"
    ).startswith("Error: cannot connect to postgresql://postgres:***@127.0.0.1:1/x: ")
    assert filled.fails("transfer", "--to", filled.url) == (
        f"Error: the target {mask(filled)} is the source archive itself\n"
    )
    assert "Missing option '--to'" in filled.fails("transfer", code=2)


def test_transfer_from_a_database_without_an_archive_is_refused(
    fresh_database: ScratchDatabase, tmp_path: Path
) -> None:
    empty = Archive(fresh_database.url_string, fresh_database.backend)
    target = f"sqlite:///{tmp_path / 'target.sqlite3'}"
    message = empty.fails("transfer", "--to", target)
    assert message.endswith("run `archive db upgrade` first\n")
    assert not (tmp_path / "target.sqlite3").exists()
