"""Quotes and who said them: each cue pattern, pronouns, surnames, titles, odd quote marks."""

from __future__ import annotations

import pytest

from archive.importing.draft import ArticleDraft, QuoteDraft
from archive.importing.quotes import find_quotes
from archive.importing.text import parse_text

LEAD = "Officials met in Geneva on Monday to discuss the plan for the coming year.\n\n"


def quotes_of(text: str) -> list[QuoteDraft]:
    draft = parse_text(text)
    assert_offsets(draft)
    return list(draft.quotes)


def assert_offsets(draft: ArticleDraft) -> None:
    for quote in draft.quotes:
        assert draft.body[quote.start : quote.end] == quote.text
        assert quote.text in draft.paragraphs[quote.paragraph]


def only(text: str) -> QuoteDraft:
    [quote] = quotes_of(text)
    return quote


@pytest.mark.parametrize(
    ("paragraph", "cue"),
    [
        ('"We will not give up on the talks," Maria Lopez said on Monday.', "said"),
        ('"We will not give up on the talks," said Maria Lopez, the chief negotiator.', "said"),
        ('Maria Lopez said: "We will not give up on the talks."', "said"),
        ('Maria Lopez said on Monday that "we will not give up on the talks."', "said"),
        ('"We will not give up on the talks," Maria Lopez told reporters in Geneva.', "told"),
        ("“We will not give up on the talks,” Maria Lopez added.", "added"),
        (
            'The talks will resume "as soon as both sides are ready to compromise," according'
            " to Maria Lopez, the chief negotiator.",
            "according to",
        ),
    ],
)
def test_each_cue_pattern_names_the_speaker(paragraph: str, cue: str) -> None:
    quote = only(LEAD + paragraph + "\n")
    assert quote.speaker == "Maria Lopez"
    assert quote.cue == cue


def test_he_added_resolves_to_the_last_named_speaker() -> None:
    text = (
        "Interior Minister Karl Berger met the mayors on Tuesday.\n\n"
        '"The roads will reopen within a week," Berger said.\n\n'
        '"Nobody will be left behind," he added.\n'
    )
    first, second = quotes_of(text)
    assert (first.speaker, second.speaker) == ("Karl Berger", "Karl Berger")
    assert second.cue == "added"


def test_she_said_follows_the_person_named_just_before() -> None:
    text = (
        "Interior Minister Karl Berger met the mayors on Tuesday, and Health Minister Anna"
        " Holm joined them.\n\n"
        '"The roads will reopen within a week," Berger said.\n\n'
        'Holm visited the hospital later. "Every bed is taken tonight," she said.\n'
    )
    first, second = quotes_of(text)
    assert first.speaker == "Karl Berger"
    assert second.speaker == "Anna Holm"


def test_a_surname_alone_means_the_full_name_used_earlier() -> None:
    text = (
        "Anna Holm, the health minister of the region, visited the hospital on Tuesday.\n\n"
        '"Every bed is taken tonight," Holm said.\n'
    )
    assert only(text).speaker == "Anna Holm"


def test_a_shared_surname_goes_to_the_one_whose_title_is_printed() -> None:
    text = (
        "President Donald Trump spoke on Friday, and his daughter Ivanka Trump, an adviser,"
        " stood beside him at the podium.\n\n"
        '"We are going to win," President Trump said.\n'
    )
    assert only(text).speaker == "Donald Trump"


def test_a_title_and_a_surname_name_someone_the_article_never_names_in_full() -> None:
    text = (
        LEAD + 'President Trump said the country was "willing to go either way" in the talks.'
        ' He said on Tuesday "hopefully it is going to be the proper way."\n'
    )
    draft = parse_text(text)
    assert [(q.text, q.speaker) for q in draft.quotes] == [
        ("willing to go either way", "Trump"),
        ("hopefully it is going to be the proper way.", "Trump"),
    ]
    assert [(p.name, p.title, p.role) for p in draft.people] == [("Trump", "President", "quoted")]


def test_a_quote_whose_opening_mark_the_source_left_out() -> None:
    text = (
        LEAD + 'We are an Army at war for a nation that is at war," said Sgt. Maj. Kenneth'
        " Preston during his visit.\n"
    )
    draft = parse_text(text)
    assert [(q.text, q.speaker) for q in draft.quotes] == [
        ("We are an Army at war for a nation that is at war,", "Kenneth Preston")
    ]
    quote = draft.quotes[0]
    assert draft.body[quote.start : quote.end] == quote.text


