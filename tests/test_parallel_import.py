"""Parsing in worker processes changes nothing but the time an import takes: the same
report, line for line, and the same archive, byte for byte, as parsing in one process."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from archive.bench.corpus import Corpus
from archive.config import IMPORT_JOBS_ENV, import_jobs
from archive.db import migrate
from archive.errors import ConfigurationError
from archive.importing import parallel
from archive.importing.pipeline import ImportReport, import_paths, parse_sources
from archive.importing.sources import LineSource, Source, Unreadable, iter_sources
from tests.cli.runner import Archive
from tests.databases import ScratchDatabase
from tests.export_corpus import export_bytes

DATA = Path(__file__).parent / "data"
ARTICLES = 110
# Refused inputs and a JSON Lines file of good and bad lines, among the articles.
ODD_INPUTS = (
    "bad/empty.txt",
    "bad/binary.txt",
    "bad/utf16.txt",
    "bad/only-boilerplate.txt",
    "bad/year-3000.txt",
    "bad/json-mixed.jsonl",
    "bad/no-article.html",
    "html/nairobi_court_ruling.html",
)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Corpus articles in two subfolders with odd inputs between them, and one article twice
    (the second copy is the same article: unchanged, not added)."""
    root = tmp_path_factory.mktemp("parallel") / "inputs"
    Corpus(20160328).write_text_files(root / "a", ARTICLES)
    for name in ODD_INPUTS:
        shutil.copy(DATA / name, root / "a" / f"0000-{Path(name).name}")
    first = next(iter(sorted((root / "a" / "0000").glob("*.txt"))))
    (root / "b").mkdir()
    shutil.copy(first, root / "b" / "again.txt")
    return root


def _import(database: ScratchDatabase, folder: Path, jobs: int) -> tuple[ImportReport, bytes]:
    engine = database.engine()
    try:
        migrate.upgrade(engine)
        report = import_paths(engine, [str(folder / "a"), str(folder / "b")], jobs=jobs)
        return report, export_bytes(engine, include_private=True)
    finally:
        engine.dispose()


def test_parallel_import_gives_the_same_report_and_archive(
    new_database: Callable[[], ScratchDatabase], folder: Path
) -> None:
    one_report, one_export = _import(new_database(), folder, jobs=1)
    many_report, many_export = _import(new_database(), folder, jobs=3)
    assert many_report.items == one_report.items
    assert many_export == one_export
    summary = one_report.summary()
    assert summary["added"] >= ARTICLES and summary["unchanged"] == 1
    assert summary["rejected"] >= 5
    assert len(one_report.items) > parallel.PARALLEL_FROM


def test_workers_parse_every_kind_of_input_as_the_importer_does(folder: Path) -> None:
    paths = [str(folder / "a"), str(folder / "missing"), str(folder / "b")]
    expected = list(parse_sources(iter_sources(paths)))
    assert list(parallel.parse_in_workers(iter_sources(paths), 2)) == expected
    assert any(getattr(item, "reason", None) for item in expected)


def test_with_other_threads_running_the_workers_come_from_a_fork_server(folder: Path) -> None:
    paths = [str(folder / "a")]
    expected = list(parse_sources(iter_sources(paths)))
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert parallel._context().get_start_method() == "forkserver"
        assert list(parallel.parse_in_workers(iter_sources(paths), 2)) == expected
    finally:
        stop.set()
        other.join()
    assert parallel._context().get_start_method() == "fork"


def test_a_handful_of_inputs_starts_no_workers(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_pool(*args: object, **kwargs: object) -> None:
        raise AssertionError("a worker pool was started for a small import")

    monkeypatch.setattr(parallel, "ProcessPoolExecutor", no_pool)
    few = [str(folder / "b"), str(DATA / "bad")]
    expected = list(parse_sources(iter_sources(few)))
    assert list(parallel.parse_in_workers(iter_sources(few), 4)) == expected


def test_jobs_come_from_the_option_then_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(IMPORT_JOBS_ENV, "3")
    assert import_jobs() == 3
    assert import_jobs(1) == 1
    monkeypatch.delenv(IMPORT_JOBS_ENV)
    assert import_jobs() >= 1
    for wrong in ("0", "two", "-1"):
        monkeypatch.setenv(IMPORT_JOBS_ENV, wrong)
        with pytest.raises(ConfigurationError, match=IMPORT_JOBS_ENV):
            import_jobs()


def test_the_jobs_option_refuses_nonsense(fresh_database: ScratchDatabase, folder: Path) -> None:
    archive = Archive(fresh_database.url_string, fresh_database.backend)
    archive.ok("db", "upgrade")
    result = archive.run("import", "--jobs", "0", str(folder / "b"))
    assert result.exit_code == 2
    assert "--jobs" in result.stderr
    done = archive.run("import", "--jobs", "1", str(folder / "b"))
    assert (done.exit_code, done.stderr) == (0, "")


def _counted(paths: list[str], pulled: list[int]) -> Iterator[Source | LineSource | Unreadable]:
    for item in iter_sources(paths):
        pulled[0] += 1
        yield item


def test_workers_parse_ahead_while_the_caller_writes_a_batch(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Inputs up to `ahead` go to the workers before the caller takes the first result, so
    they go on parsing while it writes; the results and their order do not change."""
    monkeypatch.setattr(parallel, "CHUNK_SIZE", 2)
    paths = [str(folder / "a"), str(folder / "b")]
    expected = list(parse_sources(iter_sources(paths)))
    ahead = 100
    assert len(expected) > ahead > parallel.PARALLEL_FROM + 2 * parallel.TASKS_PER_WORKER * 2

    pulled = [0]
    results = parallel.parse_in_workers(_counted(paths, pulled), 2, ahead=ahead)
    first = next(results)
    assert pulled[0] >= ahead
    assert [first, *results] == expected

    # Past MAX_AHEAD_BYTES only the workers' own tasks are in flight, as without `ahead`.
    monkeypatch.setattr(parallel, "MAX_AHEAD_BYTES", 1)
    pulled = [0]
    results = parallel.parse_in_workers(_counted(paths, pulled), 2, ahead=ahead)
    first = next(results)
    assert pulled[0] < ahead
    assert [first, *results] == expected


def test_an_interrupted_import_stops_its_workers_before_it_returns(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not whenever the garbage collector comes round (from whichever thread runs it)."""
    import multiprocessing

    from archive.importing import pipeline

    def interrupted(_engine: object, parsed: Iterator[object], **_options: object) -> None:
        next(iter(parsed))
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline, "store_parsed", interrupted)
    with pytest.raises(KeyboardInterrupt) as raised:
        import_paths(None, [str(folder)], jobs=2)  # type: ignore[arg-type]
    # `raised` keeps the traceback, and with it import_paths' frame and its generator: only an
    # explicit close can have stopped the pool by now.
    assert raised.traceback
    assert multiprocessing.active_children() == []
