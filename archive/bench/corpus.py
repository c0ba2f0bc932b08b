"""A deterministic synthetic corpus: articles of realistic shape, as drafts and as text files.

Article i depends only on (seed, i), so a corpus can be generated in any order, in chunks,
in another process, and always comes out the same. The shape follows what the importer
reads: a caption with an "(AP)"-style credit, a "By X" byline, a date line, paragraphs
with five attributed quotes (`“…,” Name said.`, `Name said “…”`, `according to AGENCY`),
and a "(With Reuters, AFP)" credit line. Names are drawn from pools sized like a real
archive's: a few hundred agencies, thousands of authors, tens of thousands of speakers.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cached_property
from pathlib import Path

from archive.importing.draft import (
    AgencyRef,
    ArticleDraft,
    CommentDraft,
    ImageDraft,
    PersonRef,
    QuoteDraft,
)

DEFAULT_SEED = 20160328
BODY_CHARACTERS = 3_000
QUOTES_PER_ARTICLE = 5

# Common English words, most frequent first: the head of the word distribution.
_COMMON = (  # noqa: SIM905
    "the of and to in a is that for it as was with be by on not he this are or his from "
    "at which but have an they you were her she there been one all we their has would "
    "when if so no will more what up out about who them some could him into its then two "
    "time only new other people over also after first year years government minister "
    "president officials country city state said week month told security military forces "
    "talks support council foreign national police report group region north south east "
    "west war peace deal agreement election party leader army border oil gas market "
    "prices economy trade bank water power court law judge vote campaign crisis attack "
    "troops fighting ceasefire refugees aid hospital school children women family village "
    "capital port harbour river bridge road airport ministry parliament committee "
    "spokesman statement meeting summit visit allies enemy rebels militants opposition "
    "protest strike union workers factory farm harvest drought flood storm earthquake "
    "fire rescue health virus vaccine doctors energy nuclear missile weapons sanctions "
    "embassy ambassador treaty negotiations progress plan budget tax jobs growth "
    "inflation currency exports imports industry technology internet media newspaper "
    "television radio journalists reporters"
).split()
_SYLLABLES = (  # noqa: SIM905
    "ka ri to ma ne lu sa vo de mi ra ko te shi na bu ze lo fa gu pe ti ha yo el an or ul "
    "ix ar qu ba do fe gi"
).split()
_FIRST = (  # noqa: SIM905
    "Ali Amir Anna Arjun Bashir Carlos Chen Daniel Dmitri Elena Emeka Fatima Farid Grace "
    "Hassan Hiro Ibrahim Ines Ivan Jamal Jane John Julia Karim Kenji Laila Leila Lucas "
    "Maria Mariam Mehdi Miguel Mohammad Nadia Nikolai Noor Olga Omar Pavel Priya Rahul "
    "Reza Rosa Sami Sara Sergei Sofia Tariq Tomas Usman Vera Wei Yasmin Yusuf Zainab "
    "Zhang Ahmed Beatriz Chidi Dario Esra Femi Goran Hana Ilya Jorge Kamal Lina Malik "
    "Nasser Oksana Pedro Qasim Rania Selim Tanvir Umar Viktor Walid Xenia Yara Zoran "
    "Abbas Bilal Chiara Dina Eitan Faisal Gul Hadi Irina Javad Katya Lotfi Mona Nabil "
    "Oren Parisa Rafael Saad Timur Ulla Vahid Wafa Yosef Zeynep Adel Bruno Celine Daoud "
    "Emil Fadi Giorgi Hamza Idris Jalal Khalid Layla Majid Nasim Osman Pietro Rami Salma "
    "Tamar Uri Valeria Wahid Yannis Ziad Aziz Boris Claude Darius Elif Fouad Gamal Habib "
    "Imran Jaber Kaveh Lamia Mahmoud Nour Omid Pari Rashid Shirin Taha Vusi Wasim Yahya "
    "Zara"
).split()
_LAST = (  # noqa: SIM905
    "Khan Smith Ansari Shamkhani Jafari Petrov Ivanova Garcia Lopez Wang Li Nguyen Kim "
    "Park Haddad Nasser Rahman Hussein Karimi Rezaei Mousavi Hosseini Tehrani Farahani "
    "Sadeghi Novak Horvat Kowalski Nowak Schmidt Muller Rossi Russo Bianchi Dubois Martin "
    "Bernard Okafor Adeyemi Mensah Diallo Traore Abbas Aziz Saleh Mansour Khalil Youssef "
    "Ibrahim Suleiman Barzani Talabani Erdogan Yilmaz Demir Sahin Celik Ozturk Aydin Kaya "
    "Arslan Sokolov Volkov Morozov Popov Lebedev Kozlov Fedorov Orlov Pavlov Semenov "
    "Tanaka Sato Suzuki Takahashi Watanabe Ito Yamamoto Nakamura Kobayashi Kato Singh "
    "Sharma Patel Gupta Kumar Das Bose Reddy Iyer Menon Costa Silva Santos Pereira "
    "Oliveira Alves Ribeiro Carvalho Gomes Martins Haidari Qureshi Chaudhry Siddiqui "
    "Malik Bhatti Javed Zaidi Naqvi Rizvi Mirza Baig Shah Sheikh Hashemi Larijani "
    "Velayati Zarif Araghchi Salehi Kazemi Moradi Ghorbani Rostami Jahangiri Bagheri "
    "Amini Ebrahimi Nouri Soltani Asadi Jalili Mohseni Rahimi Sharifi Yazdi Zand Hakimi "
    "Alavi Tabrizi Shirazi Kermani Isfahani Razavi Bakr Darwish Fares Ghanem Hamdan Jaber "
    "Kassem Mahfouz Nassar Qasim Rashed Sabbagh Tamimi Zayed Obeidi Jubouri Dulaimi Hakim "
    "Sadr Maliki Allawi Nujaifi Hashimi Mutlaq"
).split()
_TITLES = (
    "secretary of the Supreme National Security Council",
    "Foreign ministry spokesman",
    "Guards chief Major General",
    "deputy foreign minister",
    "interior minister",
    "a senior official",
    "the mayor",
    "a spokeswoman for the ministry",
    "an analyst at the institute",
    "a local resident",
)
_REAL_AGENCIES = (
    ("Associated Press", "AP", "wire_service"),
    ("Reuters", None, "wire_service"),
    ("Agence France-Presse", "AFP", "wire_service"),
    ("Islamic Republic News Agency", "IRNA", "state_agency"),
    ("Fars News Agency", "Fars", "state_agency"),
    ("Al-Alam", None, "broadcaster"),
    ("Xinhua", None, "state_agency"),
    ("TASS", None, "state_agency"),
    ("Deutsche Presse-Agentur", "dpa", "wire_service"),
    ("Agencia EFE", "EFE", "wire_service"),
    ("ANSA", None, "wire_service"),
    ("Anadolu Agency", "Anadolu", "state_agency"),
    ("Kyodo News", "Kyodo", "wire_service"),
    ("Yonhap", None, "wire_service"),
    ("Press Trust of India", "PTI", "wire_service"),
)
AGENCY_COUNT = 300
AUTHOR_COUNT = 3_000
SPEAKER_COUNT = 30_000
_VOCABULARY_SIZE = 20_000
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (  # noqa: SIM905
    "January February March April May June July August September October November December"
).split()
_EPOCH = datetime(2010, 1, 1, 6, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Agency:
    name: str
    short_name: str | None
    kind: str

    @property
    def printed(self) -> str:
        """How a credit line prints it: the short name when there is one."""
        return self.short_name or self.name

    def ref(self, role: str) -> AgencyRef:
        return AgencyRef(self.name, role, short_name=self.short_name, kind=self.kind)


@dataclass(frozen=True)
class Article:
    """One synthetic article: the draft a parser would produce, and the text it came from."""

    draft: ArticleDraft
    text: str


class Corpus:
    """Article i of a seeded corpus, on demand; the name pools are shared by all articles."""

    def __init__(self, seed: int = DEFAULT_SEED) -> None:
        self.seed = seed

    @cached_property
    def vocabulary(self) -> list[str]:
        """Real common words first, then invented words for the long tail of rare ones."""
        rng = random.Random(self.seed)
        words = list(dict.fromkeys(_COMMON))
        seen = set(words)
        while len(words) < _VOCABULARY_SIZE:
            word = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4)))
            if word not in seen:
                seen.add(word)
                words.append(word)
        return words

    @cached_property
    def _word_weights(self) -> list[float]:
        """Cumulative Zipf weights (s = 1), the shape of word frequencies in news text."""
        total = 0.0
        cumulative = []
        for rank in range(1, len(self.vocabulary) + 1):
            total += 1.0 / rank
            cumulative.append(total)
        return cumulative

    @cached_property
    def agencies(self) -> list[Agency]:
        rng = random.Random(self.seed + 1)
        pool = [Agency(name, short, kind) for name, short, kind in _REAL_AGENCIES]
        names = {a.name for a in pool}
        while len(pool) < AGENCY_COUNT:
            stem = "".join(rng.choice(_SYLLABLES) for _ in range(3)).capitalize()
            name = f"{stem} {rng.choice(('News Agency', 'Press', 'Television', 'Radio'))}"
            if name not in names:
                names.add(name)
                pool.append(Agency(name, None, "other"))
        return pool

    @cached_property
    def authors(self) -> list[str]:
        return self._names(AUTHOR_COUNT, self.seed + 2)

    @cached_property
    def speakers(self) -> list[str]:
        return self._names(SPEAKER_COUNT, self.seed + 3)

    def _names(self, count: int, seed: int) -> list[str]:
        rng = random.Random(seed)
        names: dict[str, None] = {}
        while len(names) < count:
            parts = [rng.choice(_FIRST)]
            if rng.random() < 0.3:
                parts.append(rng.choice(_FIRST))
            parts.append(rng.choice(_LAST))
            if rng.random() < 0.5:  # a second surname widens the pool to tens of thousands
                parts.append(rng.choice(_LAST))
            names[" ".join(parts)] = None
        return list(names)

    # -- articles ---------------------------------------------------------------------

    def words(self, rng: random.Random, count: int) -> list[str]:
        return rng.choices(self.vocabulary, cum_weights=self._word_weights, k=count)

    def _sentence(self, rng: random.Random, low: int = 8, high: int = 22) -> str:
        words = self.words(rng, rng.randint(low, high))
        return " ".join(words).capitalize() + "."

    def article(self, index: int) -> Article:
        rng = random.Random(self.seed * 1_000_003 + index)
        published = _EPOCH + timedelta(minutes=37 * index + rng.randint(0, 36))
        credits = rng.sample(self.agencies[1:], rng.randint(1, 3))
        photo = self.agencies[0]
        speakers = rng.sample(self.speakers, rng.randint(2, 4))
        titles = {name: rng.choice(_TITLES) for name in speakers}
        authors = [rng.choice(self.authors)]
        if rng.random() < 0.2:
            authors.append(rng.choice(self.authors))
        headline_words = self.words(rng, rng.randint(5, 9))
        headline = f"{' '.join(headline_words).capitalize()} {index}"
        caption = f"{self._sentence(rng, 10, 18)[:-1]} in {_place(rng)}, {_date_words(published)}."

        paragraphs: list[str] = []
        quotes: list[QuoteDraft] = []
        people: dict[str, PersonRef] = {}
        offset = 0
        introduced: set[str] = set()

        def add_paragraph(text: str, located: list[tuple[str, str, str, str | None]]) -> None:
            nonlocal offset
            for words, speaker, cue, via in located:
                start = offset + text.index(words)
                quotes.append(
                    QuoteDraft(
                        text=words,
                        start=start,
                        end=start + len(words),
                        paragraph=len(paragraphs),
                        kind="direct",
                        speaker=speaker,
                        cue=cue,
                        via=via,
                    )
                )
            paragraphs.append(text)
            offset += len(text) + 2

        add_paragraph(" ".join(self._sentence(rng) for _ in range(3)), [])
        for number in range(QUOTES_PER_ARTICLE):
            speaker = speakers[number % len(speakers)]
            name = speaker if speaker not in introduced else speaker.split()[-1]
            if speaker not in introduced:
                introduced.add(speaker)
                people[speaker] = PersonRef(speaker, "quoted", title=titles[speaker])
                name = f"{speaker}, {titles[speaker]},"
                said_name = speaker
            else:
                said_name = speaker
                name = speaker
            words = " ".join(self.words(rng, rng.randint(8, 16))).capitalize()
            lead = self._sentence(rng)
            style = number % 3
            located: list[tuple[str, str, str, str | None]]
            if style == 0:
                quoted = f"{words},"
                text = f"{lead} “{quoted}” {said_name} said."
                located = [(quoted, speaker, "said", None)]
            elif style == 1:
                agency = credits[number % len(credits)]
                text = f"{name} said “{words}” according to {agency.printed}."
                located = [(words, speaker, "said", agency.name)]
            else:
                text = f"“{words},” {said_name} told reporters. {lead}"
                located = [(f"{words},", speaker, "told", None)]
            add_paragraph(text, located)
            while offset < BODY_CHARACTERS * (number + 1) // QUOTES_PER_ARTICLE:
                add_paragraph(" ".join(self._sentence(rng) for _ in range(rng.randint(2, 4))), [])

        agency_refs = [photo.ref("photo")] + [a.ref("credit") for a in credits]
        for quote in quotes:
            if quote.via and not any(
                r.name == quote.via and r.role == "source" for r in agency_refs
            ):
                source = next(a for a in credits if a.name == quote.via)
                agency_refs.append(source.ref("source"))
        comments = self._comments(rng, published)
        byline = f"By {' and '.join(authors)}"
        credit_line = f"(With {', '.join(a.printed for a in credits)})"
        text = "\n\n".join(
            [
                headline,
                byline,
                _date_words(published, weekday=True),
                f"{caption} ({photo.printed})",
                *paragraphs,
                credit_line,
            ]
        )
        draft = ArticleDraft(
            paragraphs=tuple(paragraphs),
            raw_text=text + "\n",
            headline=headline,
            byline=byline,
            authors=tuple(authors),
            published_at=published,
            source_key=f"bench/{index:07d}.txt",
            images=(ImageDraft(caption=caption, credit=photo.printed, credit_agency=photo.name),),
            agencies=tuple(agency_refs),
            people=tuple(people.values()),
            quotes=tuple(quotes),
            comments=comments,
        )
        return Article(draft, text + "\n")

    def _comments(self, rng: random.Random, published: datetime) -> tuple[CommentDraft, ...]:
        comments: list[CommentDraft] = []
        for number in range(rng.randint(0, 10)):
            parent = rng.randrange(number) if number and rng.random() < 0.4 else None
            comments.append(
                CommentDraft(
                    author_name=f"{rng.choice(_FIRST)}{rng.randint(1, 999)}",
                    body=self._sentence(rng, 5, 30),
                    posted_at=published + timedelta(minutes=10 * (number + 1)),
                    parent=parent,
                )
            )
        return tuple(comments)

    def drafts(self, start: int, stop: int) -> Iterator[ArticleDraft]:
        for index in range(start, stop):
            yield self.article(index).draft

    def write_text_files(self, folder: Path, count: int) -> None:
        """Article i as `folder/<i>.txt`, spread over subfolders of 1,000 files."""
        for index in range(count):
            sub = folder / f"{index // 1000:04d}"
            if index % 1000 == 0:
                sub.mkdir(parents=True, exist_ok=True)
            (sub / f"{index:07d}.txt").write_text(self.article(index).text, encoding="utf-8")


def _place(rng: random.Random) -> str:
    return rng.choice(("Tehran, Iran", "Beirut, Lebanon", "Moscow, Russia", "Damascus, Syria"))


def _date_words(moment: datetime, *, weekday: bool = False) -> str:
    day = f"{moment.day} {_MONTHS[moment.month - 1]} {moment.year}"
    return f"{_WEEKDAYS[moment.weekday()]}, {day}" if weekday else day
