"""Bytes to text: UTF-8 first, then a detected legacy encoding; binary input is refused."""

from __future__ import annotations

from charset_normalizer import from_bytes

from archive.errors import ImportRejected

# Control characters that never occur in text (tab, newline, carriage return, form feed do).
_BINARY_BYTES = set(range(0x00, 0x09)) | {0x0B, 0x0E, 0x0F} | set(range(0x10, 0x1B))
_DELETE_BINARY = bytes(sorted(_BINARY_BYTES))


def decode(data: bytes) -> tuple[str, str]:
    """The text and the name of the encoding it was read with."""
    if not data.strip():
        raise ImportRejected("empty input")
    if b"\x00" in data:
        raise ImportRejected("contains NUL bytes: a binary file, or text in UTF-16/32")
    sample = data[:8192]
    if binary_bytes(sample) > len(sample) // 100:
        raise ImportRejected("looks like a binary file (control bytes), not text")
    try:
        if data.startswith(b"\xef\xbb\xbf"):
            return data[3:].decode("utf-8"), "utf-8-sig"
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    _refuse_damaged_utf8(data, utf8_error.start)
    matches = from_bytes(data)
    best = matches.best()
    if best is not None:
        # The detector ranks by how chaotic and how coherent each reading is; on a tie it
        # takes the first it tried, which can be cp1250 for French ("à" read as "ŕ").
        # The most common legacy encoding of Western text wins a tie.
        tied = [
            match
            for match in matches
            if (match.chaos, match.coherence) == (best.chaos, best.coherence)
        ]
        best = next((match for match in tied if match.encoding == "cp1252"), best)
    if best is None or best.encoding in ("utf_8", "utf-8"):
        raise ImportRejected(
            f"not valid UTF-8 (byte {utf8_error.start}) and no other encoding fits"
        )
    text = str(best)
    # Detectors cannot tell cp1252 from its neighbours when the text uses only characters
    # they share; name the most common one when it reads the bytes identically.
    try:
        if data.decode("cp1252") == text:
            return text, "cp1252"
    except UnicodeDecodeError:
        pass
    return text, best.encoding.replace("_", "-")


def binary_bytes(data: bytes) -> int:
    """How many of the bytes are control bytes no text holds (counted at C speed)."""
    return len(data) - len(data.translate(None, _DELETE_BINARY))


def _refuse_damaged_utf8(data: bytes, first_bad: int) -> None:
    """UTF-8 with a few unreadable bytes (a cut download, a bad copy) is refused: read as a
    legacy encoding instead, every accented letter and curly quote would turn to mojibake.

    It is told apart from legacy text by its readable multi-byte sequences, which outnumber
    the unreadable bytes; in cp1252 or Latin-1 text such sequences are rare accidents.
    """
    text = data.decode("utf-8", errors="surrogateescape")
    unreadable = sum(1 for char in text if "\udc80" <= char <= "\udcff")
    readable = sum(1 for char in text if char > "\x7f" and not "\udc80" <= char <= "\udcff")
    if readable <= unreadable:
        return
    line_start = data.rfind(b"\n", 0, first_bad) + 1
    line = data.count(b"\n", 0, first_bad) + 1
    column = len(data[line_start:first_bad].decode("utf-8", errors="surrogateescape")) + 1
    raise ImportRejected(
        f"damaged UTF-8: {unreadable} {'byte that is' if unreadable == 1 else 'bytes that are'} "
        "not UTF-8 "
        f"(the first, 0x{data[first_bad]:02X}, at line {line}, column {column}) in text "
        "that is otherwise UTF-8"
    )
