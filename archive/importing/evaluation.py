"""Measure the text parser against hand-labelled articles: precision, recall and F1.

Each labelled article is a pair of files in one folder: NAME.txt (the text as received) and
NAME.json with the quotes marked by hand ({"text": ..., "speaker": name or null}) and the
agencies the article names ({"agencies": [canonical names]}). Four scores are reported,
micro-averaged over all articles:

- attribution: (quote, speaker) pairs, for quotes a person said (null speakers are left out
  of the gold pairs, so attributing one of them to anyone counts against precision);
- quotes: quoted spans found, whoever said them (scare quotes included on both sides);
- agencies: the agencies linked to each article, in any role;
- header: headline, byline, publication date and dateline ({"header": {"headline": ...,
  "byline": ..., "published": "YYYY-MM-DD", "dateline": ...}}, null where the text has none),
  each a (field, value) pair, so a field read where there is none counts against precision.

An article's label may name its group ({"split": "heldout"}); the scores are also reported per
group, so articles added after the rules were tuned measure how well the rules generalise.
Labels without a split belong to the group "tuning" (the articles the rules were shaped on).

Usage: python -m archive.importing.evaluation [--json] [DIRECTORY]
(the directory defaults to tests/data/eval under the working directory).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from archive.errors import ImportRejected
from archive.importing.text import parse_text
from archive.normalize import normalize_name

DEFAULT_DIRECTORY = Path("tests/data/eval")
DEFAULT_SPLIT = "tuning"
_EDGE = re.compile(r"^[\s.,;:!?…\"“”'‘’«»-]+|[\s.,;:!?…\"“”'‘’«»-]+$")
_SPACE = re.compile(r"\s+")


@dataclass
class Score:
    true_positives: int = 0
    predicted: int = 0
    expected: int = 0

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.expected if self.expected else 1.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0

    def add(self, predicted: Iterable[object], expected: Iterable[object]) -> None:
        predicted_counts, expected_counts = Counter(predicted), Counter(expected)
        self.true_positives += sum((predicted_counts & expected_counts).values())
        self.predicted += sum(predicted_counts.values())
        self.expected += sum(expected_counts.values())

    def as_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "true_positives": self.true_positives,
            "predicted": self.predicted,
            "expected": self.expected,
        }


@dataclass
class ArticleResult:
    name: str
    split: str = DEFAULT_SPLIT
    attribution: Score = field(default_factory=Score)
    quotes: Score = field(default_factory=Score)
    agencies: Score = field(default_factory=Score)
    header: Score = field(default_factory=Score)
    rejected: str | None = None
    missed: list[tuple[str, str]] = field(default_factory=list)
    wrong: list[tuple[str, str]] = field(default_factory=list)
    header_missed: list[tuple[str, str]] = field(default_factory=list)
    header_wrong: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Group:
    """The four scores summed over some of the articles."""

    attribution: Score = field(default_factory=Score)
    quotes: Score = field(default_factory=Score)
    agencies: Score = field(default_factory=Score)
    header: Score = field(default_factory=Score)
    articles: int = 0

    def add(self, result: ArticleResult) -> None:
        self.articles += 1
        for total, part in (
            (self.attribution, result.attribution),
            (self.quotes, result.quotes),
            (self.agencies, result.agencies),
            (self.header, result.header),
        ):
            total.true_positives += part.true_positives
            total.predicted += part.predicted
            total.expected += part.expected


@dataclass
class Report:
    articles: list[ArticleResult]
    attribution: Score
    quotes: Score
    agencies: Score
    header: Score
    groups: dict[str, Group] = field(default_factory=dict)


def quote_key(text: str) -> str:
    """Quoted words compared without edge punctuation, case or spacing differences."""
    return _SPACE.sub(" ", _EDGE.sub("", text)).casefold()


def evaluate(directory: Path = DEFAULT_DIRECTORY) -> Report:
    labels = sorted(directory.glob("*.json"))
    if not labels:
        raise FileNotFoundError(f"no labelled articles (*.json) in {directory}")
    results = [evaluate_article(label.with_suffix(".txt"), label) for label in labels]
    total = Group()
    groups: dict[str, Group] = {}
    for result in results:
        total.add(result)
        groups.setdefault(result.split, Group()).add(result)
    return Report(
        results,
        total.attribution,
        total.quotes,
        total.agencies,
        total.header,
        dict(sorted(groups.items())),
    )


def evaluate_article(text_file: Path, label_file: Path) -> ArticleResult:
    label = json.loads(label_file.read_text(encoding="utf-8"))
    result = ArticleResult(name=text_file.stem, split=label.get("split", DEFAULT_SPLIT))
    gold_pairs = [
        (quote_key(quote["text"]), normalize_name(quote["speaker"]))
        for quote in label["quotes"]
        if quote["speaker"]
    ]
    gold_quotes = [quote_key(quote["text"]) for quote in label["quotes"]]
    gold_agencies = {normalize_name(name) for name in label.get("agencies", [])}
    gold_header = _header_pairs(label.get("header", {}))
    try:
        draft = parse_text(text_file.read_text(encoding="utf-8"), source_key=text_file.name)
    except ImportRejected as rejected:
        result.rejected = rejected.reason
        result.attribution.add([], gold_pairs)
        result.quotes.add([], gold_quotes)
        result.agencies.add([], gold_agencies)
        result.header.add([], gold_header)
        return result
    pairs = [
        (quote_key(quote.text), normalize_name(quote.speaker))
        for quote in draft.quotes
        if quote.speaker
    ]
    result.attribution.add(pairs, gold_pairs)
    result.quotes.add([quote_key(quote.text) for quote in draft.quotes], gold_quotes)
    result.agencies.add({normalize_name(ref.name) for ref in draft.agencies}, gold_agencies)
    result.missed = sorted((Counter(gold_pairs) - Counter(pairs)).elements())
    result.wrong = sorted((Counter(pairs) - Counter(gold_pairs)).elements())
    if "header" in label:
        header = _header_pairs(
            {
                "headline": draft.headline,
                "byline": draft.byline,
                "published": draft.published_at.date().isoformat() if draft.published_at else None,
                "dateline": draft.dateline,
            }
        )
        result.header.add(header, gold_header)
        result.header_missed = sorted(set(gold_header) - set(header))
        result.header_wrong = sorted(set(header) - set(gold_header))
    return result


def _header_pairs(fields: dict[str, str | None]) -> list[tuple[str, str]]:
    """(field, value) for each header field that has a value, compared like quoted words."""
    return [(name, quote_key(value)) for name, value in fields.items() if value]


def _as_json(report: Report) -> dict[str, object]:
    return {
        "attribution": report.attribution.as_dict(),
        "quotes": report.quotes.as_dict(),
        "agencies": report.agencies.as_dict(),
        "header": report.header.as_dict(),
        "groups": {
            name: {
                "articles": group.articles,
                "attribution": group.attribution.as_dict(),
                "quotes": group.quotes.as_dict(),
                "agencies": group.agencies.as_dict(),
                "header": group.header.as_dict(),
            }
            for name, group in report.groups.items()
        },
        "articles": [
            {
                "name": result.name,
                "split": result.split,
                "attribution": result.attribution.as_dict(),
                "quotes": result.quotes.as_dict(),
                "agencies": result.agencies.as_dict(),
                "header": result.header.as_dict(),
                "rejected": result.rejected,
                "missed": [list(pair) for pair in result.missed],
                "wrong": [list(pair) for pair in result.wrong],
                "header_missed": [list(pair) for pair in result.header_missed],
                "header_wrong": [list(pair) for pair in result.header_wrong],
            }
            for result in report.articles
        ],
    }


def _as_text(report: Report) -> str:
    lines = [
        f"{'article':40} {'group':8} {'attrib F1':>9} {'quotes F1':>9} {'agency F1':>9}"
        f" {'header F1':>9}"
    ]
    for result in report.articles:
        lines.append(
            f"{result.name[:40]:40} {result.split[:8]:8} {result.attribution.f1:9.3f}"
            f" {result.quotes.f1:9.3f} {result.agencies.f1:9.3f} {result.header.f1:9.3f}"
            + (f"  rejected: {result.rejected}" if result.rejected else "")
        )
    sections = [
        (
            "all articles",
            len(report.articles),
            report.attribution,
            report.quotes,
            report.agencies,
            report.header,
        )
    ]
    if len(report.groups) > 1:
        sections += [
            (
                f"group {name}",
                group.articles,
                group.attribution,
                group.quotes,
                group.agencies,
                group.header,
            )
            for name, group in report.groups.items()
        ]
    for heading, count, attribution, quotes, agencies, header in sections:
        lines.append("")
        lines.append(f"{heading} ({count} article{'s' if count != 1 else ''}):")
        for title, score in (
            ("(quote, speaker) pairs", attribution),
            ("quoted spans", quotes),
            ("agencies", agencies),
            ("header fields", header),
        ):
            lines.append(
                f"  {title:24} precision {score.precision:.3f}  recall {score.recall:.3f}"
                f"  F1 {score.f1:.3f}  ({score.true_positives} of {score.predicted} found,"
                f" {score.expected} expected)"
            )
    lines.append(f"articles: {len(report.articles)}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m archive.importing.evaluation",
        description="Score the plain-text parser against hand-labelled articles.",
    )
    parser.add_argument("directory", nargs="?", type=Path, default=DEFAULT_DIRECTORY)
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    parser.add_argument("--details", action="store_true", help="list missed and wrong pairs")
    options = parser.parse_args(argv)
    try:
        report = evaluate(options.directory)
    except FileNotFoundError as error:
        print(f"Error: {error}", file=sys.stderr)
        return 1
    if options.json:
        print(json.dumps(_as_json(report), indent=2, ensure_ascii=False))
    else:
        print(_as_text(report))
        if options.details:
            for result in report.articles:
                for kind, pairs in (("missed", result.missed), ("wrong", result.wrong)):
                    for quote, speaker in pairs:
                        print(f"{result.name}: {kind}: {speaker!r} <- {quote[:70]!r}")
                for kind, pairs in (
                    ("missed", result.header_missed),
                    ("wrong", result.header_wrong),
                ):
                    for name, value in pairs:
                        print(f"{result.name}: {kind} {name}: {value[:70]!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
