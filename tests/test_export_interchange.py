"""ninjs 3.0 and schema.org JSON-LD, checked field by field against the seeded article."""

from __future__ import annotations

import dataclasses
import io
import json
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from archive.export.jsonld import iter_news_articles, write_jsonld
from archive.export.ninjs import iter_ninjs, write_ninjs
from archive.importing.draft import ImageDraft
from archive.importing.store import ArticleStore
from archive.seeding import seed_archive
from tests.databases import ScratchDatabase
from tests.drafts import make_draft

SLUG = "2016-03-28-russian-president-vladimir-putin-and-his-iranian-counterpart"
URI = f"urn:archive:article:{SLUG}"
CONTENT_HASH = "577bbc92df2c2b90656eb2dc5e86521027d8dcd6077a129194dd4f77afd23a1b"
CAPTION = (
    "Russian President Vladimir Putin, left, and his Iranian counterpart Hassan Rowhani make "
    "their way prior to attending the Gas Exporting Countries Forum, GECF, summit meeting in "
    "Tehran, Iran, Monday, Nov. 23, 2015."
)
ROLE = "http://cv.iptc.org/newscodes/contentprodpartyrole/"
# The top-level properties ninjs 3.0 defines (its schema allows no others).
NINJS_PROPERTIES = {
    "uri", "type", "representationType", "profile", "version", "firstCreated",
    "versionCreated", "contentCreated", "embargoed", "pubStatus", "urgency",
    "copyrightHolder", "copyrightNotice", "usageTerms", "edNote", "language", "descriptions",
    "bodies", "headlines", "people", "organisations", "places", "subjects", "events",
    "eventDetails", "plannedCoverage", "objects", "infoSources", "title", "by", "slugline",
    "located", "renditions", "associations", "altIds", "trustIndicators", "standard",
    "genres", "expires", "rightsInfo",
}  # fmt: skip
SHAMKHANI_TITLE = "secretary of the Supreme National Security Council"


@pytest.fixture
def seeded(fresh_database: ScratchDatabase) -> Iterator[Engine]:
    engine = fresh_database.engine()
    seed_archive(engine)
    yield engine
    engine.dispose()


def one_document(engine: Engine, write: Any) -> dict[str, Any]:
    out = io.StringIO()
    with Session(engine) as session:
        assert write(session, out) == 1
    (line,) = out.getvalue().splitlines()
    document: dict[str, Any] = json.loads(line)
    return document


def test_ninjs_of_the_seed_article(seeded: Engine) -> None:
    item = one_document(seeded, write_ninjs)
    assert set(item) <= NINJS_PROPERTIES
    assert item["uri"] == URI
    assert item["standard"] == {
        "name": "ninjs",
        "version": "3.0",
        "schema": "https://www.iptc.org/std/ninjs/ninjs-schema_3.0.json",
    }
    assert item["type"] == "text" and item["language"] == "en"
    assert item["slugline"] == SLUG
    assert item["firstCreated"] == item["versionCreated"] == "2016-03-28T00:00:00+00:00"
    assert "headlines" not in item  # the seed has no headline: absent, never null
    assert "located" not in item  # nor a dateline
    assert item["by"] == "By Agencies"
    (body,) = item["bodies"]
    assert body["role"] == "main" and body["contentType"] == "text/plain"
    assert body["value"].startswith("Russian President Vladimir Putin and his Iranian")
    assert body["wordCount"] == 300 and body["charCount"] == len(body["value"])
    assert item["altIds"] == [
        {"role": "archive-id", "value": "1"},
        {"role": "content-hash-sha256", "value": CONTENT_HASH},
    ]
    assert item["infoSources"] == [
        {"name": "Agence France-Presse", "role": ROLE + "contentSource", "literal": "AFP"},
        {"name": "Reuters", "role": ROLE + "contentSource", "literal": "Reuters"},
        {"name": "Associated Press", "role": ROLE + "imgSupplier", "literal": "AP"},
        {"name": "Al-Alam", "role": ROLE + "originfo", "literal": "Al-Alam"},
        {"name": "Fars News Agency", "role": ROLE + "originfo", "literal": "Fars"},
        {"name": "Islamic Republic News Agency", "role": ROLE + "originfo", "literal": "IRNA"},
    ]
    assert item["people"] == [
        {"name": "Ali Shamkhani", "rel": "quotes"},
        {"name": "Hossein Jaber Ansari", "rel": "quotes"},
        {"name": "Mohammad Ali Jafari", "rel": "quotes"},
        {"name": "Bashar al-Assad", "rel": "mentions"},
        {"name": "Hassan Rowhani", "rel": "mentions"},
        {"name": "Vladimir Putin", "rel": "mentions"},
    ]
    assert [org["name"] for org in item["organisations"]] == [
        "Al-Alam",
        "Fars News Agency",
        "Islamic Republic News Agency",
    ]
    assert {org["rel"] for org in item["organisations"]} == {"mentions"}
    assert item["associations"] == [
        {
            "name": "picture1",
            "uri": f"{URI}:picture:1",
            "type": "picture",
            "descriptions": [{"role": "caption", "contentType": "text/plain", "value": CAPTION}],
            "by": "AP",
            "infoSources": [{"name": "Associated Press", "role": ROLE + "imgSupplier"}],
        }
    ]
    assert set(item["associations"][0]) <= NINJS_PROPERTIES | {"name"}
    assert "null" not in json.dumps(item)


