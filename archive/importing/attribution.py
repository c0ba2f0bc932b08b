"""Who said each quote, by the cue patterns news writing uses, and the agency it came via.

Cues, tried nearest first: right after the closing mark (`"…," X said`, `"…," said X`,
`"…" he added`), right before the opening mark (`X said "…"`, `X told reporters: "…"`),
later in the same sentence (`"…" against the jihadists, X said`, `according to X`), and
the sentence's subject when its verb frames the quote (`X sent a message praising his
"admirable" win`). A name resolves to a person of the same article (a bare surname to the
full name used before it); "he"/"she" to the person last named as a speaker or subject; "the
minister" to the one person whose printed title has that word. When no cue is in reach, or
the agent of the cue is not a person (the Kremlin, media, officials), the quote stays
unattributed. Words of one or two quoted words (or a few, unattributed) are scare quotes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from archive.importing.agencies import AgencyMention
from archive.importing.names import (
    TITLE_NOUNS,
    TITLE_WORDS,
    NameMention,
    is_person_name,
    split_title,
    surname_key,
    word_set,
)
from archive.importing.quotes import QuoteSpan
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
    r"was\s+quoted\s+as\s+saying|is\s+quoted\s+as\s+saying|quoted|wrote\s+in|tells|"
    r"told\s+reporters|said\s+in\s+a\s+statement|replies|adding|saying|writing|telling|"
    r"according\s+to"
)
FRAMING_VERBS = (
    r"called|calls|described|describes|praised|praises|hailed|hails|congratulat\w*|"
    r"sent\s+a\s+(?:message|letter|statement)|urged|urges|welcomed|welcomes|condemned|condemns|"
    r"critici[sz]ed|criticises|dismissed|branded|label+ed|termed|denounced|accused|blamed|"
    r"vowed|pledged|expressed|voiced|lauded|promised|insisted|warned|predicted|named|"
    r"referred\s+to|spoke\s+of|speaks\s+of|talked\s+about|wrote|says|said|told|added|"
    r"announced|declared|stated|tweeted|posted"
)
_PRONOUN = r"(?:he|she|He|She)"
_NAME = (
    r"(?:(?:[A-Z][\w'’-]*\.?|(?:al|el|ad|as|ash|abu|bin|ibn)-[A-Z][\w'’-]*)"
    r"(?:\s(?:[A-Z][\w'’-]*\.?|(?:al|el|ad|as|ash|abu|bin|ibn)-[A-Z][\w'’-]*|"
    r"(?:bin|ibn|abu|van|von|de|da|di|del|der|du|dos|das|ben)(?=\s[A-Z]))){0,6})"
)
_NOMINAL = (
    r"(?:(?:the|a|an|one|another|his|her|its)\s+(?:[\w'’-]+\s+){0,4}?"
    r"(?:" + "|".join(sorted(TITLE_NOUNS)) + r")s?"
    r"(?:\s+(?:of|for|at|with|in|to)\s+(?:the\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,4})?)"
)
_AGENT = (
    r"(?:(?P<pronoun>" + _PRONOUN + r")|(?P<name>" + _NAME + r")|(?P<nominal>" + _NOMINAL + r"))"
)
_APPOSITION = r"(?:,\s+[^,“”\"]{2,140},)?"
_AUXILIARY = (
    r"(?:(?:also|later|then|further|has|had|have|again|once|previously|earlier|"
    r"repeatedly|recently|would|will|had\s+earlier)\s+){0,2}"
)

_AFTER_AGENT_VERB = re.compile(
    r"^\s*(?:[,.!?—–-]\s*)?"
    + _AGENT
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
    r"concluded|answered|responded|recounted|observed|remarked|according\s+to)\s+" + _AGENT
)
_BEFORE = re.compile(
    _AGENT + _APPOSITION + r"\s+" + _AUXILIARY + r"(?P<verb>" + SPEECH_VERBS + r")\b"
    r"(?P<tail>[^“”\".!?]{0,100}?)\s*[,:—–-]?\s*$"
)
_LATER_AGENT_VERB = re.compile(
    r"(?:^|[,;—–(]\s*|\s)"
    + _AGENT
    + _APPOSITION
    + r"\s+"
    + _AUXILIARY
    + r"(?P<verb>"
    + SPEECH_VERBS
    + r")\b"
)
_LATER_VERB_AGENT = re.compile(
    r"[,;—–]\s*(?P<verb>said|says|added|told|wrote|according\s+to)\s+" + _AGENT
)
_ACCORDING_TO = re.compile(r"\b(?P<verb>according\s+to)\s+" + _AGENT)
_SUBJECT = re.compile(r"^\s*" + _AGENT + r"(?P<apposition>,\s+[^“”\"]{2,160}?,)?\s")
_FRAMING = re.compile(r"\b(?:" + FRAMING_VERBS + r"|" + SPEECH_VERBS + r")\b")

_SENTENCE_END = re.compile(r"[.!?…][\"”’»)]*\s+(?=[A-Z“\"‘(\d])")
_ABBREVIATIONS = word_set(
    """
    mr mrs ms dr gen lt col sen rep gov st jan feb mar apr jun jul aug sep sept oct nov dec
    jr sr prof no vs inc corp co ltd capt sgt maj adm rev gov u.s u.k u.n e.g i.e
    """
)
_PLACEHOLDER = "x"
SCARE_MAX_WORDS = 2
SHORT_UNATTRIBUTED_MAX_WORDS = 4
_DIALOGUE_END = re.compile(r"[.,!?…—–-]$")


@dataclass(frozen=True)
class Attribution:
    speaker: str | None
    cue: str | None
    via: str | None
    kind: str


@dataclass
class _Found:
    speaker: str | None
    cue: str | None
    settled: bool  # a cue was found (even if its agent is not a person)


@dataclass
class _People:
    """Names known so far in the article, in order, and who was last named."""

    mentions: Sequence[NameMention]
    canonical: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for mention in self.mentions:
            self.canonical.setdefault(normalize_name(mention.name), mention.name)

    def full_name(self, name: str, position: int) -> str | None:
        """The article's person a printed name stands for, looking only at earlier mentions."""
        words = name.split()
        _, name_words = split_title(words)
        if not name_words:
            return None
        cleaned = " ".join(re.sub(r"['’]s$", "", word) for word in name_words)
        if len(name_words) >= 2:
            if not is_person_name(cleaned.split()):
                return None
            return self.canonical.get(normalize_name(cleaned), cleaned)
        key = normalize_name(cleaned)
        key = re.sub(r"^(?:al|el|ad|as|ash)[ -]", "", key)
        for mention in reversed(self.mentions):
            if mention.start >= position:
                continue
            if surname_key(mention.name) == key:
                return self.canonical[normalize_name(mention.name)]
        for mention in reversed(self.mentions):
            if mention.start < position and normalize_name(mention.name.split()[0]) == key:
                return self.canonical[normalize_name(mention.name)]
        return None

    def by_title(self, nominal: str, position: int) -> str | None:
        """ "the minister": the one person mentioned before with that word in their title."""
        head = next(
            (word for word in reversed(nominal.lower().split()) if word.rstrip("s") in TITLE_NOUNS),
            None,
        )
        if head is None:
            return None
        head = head.rstrip("s") if head not in TITLE_NOUNS else head
        found = {
            self.canonical[normalize_name(mention.name)]
            for mention in self.mentions
            if mention.start < position and mention.title and head in mention.title.lower()
        }
        return found.pop() if len(found) == 1 else None


