"""The README's "Querying from Python" example runs as printed, against a real archive."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from sqlalchemy.orm import Session

from archive.config import DATABASE_URL_ENV, REPLICA_URLS_ENV
from archive.db import migrate
from archive.importing.draft import AgencyRef, ArticleDraft, ImageDraft, PersonRef, QuoteDraft
from archive.importing.store import ArticleStore
from tests.conftest import PROJECT_ROOT
from tests.databases import ScratchDatabase

SECTION = "## Querying from Python"


def readme_python_blocks() -> list[str]:
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index(SECTION)
    end = readme.find("\n## ", start + len(SECTION))
    section = readme[start : end if end != -1 else len(readme)]
    return re.findall(r"```python\n(.*?)```", section, flags=re.DOTALL)


def draft(
    headline: str,
    day: int,
    paragraphs: tuple[str, ...],
    *,
    quote: tuple[str, str, str | None] | None = None,
    agencies: tuple[AgencyRef, ...] = (),
    people: tuple[PersonRef, ...] = (),
) -> ArticleDraft:
    body = "\n\n".join(paragraphs)
    quotes = ()
    if quote is not None:
        words, speaker, via = quote
        start = body.index(words)
        number = next(i for i, p in enumerate(paragraphs) if words in p)
        quotes = (
            QuoteDraft(words, start, start + len(words), number, "direct", speaker, "said", via),
        )
    return ArticleDraft(
        paragraphs=paragraphs,
        raw_text=headline + "\n" + body,
        headline=headline,
        byline="By Agencies",
        authors=("Agencies",),
        published_at=datetime(2016, 3, day, 9, 0, tzinfo=UTC),
        images=(ImageDraft("Leaders meet in Tehran.", "AP", "Associated Press"),),
        agencies=(AgencyRef("Associated Press", "photo", short_name="AP"), *agencies),
        people=people,
        quotes=quotes,
        source_key=f"readme/{day}.txt",
    )


# Stand-ins for the seeded article until the test runs on the seed itself.
DRAFTS = (
    draft(
        "Putin, Rowhani agree to intensify contacts",
        28,
        (
            "Russian President Vladimir Putin and his Iranian counterpart, Hassan Rowhani, "
            "agreed in a telephone call to intensify bilateral contacts, the Kremlin said.",
            "Putin also congratulated Syrian President Bashar al-Assad on his forces "
            "retaking Palmyra, the Kremlin said.",
            "Iran's armed forces “will continue to provide Syria with their full support”, "
            "Shamkhani said, according to the official news agency IRNA.",
        ),
        quote=(
            "will continue to provide Syria with their full support",
            "Ali Shamkhani",
            "IRNA",
        ),
        agencies=(AgencyRef("IRNA", "source"),),
        people=(
            PersonRef(
                "Ali Shamkhani",
                "quoted",
                title="secretary of the Supreme National Security Council",
            ),
            PersonRef("Vladimir Putin", "mentioned", title="Russian President"),
        ),
    ),
    draft(
        "Syrian army advances east of Palmyra",
        29,
        ("The army pressed on towards Deir ez-Zor after recapturing Palmyra.",),
    ),
    draft("Harbour reopens after the storm", 30, ("The harbour reopened on Wednesday.",)),
)


@pytest.fixture
def filled_archive(fresh_database: ScratchDatabase, monkeypatch: pytest.MonkeyPatch) -> str:
    engine = fresh_database.engine()
    try:
        migrate.upgrade(engine)
        with Session(engine) as session:
            results = list(ArticleStore(session).store_many(DRAFTS))
            assert [r.outcome for r in results] == ["added"] * len(DRAFTS), results
            session.commit()
    finally:
        engine.dispose()
    monkeypatch.setenv(DATABASE_URL_ENV, fresh_database.url_string)
    monkeypatch.delenv(REPLICA_URLS_ENV, raising=False)
    return fresh_database.url_string


def test_the_readme_example_runs_and_prints_what_it_promises(
    filled_archive: str, capsys: pytest.CaptureFixture[str]
) -> None:
    blocks = readme_python_blocks()
    assert len(blocks) == 2
    namespace: dict[str, object] = {"__name__": "readme_example"}
    for block in blocks:
        exec(compile(block, "README.md", "exec"), namespace)
    printed = capsys.readouterr().out
    lines = printed.splitlines()
    assert lines[0] == "3 articles"
    assert "2016-03-30 Harbour reopens after the storm" in lines
    # The phrase excluded the second Palmyra article; the first hit is the seeded story.
    assert sum("**Palmyra**" in line for line in lines) == 1
    assert (
        "Ali Shamkhani (via IRNA): “will continue to provide Syria with their full support”"
        in lines
    )
    assert "Ali Shamkhani 1" in lines
    assert '{"id": ' in printed
    assert "2 comments in the thread" in lines
