"""The founding article read by the general text parser: every point issue 3 lists.

Nothing here feeds the parser: the expectations are checked against what it reads from the
seed file, as received, with Windows line endings, and hard-wrapped again at 60 columns.
"""

from __future__ import annotations

import textwrap
from datetime import UTC, datetime

import pytest

from archive.importing.draft import ArticleDraft
from archive.importing.text import parse_text
from tests.conftest import SEED_FILE

SEED_TEXT = SEED_FILE.read_text(encoding="utf-8")


def rewrapped(text: str, width: int) -> str:
    """Each line hard-wrapped again at `width` columns, as a narrower feed would send it."""
    lines: list[str] = []
    for line in text.split("\n"):
        lines.extend(textwrap.wrap(line, width) or [""])
    return "\n".join(lines)


VARIANTS = {
    "as received": SEED_TEXT,
    "windows line endings": SEED_TEXT.replace("\n", "\r\n"),
    "wrapped at 60 columns": rewrapped(SEED_TEXT, 60),
    "wrapped at 60, windows line endings": rewrapped(SEED_TEXT, 60).replace("\n", "\r\n"),
}


@pytest.fixture(scope="module")
def draft() -> ArticleDraft:
    return parse_text(SEED_TEXT, source_key="seeds/2016-03-28_putin-rowhani-palmyra.txt")


def quote(draft: ArticleDraft, text: str) -> tuple[str | None, str, str | None, str | None]:
    [found] = [q for q in draft.quotes if q.text == text]
    return found.speaker, found.kind, found.cue, found.via


def agency_roles(draft: ArticleDraft) -> set[tuple[str | None, str]]:
    return {(ref.short_name, ref.role) for ref in draft.agencies}


def test_caption_is_an_image_credited_to_ap(draft: ArticleDraft) -> None:
    [image] = draft.images
    assert image.caption.startswith(
        "Russian President Vladimir Putin, left, and his Iranian counterpart Hassan Rowhani"
        " make their way"
    )
    assert image.caption.endswith("in Tehran, Iran, Monday, Nov. 23, 2015.")
    assert image.credit == "AP"
    assert image.credit_agency == "Associated Press"
    assert ("AP", "photo") in agency_roles(draft)


def test_byline_date_and_no_headline(draft: ArticleDraft) -> None:
    assert draft.byline == "By Agencies"
    assert draft.authors == ("Agencies",)
    assert draft.published_at == datetime(2016, 3, 28, tzinfo=UTC)
    assert draft.headline is None
    assert draft.dateline is None


def test_body_has_twelve_verbatim_paragraphs(draft: ArticleDraft) -> None:
    assert len(draft.paragraphs) == 12
    assert draft.paragraphs[0].startswith(
        "Russian President Vladimir Putin and his Iranian counterpart, Hassan Rowhani, agreed"
    )
    assert draft.paragraphs[-1] == (
        "Syrian troops ousted the militants from the ancient city on Sunday almost a year"
        " after they had seized it."
    )
    assert draft.paragraphs[1] == (
        "The two leaders discussed the Syrian conflict and exchanged views on topical issues"
        " on their bilateral agenda, the Kremlin said in a statement."
    )
    assert "support Asasd’s government" in draft.body
    assert "“military advisers” and volunteers”" in draft.body
    for paragraph in draft.paragraphs:
        assert "\n" not in paragraph and "  " not in paragraph


def test_every_body_word_comes_from_the_source_in_order(draft: ArticleDraft) -> None:
    source_words = SEED_TEXT.split()
    body_words = draft.body.split()
    start = source_words.index(body_words[0], source_words.index("2016") + 1)
    assert source_words[start : start + len(body_words)] == body_words


@pytest.mark.parametrize(
    "furniture",
    [
        "By Agencies",
        "Monday, 28 March 2016",
        "(With Reuters, AFP)",
        "No comments:",
        "Post a Comment",
        "(AP)",
        "GECF",
    ],
)
def test_header_and_trailer_are_not_body(draft: ArticleDraft, furniture: str) -> None:
    assert furniture not in draft.body


def test_removed_boilerplate_is_recorded(draft: ArticleDraft) -> None:
    assert draft.removed_boilerplate == ("No comments:", "Post a Comment")
    assert draft.comments == ()


