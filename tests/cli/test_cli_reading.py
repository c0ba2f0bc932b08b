"""Reading commands end to end on both databases: list, show, search, quotes, speakers,
agencies, authors, people, comments, stats — human output and the documented JSON shapes."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from archive.repositories import ArticleFilters
from archive.unit_of_work import open_archive
from tests.cli.runner import SEED_SLUG, Archive

SUMMARY_KEYS = {
    "id",
    "slug",
    "headline",
    "byline",
    "published_at",
    "dateline",
    "language",
    "source_name",
    "url",
    "word_count",
}


def library_ids(archive: Archive, filters: ArticleFilters) -> list[int]:
    """What the repository itself lists for these filters, to hold the command to."""
    with open_archive(archive.url, readonly=True) as opened:
        return [item.id for item in opened.articles.list(filters, limit=None)]


def seed_id(filled: Archive) -> int:
    return int(filled.json("show", SEED_SLUG)["id"])


# -- list -------------------------------------------------------------------------------------


def test_list_json_is_an_array_of_summaries_newest_first(filled: Archive) -> None:
    items = filled.json("list", "--limit", "500")
    assert isinstance(items, list)
    assert len(items) == filled.json("stats")["tables"]["articles"]
    assert all(set(item) == SUMMARY_KEYS for item in items)
    dated = [datetime.fromisoformat(i["published_at"]) for i in items if i["published_at"]]
    assert dated == sorted(dated, reverse=True)
    # Undated articles come after every dated one.
    first_undated = next(n for n, i in enumerate(items) if i["published_at"] is None)
    assert all(i["published_at"] is None for i in items[first_undated:])
    assert [i["id"] for i in items] == library_ids(filled, ArticleFilters())


def test_list_table_has_one_row_per_article(filled: Archive) -> None:
    output = filled.ok("list", "--limit", "500").stdout
    ids = [i["id"] for i in filled.json("list", "--limit", "500")]
    rows = [line for line in output.splitlines() if line.startswith("│")]
    assert len(rows) == len(ids)
    seed_row = next(row for row in rows if SEED_SLUG in row)
    assert "2016-03-28" in seed_row
    assert "By Agencies" in seed_row


@pytest.mark.parametrize(
    ("options", "filters"),
    [
        (("--agency", "IRNA"), ArticleFilters(agency="IRNA")),
        (("--agency", "islamic republic news agency"), ArticleFilters(agency="IRNA")),
        (
            ("--agency", "AP", "--agency-role", "photo"),
            ArticleFilters(agency="AP", agency_role="photo"),
        ),
        (("--person", "Ali Shamkhani"), ArticleFilters(person="Ali Shamkhani")),
        (("--author", "Agencies"), ArticleFilters(author="Agencies")),
        (
            ("--since", "2016-03-28", "--until", "2016-03-28"),
            ArticleFilters(since=datetime(2016, 3, 28).date(), until=datetime(2016, 3, 28).date()),
        ),
        (("--since", "2016-01-01"), ArticleFilters(since=datetime(2016, 1, 1).date())),
        (
            ("--until", "2010-12-31T23:59:59+00:00"),
            ArticleFilters(until=datetime(2010, 12, 31, 23, 59, 59, tzinfo=UTC)),
        ),
    ],
)  # fmt: skip
def test_list_filters_select_what_the_repository_selects(
    filled: Archive, options: tuple[str, ...], filters: ArticleFilters
) -> None:
    listed = [item["id"] for item in filled.json("list", *options, "--limit", "500")]
    assert listed == library_ids(filled, filters)
    assert listed, "each filter matches something in the filled archive"


def test_filters_on_the_seed(filled: Archive) -> None:
    for options in (
        ("--agency", "IRNA"),
        ("--agency", "Reuters", "--agency-role", "credit"),
        ("--person", "Hossein Jaber Ansari"),
        ("--since", "2016-03-28", "--until", "2016-03-28T23:59"),
    ):
        slugs = [item["slug"] for item in filled.json("list", *options)]
        assert SEED_SLUG in slugs, options
    assert filled.json("list", "--agency", "Reuters", "--agency-role", "photo") == []
    assert filled.json("list", "--since", "2016-03-29", "--until", "2016-03-29") == []


def test_list_pages_with_limit_and_offset(filled: Archive) -> None:
    whole = [item["id"] for item in filled.json("list", "--limit", "6")]
    first = [item["id"] for item in filled.json("list", "--limit", "3")]
    second = [item["id"] for item in filled.json("list", "--limit", "3", "--offset", "3")]
    assert first + second == whole
    assert len(whole) == 6


def test_an_empty_listing_says_so(filled: Archive) -> None:
    assert filled.ok("list", "--person", "Nobody Atall").stdout == "(nothing found)\n"
    assert filled.ok("list", "--person", "Nobody Atall", "--json").stdout == "[]\n"


# -- show -------------------------------------------------------------------------------------


def test_show_json_carries_the_documented_fields(filled: Archive) -> None:
    article = filled.json("show", SEED_SLUG)
    assert {
        "id", "slug", "headline", "byline", "published_at", "body", "paragraphs", "images",
        "agencies", "authors", "quotes", "comments", "content_hash",
    } <= set(article)  # fmt: skip
    assert article["slug"] == SEED_SLUG
    assert article["headline"] is None  # the seed has none, and none is invented
    assert article["byline"] == "By Agencies"
    assert article["published_at"] == "2016-03-28T00:00:00+00:00"
    assert article["authors"] == ["Agencies"]
    assert len(article["paragraphs"]) == 12
    assert "\n\n".join(article["paragraphs"]) == article["body"]
    assert "Asasd’s" in article["body"]  # the source's typo, kept
    assert article["images"] == [
        {"caption": article["images"][0]["caption"], "credit": "AP"},
    ]
    assert article["images"][0]["caption"].startswith("Russian President Vladimir Putin, left,")
    roles = {(agency["short_name"], agency["role"]) for agency in article["agencies"]}
    assert {("Reuters", "credit"), ("AFP", "credit"), ("AP", "photo"), ("IRNA", "source")} <= roles
    assert all(set(a) == {"name", "short_name", "role"} for a in article["agencies"])
    assert len(article["content_hash"]) == 64


def test_show_json_quotes_point_into_the_body(filled: Archive) -> None:
    article = filled.json("show", SEED_SLUG)
    body = article["body"]
    for quote in article["quotes"]:
        assert {
            "text",
            "speaker",
            "speaker_title",
            "kind",
            "via",
            "paragraph",
            "start",
            "end",
        } <= set(quote)
        assert body[quote["start"] : quote["end"]] == quote["text"]
        assert quote["text"] in article["paragraphs"][quote["paragraph"]]
    spoken = {(q["text"], q["speaker"], q["via"]) for q in article["quotes"] if q["speaker"]}
    assert (
        "will continue to provide Syria with their full support",
        "Ali Shamkhani",
        "Islamic Republic News Agency",
    ) in spoken
    assert all(q["speaker"] is None for q in article["quotes"] if q["kind"] == "scare")


def test_show_json_threads_the_visible_comments(filled: Archive) -> None:
    article = filled.json("show", SEED_SLUG)
    assert article["comment_count"] == 2  # the spam comment is not shown
    [first] = article["comments"]
    assert (first["author"], first["body"], first["status"]) == (
        "Ann",
        "A fair summary.",
        "approved",
    )
    assert [reply["body"] for reply in first["replies"]] == ["Agreed."]
    assert "email" not in first


def test_show_finds_an_article_by_id_or_slug(filled: Archive) -> None:
    by_slug = filled.ok("show", SEED_SLUG, "--json").stdout
    by_id = filled.ok("show", str(seed_id(filled)), "--json").stdout
    assert by_slug == by_id


def test_show_prints_the_whole_article_for_people(filled: Archive) -> None:
    output = filled.ok("show", SEED_SLUG).stdout
    article = filled.json("show", SEED_SLUG)
    assert output.startswith("(no headline)\n")
    assert "By Agencies · 2016-03-28 00:00 UTC" in output
    for paragraph in article["paragraphs"]:
        assert f"\n\n{paragraph}\n" in output
    assert "[photo] Russian President Vladimir Putin, left," in output
    assert "Islamic Republic News Agency (IRNA) source" in output
    assert (
        "Ali Shamkhani, secretary of the Supreme National Security Council, via Islamic Republic"
        " News Agency [partial]: “will continue to provide Syria with their full support”"
    ) in output
    assert "unattributed [scare]: “terrorism”" in output
    assert output.rstrip().endswith(f"Comments: 2 (archive comments {article['id']})")


# -- search -----------------------------------------------------------------------------------


def test_search_json_ranks_the_seed_first_with_a_snippet(filled: Archive) -> None:
    hits = filled.json("search", "Palmyra Assad")
    assert isinstance(hits, list) and hits
    assert hits[0]["slug"] == SEED_SLUG
    assert set(hits[0]) == SUMMARY_KEYS | {"rank", "snippet"}
    assert "**Palmyra**" in hits[0]["snippet"] or "**Assad**" in hits[0]["snippet"]
    assert "\n" not in hits[0]["snippet"]


def test_search_table_and_filters(filled: Archive) -> None:
    output = filled.ok("search", "Palmyra").stdout
    assert SEED_SLUG in output and "**Palmyra**" in output
    assert filled.json("search", "Palmyra", "--since", "2017-01-01") == []
    assert filled.json("search", "Palmyra", "--agency", "IRNA")[0]["slug"] == SEED_SLUG
    assert filled.ok("search", "zzyzx-no-such-word").stdout == "(nothing found)\n"
    assert filled.json("search", "zzyzx-no-such-word") == []
    # Text that means nothing finds nothing, rather than failing.
    assert filled.json("search", '"" - OR') == []


def test_search_limit(filled: Archive) -> None:
    hits = filled.json("search", "the", "--limit", "2")
    assert len(hits) <= 2


# -- quotes and speakers ----------------------------------------------------------------------

QUOTE_KEYS = {
    "id", "text", "speaker", "speaker_title", "kind", "cue", "via", "paragraph", "start", "end",
    "article_id", "article_slug", "article_headline", "published_at",
}  # fmt: skip


def test_quotes_by_speaker_via_and_article(filled: Archive) -> None:
    by_speaker = filled.json("quotes", "--speaker", "Ali Shamkhani")
    assert [q["text"] for q in by_speaker] == [
        "admirable and honorable",
        "will continue to provide Syria with their full support",
    ]
    assert all(set(q) == QUOTE_KEYS for q in by_speaker)
    assert {q["speaker_title"] for q in by_speaker} == {
        "secretary of the Supreme National Security Council"
    }
    via = filled.json("quotes", "--via", "IRNA")
    assert [(q["text"], q["speaker"]) for q in via] == [
        ("will continue to provide Syria with their full support", "Ali Shamkhani")
    ]
    in_article = filled.json("quotes", "--article", SEED_SLUG)
    assert [q["text"] for q in in_article] == [
        q["text"] for q in filled.json("show", SEED_SLUG)["quotes"]
    ]
    assert filled.json("quotes", "--speaker", "Nobody Atall") == []


def test_quotes_text_search_and_table(filled: Archive) -> None:
    found = filled.json("quotes", "--text", "terrorists future")
    assert [q["speaker"] for q in found] == ["Hossein Jaber Ansari"]
    output = filled.ok("quotes", "--speaker", "Mohammad Ali Jafari").stdout
    assert "Mohammad Ali Jafari" in output
    assert "“the situation in Syria is very good”" in output
    assert "Fars News Agency" in output


def test_speakers_most_quoted_first(filled: Archive) -> None:
    top = filled.json("speakers", "--limit", "50")
    assert all(set(s) == {"id", "name", "title", "quote_count", "article_count"} for s in top)
    counts = [s["quote_count"] for s in top]
    assert counts == sorted(counts, reverse=True)
    by_name = {s["name"]: s for s in top}
    assert by_name["Ali Shamkhani"]["quote_count"] == 2
    assert by_name["Hossein Jaber Ansari"]["quote_count"] == 2
    assert len(filled.json("speakers", "--limit", "1")) == 1
    assert "Ali Shamkhani" in filled.ok("speakers").stdout


# -- agencies, authors, people ----------------------------------------------------------------


def test_agencies_authors_people_list_with_counts(filled: Archive) -> None:
    agencies = {a["short_name"]: a for a in filled.json("agencies")}
    assert agencies["IRNA"]["name"] == "Islamic Republic News Agency"
    assert agencies["IRNA"]["article_count"] >= 1
    assert "IRNA" in agencies["IRNA"]["aliases"]
    assert set(agencies["IRNA"]) == {
        "id", "name", "short_name", "kind", "country", "aliases", "article_count"
    }  # fmt: skip
    authors = {a["name"]: a for a in filled.json("authors")}
    assert authors["Agencies"]["article_count"] >= 1
    assert authors["Agencies"]["kind"] == "collective"
    people = {p["name"]: p for p in filled.json("people")}
    assert people["Ali Shamkhani"]["quote_count"] == 2
    assert people["Vladimir Putin"]["article_count"] >= 1
    assert set(people["Ali Shamkhani"]) == {
        "id", "name", "title", "aliases", "article_count", "quote_count"
    }  # fmt: skip
    assert len(filled.json("people", "--limit", "2")) == 2
    for command, name in (("agencies", "Islamic Republic News Agency"), ("authors", "Agencies"),
                          ("people", "Ali Shamkhani")):  # fmt: skip
        assert name in filled.ok(command).stdout


# -- comments ---------------------------------------------------------------------------------


def test_comments_thread_hides_spam_unless_all(filled: Archive) -> None:
    thread = filled.json("comments", SEED_SLUG)
    assert [(c["author"], [r["author"] for r in c["replies"]]) for c in thread] == [("Ann", ["Bo"])]
    everything = filled.json("comments", SEED_SLUG, "--all")
    assert [(c["author"], c["status"]) for c in everything] == [
        ("Ann", "approved"),
        ("Cy", "spam"),
    ]
    output = filled.ok("comments", SEED_SLUG).stdout.splitlines()
    assert output[0].startswith("#") and "Ann" in output[0] and output[0].endswith("approved")
    assert output[1] == "    A fair summary."
    assert output[2].startswith("    #") and "Bo" in output[2]
    assert output[3] == "        Agreed."


def test_comments_on_an_article_without_any(filled: Archive) -> None:
    other = next(i for i in filled.json("list", "--limit", "500") if i["slug"] != SEED_SLUG)
    assert filled.ok("comments", str(other["id"])).stdout == "(nothing found)\n"
    assert filled.json("comments", str(other["id"])) == []


# -- stats ------------------------------------------------------------------------------------


def test_stats_counts_dates_names_and_size(filled: Archive) -> None:
    stats = filled.json("stats")
    listed = filled.json("list", "--limit", "500")
    assert stats["tables"]["articles"] == len(listed)
    assert stats["tables"]["comments"] == 3
    assert stats["comments_by_status"] == {"approved": 1, "hidden": 0, "pending": 1, "spam": 1}
    assert stats["backend"] == filled.backend
    dated = sorted(i["published_at"] for i in listed if i["published_at"])
    assert stats["published"]["earliest"] == dated[0]
    assert stats["published"]["latest"] == dated[-1]
    assert stats["published"]["undated"] == sum(1 for i in listed if not i["published_at"])
    top_speaker_names = [s["name"] for s in stats["top_speakers"]]
    # The same ranking as `archive speakers`, whoever the rules find most quoted.
    ranked = filled.json("speakers", "--limit", str(len(top_speaker_names)))
    assert top_speaker_names == [s["name"] for s in ranked]
    assert stats["top_agencies"] and stats["size_bytes"] > 0
    output = filled.ok("stats").stdout
    assert re.search(rf"│ articles +│ {len(listed)} +│", output)
    assert "top speakers" in output and top_speaker_names[0] in output


def test_stats_of_an_empty_archive(empty: Archive) -> None:
    """Every comment status is a key, counted or not, so scripts can read any of them."""
    empty.ok("db", "upgrade")
    stats = empty.json("stats")
    assert stats["comments_by_status"] == {"approved": 0, "hidden": 0, "pending": 0, "spam": 0}
    assert stats["published"] == {"earliest": None, "latest": None, "undated": 0}
    lines = empty.ok("stats").stdout.splitlines()
    assert lines[1] == "published: no dated articles; undated: 0"
    assert not any(line.startswith("comments:") for line in lines)