def attribute(
    paragraphs: Sequence[str],
    offsets: Sequence[int],
    spans: Sequence[QuoteSpan],
    names: Sequence[NameMention],
    agency_mentions: Sequence[Sequence[AgencyMention]],
) -> list[Attribution]:
    """One attribution per span, in the order of the spans."""
    people = _People(names)
    masked = [
        _mask(paragraph, [s for s in spans if s.paragraph == i])
        for i, paragraph in enumerate(paragraphs)
    ]
    subjects = _sentence_subjects(offsets, masked, people)
    results: list[Attribution] = []
    last_speaker: tuple[int, str] | None = None
    for span in spans:
        paragraph = paragraphs[span.paragraph]
        text = paragraph[span.start : span.end]
        position = offsets[span.paragraph] + span.open_mark
        recent = _most_recent(last_speaker, subjects, position)
        found = _find_cue(masked[span.paragraph], span, people, position, recent)
        kind = _kind(text, span, masked[span.paragraph], found)
        if kind == "scare":
            results.append(Attribution(None, None, None, "scare"))
            continue
        via = _via(masked[span.paragraph], span, agency_mentions[span.paragraph])
        if found.speaker is not None:
            last_speaker = (position, found.speaker)
        results.append(Attribution(found.speaker, found.cue, via, kind))
    return _spread(spans, results)


def _most_recent(
    last_speaker: tuple[int, str] | None, subjects: Sequence[tuple[int, str]], position: int
) -> str | None:
    candidates = [subject for subject in subjects if subject[0] < position]
    if last_speaker is not None:
        candidates.append(last_speaker)
    if not candidates:
        return None
    return max(candidates, key=lambda candidate: candidate[0])[1]


def _find_cue(
    masked: str, span: QuoteSpan, people: _People, position: int, recent: str | None
) -> _Found:
    sentence_start, sentence_end = _sentence_bounds(masked, span)
    close = span.close_mark if span.close_mark is not None else len(masked)
    after = masked[close + 1 : sentence_end] if span.close_mark is not None else ""
    before = masked[sentence_start : span.open_mark]

    for pattern, text in (
        (_AFTER_AGENT_VERB, after),
        (_AFTER_VERB_AGENT, after),
    ):
        match = pattern.match(text)
        if match:
            return _resolve(match, people, position, recent)
    match = _BEFORE.search(before)
    if match and len(match.group("tail").split()) <= 12:
        return _resolve(match, people, position, recent)
    for pattern in (_LATER_AGENT_VERB, _LATER_VERB_AGENT, _ACCORDING_TO):
        match = pattern.search(after)
        if match:
            return _resolve(match, people, position, recent)
    match = _ACCORDING_TO.search(before)
    if match:
        return _resolve(match, people, position, recent)
    subject = _SUBJECT.match(before)
    if subject and _FRAMING.search(before[subject.end() - 1 :]):
        found = _resolve(subject, people, position, recent)
        verb = _FRAMING.search(before[subject.end() - 1 :])
        return _Found(found.speaker, verb.group(0) if verb else None, found.settled)
    return _Found(None, None, False)


