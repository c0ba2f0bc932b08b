"""Parsing inputs in worker processes while the main process writes.

Parsing is pure CPU work and the store waits on one database connection, so on a machine
with several cores the two overlap: chunks of inputs go to a pool of worker processes and
come back in input order, so the report and the archive are the same as with one process.
A small import never starts a pool; JSON Lines inputs are still read a line at a time, in
the main process, at their place in the order.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Generator, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import chain, islice

from archive.importing.pipeline import (
    ItemResult,
    _parse_line_source,
    _Parsed,
    parse_sources,
)
from archive.importing.sources import LineSource, Source, Unreadable

# Fewer inputs than this are parsed in the main process: starting workers costs more than
# it saves on a handful of files.
PARALLEL_FROM = 48
# Inputs per task: large enough that sending them is cheap next to parsing them.
CHUNK_SIZE = 16
# Tasks in flight per worker: keeps every worker busy while bounding memory.
TASKS_PER_WORKER = 3
# Beyond those, inputs keep going to the workers up to `ahead` (the store's batch) while
# the caller writes a batch, so that parsing goes on during the write instead of waiting
# for it; as long as the inputs sent ahead hold no more than this many bytes.
MAX_AHEAD_BYTES = 64 * 1024 * 1024
# How often a worker checks that the import it serves is still alive.
PARENT_CHECK_SECONDS = 0.2

_Item = Source | LineSource | Unreadable
_Unit = list[Source] | LineSource | Unreadable
_Pending = Future[list[_Parsed | ItemResult]] | LineSource | Unreadable


def parse_in_workers(
    items: Iterable[_Item], jobs: int, *, ahead: int = 0
) -> Generator[_Parsed | ItemResult, None, None]:
    """What parse_sources yields, in the same order, parsed by `jobs` worker processes.

    ahead: how many inputs the workers may parse before the caller takes them (see
    MAX_AHEAD_BYTES); a caller that stops to write a batch passes its batch size."""
    iterator = iter(items)
    head = list(islice(iterator, PARALLEL_FROM))
    if jobs <= 1 or len(head) < PARALLEL_FROM:
        yield from parse_sources(chain(head, iterator))
        return
    pool = ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=_context(),
        initializer=_start_worker,
        initargs=(os.getpid(),),
    )
    try:
        window: deque[tuple[_Pending, int, int]] = deque()  # (unit, inputs, bytes)
        depth = jobs * TASKS_PER_WORKER
        inputs = size = 0
        for unit in _units(chain(head, iterator)):
            entry: tuple[_Pending, int, int] = (
                (pool.submit(_parse_chunk, unit), len(unit), _bytes(unit))
                if isinstance(unit, list)
                else (unit, 1, 0)
            )
            window.append(entry)
            inputs, size = inputs + entry[1], size + entry[2]
            while len(window) > depth and (inputs > ahead or size > MAX_AHEAD_BYTES):
                done, done_inputs, done_size = window.popleft()
                inputs, size = inputs - done_inputs, size - done_size
                yield from _results(done)
        while window:
            yield from _results(window.popleft()[0])
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _units(items: Iterable[_Item]) -> Iterator[_Unit]:
    """Runs of up to CHUNK_SIZE whole inputs; a JSON Lines or unreadable input on its own."""
    chunk: list[Source] = []
    for item in items:
        if isinstance(item, Source):
            chunk.append(item)
            if len(chunk) >= CHUNK_SIZE:
                yield chunk
                chunk = []
            continue
        if chunk:
            yield chunk
            chunk = []
        yield item
    if chunk:
        yield chunk


def _bytes(sources: list[Source]) -> int:
    return sum(len(source.data) for source in sources)


def _results(unit: _Pending) -> Iterator[_Parsed | ItemResult]:
    if isinstance(unit, Unreadable):
        yield ItemResult(unit.name, "rejected", reason=unit.reason)
    elif isinstance(unit, LineSource):
        yield from _parse_line_source(unit)
    else:
        yield from unit.result()


def _parse_chunk(sources: list[Source]) -> list[_Parsed | ItemResult]:
    """In a worker: parse a run of inputs."""
    return list(parse_sources(sources))


def _context() -> multiprocessing.context.BaseContext:
    """Forked workers where that is safe: they start at once and never run the caller's
    main module again. With other threads running, a fork can copy a held lock, so the
    workers then come from a fork server (which needs the usual `if __name__ ==
    "__main__":` guard in a calling script, as the archive's own commands have)."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    if "forkserver" in methods:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["archive.importing.pipeline", "archive.importing.text"])
        return context
    return multiprocessing.get_context("spawn")


def _start_worker(importer: int) -> None:
    """In a worker: Ctrl-C is the importer's to handle (it stops the pool), and a worker
    whose importer died (SIGKILL) leaves instead of waiting for work forever."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A forked worker holds copies of the importer's objects, its database connections
    # among them: never collected here, none of them can close the importer's connection.
    gc.freeze()
    parent = os.getppid()
    threading.Thread(target=_leave_when_orphaned, args=(importer, parent), daemon=True).start()


def _leave_when_orphaned(importer: int, parent: int) -> None:
    while os.getppid() == parent and _alive(importer):
        time.sleep(PARENT_CHECK_SECONDS)
    os._exit(1)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
