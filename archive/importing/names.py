"""People's names in running text, the titles printed with them, and who a surname stands for.

A name is a run of capitalised words (with the particles names carry: al-, bin, van, de …)
that is not a place, an organisation or a calendar word. Titles are read from the words
before the name ("Foreign ministry spokesman Hossein Jaber Ansari") or from an apposition
after it ("Ali Shamkhani, secretary of the Supreme National Security Council,"). A bare
surname or given name stands for the full name used earlier in the same article, never for
someone from another article.
"""

from __future__ import annotations

import re
from collections.abc import Container, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain

from archive.importing.scan import ends_with, may_end_with_word, skip_space_back, word_before
from archive.normalize import normalize_name


def word_set(text: str) -> frozenset[str]:
    """A set of words written as one blank-separated string, which reads better as a list."""
    return frozenset(text.split())


# Capital letters for regular expressions: names are written in more than ASCII (Łukasz,
# Ömer, Émile), and `re` has no class for upper-case letters.
UPPER = "A-Z" + "".join(chr(code) for code in range(0xC0, 0x250) if chr(code).isupper())


# Jobs and roles printed before a name ("board chairman Walt Brennan", "Treasurer Linda
# Ochoa", "eyewitness Vinnie DeVita"): capitalised at a sentence start, they are still no part
# of the name.
ROLE_NOUNS_TEXT = """
    treasurer whip clerk auditor comptroller controller registrar sheriff detective
    superintendent trooper coroner magistrate councillor councilman councilwoman alderman
    assemblyman assemblywoman delegate administrator provost rector headmaster headmistress
    teacher pilot astronaut nurse surgeon physician scientist archaeologist historian author
    co-author novelist poet actor actress producer editor publisher reporter correspondent
    columnist presenter photographer barrister solicitor counsel advocate activist
    campaigner organizer organiser volunteer witness eyewitness resident student owner
    co-owner president chairperson vice-chair vice-chairman treasurer-general boss ceo cfo
    coo cto founder co-founder physicist chemist biologist geologist engineer architect
    economist statistician epidemiologist virologist psychologist psychiatrist sociologist
    anthropologist ecologist zoologist astronomer meteorologist forecaster planner
    strategist consultant lobbyist pastor vicar imam spokesperson adviser representative
    negotiator mediator inspector-general sergeant-major specialist technician
    officer-in-charge chairman-elect governor-general premier-elect mayor-elect librarian
    researcher scholar lecturer postdoctoral predoctoral captain major colonel commodore
    admiral ensign corporal airman seaman
"""
TITLE_WORDS = word_set(
    """
    president vice prime minister ministry foreign defence defense interior finance economy
    secretary secretary-general general gen gen. major maj maj. lieutenant lt lt. colonel col col.
    captain capt adm adm. cmdr cmdr. cdr cdr. cpl cpl. pvt pvt. brig brig.
    capt. commander admiral chief head spokesman spokeswoman spokesperson ambassador envoy
    senator sen sen. representative rep rep. congressman congresswoman governor gov gov. mayor
    king queen prince princess sheikh emir ayatollah imam pope cardinal bishop archbishop rabbi
    reverend rev rev. judge justice attorney director director-general chairman chairwoman chair
    ceo founder co-founder leader deputy assistant adviser advisor aide official officer
    inspector sergeant sgt sgt. corporal professor prof prof. dr dr. doctor mr mr. mrs mrs. ms
    ms. sir dame lord lady chancellor premier supreme speaker mp lawmaker analyst economist
    researcher expert coach manager executive president-elect commissioner under-secretary
    undersecretary marshal brigadier field counterpart minister-president crown state affairs
    national security council attorney-general solicitor-general first former acting interim
    senior junior top police army navy military intelligence parliament parliamentary
    opposition foreign-minister cabinet presidential vice-president deputy-head
    """
    + ROLE_NOUNS_TEXT
)
# Nouns that head a title phrase ("the ministry's spokesman", "a senior official").
TITLE_NOUNS = word_set(
    """
    president minister secretary general commander chief head spokesman spokeswoman
    spokesperson ambassador envoy senator governor mayor king queen prince sheikh emir
    ayatollah pope director chairman chairwoman leader deputy adviser advisor aide official
    professor chancellor premier speaker lawmaker analyst economist researcher expert coach
    manager executive commissioner diplomat negotiator prosecutor lawyer attorney judge
    """
    + ROLE_NOUNS_TEXT
)
_NOT_NAME_WORDS = word_set(
    """
    the a an this that these those his her its their our my your in on at of for by with from
    and or but if as after before when while during since until about against between into
    through over under he she it they we i you there here what which who why how where not no
    yes also monday tuesday wednesday thursday friday saturday sunday january february march
    april june july august september october november december today yesterday tomorrow
    mr mrs ms dr
    north south east west northern southern eastern western central middle new united saudi
    islamic republic kingdom states nations union european african asian arab american
    council assembly committee ministry department office agency government parliament
    congress senate house court party army forces force guards guard police military navy
    company corporation inc corp ltd group bank university college school institute
    hospital church mosque street road square city province county state region district
    international national federal news television radio press times post journal daily
    organization organisation association foundation fund commission authority service
    services movement front alliance coalition brigade brigades regime kremlin pentagon
    parliamentary administration embassy consulate museum airport station centre center
    world global summit forum conference games cup league club team festival war
    is are was were be been being has have had do does did would can could should
    might must shall says said say told tells asks asked added adds more most some many all
    any every each other another such only just very even still also now then here there
    why how what where when which who whom whose study report reports story news update
    live video photos watch read breaking exclusive opinion analysis editorial
    tribune herald gazette chronicle observer telegraph express mail star globe review
    magazine network channel valley bay mount lake river island islands beach park hotel
    airlines airways motors foods
    science advances nature letters proceedings medicine research studies bulletin
    quarterly weekly monthly annals archives lancet cell physics chemistry biology
    geophysical astrophysical ecology journals papers press publishing books records
    """
)
_PARTICLES = word_set(
    "al el ad as ash bin ibn abu van von de da di del della der den du la le dos das ben"
)
ABBREVIATED_TITLES = (
    "Mr",
    "Mrs",
    "Ms",
    "Dr",
    "St",
    "Jr",
    "Sr",
    "Gen",
    "Lt",
    "Col",
    "Sen",
    "Rep",
    "Gov",
    "Capt",
    "Sgt",
    "Maj",
    "Adm",
    "Rev",
    "Prof",
)
# A capitalised word, an initial ("W."), an abbreviation ("U.S.", "Dr."), or a particle.
NAME_TOKEN = (
    r"(?:(?:" + "|".join(ABBREVIATED_TITLES) + r")\.|[A-Z](?:\.[A-Z])+\.?|[A-Z]\.|"
    r"[" + UPPER + r"][\w'’-]*|(?:al|el|ad|as|ash|abu|bin|ibn)-[" + UPPER + r"][\w'’-]*|"
    r"(?:bin|ibn|abu|van|von|de|da|di|del|della|der|den|du|dos|das|ben)(?=\s[" + UPPER + r"]))"
)
_NAME_TOKEN = NAME_TOKEN
# What a NAME_TOKEN can start with: put before one, it turns most words away at once.
NAME_TOKEN_START = r"(?=[A-Z" + UPPER + r"abdeiv])"
_RUN = re.compile(
    r"(?<![\w'’-])" + NAME_TOKEN_START + _NAME_TOKEN + r"(?:[ \u00a0]" + _NAME_TOKEN + r")*"
)
_POSSESSIVE = re.compile(r"['’]s?$")
_APPOSITION = re.compile(
    r"^,\s+(?:the\s+|a\s+|an\s+|its\s+|his\s+|her\s+)?(?P<title>[^,.;:“”\"()]{3,140}?)(?=,|\s+(?:said|says|told|added)\b)"
)
# The same, anchored by match(text, pos) instead of ^, to read a paragraph in place.
_APPOSITION_AT = re.compile(_APPOSITION.pattern.removeprefix("^"))
_PUBLICATION_BEFORE = re.compile(
    r"\b(?:published\s+(?:online\s+)?(?:today\s+|this\s+week\s+)?in|journal|magazine|newspaper|"
    r"periodical)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_TITLE_AND_PREPOSITION = re.compile(
    r"\b(?:" + "|".join(sorted(TITLE_WORDS)).replace(".", r"\.") + r")\s+(?:to|of|for|at|in)\s+$",
    re.IGNORECASE,
)
# The words those two patterns can end with (before the final whitespace): a text that ends
# with none of them needs no search.
_PUBLICATION_LAST_WORDS = ("the", "in", "journal", "magazine", "newspaper", "periodical")
_PREPOSITIONS_AFTER_TITLE = ("to", "of", "for", "at", "in")
# The most words a match of each can touch ("published online this week in the"; a title
# word, then its preposition): bounds where their search starts.
_PUBLICATION_WORDS = 6
_TITLE_AND_PREPOSITION_WORDS = 1 + max(len(word.split()) for word in TITLE_WORDS)
# A character of a title word read leftwards from a name (see _title_before).
_TITLE_WORD_CHAR = re.compile(r"[\w'’.-]")
_STOP_BEFORE_TITLE = word_set(
    "the a an his her its their with and or said says told to of for by in on at from as"
)

