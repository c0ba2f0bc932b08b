"""The archive's bulk import of corpus drafts, run in a child process so its RSS is its own.

`python -m archive.bench.worker URL START STOP SEED` stores articles START..STOP of the
corpus through ArticleStore, one committed transaction per batch, and prints one JSON line:
the seconds spent storing (generating the drafts is not counted; the planner statistics
`archive import` takes at its end are) and the peak RSS.
`python -m archive.bench.worker seed URL` seeds an empty archive, as `archive seed` would.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from collections import Counter

from sqlalchemy.orm import Session

from archive.bench.corpus import Corpus
from archive.db.engine import create_archive_engine
from archive.db.statistics import refresh_after_import
from archive.importing.store import DEFAULT_BATCH_SIZE, ArticleStore

CHUNK = DEFAULT_BATCH_SIZE


def store_corpus(url: str, start: int, stop: int, seed: int) -> dict[str, object]:
    corpus = Corpus(seed)
    engine = create_archive_engine(url)
    outcomes: Counter[str] = Counter()
    storing = 0.0
    try:
        with Session(engine) as session:
            store = ArticleStore(session)
            for first in range(start, stop, CHUNK):
                drafts = list(corpus.drafts(first, min(first + CHUNK, stop)))
                began = time.perf_counter()
                outcomes.update(result.outcome for result in store.store_many(drafts))
                session.commit()
                storing += time.perf_counter() - began
            began = time.perf_counter()  # as `archive import` ends: statistics if it grew
            if refresh_after_import(session, outcomes["added"] + outcomes["updated"]):
                session.commit()
            storing += time.perf_counter() - began
    finally:
        engine.dispose()
    return {
        "articles": stop - start,
        "seconds": storing,
        "outcomes": dict(outcomes),
        "peak_rss_mb": peak_rss_mb(),
    }


def peak_rss_mb() -> float:
    """This process's peak resident set size (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def seed_fresh(url: str) -> dict[str, object]:
    """`archive seed` on an empty database: migrate, then import the founding article."""
    from archive.seeding import seed_archive

    engine = create_archive_engine(url)
    try:
        migrated, report = seed_archive(engine)
    finally:
        engine.dispose()
    return {"migrated": migrated, "outcomes": report.summary()}


def main(argv: list[str]) -> int:
    if argv[0] == "seed":
        print(json.dumps(seed_fresh(argv[1])))
        return 0
    url, start, stop, seed = argv[0], int(argv[1]), int(argv[2]), int(argv[3])
    print(json.dumps(store_corpus(url, start, stop, seed)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
