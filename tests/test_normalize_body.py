"""The dedup key never moves: the same body normalises (and hashes) as it always has.

The seed article's hash itself is pinned in tests/test_seed.py."""

from __future__ import annotations

import random
import re
import sys
import unicodedata

from archive.normalize import normalize_body

WHITESPACE = [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()]
OTHERS = [*"aé e\u0301ß’“”-—.,;:0", "\u200b", "\ufeff", "\x00", "\u00ad"]


def by_the_old_definition(body: str) -> str:
    """How bodies were normalised when the archive's first hashes were taken."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", body)).strip()


def test_every_body_normalises_as_it_always_has() -> None:
    rng = random.Random(20160328)
    pool = WHITESPACE + OTHERS
    for _ in range(3000):
        body = "".join(rng.choice(pool) for _ in range(rng.randrange(0, 40)))
        assert normalize_body(body) == by_the_old_definition(body), repr(body)


def test_the_whitespace_python_knows_is_what_the_key_collapses() -> None:
    assert len(WHITESPACE) >= 25  # tabs, newlines, no-break and typographic spaces, separators
    assert normalize_body("\u00a0a\u2003\u2028b\x1c\tc \u3000") == "a b c"
