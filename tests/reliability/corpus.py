"""Generated plain-text articles for the concurrency and crash tests.

Article i depends only on i. Every article quotes people from a small pool, is credited to
agencies from a small pool (some on the reference list, some the archive has never seen)
and has a byline from a small pool of authors, so importers running side by side keep
meeting the same new names: the races a shared archive has to survive.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

PEOPLE = [
    ("Maria Lopez", "the transport minister"),
    ("Omar Haddad", "a council spokesman"),
    ("Ingrid Solberg", "the harbour master"),
    ("Kenji Watanabe", "an engineer on the project"),
    ("Amara Okafor", "the mayor"),
    ("Piotr Nowak", "a union leader"),
    ("Leila Farahani", "the finance director"),
    ("Tomas Ferreira", "a local shop owner"),
]
AUTHORS = ["Jane Whitfield", "Rahul Menon", "Sofia Lindqvist", "City Desk", "Agencies"]
# Listed agencies and ones the archive creates on first sight.
AGENCIES = ["Reuters", "AFP", "Kestrel News Agency", "Harbour Wire Service", "Delta Press"]
TOPICS = ["bridge", "ferry", "tram line", "harbour wall", "flood barrier", "rail depot"]
QUOTES_PER_ARTICLE = 3
QUOTE_LINES = [
    "we will keep to the timetable",
    "the money is already set aside",
    "nobody expected the repairs to take this long",
    "the city cannot afford another delay",
    "the workers deserve to be paid on time",
    "safety comes before speed",
]


def article_text(index: int) -> str:
    rng = random.Random(index * 7919 + 17)
    topic = rng.choice(TOPICS)
    day = date(2016, 1, 1) + timedelta(days=index % 365)
    agency = rng.choice(AGENCIES)
    author = rng.choice(AUTHORS)
    speakers = rng.sample(PEOPLE, QUOTES_PER_ARTICLE)
    paragraphs = [
        f"Council weighs plan number {index} for the {topic}",
        f"By {author}",
        f"{day:%A}, {day.day} {day:%B %Y}",
        f"The council met on {day:%A} to discuss plan number {index} for the {topic}, "
        f"which has been delayed for {rng.randint(2, 40)} weeks, according to the {agency}.",
    ]
    for name, title in speakers:
        line = rng.choice(QUOTE_LINES)
        paragraphs.append(f"“{line.capitalize()},” said {name}, {title}.")
    paragraphs.append(f"A vote on plan number {index} is expected within {rng.randint(2, 9)} days.")
    return "\n\n".join(paragraphs) + "\n"


def write_articles(folder: Path, indices: range) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in indices:
        path = folder / f"plan-{index:05d}.txt"
        path.write_text(article_text(index), encoding="utf-8")
        paths.append(path)
    return paths
