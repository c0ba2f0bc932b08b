"""Normal forms used as identity: names for lookups and merging, bodies for the dedup hash."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

_SPACE = re.compile(r"\s+")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'"})
_DASHES = str.maketrans({"‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-"})


# Bounded, so a long import stays flat; large enough for an archive's speakers and agencies.
@lru_cache(maxsize=200_000)
def normalize_name(name: str) -> str:
    """Case-, accent- and spacing-insensitive key for a person, author or agency name
    (remembered: an import asks for the same few thousand names again and again)."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.translate(_APOSTROPHES).translate(_DASHES).casefold()
    text = text.replace(".", " ").replace(",", " ")
    return _SPACE.sub(" ", text).strip()


def normalize_body(body: str) -> str:
    """The body as compared for duplicates: Unicode NFC, whitespace runs collapsed.

    split() and join() give exactly what collapsing runs of \\s and stripping gives (both use
    Python's one definition of whitespace), several times faster on a whole article.
    """
    return " ".join(unicodedata.normalize("NFC", body).split())


def content_hash(body: str) -> str:
    """SHA-256 (hex) of the normalised body: the archive's dedup key for articles."""
    return hashlib.sha256(normalize_body(body).encode("utf-8")).hexdigest()


def word_count(body: str) -> int:
    return len(body.split())
