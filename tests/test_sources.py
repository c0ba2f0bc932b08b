"""Reading and decoding inputs: what can be an article, and a reason for what cannot."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from archive.errors import ImportRejected
from archive.importing.decoding import decode
from archive.importing.sources import Source, Unreadable, iter_sources


def test_utf8_is_read_as_is() -> None:
    assert decode("Rowhani’s “words”\r\n".encode()) == ("Rowhani’s “words”\r\n", "utf-8")


def test_a_byte_order_mark_is_dropped() -> None:
    assert decode(b"\xef\xbb\xbfHello") == ("Hello", "utf-8-sig")


def test_cp1252_is_detected_and_recorded() -> None:
    raw = (
        "The minister said \u201cwe will not leave\u201d on Monday, and the "
        "people\u2019s caf\u00e9 stayed open. " * 5
    ).encode("cp1252")
    text, encoding = decode(raw)
    assert "\u201cwe will not leave\u201d" in text
    assert "caf\u00e9" in text
    assert encoding in {"cp1252", "windows-1252"}


@pytest.mark.parametrize(
    "text",
    [
        "Café au lait in Montréal\n\nThe café owner said “it is fine” to sit on the terrasse. "
        "Prices rose by 5€ this year.\n",
        "Élection à Québec\n\nLe député a déclaré qu’il était « très déçu » du résultat.\n",
        "Zürich bank fined\n\nThe bank paid €2m, the regulator said. Its chief’s résumé was "
        "long.\n",
        "Città di Napoli\n\nIl sindaco ha detto che la città è pronta e che non c’è più tempo.\n",
        "Göteborg hamn\n\nHamnchefen sade att fartygen är försenade på grund av stormen.\n",
        "Naïve plan\n\nThe naïve coöperation, he said, was “déjà vu” all over again.\n",
        "Price of coffee\n\nA cup costs €3.50 – up from €2.90 – the café’s owner said.\n",
    ],
)
def test_a_short_western_text_in_cp1252_is_not_read_as_a_dos_or_mac_page(text: str) -> None:
    """The detector put cp775, mac-latin2, hp-roman8 or cp1257 first on these ("Cafķ",
    "ZŁrich … Ä2m", "cittŗ"), cp1252 a few hundredths of chaos behind."""
    assert decode(text.encode("cp1252")) == (text, "cp1252")


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("İstanbul\n\nBakan, hükümetin bu hafta yeni bir karar alacağını söyledi.\n", "cp1254"),
        (
            "Zagreb\n\nPredsjednik je rekao da će vlada uskoro donijeti odluku o plaćama "
            "učitelja.\n",
            "cp1250",
        ),
        ("Президент заявил\n\nОн сказал, что всё хорошо.\n", "cp1251"),
        ("Η κυβέρνηση\n\nΟ πρωθυπουργός είπε ότι η οικονομία βελτιώνεται.\n", "cp1253"),
        (
            "Élection à Québec\n\nLe député a déclaré qu’il était « très déçu » du résultat.\n",
            "mac_roman",
        ),
    ],
)
def test_a_short_text_in_another_legacy_encoding_keeps_it(text: str, encoding: str) -> None:
    """cp1252 wins near-ties against DOS and Mac pages, not against the page that fits."""
    decoded, _name = decode(text.encode(encoding))
    assert decoded == text


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty input"),
        (b"  \n\t\n", "empty input"),
        (b"text with a \x00 NUL byte", "NUL bytes"),
        (bytes(range(1, 9)) * 200, "binary"),
    ],
)
def test_what_cannot_be_text_is_rejected_with_a_reason(data: bytes, reason: str) -> None:
    with pytest.raises(ImportRejected, match=reason):
        decode(data)


def test_folders_are_read_recursively_in_a_stable_order(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text("two")
    (tmp_path / "1.html").write_text("<p>one</p>")
    (tmp_path / "skip.png").write_bytes(b"\x89PNG")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "x.txt").write_text("hidden")
    items = list(iter_sources([str(tmp_path)]))
    assert [Path(i.name).name for i in items] == ["1.html", "2.txt"]
    assert all(isinstance(i, Source) for i in items)
    first = items[0]
    assert isinstance(first, Source)
    assert first.format_hint == "html"
    assert first.key == str((tmp_path / "1.html").resolve())


def test_keys_are_relative_to_a_root_when_given(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("a")
    (item,) = iter_sources([str(tmp_path)], key_root=tmp_path)
    assert isinstance(item, Source) and item.key == "a.txt"


def test_missing_and_oversized_files_are_reported(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * 2000)
    items = list(iter_sources([str(tmp_path / "nope.txt"), str(big)], max_bytes=1000))
    assert items == [
        Unreadable(str(tmp_path / "nope.txt"), "no such file or folder"),
        Unreadable(
            str(big),
            "file is 2,000 bytes, over the import limit of 1,000 bytes "
            "(set ARCHIVE_MAX_IMPORT_BYTES to raise it)",
        ),
    ]


def test_an_empty_folder_is_reported(tmp_path: Path) -> None:
    items = list(iter_sources([str(tmp_path)]))
    assert len(items) == 1 and isinstance(items[0], Unreadable)
    assert "no importable files" in items[0].reason


def test_a_pipe_named_as_a_file_is_held_to_the_size_limit() -> None:
    """`archive import <(curl …)` names a pipe, whose size stat gives as 0: it was read
    whole into memory whatever its length. It is read up to the limit, like stdin, and
    has no key (its /proc path names it only while it is open)."""
    read_end, write_end = os.pipe()
    os.write(write_end, b"word " * 1000)  # fits the pipe's buffer: no writer thread needed
    os.close(write_end)
    try:
        name = f"/dev/fd/{read_end}"
        (item,) = iter_sources([name], max_bytes=1000)
    finally:
        os.close(read_end)
    assert item == Unreadable(
        name,
        "file is over the import limit of 1,000 bytes (set ARCHIVE_MAX_IMPORT_BYTES to raise it)",
    )
    read_end, write_end = os.pipe()
    os.write(write_end, b"word " * 100)
    os.close(write_end)
    try:
        (item,) = iter_sources([f"/dev/fd/{read_end}"], max_bytes=1000)
    finally:
        os.close(read_end)
    assert isinstance(item, Source) and (item.data, item.key) == (b"word " * 100, None)