@pytest.mark.parametrize(
    "paragraph",
    [
        'The word was "enough," he wrote, and that was all.',  # the marks pair as usual
        'Two-inch" pipes were laid along the road.',  # an inch mark, no speech cue after it
        'Enough," said Smith.',  # two words: too little to take as a quote without its mark
    ],
)
def test_a_closing_mark_alone_is_no_quote_without_words_and_a_cue(paragraph: str) -> None:
    draft = parse_text(LEAD + paragraph + "\n")
    assert [q.text for q in draft.quotes] == (["enough,"] if "word was" in paragraph else [])


def test_a_cue_after_a_semicolon_belongs_to_the_next_clause() -> None:
    text = (
        "Dr. Tristan Smith of University College London followed the search for the ship.\n\n"
        'Smith called the disappearance an "interesting" case; Ann Miller said "It is a little'
        ' hard to say what is going on".\n'
    )
    draft = parse_text(text)
    assert [(q.text, q.speaker) for q in draft.quotes] == [
        ("interesting", "Tristan Smith"),
        ("It is a little hard to say what is going on", "Ann Miller"),
    ]


ZUMA = (
    "South African President Jacob Zuma said in a statement that he spoke to President Robert"
    " Mugabe early Wednesday, and Zimbabwe's army chief Constantino Chiwenga stayed silent."
)


def test_the_countrys_leader_is_the_one_whose_office_heads_that_country() -> None:
    text = (
        ZUMA + ' The South African leader added that his country "is in contact with the army."\n'
    )
    assert only(text).speaker == "Jacob Zuma"


@pytest.mark.parametrize("nominal", ["The French leader", "The leader", "The army leader"])
def test_a_leader_of_somewhere_nobody_heads_is_nobody(nominal: str) -> None:
    text = ZUMA + f' {nominal} added that his country "is in contact with the army."\n'
    assert only(text).speaker is None


@pytest.mark.parametrize(
    "agent", ["General Motors", "the Justice Department", "Secretary General", "Senate Democrats"]
)
def test_a_title_word_before_a_word_that_is_no_name_is_nobody(agent: str) -> None:
    text = LEAD + f'"We will keep every plant open this year," {agent} said.\n'
    draft = parse_text(text)
    assert only(text).speaker is None and draft.people == ()


@pytest.mark.parametrize(
    ("lead", "title"),
    [
        (
            "Regional health minister Anna Holm visited the hospital on Tuesday.",
            "Regional health minister",
        ),
        (
            "Anna Holm, the health minister of the region, visited the hospital on Tuesday.",
            "health minister of the region",
        ),
        ("Health Minister Anna Holm visited the hospital on Tuesday.", "Health Minister"),
    ],
)
def test_titles_before_or_after_the_name(lead: str, title: str) -> None:
    draft = parse_text(lead + '\n\n"Every bed is taken tonight," Holm said.\n')
    [person] = draft.people
    assert (person.name, person.title, person.role) == ("Anna Holm", title, "quoted")


def test_no_speaker_in_reach_stays_unattributed() -> None:
    text = (
        "Karl Berger met the mayors on Tuesday.\n\n"
        "The storm reached the coast that night and cut power to thousands of homes.\n\n"
        '"Stay indoors and keep away from the windows until morning."\n\n'
        "Schools will stay closed on Wednesday.\n"
    )
    quote = only(text)
    assert quote.speaker is None
    assert quote.kind == "direct"


def test_a_cue_whose_agent_is_not_a_person_is_not_attributed() -> None:
    text = (
        "Karl Berger met the mayors on Tuesday.\n\n"
        '"Stay indoors and keep away from the windows until morning," the Kremlin said.\n'
    )
    assert only(text).speaker is None


def test_a_quote_over_several_paragraphs_has_one_speaker() -> None:
    text = (
        "Karl Berger spoke to the council on Tuesday about the new tram line.\n\n"
        '"We have spent three years on this plan and it is finally ready.\n\n'
        '"Now the work begins, and it will not be easy," Berger said.\n'
    )
    first, second = quotes_of(text)
    assert first.text == "We have spent three years on this plan and it is finally ready."
    assert first.paragraph == 1 and second.paragraph == 2
    assert first.speaker == second.speaker == "Karl Berger"
    assert first.kind == second.kind == "direct"