def test_json_ld_of_the_seed_article(seeded: Engine) -> None:
    article = one_document(seeded, write_jsonld)
    assert article["@context"] == "https://schema.org"
    assert article["@type"] == "NewsArticle"
    assert article["@id"] == URI and article["identifier"] == SLUG
    assert article["datePublished"] == "2016-03-28T00:00:00+00:00"
    assert article["inLanguage"] == "en"
    assert "headline" not in article and "dateline" not in article
    assert article["author"] == [{"@type": "Organization", "name": "Agencies"}]
    assert article["creditText"] == "AFP, Reuters"
    assert article["sourceOrganization"] == [
        {"@type": "Organization", "name": "Agence France-Presse", "alternateName": "AFP"},
        {"@type": "Organization", "name": "Reuters"},
    ]
    assert article["articleBody"].endswith("almost a year after they had seized it.")
    assert article["wordCount"] == 300
    assert article["image"] == [
        {
            "@type": "ImageObject",
            "caption": CAPTION,
            "creditText": "AP",
            "sourceOrganization": {"@type": "Organization", "name": "Associated Press"},
        }
    ]
    quotes = article["hasPart"]
    assert {quote["@type"] for quote in quotes} == {"Quotation"}
    # Two scare quotes ("terrorism", "military advisers") are nobody's statement.
    assert [quote["text"][:24] for quote in quotes] == [
        "admirable and honorable",
        "will continue to provide",
        "the situation in Syria i",
        "Iran’s support continues",
        "Syria will march forward",
    ]
    assert quotes[1] == {
        "@type": "Quotation",
        "text": "will continue to provide Syria with their full support",
        "spokenByCharacter": {
            "@type": "Person",
            "name": "Ali Shamkhani",
            "jobTitle": SHAMKHANI_TITLE,
        },
        "isBasedOn": {"@type": "Organization", "name": "Islamic Republic News Agency"},
    }
    assert quotes[3]["isBasedOn"] == {"@type": "Organization", "name": "Al-Alam"}
    assert quotes[4]["spokenByCharacter"]["name"] == "Hossein Jaber Ansari"
    assert "isBasedOn" not in quotes[4]
    people = [m for m in article["mentions"] if m["@type"] == "Person"]
    assert people[0] == {"@type": "Person", "name": "Ali Shamkhani", "jobTitle": SHAMKHANI_TITLE}
    assert {"@type": "Person", "name": "Hassan Rowhani"} in people
    organizations = [m["name"] for m in article["mentions"] if m["@type"] == "Organization"]
    assert organizations == ["Al-Alam", "Fars News Agency", "Islamic Republic News Agency"]
    assert "null" not in json.dumps(article)


def test_what_the_seed_lacks_maps_too(session: Session) -> None:
    draft = dataclasses.replace(
        make_draft(3),
        dateline="TEHRAN, May 4 (Reuters) -",
        url="https://news.example/harbour",
        canonical_url="https://news.example/c/harbour",
        source_name="Example News",
        images=(ImageDraft("The harbour.", "AP", "Associated Press", "https://img.example/1.jpg"),),
    )
    ArticleStore(session).store(draft)
    item = next(iter_ninjs(session))
    assert item["headlines"] == [
        {"role": "main", "contentType": "text/plain", "value": "Harbour story 3"}
    ]
    assert item["located"] == "TEHRAN, May 4 (Reuters) -"
    assert item["altIds"][2:] == [
        {"role": "url", "value": "https://news.example/harbour"},
        {"role": "canonical-url", "value": "https://news.example/c/harbour"},
    ]
    (picture,) = item["associations"]
    assert picture["renditions"] == [{"name": "original", "href": "https://img.example/1.jpg"}]
    article = next(iter_news_articles(session))
    assert article["headline"] == "Harbour story 3"
    assert article["dateline"] == "TEHRAN, May 4 (Reuters) -"
    assert article["url"] == "https://news.example/harbour"
    assert article["mainEntityOfPage"] == "https://news.example/c/harbour"
    assert article["publisher"] == {"@type": "Organization", "name": "Example News"}
    assert article["author"] == [
        {"@type": "Person", "name": "Ali Khan"},
        {"@type": "Organization", "name": "Agencies"},
    ]
    assert article["image"][0]["contentUrl"] == "https://img.example/1.jpg"
    (quote,) = article["hasPart"]
    assert quote["spokenByCharacter"] == {
        "@type": "Person",
        "name": "Jane Smith",
        "jobTitle": "harbour master",
    }
    assert quote["isBasedOn"] == {"@type": "Organization", "name": "Reuters"}