# Patterns used word by word, compiled once.
_CONTRACTION = re.compile(r"['’](?:m|re|ve|ll|d|t)$", re.IGNORECASE)
_HYPHENATED = re.compile(r"\w-[a-z]")
_NAME_PREFIX = re.compile(r"(?:al|el|ad|as|ash|abu|bin|ibn)-")
_ARABIC_ARTICLE = re.compile(r"^(?:al|el|ad|as|ash)-", re.IGNORECASE)
_LOWER_WORD = re.compile(r"\b[a-z][a-z'’-]+\b")
_NOT_SPACE_RUN = re.compile(r"\S+")
_POSSESSIVE_END = re.compile(r"\w(?:['’]s|s['’])$")

MAX_TITLE_WORDS = 6


@dataclass(frozen=True)
class NameMention:
    """A person's name at body offsets [start, end), with the title printed beside it."""

    name: str
    start: int
    end: int
    title: str | None
    paragraph: int


def is_person_name(words: Sequence[str]) -> bool:
    """A run of two or more words that reads as a person's name, not a place or body."""
    if len(words) < 2 or len(words) > 5:
        return False
    if all(word.lower() in _PARTICLES for word in words):
        return False
    if any(_not_in_a_name(word) for word in words):
        return False
    first, last = words[0], words[-1]
    if first in _PARTICLES or last.lower() in _PARTICLES:
        return False  # "bin Laden" alone; but "Ben Affleck", "Van Morrison" are names
    return not last.endswith(".")


