"""Who said each quote, by the cue patterns news writing uses, and the agency it came via.

Cues are tried nearest first: right after the closing mark (`"…," X said`, `"…," said X`,
`"…" he added`), right before the opening mark (`X said "…"`, `X told reporters: "…"`,
`in X's words, "…"`), later in the same sentence (`"…" against the jihadists, X said`,
`according to X`), the sentence's subject when its verb frames the quote (`X sent a message
praising his "admirable" win`), and, for a quote that opens its own sentence, a speech verb in
the sentence just before it (`X said there are two sides. "You have two sides …"`).

A name resolves to a person of the same article (a bare surname to the full name used before
it); "he"/"she" to the person most recently named as the subject of a sentence nearby, or the
last speaker; "the minister" to the one person whose printed title has that word. When no cue
is in reach, or the agent of the cue is not a person (the Kremlin, media, officials), the
quote stays unattributed. One or two quoted words, a few unattributed ones, or a quoted
Title In Capitals (the name of a work) are scare quotes, except a person's own word for
something (`X called it "a non-starter"`, `X characterised the deaths as "crushing"`).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain

from archive.importing.agencies import AgencyMention
from archive.importing.names import (
    NAME_TOKEN,
    NAME_TOKEN_START,
    TITLE_NOUNS,
    TITLE_WORDS,
    UPPER,
    NameMention,
    can_be_in_a_name,
    is_person_name,
    split_title,
    surname_key,
    word_set,
)
from archive.importing.quotes import QuoteSpan
from archive.importing.scan import (
    last_visible_char,
    only_chars_between,
    skip_space_back,
    skip_space_forward,
    word_ending_at,
)
from archive.normalize import normalize_name

SPEECH_VERBS = (
    r"said|says|say|added|adds|told|tells|stated|states|declared|announced|wrote|writes|"
    r"tweeted|posted|insisted|insists|noted|notes|explained|explains|argued|argues|warned|"
    r"warns|stressed|emphasi[sz]ed|asked|asks|replied|responded|answered|continued|concluded|"
    r"commented|remarked|recalled|recalls|acknowledged|admitted|conceded|claimed|claims|"
    r"complained|cautioned|predicted|suggested|urged|reported|quipped|joked|boasted|"
    r"confirmed|denied|vowed|pledged|promised|observed|pointed\s+out|went\s+on|agreed|"
    r"shouted|yelled|whispered|testified|recounted|mused|wondered|estimated|alleged|charged|"
    r"contended|maintained|countered|cried|exclaimed|thinks|believes|believed|thought|"
    r"was\s+quoted\s+as\s+saying|is\s+quoted\s+as\s+saying|quoted|tells|spoke|speaks|"
    r"replies|adding|saying|writing|telling|describing|calling|characteri[sz]ing|according\s+to"
)
FRAMING_VERBS = (
    r"called|calls|described|describes|praised|praises|hailed|hails|congratulat\w*|"
    r"sent\s+(?:out\s+)?a\s+(?:message|letter|statement|tweet|note)|urged|urges|welcomed|"
    r"welcomes|condemned|condemns|critici[sz]ed|criticises|dismissed|branded|label+ed|termed|"
    r"denounced|accused|blamed|vowed|pledged|expressed|voiced|lauded|promised|insisted|warned|"
    r"predicted|named|referred\s+to|spoke\s+of|speaks\s+of|talked\s+about|wrote|says|said|told|"
    r"characteri[sz]ed|characteri[sz]es|"
    r"added|announced|declared|stated|tweeted|posted"
)
_NOT_AGENTS = (
    r"(?!(?:When|In|The|But|And|As|After|Before|If|While|At|On|For|With|From|By|To|Of|Asked|"
    r"Speaking|It|This|That|There|They|We|I|You|He|She|His|Her|Its|Their|Our|A|An|Then|Now|"
    r"Later|Earlier|Meanwhile|However|Also|Some|Many|Most|Other|Others)\b)"
)
_PRONOUN = r"\b(?:he|she|He|She)\b"
_OBJECT_PRONOUN = r"\b(?:him|her)\b"
_LOWER_TITLE = (
    r"(?:" + "|".join(sorted((w for w in TITLE_WORDS if w.isalpha()), key=len, reverse=True)) + r")"
)
# A capitalised run, lowercase title words allowed inside ("Former CIA deputy director
# Michael Morell"); it always ends on a capitalised word.
_NAME = _NOT_AGENTS + NAME_TOKEN + r"(?:\s(?:" + _LOWER_TITLE + r"\s)*" + NAME_TOKEN + r"){0,7}"
# Lowercase words describing someone before the name, after the verb ("said board chairman
# Walt Brennan", "according to eyewitness Vinnie DeVita"); never a function word.
_FUNCTION = (
    r"(?:the|a|an|on|in|at|to|of|for|by|with|from|as|that|this|these|those|it|its|his|her|"
    r"their|our|and|or|but|if|when|while|after|before|during|since|until|about|there|here|"
    r"he|she|they|we|you|i|is|are|was|were|be|been|has|have|had|not|no|also|later|then|"
    r"today|yesterday|tonight|now|recently|earlier|again|once|last|next|this|every|each)"
)
_DESCRIBED_NAME = (
    r"(?:(?:the\s+)?(?:(?!"
    + _FUNCTION
    + r"\b)[a-z][\w'’-]*\s+){1,4})?"
    + _NAME
    + r"(?:\s+(?:of|for)\s+(?:the\s+)?"
    + NAME_TOKEN
    + r"(?:\s"
    + NAME_TOKEN
    + r"){0,6})?"
)
# Where someone works, between the name and the verb ("Jo Anne Val Tilburg of the University
# of California, Los Angeles disagreed").
_AFFILIATION = (
    r"(?:\s+(?:of|from|at)\s+(?:the\s+)?["
    + UPPER
    + r"][\w'’.&-]*(?:,?\s+(?:(?:of|for|and|the)\s+)*["
    + UPPER
    + r"][\w'’.&-]*){0,6})?"
)
_NOMINAL = (
    r"\b(?:the|a|an|one|another|his|her|its|The|A|An|One|Another|His|Her|Its)\s+"
    r"(?:[\w'’-]+\s+){0,4}?(?:" + "|".join(sorted(TITLE_NOUNS)) + r")s?\b"
    r"(?:\s+(?:of|for|at|with|in|to)\s+(?:the\s+)?["
    + UPPER
    + r"][\w'’-]*(?:\s+["
    + UPPER
    + r"][\w'’-]*){0,4})?"
)
_AGENT = (
    r"(?:(?P<pronoun>" + _PRONOUN + r")|(?P<name>" + _NAME + r")|(?P<nominal>" + _NOMINAL + r"))"
)
_DESCRIBED_AGENT = (
    r"(?:(?P<pronoun>"
    + _PRONOUN
    + r")|(?P<name>"
    + _DESCRIBED_NAME
    + r")|(?P<nominal>"
    + _NOMINAL
    + r"))"
)
_APPOSITION = r"(?P<apposition>,\s+[^,“”\"]{2,140},)?"
_AUXILIARY = (
    r"(?:(?:also|later|then|further|has|had|have|again|once|previously|earlier|repeatedly|"
    r"recently|would|will|had\s+earlier)\s+){0,2}"
)

_AFTER_AGENT_VERB = re.compile(
    r"^\s*(?:[,.!?—–-]\s*)?"
    + _AGENT
    + _AFFILIATION
    + _APPOSITION
    + r"\s+"
    + _AUXILIARY
    + r"(?P<verb>"
    + SPEECH_VERBS
    + r")\b"
)
_AFTER_VERB_AGENT = re.compile(
    r"^\s*(?:[,—–-]\s*)?(?P<verb>said|says|added|adds|told|asked|asks|wrote|writes|continued|"
    r"explained|noted|insisted|recalled|replied|declared|argued|warned|tweeted|stated|"
    r"concluded|answered|responded|recounted|observed|remarked|according\s+to)\s+"
    + _DESCRIBED_AGENT
    + r"(?=\s*(?:[,.;:!?)—–-]|$|\s(?:who|whose|in|on|at|during|after|before|when|as|to)\b))"
)
# Greedy lead: the agent nearest the quote wins.
_BEFORE = re.compile(
    r"^(?:.*[\s,;:(—–-])?"
    + _AGENT
    + _AFFILIATION
    + _APPOSITION
    + r"\s+"
    + _AUXILIARY
    + r"(?P<verb>"
    + SPEECH_VERBS
    + r")\b(?P<tail>(?:[^“”\"]|[“”\"]x+[.,!?…]?[“”\"]){0,200}?)\s*[,:—–-]?\s*$",
    re.DOTALL,
)
_BEFORE_EARLIEST = re.compile(_BEFORE.pattern.replace("^(?:.*[", "^(?:.*?[", 1), re.DOTALL)
# A passive cue: "he was told by Emergencies Minister X of \"…\"".
_BEFORE_PASSIVE = re.compile(
    r"\b(?P<verb>told|informed|warned|assured|reminded|briefed)\s+by\s+"
    + _DESCRIBED_AGENT
    + r"[^“”\"]{0,40}$"
)
_BEFORE_OBJECT_SAYING = re.compile(
    r"(?P<pronoun>" + _OBJECT_PRONOUN + r")\s+(?P<verb>saying)\s*[,:]?\s*$"
)
_IN_WORDS = re.compile(
    r"\bin\s+(?:(?P<pronoun>his|her|His|Her)|(?P<name>"
    + _NAME
    + r")['’]s?)\s+(?:own\s+)?(?P<verb>words)\b[^“”\"]{0,40}$"
)
_LATER_AGENT_VERB = re.compile(
    r"(?:^|[,;—–(]\s*|\s)"
    + _AGENT
    + _AFFILIATION
    + _APPOSITION
    + r"\s+"
    + _AUXILIARY
    + r"(?P<verb>"
    + SPEECH_VERBS
    + r")\b"
)
_LATER_VERB_AGENT = re.compile(
    r"[,;—–]\s*(?P<verb>said|says|added|told|wrote|according\s+to)\s+" + _DESCRIBED_AGENT
)
_ACCORDING_TO = re.compile(
    r"\b(?P<verb>[Aa]ccording\s+to)\s+(?:(?:a|an|the|his|her)\s+(?:[\w'’-]+\s+){0,5}?(?:by|from)\s+)?"
    + _DESCRIBED_AGENT
)
_SUBJECT = re.compile(
    r"^\s*(?:[^,“”\"]{0,60},\s*)?" + _AGENT + r"(?P<apposition>,\s+[^“”\"]{2,160}?,)?\s"
)
_SUBJECT_AT_START = re.compile(r"^\s*" + _AGENT + _AFFILIATION + r"\s")
_FRAMING = re.compile(r"\b(?:" + FRAMING_VERBS + r"|" + SPEECH_VERBS + r")\b")
# Framing verbs whose object is the speaker's own word for something ("called it \"…\"").
_NAMING_VERB = re.compile(r"called|calls|described|describes|characteri[sz]ed|termed|branded")
_NAMING_PARTICIPLE = re.compile(r"\b(?:a|an|the|so)[\s-]+[\w'’-]+\s+$|\bso-$")
_SPEECH = re.compile(r"\b(?:" + SPEECH_VERBS + r")\b")
_VERB_AFTER = re.compile(
    r"^(?:,\s+[^,“”\"]{2,140},)?\s+(?:(?:also|then|later|has|had|have|is|was|will|would)\s+)?"
    r"(?:" + SPEECH_VERBS + r"|" + FRAMING_VERBS + r"|[a-z]{3,}(?:ed|es|s))\b"
)

# The same, anchored by match(text, pos) instead of ^, to read a paragraph in place.
_VERB_AFTER_AT = re.compile(_VERB_AFTER.pattern.removeprefix("^"))
_WORD = re.compile(r"\S+")

_SENTENCE_END = re.compile(r"[.!?…][\"”’»)]*\s+(?=[" + UPPER + r"“\"‘(\d])")
_ABBREVIATIONS = word_set(
    """
    mr mrs ms dr gen lt col sen rep gov st jan feb mar apr jun jul aug sep sept oct nov dec
    jr sr prof no vs inc corp co ltd capt sgt maj adm rev gov u.s u.k u.n e.g i.e
    """
)
_PLACEHOLDER = "x"
SCARE_MAX_WORDS = 2
SHORT_UNATTRIBUTED_MAX_WORDS = 4
TITLE_LIKE_MAX_WORDS = 6
NEARBY_SENTENCES = 2
MAX_CUE_TAIL_WORDS = 25
CUE_WINDOW = 400
_DIALOGUE_END = re.compile(r"[.,!?…—–-]$")


@dataclass(frozen=True)
class Attribution:
    speaker: str | None
    cue: str | None
    via: str | None
    kind: str


@dataclass(frozen=True)
class _Found:
    speaker: str | None
    cue: str | None
    settled: bool  # a cue was found (even if its agent is not a person)
    near: bool = False  # the cue touches the quote marks


@dataclass(frozen=True)
class _Ref:
    """A person referred to at a body position: by full name, surname or titled noun."""

    position: int
    sentence: int
    name: str
    subject: bool


@dataclass
class _People:
    """Names known so far in the article, in order, and who they stand for."""

    mentions: Sequence[NameMention]
    canonical: dict[str, str] = field(default_factory=dict)
    _full_names: dict[tuple[str, ...], str] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        # "Kenneth Preston" and "Kenneth O. Preston" are one person, printed in full once.
        fullest: dict[str, str] = {}
        for mention in self.mentions:
            key = _without_initials(mention.name)
            if len(mention.name) > len(fullest.get(key, "")):
                fullest[key] = mention.name
        # "Di Modica" after "Arturo Di Modica": the surname of a person named in full.
        for key in list(fullest):
            longer = {name for other, name in fullest.items() if other.endswith(" " + key)}
            if len(longer) == 1:
                fullest[key] = longer.pop()
        for mention in self.mentions:
            self.canonical.setdefault(
                normalize_name(mention.name), fullest[_without_initials(mention.name)]
            )
        # Mentions come in text order. For each way a bare word can stand for someone
        # (surname, given name): word -> {person: start of their first such mention}, in
        # order of first mention; looking names up there keeps long articles linear.
        self._firsts = tuple(self._first_mentions(key) for key in _BARE_WORD_KEYS)

    def _first_mentions(self, key_of: Callable[[str], str]) -> dict[str, dict[str, int]]:
        firsts: dict[str, dict[str, int]] = {}
        for mention in self.mentions:
            people = firsts.setdefault(key_of(mention.name), {})
            people.setdefault(self.canonical[normalize_name(mention.name)], mention.start)
        return firsts

    def agent_name(self, agent: str, position: int) -> str | None:
        """The person a cue's agent names. The agent may carry titles and an affiliation
        ("study co-author Professor Carl Lipo of Binghamton University", "US Secretary of
        State Mike Pompeo"): the first capitalised run in it that stands for a person."""
        runs = _NAME_RUN.findall(agent)
        if len(runs) <= 1:
            return self.full_name(agent, position)
        for run in runs:
            name = self.full_name(run, position)
            if name is not None and (
                normalize_name(name) in self.canonical or len(name.split()) >= 2
            ):
                return name
        return None

    def full_name(self, name: str, position: int) -> str | None:
        """The article's person a printed name stands for, looking only at earlier mentions."""
        title_words, cleaned, is_full = _printed_name(name)
        if not cleaned:
            return None
        if len(cleaned) >= 2:
            if not is_full:
                return self._single(cleaned[-1], position, title_words)
            found = self._full_names.get(cleaned)
            if found is None:
                found = self._full_names[cleaned] = self._known_full_name(cleaned)
            return found
        known = self._single(cleaned[0], position, title_words)
        if known is None and _names_by_surname(title_words, cleaned[0]):
            # "President Trump" with no full name before it: news style names a well-known
            # person by title and surname alone, and the surname is all the article gives.
            return cleaned[0]
        return known

    def _known_full_name(self, cleaned: Sequence[str]) -> str:
        """The person a full printed name stands for: it depends on the name alone (the
        article's names are all known by now), so each is worked out once per article."""
        # "Germany Richard Grenell": the longest ending the article knows as a person.
        for start in range(len(cleaned) - 1):
            known = self.canonical.get(normalize_name(" ".join(cleaned[start:])))
            if known is not None:
                return known
        # "Di Modica": a surname of two words, for "Arturo Di Modica" named before.
        tail = " " + normalize_name(" ".join(cleaned))
        longer = {name for key, name in self.canonical.items() if key.endswith(tail)}
        if len(longer) == 1:
            return longer.pop()
        return " ".join(cleaned)

    def _single(self, word: str, position: int, title: Sequence[str] = ()) -> str | None:
        """A bare surname (or given name): the earlier full name it belongs to. Several
        people sharing it are told apart by the printed title; failing that, the first one
        introduced is meant (news style names others in full)."""
        key = _bare_key(word)
        for match_key, firsts in zip(_BARE_WORD_KEYS, self._firsts, strict=True):
            names = [name for name, start in firsts.get(key, {}).items() if start < position]
            if not names:
                continue
            if len(names) > 1 and title:
                matching = [
                    mention
                    for mention in self.mentions
                    if mention.start < position and match_key(mention.name) == key
                ]
                wanted = {normalize_name(word) for word in title}
                titled = [
                    name
                    for name in names
                    if any(
                        mention.title and wanted & set(normalize_name(mention.title).split())
                        for mention in matching
                        if self.canonical[normalize_name(mention.name)] == name
                    )
                ]
                if len(titled) == 1:
                    return titled[0]
            return names[0]
        return None

    def by_title(self, nominal: str, position: int) -> str | None:
        """ "the minister": the one person mentioned before with that word in their title.
        A compound role the description does not name ("Prime Minister" for "the minister")
        is another job; other words of the description ("the foreign minister") narrow it."""
        words = nominal.lower().split()
        head = next((word for word in reversed(words) if word.rstrip("s") in TITLE_NOUNS), None)
        if head is None:
            return None
        head = head if head in TITLE_NOUNS else head.rstrip("s")
        titled: dict[str, list[str]] = {}
        for mention in self.mentions:
            if mention.start >= position or not mention.title:
                continue
            title = _TITLE_WORD.findall(mention.title.lower())
            if head not in title:
                continue
            before_head = title[title.index(head) - 1] if title.index(head) > 0 else ""
            if before_head in _ROLE_CHANGING and before_head not in words:
                continue
            titled.setdefault(self.canonical[normalize_name(mention.name)], []).extend(title)
        described = set(words) - {head, "the", "a", "an", "his", "her", "its"}
        if not titled and head in _LEADER_WORDS and described:
            # "the South African leader" after "South African President Jacob Zuma": a leader
            # is whoever heads the country or body the description names, whatever the office.
            for mention in self.mentions:
                if mention.start >= position or not mention.title:
                    continue
                title = _TITLE_WORD.findall(mention.title.lower())
                if described <= set(title) and _LEADING_OFFICES & set(title):
                    titled.setdefault(self.canonical[normalize_name(mention.name)], title)
        if len(titled) > 1:
            narrowed = {name: t for name, t in titled.items() if described & set(t)}
            titled = narrowed or titled
        return next(iter(titled)) if len(titled) == 1 else None


_ROLE_CHANGING = word_set("prime vice deputy assistant under acting associate lieutenant")
# "the X leader" stands for X's president, prime minister, chancellor or monarch.
_LEADER_WORDS = word_set("leader")
_LEADING_OFFICES = word_set("president premier chancellor king queen emir leader")
# Titles that only ever stand before a person's name ("General" also opens General Motors).
_PERSONAL_TITLES = word_set(
    """
    president senator sen rep representative congressman congresswoman governor gov mayor
    chancellor minister secretary ambassador judge justice pope king queen prince princess
    ayatollah mr mrs ms dr prof professor
    """
)


def _names_by_surname(title_words: Sequence[str], word: str) -> bool:
    """Whether a title and one capitalised word ("President Trump") name a person."""
    return (
        bool(title_words)
        and normalize_name(title_words[-1]).strip() in _PERSONAL_TITLES
        and word[:1].isupper()
        and can_be_in_a_name(word)
    )


def surname_title(body: Sequence[str], surname: str) -> str | None:
    """The personal title printed before a one-word speaker ("President" in "President Trump"),
    so that a person the article names only by title and surname is filed with the title."""
    pattern = re.compile(r"\b([A-Z][\w.]*)\s+" + re.escape(surname) + r"\b")
    for paragraph in body:
        for match in pattern.finditer(paragraph):
            if normalize_name(match.group(1)).strip() in _PERSONAL_TITLES:
                return match.group(1)
    return None


# Patterns used name by name, compiled once.
_NAME_RUN = re.compile(NAME_TOKEN + r"(?:\s" + NAME_TOKEN + r")*")
_POSSESSIVE_S = re.compile(r"['’]s$")
_ARABIC_ARTICLE = re.compile(r"^(?:al|el|ad|as|ash)[ -]")
_TITLE_WORD = re.compile(r"[\w-]+")
_NAME_REF = re.compile(
    r"(?<![\w'’-])" + NAME_TOKEN_START + NAME_TOKEN + r"(?:\s" + NAME_TOKEN + r"){0,4}"
)
_NOMINAL_SUBJECT = re.compile(r"(?:^|(?<=[.!?]\s))(?P<nominal>" + _NOMINAL + r")")
# The same, tried only where it can start (see _nominal_subjects).
_NOMINAL_AT = re.compile(r"(?P<nominal>" + _NOMINAL + r")")
_AFTER_SENTENCE_MARK = re.compile(r"[.!?]\s")


@lru_cache(maxsize=1 << 16)
def _printed_name(name: str) -> tuple[tuple[str, ...], tuple[str, ...], bool]:
    """A printed name read apart: (title words, name words without a possessive 's, whether
    those read as a person's full name). It depends on the words alone, and the same words
    (sentence openings, an article's names) come back again and again: remembered."""
    words = [word for word in name.split() if word]
    if words and len(words[-1]) > 2:
        words[-1] = words[-1].rstrip(".")
    title_words, name_words = split_title(words)
    cleaned = tuple(_POSSESSIVE_S.sub("", word) for word in name_words)
    return tuple(title_words), cleaned, len(cleaned) >= 2 and is_person_name(cleaned)


@lru_cache(maxsize=1 << 16)
def _bare_key(word: str) -> str:
    """The key a bare surname or given name is looked up by (remembered, as above)."""
    return _ARABIC_ARTICLE.sub("", normalize_name(word))


class _Text:
    """The paragraphs with quoted words masked, and where their sentences begin."""

    def __init__(
        self, paragraphs: Sequence[str], offsets: Sequence[int], spans: Sequence[QuoteSpan]
    ) -> None:
        self.paragraphs = paragraphs
        self.offsets = offsets
        by_paragraph: dict[int, list[QuoteSpan]] = defaultdict(list)
        for span in spans:
            by_paragraph[span.paragraph].append(span)
        self.masked = [
            _mask(paragraph, by_paragraph[index]) for index, paragraph in enumerate(paragraphs)
        ]
        self.starts = [_sentence_starts(masked) for masked in self.masked]
        self.first_sentence: list[int] = []
        count = 0
        for starts in self.starts:
            self.first_sentence.append(count)
            count += len(starts)

    def bounds(self, paragraph: int, position: int) -> tuple[int, int]:
        """The sentence (start, end) around a position of a paragraph."""
        # Starts are ascending from 0: a binary search keeps long texts linear.
        starts = self.starts[paragraph]
        index = bisect_right(starts, position)
        return starts[index - 1], (
            starts[index] if index < len(starts) else len(self.masked[paragraph])
        )

    def sentence_index(self, paragraph: int, position: int) -> int:
        return self.first_sentence[paragraph] + bisect_right(self.starts[paragraph], position) - 1

    def previous_sentence(self, paragraph: int, position: int) -> tuple[int, str] | None:
        """The sentence before the one at position: (paragraph, masked text)."""
        start, _ = self.bounds(paragraph, position)
        if start > 0:
            previous_start, _ = self.bounds(paragraph, start - 1)
            return paragraph, self.masked[paragraph][previous_start:start]
        if paragraph == 0:
            return None
        masked = self.masked[paragraph - 1]
        previous_start, _ = self.bounds(paragraph - 1, max(len(masked) - 1, 0))
        return paragraph - 1, masked[previous_start:]


def attribute(
    paragraphs: Sequence[str],
    offsets: Sequence[int],
    spans: Sequence[QuoteSpan],
    names: Sequence[NameMention],
    agency_mentions: Sequence[Sequence[AgencyMention]],
) -> list[Attribution]:
    """One attribution per span, in the order of the spans."""
    people = _People(names)
    text = _Text(paragraphs, offsets, spans)
    refs = _references(text, people)
    results: list[Attribution] = []
    for span in spans:
        quoted = paragraphs[span.paragraph][span.start : span.end]
        position = offsets[span.paragraph] + span.open_mark
        sentence = text.sentence_index(span.paragraph, span.open_mark)
        recent = _pronoun_target(refs, position, sentence)
        found = _find_cue(text, span, people, position, recent)
        kind = _kind(quoted, span, text, found)
        if kind == "scare":
            results.append(Attribution(None, None, None, "scare"))
            continue
        via = _via(text, span, agency_mentions[span.paragraph])
        if found.speaker is not None:
            insort(refs, _Ref(position, sentence, found.speaker, subject=True), key=_position)
        results.append(Attribution(found.speaker, found.cue, via, kind))
    return _spread(spans, results, text)


def _references(text: _Text, people: _People) -> list[_Ref]:
    """Every reference to a known person: full names, later surnames, titled subjects."""
    refs: list[_Ref] = []
    for index, masked in enumerate(text.masked):
        offset = text.offsets[index]
        for match in _NAME_REF.finditer(masked):
            position = offset + match.start()
            name = people.full_name(match.group(0), position + 1)
            if name is None and len(match.group(0).split()) >= 2:
                name = people.canonical.get(normalize_name(match.group(0)))
            if name is None:
                continue
            refs.append(
                _Ref(
                    position,
                    text.sentence_index(index, match.start()),
                    name,
                    _is_subject(
                        masked, match.start(), match.end(), text.bounds(index, match.start())[0]
                    ),
                )
            )
        for match in _nominal_subjects(masked):
            sentence_start, _ = text.bounds(index, match.start())
            if skip_space_back(masked, match.start(), sentence_start) > sentence_start:
                continue
            name = people.by_title(match.group("nominal"), offset + match.start())
            if name is not None:
                refs.append(
                    _Ref(
                        offset + match.start(),
                        text.sentence_index(index, match.start()),
                        name,
                        subject=True,
                    )
                )
    refs.sort(key=lambda ref: ref.position)
    return refs


def _nominal_subjects(masked: str) -> Iterator[re.Match[str]]:
    """The matches _NOMINAL_SUBJECT.finditer finds, tried only at the text's start and right
    after a sentence mark and a space, instead of at every position."""
    end = 0
    for start in chain((0,), (mark.end() for mark in _AFTER_SENTENCE_MARK.finditer(masked))):
        if start < end:
            continue
        match = _NOMINAL_AT.match(masked, start)
        if match is not None:
            end = match.end()
            yield match


def _is_subject(masked: str, start: int, end: int, sentence_start: int) -> bool:
    # Read in place, without copying the paragraph's rest: long paragraphs stay linear.
    lead = (word.group(0) for word in _WORD.finditer(masked, sentence_start, start))
    at_start = all(word[:1].isupper() or word.lower() in TITLE_WORDS for word in lead)
    return at_start or bool(_VERB_AFTER_AT.match(masked, end))


def _position(ref: _Ref) -> int:
    return ref.position


def _pronoun_target(refs: Sequence[_Ref], position: int, sentence: int) -> str | None:
    """ "he"/"she": the nearest subject named in the last few sentences, else any nearby name,
    else the last speaker or subject named anywhere before.

    refs are in text order and sentence numbers grow with the position, so the nearby refs
    are the last ones before the position: read backwards from there.
    """
    before = bisect_left(refs, position, key=_position)
    nearest = sentence - NEARBY_SENTENCES
    index = before - 1
    while index >= 0 and refs[index].sentence >= nearest:
        if refs[index].subject:
            return refs[index].name
        index -= 1
    if index < before - 1:  # names nearby, none of them a subject
        return refs[before - 1].name
    while index >= 0:
        if refs[index].subject:
            return refs[index].name
        index -= 1
    return None


def _find_cue(
    text: _Text, span: QuoteSpan, people: _People, position: int, recent: str | None
) -> _Found:
    masked = text.masked[span.paragraph]
    sentence_start, sentence_end = text.bounds(span.paragraph, span.open_mark)
    # Cues sit close to their quote: a run-on "sentence" is only read near the marks.
    sentence_start = max(sentence_start, span.open_mark - CUE_WINDOW)
    if span.close_mark is not None:
        sentence_end = min(sentence_end, span.close_mark + 1 + CUE_WINDOW)
    after = masked[span.close_mark + 1 : sentence_end] if span.close_mark is not None else ""
    before = masked[sentence_start : span.open_mark]

    for pattern in (_AFTER_AGENT_VERB, _AFTER_VERB_AGENT):
        match = pattern.match(after)
        if match:
            return _resolve(match, people, position, recent, near=True)
    for pattern in (_IN_WORDS, _BEFORE_OBJECT_SAYING):
        match = pattern.search(before)
        if match:
            return _resolve(match, people, position, recent, near=True)
    match = _BEFORE.match(before)
    if match and len(match.group("tail").split()) <= MAX_CUE_TAIL_WORDS:
        found = _resolve(match, people, position, recent, near=True)
        if found.speaker is None and match.group("name"):
            # The nearest capitalised words were a place or a body ("Dr. Tristan Smith of
            # University College London, a researcher, explained"): try the earliest agent.
            earliest = _BEFORE_EARLIEST.match(before)
            if earliest and len(earliest.group("tail").split()) <= MAX_CUE_TAIL_WORDS:
                retried = _resolve(earliest, people, position, recent, near=True)
                if retried.speaker is not None:
                    return retried
        if found.settled:
            return found
    match = _BEFORE_PASSIVE.search(before)
    if match:
        found = _resolve(match, people, position, recent, near=True)
        if found.speaker is not None:
            return found
    # A cue further on belongs to the quote's own clause: after a semicolon another begins
    # ("an \"interesting\" case; Miller said …" is not Miller's).
    later = after.split(";", 1)[0]
    for pattern in (_LATER_AGENT_VERB, _LATER_VERB_AGENT, _ACCORDING_TO):
        match = pattern.search(later)
        if match:
            found = _resolve(match, people, position, recent)
            if found.settled:
                return found
    match = _ACCORDING_TO.search(before)
    if match:
        return _resolve(match, people, position, recent)
    subject = _SUBJECT.match(before)
    if subject:
        verb = _FRAMING.search(before[subject.end() - 1 :])
        if verb and _NAMING_PARTICIPLE.search(before[: subject.end() - 1 + verb.start()]):
            verb = None  # "a process called \"exfiltration\"": no one's words
        introduced = before.rstrip().endswith(":")
        if introduced and not verb:
            subject = _SUBJECT_AT_START.match(before) or subject
        if verb or introduced:
            # A colon after the subject's own clause introduces that person's words
            # ("X of the University of Y disagreed with these findings: \"…\"").
            found = _resolve(subject, people, position, recent)
            if found.settled and (verb or found.speaker):
                return _Found(found.speaker, verb.group(0) if verb else ":", True)
    if not before.strip(" ,:—–-"):
        return _previous_sentence_cue(text, span, people, position, recent)
    return _Found(None, None, False)


def _previous_sentence_cue(
    text: _Text, span: QuoteSpan, people: _People, position: int, recent: str | None
) -> _Found:
    """A quote opening its sentence, introduced by the sentence before ("X said …. "…"")."""
    previous = text.previous_sentence(span.paragraph, span.open_mark)
    if previous is None:
        return _Found(None, None, False)
    paragraph, sentence = previous
    if paragraph != span.paragraph and not sentence.rstrip().endswith(":"):
        return _Found(None, None, False)
    if _PLACEHOLDER * 3 in sentence:
        return _Found(None, None, False)  # the sentence before has its own quote
    for verb in _SPEECH.finditer(sentence):
        lead = sentence[: verb.start()]
        agent = re.search(r"(?:" + _AGENT + r")" + _APPOSITION + r"\s+" + _AUXILIARY + r"$", lead)
        if agent:
            found = _resolve(agent, people, position, recent)
            if found.speaker is not None:
                return _Found(found.speaker, verb.group(0), True)
    return _Found(None, None, False)


def _resolve(
    match: re.Match[str], people: _People, position: int, recent: str | None, *, near: bool = False
) -> _Found:
    groups = match.groupdict()
    verb = groups.get("verb")
    cue = _SPACES.sub(" ", verb) if verb else None
    if groups.get("pronoun"):
        return _Found(recent, cue, True, near)
    apposed = groups.get("apposition")
    if groups.get("name"):
        name = people.agent_name(_whole_run(match), position)
        if name is None and apposed:
            name = _apposed_person(apposed, people, position)
        return _Found(name, cue, True, near)
    if groups.get("nominal"):
        # "The Vice President, Mike Pence, said": the name in apposition is the speaker.
        name = _apposed_person(apposed, people, position) if apposed else None
        return _Found(name or people.by_title(groups["nominal"], position), cue, True, near)
    return _Found(None, cue, True, near)


_SPACES = re.compile(r"\s+")
_NOT_WORD_CHARS = re.compile(r"[^\w]")
_RUN_END = re.compile(r"(?:" + NAME_TOKEN + r"\s)*$")


def _whole_run(match: re.Match[str]) -> str:
    """The agent with the capitalised words just before it: a greedy lead may start the name
    mid-run ("Jonna Mendez" read as "Mendez")."""
    start = match.start("name")
    lead = _RUN_END.search(match.string[:start])
    return match.string[lead.start() if lead else start : match.end("name")]


def _apposed_person(apposition: str, people: _People, position: int) -> str | None:
    words = apposition.strip(" ,")
    if not re.fullmatch(NAME_TOKEN + r"(?:\s" + NAME_TOKEN + r"){1,5}", words):
        return None
    name = people.full_name(words, position)
    return name if name is not None and len(name.split()) >= 2 else None


def _without_initials(name: str) -> str:
    return " ".join(word for word in normalize_name(name).split() if len(word.rstrip(".")) > 1)


def _kind(quoted: str, span: QuoteSpan, text: _Text, found: _Found) -> str:
    masked = text.masked[span.paragraph]
    words = quoted.split()
    sentence_start, _ = text.bounds(span.paragraph, span.open_mark)
    opens_sentence = only_chars_between(masked, sentence_start, span.open_mark, " ,:—–-")
    after_colon = last_visible_char(masked, span.open_mark) == ":"
    if span.close_mark is None or span.continues_previous:
        return "direct"
    if _DIALOGUE_END.search(quoted) and (
        opens_sentence or (found.settled and (len(words) > 1 or found.near))
    ):
        return "direct"
    if _is_title(words) and not opens_sentence:
        return "scare"
    # "Schiff called it \"a non-starter\"": a person's own word for something is theirs.
    own_word = bool(found.speaker and found.cue and _NAMING_VERB.fullmatch(found.cue))
    if len(words) <= SCARE_MAX_WORDS and not (found.near and found.speaker) and not own_word:
        return "scare"
    if found.speaker is None and len(words) <= SHORT_UNATTRIBUTED_MAX_WORDS:
        return "scare"
    if opens_sentence or after_colon:
        return "direct"
    return "partial"


def _is_title(words: Sequence[str]) -> bool:
    """ "The Fearless Girl", "Charging Bull": a name in quote marks, not someone's speech."""
    letters = [_NOT_WORD_CHARS.sub("", word) for word in words]
    letters = [word for word in letters if word]
    if not letters or len(letters) > TITLE_LIKE_MAX_WORDS:
        return False
    small = {"of", "the", "a", "an", "and", "in", "on", "for", "to", "at", "by"}
    capitalised = [word for word in letters if word[0].isupper()]
    return len(capitalised) >= 2 and all(word[0].isupper() or word in small for word in letters)


def _mention_start(mention: AgencyMention) -> int:
    return mention.start


def _via(text: _Text, span: QuoteSpan, mentions: Sequence[AgencyMention]) -> str | None:
    """The agency cited in the quote's own sentence, outside the quoted words."""
    masked = text.masked[span.paragraph]
    sentence_start, sentence_end = text.bounds(span.paragraph, span.open_mark)
    close = span.close_mark if span.close_mark is not None else span.end
    sentence_end = max(sentence_end, close)
    # Mentions are in text order: start at the sentence rather than the paragraph's top.
    for mention in mentions[bisect_left(mentions, sentence_start, key=_mention_start) :]:
        if mention.start >= sentence_end:
            break
        if not mention.cited:
            continue
        if masked[mention.start : mention.end].strip(_PLACEHOLDER) == "":
            continue  # inside some quote
        return mention.agency.name
    return None


def _spread(
    spans: Sequence[QuoteSpan], results: list[Attribution], text: _Text
) -> list[Attribution]:
    """One speaker for a quote over several paragraphs, and for cue-less quotes sharing a
    sentence (or a paragraph with a single speaker) with an attributed one."""
    spread = list(results)
    chains: list[list[int]] = []
    for index, span in enumerate(spans):
        if span.continues_previous and chains:
            chains[-1].append(index)
        else:
            chains.append([index])
    for members in chains:
        source = next((spread[i] for i in members if spread[i].speaker), None)
        if source is None or len(members) < 2:
            continue
        for i in members:
            if spread[i].speaker is None and spread[i].kind != "scare":
                spread[i] = Attribution(source.speaker, None, spread[i].via, spread[i].kind)
    for index, span in enumerate(spans):
        # A paragraph that is one quote and nothing else, right after a paragraph whose last
        # quote has a speaker, goes on with that speaker's words (the news convention).
        current = spread[index]
        if current.speaker is not None or current.kind == "scare" or current.cue is not None:
            continue
        if index == 0 or not _whole_paragraph(text.paragraphs[span.paragraph], span):
            continue
        previous = spans[index - 1]
        if previous.paragraph == span.paragraph - 1 and spread[index - 1].speaker:
            spread[index] = Attribution(spread[index - 1].speaker, None, current.via, current.kind)
    sentences = [text.sentence_index(span.paragraph, span.open_mark) for span in spans]
    # Speakers per sentence and per paragraph, kept up to date as quotes gain a speaker.
    by_sentence: dict[int, set[str]] = defaultdict(set)
    by_paragraph: dict[int, set[str]] = defaultdict(set)
    for index, span in enumerate(spans):
        speaker = spread[index].speaker
        if speaker is not None:
            by_sentence[sentences[index]].add(speaker)
            by_paragraph[span.paragraph].add(speaker)
    for index, span in enumerate(spans):
        current = spread[index]
        if current.speaker is not None or current.kind == "scare" or current.cue is not None:
            continue
        same_sentence = by_sentence[sentences[index]]
        same_paragraph = by_paragraph[span.paragraph]
        if len(same_sentence) == 1:
            speaker = next(iter(same_sentence))
        elif current.kind == "direct" and len(same_paragraph) == 1:
            speaker = next(iter(same_paragraph))
        else:
            continue
        spread[index] = Attribution(speaker, None, current.via, current.kind)
        by_sentence[sentences[index]].add(speaker)
        by_paragraph[span.paragraph].add(speaker)
    return spread


def _whole_paragraph(paragraph: str, span: QuoteSpan) -> bool:
    close = span.close_mark if span.close_mark is not None else len(paragraph) - 1
    return skip_space_back(paragraph, span.open_mark) == 0 and skip_space_forward(
        paragraph, close + 1
    ) >= len(paragraph)


def _mask(paragraph: str, spans: Sequence[QuoteSpan]) -> str:
    """The paragraph with quoted words blanked out (a final . ! or ? kept for sentence ends)."""
    if not spans:
        return paragraph
    chars = list(paragraph)
    for span in spans:
        for position in range(span.start, span.end):
            chars[position] = _PLACEHOLDER
        last = paragraph[span.end - 1]
        if last in ".!?…" and span.close_mark is not None:
            chars[span.end - 1] = last
    return "".join(chars)


def _sentence_starts(masked: str) -> list[int]:
    starts = [0]
    for match in _SENTENCE_END.finditer(masked):
        token = word_ending_at(masked, match.start() + 1).lower().rstrip(".").lstrip("(\"“'‘")
        if token in _ABBREVIATIONS or (len(token) == 1 and "a" <= token <= "z"):
            continue
        starts.append(match.end())
    return starts


def _given_name_key(name: str) -> str:
    return normalize_name(name.split()[0])


# How a bare word can stand for a person named in full earlier: surname, then given name.
_BARE_WORD_KEYS: tuple[Callable[[str], str], ...] = (surname_key, _given_name_key)
