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
from collections.abc import Sequence
from dataclasses import dataclass

from archive.normalize import normalize_name


def word_set(text: str) -> frozenset[str]:
    """A set of words written as one blank-separated string, which reads better as a list."""
    return frozenset(text.split())


TITLE_WORDS = word_set(
    """
    president vice prime minister ministry foreign defence defense interior finance economy
    secretary secretary-general general major lieutenant lt lt. colonel col col. captain capt
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
    r"[A-Z][\w'’-]*|(?:al|el|ad|as|ash|abu|bin|ibn)-[A-Z][\w'’-]*|"
    r"(?:bin|ibn|abu|van|von|de|da|di|del|della|der|den|du|dos|das|ben)(?=\s[A-Z]))"
)
_NAME_TOKEN = NAME_TOKEN
_RUN = re.compile(r"(?<![\w'’-])" + _NAME_TOKEN + r"(?:[ \u00a0]" + _NAME_TOKEN + r")*")
_POSSESSIVE = re.compile(r"['’]s?$")
_APPOSITION = re.compile(
    r"^,\s+(?:the\s+|a\s+|an\s+|its\s+|his\s+|her\s+)?(?P<title>[^,.;:“”\"()]{3,140}?)(?=,|\s+(?:said|says|told|added)\b)"
)
_TITLE_BEFORE_WORD = re.compile(r"([\w'’.-]+)\s+$")
_STOP_BEFORE_TITLE = word_set(
    "the a an his her its their with and or said says told to of for by in on at from as"
)


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
    for word in words:
        bare = _POSSESSIVE.sub("", word).rstrip(".").lower()
        if bare in _NOT_NAME_WORDS or bare in TITLE_WORDS:
            return False
        if len(bare) > 1 and word.isupper() and not word.endswith("."):
            return False  # acronyms: ISIS, NATO, GECF
        if re.search(r"\w-[a-z]", word) and not re.match(r"(?:al|el|ad|as|ash|abu|bin|ibn)-", word):
            return False  # Arabic-language, Iranian-backed
    first, last = words[0], words[-1]
    if first.lower() in _PARTICLES or last.lower() in _PARTICLES:
        return False
    return not last.endswith(".")


def surname_key(name: str) -> str:
    """The normalised last word, without an Arabic article: al-Assad -> assad."""
    last = name.split()[-1]
    last = re.sub(r"^(?:al|el|ad|as|ash)-", "", last, flags=re.IGNORECASE)
    return normalize_name(last)


def split_title(words: Sequence[str]) -> tuple[list[str], list[str]]:
    """A capitalised run split into (title words, name words) at the last title word."""
    cut = 0
    for index, word in enumerate(words):
        bare = _POSSESSIVE.sub("", word).lower()
        if bare in TITLE_WORDS or bare in _NOT_NAME_WORDS or bare.rstrip(".") in TITLE_WORDS:
            cut = index + 1
    return list(words[:cut]), list(words[cut:])


def find_names(paragraphs: Sequence[str], offsets: Sequence[int]) -> list[NameMention]:
    """Full names (two words or more) of people, with body offsets and printed titles."""
    mentions: list[NameMention] = []
    for index, paragraph in enumerate(paragraphs):
        for run in _RUN.finditer(paragraph):
            mention = _mention_in_run(paragraph, run, index, offsets[index])
            if mention is not None:
                mentions.append(mention)
    return mentions


def _mention_in_run(
    paragraph: str, run: re.Match[str], index: int, offset: int
) -> NameMention | None:
    words = [(m.start() + run.start(), m.group(0)) for m in re.finditer(r"\S+", run.group(0))]
    # A possessive inside the run ends what comes before it: "Iran’s Foreign Minister X".
    for position in range(len(words) - 2, -1, -1):
        if _is_possessive(words[position][1]):
            words = words[position + 1 :]
            break
    if not words:
        return None
    title_words, name_words = split_title([word for _, word in words])
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
    return bool(re.search(r"\w(?:['’]s|s['’])$", word))


def _title_before(paragraph: str, run_start: int, title_words: Sequence[str]) -> str | None:
    """Title words in the run, extended left over lowercase title words and capitalised words."""
    words = list(title_words)
    position = run_start
    while not _sentence_starts_at(paragraph, position):
        match = _TITLE_BEFORE_WORD.search(paragraph[:position])
        if not match:
            break
        word = match.group(1)
        bare = _POSSESSIVE.sub("", word).lower()
        if bare in _STOP_BEFORE_TITLE or (word.endswith(".") and bare not in TITLE_WORDS):
            break
        if not (bare in TITLE_WORDS or word[:1].isupper()):
            break
        words.insert(0, word)
        position = match.start(1)
    while words and words[0].lower() in _STOP_BEFORE_TITLE:
        words.pop(0)
    if not any(_POSSESSIVE.sub("", word).lower().rstrip(".") in TITLE_WORDS for word in words):
        return None
    return " ".join(words) or None


def _sentence_starts_at(paragraph: str, position: int) -> bool:
    before = paragraph[:position].rstrip()
    return not before or before[-1] in '.!?:;"“”'


def _title_after(paragraph: str, name_end: int) -> str | None:
    match = _APPOSITION.match(paragraph[name_end:])
    if not match:
        return None
    title = match.group("title").strip()
    first_words = [_POSSESSIVE.sub("", word.lower()) for word in title.split()[:4]]
    if not any(word in TITLE_NOUNS or word in TITLE_WORDS for word in first_words):
        return None
    return title