def can_be_in_a_name(word: str) -> bool:
    """Whether a person's name may hold this word (not a title, acronym or common word)."""
    return not _not_in_a_name(word)


@lru_cache(maxsize=1 << 16)
def _not_in_a_name(word: str) -> bool:
    """A word no person's name holds (remembered: the same words come back in every run)."""
    bare = _POSSESSIVE.sub("", word).rstrip(".").lower()
    if bare in _NOT_NAME_WORDS or bare in TITLE_WORDS:
        return True
    if len(bare) > 1 and word.isupper() and not word.endswith("."):
        return True  # acronyms: ISIS, NATO, GECF
    if word == "I" or _CONTRACTION.search(word):
        return True  # I'm, It's-style contractions
    # Arabic-language, Iranian-backed
    return bool(_HYPHENATED.search(word) and not _NAME_PREFIX.match(word))


def surname_key(name: str) -> str:
    """The normalised last word, without an Arabic article: al-Assad -> assad."""
    last = name.split()[-1]
    last = _ARABIC_ARTICLE.sub("", last)
    return normalize_name(last)


def split_title(words: Sequence[str]) -> tuple[list[str], list[str]]:
    """A capitalised run split into (title words, name words) at the last title word."""
    cut = 0
    for index, word in enumerate(words):
        if _ends_a_title(word):
            cut = index + 1
    return list(words[:cut]), list(words[cut:])


@lru_cache(maxsize=1 << 16)
def _ends_a_title(word: str) -> bool:
    bare = _POSSESSIVE.sub("", word).lower()
    return bare in TITLE_WORDS or bare in _NOT_NAME_WORDS or bare.rstrip(".") in TITLE_WORDS


def find_names(paragraphs: Sequence[str], offsets: Sequence[int]) -> list[NameMention]:
    """Full names (two words or more) of people, with body offsets and printed titles."""
    mentions: list[NameMention] = []
    common = _LazyWords(paragraphs)
    for index, paragraph in enumerate(paragraphs):
        for run in _RUN.finditer(paragraph):
            text = run.group(0)
            if " " not in text and "\u00a0" not in text:
                continue  # one word (most runs open a sentence): never a full name
            if may_end_with_word(paragraph, run.start(), _PUBLICATION_LAST_WORDS) and ends_with(
                _PUBLICATION_BEFORE, paragraph, run.start(), _PUBLICATION_WORDS
            ):
                continue  # "published in Science Advances": a journal, not a person
            mention = _mention_in_run(paragraph, run, index, offsets[index], common)
            if mention is not None:
                mentions.append(mention)
    return mentions


def _common_words(paragraphs: Sequence[str]) -> frozenset[str]:
    """Words the article writes in lower case: capitalised at the head of a longer name run
    ("Treasurer Linda Ochoa" where the story also says "the treasurer"), they are a title."""
    return frozenset(chain.from_iterable(map(_LOWER_WORD.findall, paragraphs)))


