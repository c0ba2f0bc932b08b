"""Bytes to text: UTF-8 first, then a detected legacy encoding; binary input is refused."""

from __future__ import annotations

from charset_normalizer import CharsetMatch, CharsetMatches, from_bytes

from archive.errors import ImportRejected

# Control characters that never occur in text (tab, newline, carriage return, form feed do).
_BINARY_BYTES = set(range(0x00, 0x09)) | {0x0B, 0x0E, 0x0F} | set(range(0x10, 0x1B))
_DELETE_BINARY = bytes(sorted(_BINARY_BYTES))
# How much more chaos (the detector's share of odd characters) cp1252's reading may show
# than the detector's choice and still be taken; Cyrillic, Greek or Polish bytes read as
# cp1252 score about 1.0, Western text misread as a DOS or Mac page about 0.02-0.08.
_CP1252_CHAOS_MARGIN = 0.1
_PAGES_OF_OTHER_LANGUAGES = ("cp125", "iso8859")


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
        best = _prefer_cp1252(data, matches, best)
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


def _prefer_cp1252(data: bytes, matches: CharsetMatches, best: CharsetMatch) -> CharsetMatch:
    """cp1252, the most common legacy encoding of Western text, when it reads the bytes
    about as well as the detector's choice.

    On a short text the detector's scores are close and noisy: it read "Café … 5€" as
    cp775 ("Cafķ … 5Ć") and "Zürich … €2m" as mac-latin2 ("ZŁrich … Ä2m"), with cp1252
    a few hundredths of chaos behind. A DOS or Mac code page loses to cp1252 by such a
    margin; another Windows or ISO page (cp1250 Czech, cp1254 Turkish) is a real rival,
    so there cp1252 must fit the language at least as well too (as on a tie, where the
    detector took the first page it tried: cp1250 for French, "à" read as "ŕ").
    """
    if best.encoding == "cp1252":
        return best
    cp1252 = next((match for match in matches if match.encoding == "cp1252"), None)
    if cp1252 is None:
        try:
            data.decode("cp1252")
        except UnicodeDecodeError:
            return best
        cp1252 = from_bytes(data, cp_isolation=["cp1252"]).best()
    if cp1252 is None or cp1252.chaos > best.chaos + _CP1252_CHAOS_MARGIN:
        return best
    if best.encoding.startswith(_PAGES_OF_OTHER_LANGUAGES) and cp1252.coherence < best.coherence:
        return best
    return cp1252


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