def test_an_unclosed_mark_does_not_swallow_the_rest_of_the_paragraph() -> None:
    text = (
        'Karl Berger said the plan was "ready and funded, and the council voted on Tuesday.'
        ' The vote was close. Later he said it was "the best plan we ever had" for the city.\n\n'
        "The council meets again next month to discuss the budget.\n"
    )
    [quote] = quotes_of(text)
    assert quote.text == "the best plan we ever had"


def test_a_stray_closing_mark_is_ignored() -> None:
    text = (
        "Iran sends “military advisers” and volunteers” to fight alongside the Syrian army,"
        " the officials said on Monday.\n"
    )
    [quote] = quotes_of(text)
    assert quote.text == "military advisers"
    assert (quote.kind, quote.speaker) == ("scare", None)


@pytest.mark.parametrize(
    ("opening", "closing"),
    [('"', '"'), ("“", "”"), ("«", "»"), ("„", "“")],
)
def test_quote_mark_styles(opening: str, closing: str) -> None:
    text = (
        "Karl Berger spoke to the council on Tuesday.\n\n"
        f"{opening}We have spent three years on this plan,{closing} Berger said.\n"
    )
    quote = only(text)
    assert quote.text == "We have spent three years on this plan,"
    assert quote.speaker == "Karl Berger"


def test_single_quotes_when_a_text_uses_no_double_ones() -> None:
    text = (
        "Karl Berger spoke to the council on Tuesday.\n\n"
        "'We have spent three years on this plan,' Berger said. 'Now we build what Berger's"
        " team designed.'\n"
    )
    first, second = quotes_of(text)
    assert first.text == "We have spent three years on this plan,"
    assert second.text == "Now we build what Berger's team designed."
    assert first.speaker == second.speaker == "Karl Berger"


def test_partial_and_scare_quotes() -> None:
    text = (
        "Karl Berger said on Tuesday that the council had backed"
        ' "a plan that will change the city for a generation" after a long debate.\n\n'
        'The so-called "peace dividend" never arrived, and the "temporary" shelters are'
        " still standing.\n"
    )
    partial, scare, temporary = quotes_of(text)
    assert (partial.kind, partial.speaker) == ("partial", "Karl Berger")
    assert (scare.kind, scare.speaker) == ("scare", None)
    assert (temporary.kind, temporary.speaker) == ("scare", None)


@pytest.mark.parametrize(
    ("sentence", "words"),
    [
        ('Karl Berger called the plan "a disaster" on Tuesday.', "a disaster"),
        ('Karl Berger also characterised the losses as "crushing".', "crushing"),
        ('Karl Berger described the flood and the "insane" heat that followed.', "insane"),
    ],
)
def test_a_persons_own_word_for_something_is_theirs(sentence: str, words: str) -> None:
    text = "Karl Berger, the mayor, toured the city on Monday.\n\n" + sentence + "\n"
    quote = only(text)
    assert (quote.text, quote.speaker, quote.kind) == (words, "Karl Berger", "partial")


def test_a_quoted_title_is_not_anyones_speech() -> None:
    text = (
        "Anne Smith works for the investment group.\n\n"
        "She told reporters that “The Fearless Girl” is meant to bring attention to women in"
        " finance.\n"
    )
    quote = only(text)
    assert (quote.kind, quote.speaker) == ("scare", None)


def test_the_agency_a_quote_came_via() -> None:
    text = (
        "Foreign ministry spokesman Hossein Jaber Ansari spoke on Monday.\n\n"
        "“Iran’s support continues for the fight against terrorism,” Ansari told Iran's"
        " Arabic-language Al-Alam television.\n\n"
        "Ansari said the support would last “as long as it is needed”, according to the"
        " official news agency IRNA.\n"
    )
    first, second = quotes_of(text)
    assert first.via == "Al-Alam"
    assert second.via == "Islamic Republic News Agency"


def test_spans_in_a_paragraph_list() -> None:
    spans = find_quotes(['He said "one" and "two".', 'She said "three'])
    assert [(span.paragraph, span.start, span.end) for span in spans] == [(0, 9, 12), (0, 19, 22)]