class _LazyWords:
    """_common_words of an article, collected only when a word that occurs somewhere in the
    text is asked about: a word found nowhere in it cannot be one of its lower-case words."""

    def __init__(self, paragraphs: Sequence[str]) -> None:
        self._paragraphs = paragraphs
        self._text = "\n".join(paragraphs)
        self._words: frozenset[str] | None = None

    def __contains__(self, word: object) -> bool:
        if self._words is None:
            if not isinstance(word, str) or word not in self._text:
                return False
            self._words = _common_words(self._paragraphs)
        return word in self._words


def _mention_in_run(
    paragraph: str,
    run: re.Match[str],
    index: int,
    offset: int,
    common: Container[str] = frozenset(),
) -> NameMention | None:
    words = [(m.start() + run.start(), m.group(0)) for m in _NOT_SPACE_RUN.finditer(run.group(0))]
    # A possessive inside the run ends what comes before it: "Iran’s Foreign Minister X".
    for position in range(len(words) - 2, -1, -1):
        if _is_possessive(words[position][1]):
            words = words[position + 1 :]
            break
    if not words:
        return None
    title_words, name_words = split_title([word for _, word in words])
    # "Ambassador to Germany Richard Grenell": the place belongs to the title.
    if (
        not title_words
        and may_end_with_word(paragraph, words[0][0], _PREPOSITIONS_AFTER_TITLE)
        and ends_with(_TITLE_AND_PREPOSITION, paragraph, words[0][0], _TITLE_AND_PREPOSITION_WORDS)
    ):
        while len(name_words) > 2 and is_person_name(name_words[1:]):
            title_words.append(name_words.pop(0))
    while (
        len(name_words) > 2
        and name_words[0].lower() in common
        and name_words[0][:1].isupper()
        and is_person_name(name_words[1:])
    ):
        title_words.append(name_words.pop(0))
    if _is_possessive(name_words[-1] if name_words else ""):
        name_words[-1] = _POSSESSIVE.sub("", name_words[-1])
    if not is_person_name(name_words):
        return None
    name = " ".join(name_words)
    name_start = words[len(title_words)][0]
    name_end = name_start + len(name)
    run_start = words[0][0]
    title = _title_before(paragraph, run_start, title_words) or _title_after(paragraph, name_end)
    return NameMention(name, offset + name_start, offset + name_end, title, index)


def _is_possessive(word: str) -> bool:
    return bool(_POSSESSIVE_END.search(word))


def _title_before(paragraph: str, run_start: int, title_words: Sequence[str]) -> str | None:
    """Title words in the run, extended left over lowercase title words and capitalised words."""
    words = list(title_words)
    position = run_start
    while not _sentence_starts_at(paragraph, position):
        found = word_before(paragraph, position, _TITLE_WORD_CHAR)
        if found is None:
            break
        word = paragraph[found[0] : found[1]]
        bare = _POSSESSIVE.sub("", word).lower()
        if bare in _STOP_BEFORE_TITLE or (word.endswith(".") and bare not in TITLE_WORDS):
            break
        if not (bare in TITLE_WORDS or word[:1].isupper() or _portfolio_word(bare, len(words))):
            break
        words.insert(0, word)
        position = found[0]
    while words and words[0].lower() in _STOP_BEFORE_TITLE:
        words.pop(0)
    if not any(_POSSESSIVE.sub("", word).lower().rstrip(".") in TITLE_WORDS for word in words):
        return None
    return " ".join(words) or None


def _portfolio_word(word: str, taken: int) -> bool:
    """A lowercase word inside a title phrase ("regional health minister"): a plain noun or
    adjective, not a verb or adverb, and only a few of them."""
    return (
        taken < MAX_TITLE_WORDS
        and word.isalpha()
        and len(word) > 3
        and not word.endswith(("ed", "ing", "ly"))
        and word not in _NOT_NAME_WORDS
    )


def _sentence_starts_at(paragraph: str, position: int) -> bool:
    end = skip_space_back(paragraph, position)
    return end == 0 or paragraph[end - 1] in '.!?:;"“”'


def _title_after(paragraph: str, name_end: int) -> str | None:
    match = _APPOSITION_AT.match(paragraph, name_end)
    if not match:
        return None
    title = match.group("title").strip()
    first_words = [_POSSESSIVE.sub("", word.lower()) for word in title.split()[:4]]
    if not any(word in TITLE_NOUNS or word in TITLE_WORDS for word in first_words):
        return None
    return title
