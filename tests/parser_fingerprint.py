"""Digests of everything the text parser reads from a fixed set of inputs.

A speed-up of the parser must not change a single result; the digests recorded in
tests/data/parser-fingerprints.json pin every field of every draft (or the rejection
reason) so any change shows. Regenerate only when a change of results is intended:
`python -m tests.parser_fingerprint > tests/data/parser-fingerprints.json`.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import sys
import tempfile
import textwrap
from collections.abc import Iterator
from pathlib import Path

from archive.bench.corpus import Corpus
from archive.errors import ImportRejected
from archive.importing.decoding import decode
from archive.importing.draft import ArticleDraft
from archive.importing.text import parse_text

DATA = Path(__file__).parent / "data"
SEEDS = Path(__file__).parent.parent / "seeds"
FIXTURE = DATA / "parser-fingerprints.json"
CORPUS_SEEDS = (20160328, 7)
CORPUS_ARTICLES = 150
WRAP_WIDTH = 60


def _rewrapped(text: str) -> str:
    lines: list[str] = []
    for line in text.split("\n"):
        lines.extend(textwrap.wrap(line, WRAP_WIDTH) or [""])
    return "\n".join(lines)


def inputs() -> Iterator[tuple[str, bytes]]:
    """(name, raw bytes) of every input the fingerprint covers, in a fixed order."""
    for path in sorted(SEEDS.glob("*.txt")):
        data = path.read_bytes()
        yield f"seeds/{path.name}", data
        yield f"seeds/{path.name} (CRLF)", data.replace(b"\n", b"\r\n")
        yield f"seeds/{path.name} (wrapped)", _rewrapped(data.decode("utf-8")).encode("utf-8")
    for folder in ("bad", "eval"):
        for path in sorted((DATA / folder).glob("*.txt")):
            yield f"{folder}/{path.name}", path.read_bytes()
    for path in sorted((DATA / "bad").glob("*.txt")):
        yield f"bad/{path.name} (latin-1)", path.read_bytes()
        yield f"bad/{path.name} (replaced)", path.read_bytes()
        yield f"bad/{path.name} without NULs (replaced)", path.read_bytes().replace(b"\0", b"")
    for path in sorted((DATA / "eval").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        yield f"eval/{path.name} (wrapped)", _rewrapped(text).encode("utf-8")
    with tempfile.TemporaryDirectory() as scratch:
        for seed in CORPUS_SEEDS:
            folder = Path(scratch) / str(seed)
            Corpus(seed).write_text_files(folder, CORPUS_ARTICLES)
            for path in sorted(folder.rglob("*.txt")):
                yield f"corpus-{seed}/{path.name}", path.read_bytes()


def outcome(name: str, data: bytes) -> str:
    """Everything the parser reads from one input, as canonical text. A name ending in
    "(latin-1)" or "(replaced)" hands the parser text decoded that way, so its own checks
    of binary-looking text are pinned too (the importer's decoder refuses such bytes first)."""
    try:
        if name.endswith(" (latin-1)"):
            text, encoding = data.decode("latin-1"), "latin-1"
        elif name.endswith(" (replaced)"):
            text, encoding = data.decode("utf-8", errors="replace"), "utf-8"
        else:
            text, encoding = decode(data)
        draft = parse_text(text, source_key=name, encoding=encoding)
    except ImportRejected as rejected:
        return f"rejected: {rejected.reason} (source {rejected.source})"
    return _canonical(draft)


def _canonical(draft: ArticleDraft) -> str:
    fields = dataclasses.asdict(draft)
    fields["body"] = draft.body
    fields["slug"] = draft.unique_slug()
    fields["word_count"] = draft.word_count
    return json.dumps(fields, default=repr, ensure_ascii=False)


def fingerprints() -> dict[str, dict[str, str]]:
    """Input name -> digests of the input and of what the parser made of it."""
    return {
        name: {
            "input": hashlib.sha256(data).hexdigest()[:16],
            "parsed": hashlib.sha256(outcome(name, data).encode("utf-8")).hexdigest(),
        }
        for name, data in inputs()
    }


if __name__ == "__main__":
    json.dump(fingerprints(), sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")