def _resolve(match: re.Match[str], people: _People, position: int, recent: str | None) -> _Found:
    verb = match.groupdict().get("verb")
    cue = re.sub(r"\s+", " ", verb) if verb else None
    if match.group("pronoun"):
        return _Found(recent, cue, True)
    if match.group("name"):
        return _Found(people.full_name(match.group("name"), position), cue, True)
    if match.group("nominal"):
        return _Found(people.by_title(match.group("nominal"), position), cue, True)
    return _Found(None, cue, True)


def _kind(text: str, span: QuoteSpan, masked: str, found: _Found) -> str:
    words = len(text.split())
    sentence_start, _ = _sentence_bounds(masked, span)
    opens_sentence = not masked[sentence_start : span.open_mark].strip(" ,:—–-")
    after_colon = masked[: span.open_mark].rstrip().endswith(":")
    if span.close_mark is None or span.continues_previous:
        return "direct"
    if _DIALOGUE_END.search(text) and (found.settled or opens_sentence):
        return "direct"
    if words <= SCARE_MAX_WORDS:
        return "scare"
    if found.speaker is None and words <= SHORT_UNATTRIBUTED_MAX_WORDS:
        return "scare"
    if opens_sentence or after_colon:
        return "direct"
    return "partial"


def _via(masked: str, span: QuoteSpan, mentions: Sequence[AgencyMention]) -> str | None:
    """The agency cited in the quote's own sentence, outside the quoted words."""
    sentence_start, sentence_end = _sentence_bounds(masked, span)
    for mention in mentions:
        if not mention.cited or not sentence_start <= mention.start < sentence_end:
            continue
        if masked[mention.start : mention.end].strip(_PLACEHOLDER) == "":
            continue  # inside some quote
        return mention.agency.name
    return None


def _spread(spans: Sequence[QuoteSpan], results: list[Attribution]) -> list[Attribution]:
    """A quote over several paragraphs has one speaker; so do cue-less quotes beside a cued one."""
    spread = list(results)
    chain: list[int] = []
    chains: list[list[int]] = []
    for index, span in enumerate(spans):
        if span.continues_previous and chain:
            chain.append(index)
        else:
            if len(chain) > 1:
                chains.append(chain)
            chain = [index]
    if len(chain) > 1:
        chains.append(chain)
    for members in chains:
        speaker = next((spread[i] for i in members if spread[i].speaker), None)
        if speaker is None:
            continue
        for i in members:
            if spread[i].speaker is None and spread[i].kind != "scare":
                spread[i] = Attribution(speaker.speaker, None, spread[i].via, spread[i].kind)
    for index, span in enumerate(spans):
        current = spread[index]
        if current.speaker is not None or current.kind != "direct" or current.cue is not None:
            continue
        neighbours = {
            spread[other].speaker
            for other, other_span in enumerate(spans)
            if other_span.paragraph == span.paragraph and spread[other].speaker is not None
        }
        if len(neighbours) == 1:
            spread[index] = Attribution(neighbours.pop(), None, current.via, current.kind)
    return spread


def _mask(paragraph: str, spans: Sequence[QuoteSpan]) -> str:
    """The paragraph with quoted words blanked out (a final . ! or ? kept for sentence ends)."""
    chars = list(paragraph)
    for span in spans:
        for position in range(span.start, span.end):
            chars[position] = _PLACEHOLDER
        last = paragraph[span.end - 1]
        if last in ".!?…" and span.close_mark is not None:
            chars[span.end - 1] = last
    return "".join(chars)


def _sentence_bounds(masked: str, span: QuoteSpan) -> tuple[int, int]:
    ends = [0]
    for match in _SENTENCE_END.finditer(masked):
        word = re.search(r"(\S+)$", masked[: match.start() + 1])
        token = word.group(1).lower().rstrip(".") if word else ""
        if token in _ABBREVIATIONS or re.fullmatch(r"[a-z]", token):
            continue
        ends.append(match.end())
    start = max((end for end in ends if end <= span.open_mark), default=0)
    close = span.close_mark if span.close_mark is not None else span.end
    following = [end for end in ends if end > close]
    return start, (min(following) if following else len(masked))


def _sentence_subjects(
    offsets: Sequence[int], masked: Sequence[str], people: _People
) -> list[tuple[int, str]]:
    """People named at the start of a sentence (perhaps after their title), by position."""
    subjects: list[tuple[int, str]] = []
    for mention in people.mentions:
        before = masked[mention.paragraph][: mention.start - offsets[mention.paragraph]]
        lead = re.split(r"[.!?:;”\"]\s", before)[-1].split()
        if all(word[:1].isupper() or word.lower() in TITLE_WORDS for word in lead):
            subjects.append((mention.start, people.canonical[normalize_name(mention.name)]))
    return subjects