def test_said_then_a_long_lowercase_title_then_the_name() -> None:
    quote = only(LEAD + "“We will not sell the land,” said board chairman Walt Brennan.")
    assert (quote.speaker, quote.cue) == ("Walt Brennan", "said")
    quote = only(
        LEAD + '"It changes how we read the site," said study co-author Professor Carl Lipo'
        " of Binghamton University."
    )
    assert quote.speaker == "Carl Lipo"
    quote = only(LEAD + '"It exploded," according to eyewitness Vinnie DeVita.')
    assert quote.speaker == "Vinnie DeVita"


def test_a_capitalised_title_at_a_sentence_start_is_no_part_of_the_name() -> None:
    draft = parse_text(
        LEAD + 'Treasurer Linda Ochoa said the books were balanced. "Every cent is accounted'
        ' for," Ochoa said. The treasurer will report again in June.'
    )
    assert [person.name for person in draft.people] == ["Linda Ochoa"]
    assert draft.people[0].title == "Treasurer"
    assert [quote.speaker for quote in draft.quotes] == ["Linda Ochoa"]


def test_a_quote_over_two_paragraphs_opened_mid_paragraph_keeps_its_speaker() -> None:
    quotes = quotes_of(
        LEAD + 'Inspector Maria Lopez said the man was hurt badly and added: "We need the help'
        " of everyone who saw the attack.\n\n"
        '"Again I urge these people to speak to us."\n\n'
        "The inquiry goes on."
    )
    assert [quote.speaker for quote in quotes] == ["Maria Lopez", "Maria Lopez"]


def test_a_whole_paragraph_quote_after_an_attributed_one_goes_on_with_its_speaker() -> None:
    quotes = quotes_of(
        LEAD + '"The ceremony marks three years of work," said Capt. Frank Cattani, commander,'
        " Submarine Squadron 8.\n\n"
        '"Submarining is a complex business, and plans rarely go smoothly."\n\n'
        'Officials later said the crew had "done well."'
    )
    assert [quote.speaker for quote in quotes] == ["Frank Cattani", "Frank Cattani", None]


def test_a_journal_is_not_a_person() -> None:
    draft = parse_text(
        LEAD + "The study, published in Science Advances on Wednesday, was led by Maria Lopez."
        ' "The result surprised us," Lopez said.'
    )
    assert [person.name for person in draft.people] == ["Maria Lopez"]


def test_a_role_noun_after_the_name_means_the_one_person_with_that_title() -> None:
    quotes = quotes_of(
        LEAD + "Foreign Minister Ali Khan met Prime Minister Sara Lind on Tuesday.\n\n"
        '"The talks went well," the minister said.'
    )
    assert [quote.speaker for quote in quotes] == ["Ali Khan"]


def test_a_title_then_the_name_in_apposition() -> None:
    quote = only(
        LEAD + 'The Vice President, Mike Pence, said the country is "in the midst of'
        ' a crisis on our southern border."'
    )
    assert quote.speaker == "Mike Pence"


def test_names_in_any_latin_script_and_with_a_middle_initial() -> None:
    quotes = quotes_of(
        LEAD + 'Health Minister Łukasz Szumowski said "We could not win," on Monday.\n\n'
        "Sergeant Major of the Army Kenneth O. Preston visited the base. Kenneth Preston"
        ' told soldiers: "Morale is high."'
    )
    assert [quote.speaker for quote in quotes] == ["Łukasz Szumowski", "Kenneth O. Preston"]


def test_the_earliest_agent_when_the_nearest_capitalised_words_are_a_place() -> None:
    quote = only(
        LEAD + "Dr. Tristan Smith of University College London, a shipping researcher,"
        ' explained that crews might switch transponders off "where piracy is a risk."'
    )
    assert quote.speaker == "Tristan Smith"


def test_a_colon_after_the_speakers_own_clause() -> None:
    quote = only(
        LEAD + "Jo Anne Val Tilburg of the University of California, Los Angeles disagreed"
        ' with these findings: "Such seeps are minor resources."'
    )
    assert quote.speaker == "Jo Anne Val Tilburg"


def test_a_term_named_by_a_participle_is_nobodys_quote() -> None:
    quotes = quotes_of(
        LEAD + 'Tony Mendez said he was "an artist first." He removed people from danger, a'
        ' process called "exfiltration."'
    )
    assert [quote.speaker for quote in quotes] == ["Tony Mendez", None]