def test_agencies_and_their_roles(draft: ArticleDraft) -> None:
    assert agency_roles(draft) == {
        ("Reuters", "credit"),
        ("AFP", "credit"),
        ("AP", "photo"),
        ("IRNA", "source"),
        ("Fars", "source"),
        ("Al-Alam", "source"),
    }


def test_the_five_attributed_quotes(draft: ArticleDraft) -> None:
    assert quote(draft, "admirable and honorable") == (
        "Ali Shamkhani",
        "partial",
        "sent a message",
        None,
    )
    speaker, kind, _, via = quote(draft, "will continue to provide Syria with their full support")
    assert (speaker, kind, via) == ("Ali Shamkhani", "partial", "Islamic Republic News Agency")
    speaker, _, _, via = quote(draft, "the situation in Syria is very good")
    assert (speaker, via) == ("Mohammad Ali Jafari", "Fars News Agency")
    assert quote(
        draft,
        "Iran’s support continues for the fight against terrorism in Syria, Iraq and countries"
        " exposed to this threat,",
    ) == ("Hossein Jaber Ansari", "direct", "told", "Al-Alam")
    assert quote(
        draft,
        "Syria will march forward strongly in the fight against terrorism and the terrorists"
        " definitely won't have a place in the future of the region,",
    ) == ("Hossein Jaber Ansari", "direct", "added", None)


def test_quote_offsets_point_into_the_body(draft: ArticleDraft) -> None:
    for found in draft.quotes:
        assert draft.body[found.start : found.end] == found.text
        assert found.text in draft.paragraphs[found.paragraph]
    paragraphs = {found.text[:20]: found.paragraph for found in draft.quotes}
    assert paragraphs["admirable and honora"] == 4
    assert paragraphs["Syria will march for"] == 10


@pytest.mark.parametrize("words", ["terrorism", "military advisers"])
def test_scare_quotes_are_never_attributed(draft: ArticleDraft, words: str) -> None:
    stored = [found for found in draft.quotes if found.text == words]
    assert all(found.kind == "scare" and found.speaker is None for found in stored)


def test_only_the_five_quotes_have_speakers(draft: ArticleDraft) -> None:
    assert len([found for found in draft.quotes if found.speaker]) == 5


def test_people_and_their_titles(draft: ArticleDraft) -> None:
    people = {person.name: person for person in draft.people}
    assert people["Ali Shamkhani"].title == "secretary of the Supreme National Security Council"
    assert people["Mohammad Ali Jafari"].title == "Guards chief Major General"
    assert people["Hossein Jaber Ansari"].title == "Foreign ministry spokesman"
    for speaker in ("Ali Shamkhani", "Mohammad Ali Jafari", "Hossein Jaber Ansari"):
        assert people[speaker].role == "quoted"
    for named in ("Vladimir Putin", "Hassan Rowhani", "Bashar al-Assad"):
        assert people[named].role == "mentioned"
    assert set(people) == {
        "Ali Shamkhani",
        "Mohammad Ali Jafari",
        "Hossein Jaber Ansari",
        "Vladimir Putin",
        "Hassan Rowhani",
        "Bashar al-Assad",
    }


def test_raw_text_is_kept_as_received(draft: ArticleDraft) -> None:
    assert draft.raw_text == SEED_TEXT
    assert draft.source_key == "seeds/2016-03-28_putin-rowhani-palmyra.txt"


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_line_endings_and_wrapping_do_not_change_the_article(
    draft: ArticleDraft, variant: str
) -> None:
    other = parse_text(VARIANTS[variant])
    assert other.paragraphs == draft.paragraphs
    assert other.quotes == draft.quotes
    assert other.people == draft.people
    assert other.agencies == draft.agencies
    assert other.images == draft.images
    assert (other.byline, other.authors, other.published_at, other.headline) == (
        draft.byline,
        draft.authors,
        draft.published_at,
        draft.headline,
    )
    assert other.removed_boilerplate == draft.removed_boilerplate
    assert other.content_hash == draft.content_hash


def test_parsing_is_deterministic() -> None:
    assert parse_text(SEED_TEXT) == parse_text(SEED_TEXT)
