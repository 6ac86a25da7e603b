"""One test per card-quality rule (docs/card-rubric.md): each fails if its rule is removed."""

from __future__ import annotations

from pathlib import Path

import pytest

from notedeck.derive.cards import answer_of, derive_cards, factor_question
from notedeck.derive.cardtext import strip_lead, table_rows, to_plain, windows
from notedeck.derive.cloze import clozes, leaks
from notedeck.derive.definitions import definition_of
from notedeck.derive.hideable import PageNames, find_hideables
from notedeck.model import Card, CardKind
from notedeck.notebook import bundled_example, load_notebook
from tests.helpers import markup_in, seed_files, write_notes

BLANK = "[...]"


def _cards(tmp_path: Path, text: str) -> tuple[Card, ...]:
    return derive_cards(load_notebook(write_notes(tmp_path, {"page.md": text})))


def _terms(text: str) -> set[str]:
    """The named terms a line would hide."""
    return {h.text for h in find_hideables(text, years=None) if h.kind is CardKind.TERM_CLOZE}


def _fronts(tmp_path: Path, text: str) -> dict[str, str]:
    """Each card's front, by the answer it asks, for the cards of one page."""
    return {answer_of(c): c.front for c in _cards(tmp_path, text)}


def _answers(cards: tuple[Card, ...]) -> dict[str, Card]:
    return {answer_of(c): c for c in cards}


def _clozed(line: str, cue: str = "Notes") -> set[str]:
    """What the clozes of one line (Markdown) ask, under the heading `cue`."""
    return {c.answer for c in clozes(to_plain(line), None, cue, PageNames())}


# ---------------------------------------------------------------- no markup


def test_markup_links_html_and_entities_are_stripped() -> None:
    plain = to_plain(
        "**Stalin** kept [[Lenin|his mentor]]'s <mark style='x'>post</mark> "
        "([docs](https://x.org)) &amp; ==more== `dict.get` https://y.org"
    )
    assert plain.text == "Stalin kept his mentor's post (docs) & more dict.get"
    assert markup_in(plain.text) is None
    assert plain.text[slice(*plain.protected[0])] == "dict.get"  # code: shown, never hidden


def test_labels_and_connectives_are_dropped() -> None:
    assert strip_lead("But, they often quarrelled") == "They often quarrelled"
    assert strip_lead("S: Link: However, it failed") == "It failed"
    assert strip_lead("[ ] past paper 2023") == "Past paper 2023"


def test_a_table_gives_one_card_per_fact_of_a_row(tmp_path: Path) -> None:
    cards = _cards(
        tmp_path,
        "# Treaties\n\n## Peace\n\n| Date | Treaty | Terms |\n|---|---|---|\n"
        "| **28 June 1919** | Treaty of Versailles | army capped at **100,000** men |\n"
        "| Oct 1925 | Locarno Treaties | borders in the west accepted by Germany |\n",
    )
    assert table_rows("| a | b |") is None
    by = _answers(cards)
    assert by["28 June 1919"].front == "Treaty of Versailles — Date: [...]"
    assert by["100,000"].front == "Treaty of Versailles — Terms: army capped at [...] men"
    # A date alone rarely pins down one row: the name is asked from all its facts at once.
    assert by["Treaty of Versailles"].front == (
        "[...] — Date: 28 June 1919; Terms: army capped at 100,000 men"
    )
    assert not any(
        c.front.startswith("28 June 1919") and c.back == "Treaty of Versailles" for c in cards
    )
    assert by["100,000"].source.line == 7  # the row's own line
    assert all("|" not in c.front + c.back for c in cards)


def test_code_blocks_give_no_cards(tmp_path: Path) -> None:
    cards = _cards(
        tmp_path,
        "# Python\n\n## Basics\n\n```python\nx = 5  # Guido van Rossum wrote 1991 code\n```\n",
    )
    assert cards == ()


# ---------------------------------------------------------------- no leaks


def test_each_clause_shows_only_its_own_fact(tmp_path: Path) -> None:
    """`removed Bukharin … and removed Rykov`: the two cards do not show each other."""
    cards = _cards(
        tmp_path,
        "# Power\n\n## Rise\n\n* The rest of the Politburo sided with Stalin, and removed "
        "Bukharin from the politburo in 1929, and removed Rykov from the position of Premier "
        "in 1930\n",
    )
    by = _answers(cards)
    assert "Rykov" not in by["Bukharin"].front and "1930" not in by["Bukharin"].front
    assert "Bukharin" not in by["Rykov"].front
    assert "The rest of the Politburo removed [...] from" in by["Rykov"].front


def test_a_word_of_a_name_shown_in_its_own_clause_is_a_leak() -> None:
    budget = "House of Lords rejected it → led to the Parliament Act which cut the Lords' power"
    assert "House of Lords" not in _clozed(budget)
    assert "Parliament Act" in _clozed(budget)  # `Act` says what kind of name, not which
    grants = "The Grants – Peter and Rosemary Grant have studied finches on Daphne Major"
    assert "Peter and Rosemary Grant" not in _clozed(grants)
    assert "Daphne Major" in _clozed(grants)
    assert "Indo-Australian" not in _clozed("NZ lies on the Australian (Indo-Australian) plate")
    # another person's first name, a people's adjective, and the heading's words give nothing
    assert "Mary Wollstonecraft" in _clozed("Mary Shelley was the daughter of Mary Wollstonecraft")
    assert "Irish Free State" in _clozed("Collins signed for the Irish: Irish Free State, dominion")
    ghost = _clozed("Ghost of Christmas Past - a child and an old man", "Christmas Carol — Ghosts")
    assert any("Christmas Past" in answer for answer in ghost)


def test_a_term_whose_qualifier_the_clause_shows_is_not_asked() -> None:
    stores = "Stores: **gravitational potential** - anything raised up in a gravitational field"
    assert "gravitational potential" not in _clozed(stores)
    # a pair told apart by their qualifiers is still asked
    pair = "Facilitated diffusion – passive, but uses **channel proteins** or **carrier proteins**"
    assert {"channel proteins", "carrier proteins"} <= _clozed(pair)


def test_a_word_built_on_the_answer_is_a_leak(tmp_path: Path) -> None:
    cards = _cards(
        tmp_path,
        "# Lenin\n\n## Funeral\n\n* The city of Petrograd was renamed Leningrad to honour "
        "Lenin in 1924\n* The People's Liberation Army (PLA) crossed the Yangtze in 1949\n",
    )
    answers = {answer_of(c) for c in cards}
    assert "Lenin" not in answers  # "Leningrad" would give it away
    assert "PLA" not in answers  # its initials are on the front
    assert "Petrograd" in answers


def test_no_card_shows_its_own_answer() -> None:
    for card in derive_cards(load_notebook(bundled_example())):
        if card.kind in (CardKind.DATE_CLOZE, CardKind.TERM_CLOZE, CardKind.NUMBER_CLOZE):
            assert card.back not in card.front.replace(BLANK, " "), card


# ---------------------------------------------------------------- self-contained fronts


def test_a_pronoun_gets_its_heading_as_a_cue(tmp_path: Path) -> None:
    cards = _cards(
        tmp_path,
        "# Russia\n\n## Reasons for the fall of the Tsar\n\n### Rasputin's influence\n\n"
        "* He persuaded the Tsarina to dismiss ministers in 1916\n",
    )
    (card,) = [c for c in cards if answer_of(c) == "1916"]
    assert (
        card.front == "Rasputin's influence: He persuaded the Tsarina to dismiss ministers in [...]"
    )


def test_a_later_clause_borrows_the_sentence_subject() -> None:
    text = "With support gone, Trotsky resigned from the Red Army in 1925 and was expelled in 1927"
    spans = windows(text)
    assert [w.subject for w in spans] == ["", "Trotsky"]


# ---------------------------------------------------------------- what is hidden


def test_numbers_names_places_and_terms_are_hidden_not_common_words() -> None:
    text = (
        "At Guernica the Condor Legion killed about 1,650 people and 34% of homes burned "
        "in the Party town"
    )
    found = {h.text: h.kind for h in find_hideables(text, years=None)}
    assert found["Condor Legion"] is CardKind.TERM_CLOZE
    assert found["Guernica"] is CardKind.TERM_CLOZE
    assert found["1,650"] is CardKind.NUMBER_CLOZE
    assert found["34%"] is CardKind.NUMBER_CLOZE
    assert "Party" not in found  # an everyday word, capitalised or not


def test_a_named_number_is_one_term() -> None:
    found = {
        h.text
        for h in find_hideables("War guilt was set out in Article 231 of the treaty", years=None)
    }
    assert "Article 231" in found and "231" not in found


def test_a_year_after_a_name_is_its_date_not_part_of_the_name() -> None:
    found = {
        h.text for h in find_hideables("Sinn Féin founded by Arthur Griffith 1905", years=None)
    }
    assert {"Arthur Griffith", "1905"} <= found
    battles = {h.text for h in find_hideables("Marston Moor 1644 + Naseby 1645", years=None)}
    assert {"Marston Moor", "Naseby", "1644", "1645"} <= battles


def test_a_month_naming_an_event_stays_with_it_but_a_month_before_a_name_does_not() -> None:
    assert "June Offensive" in _terms("They launched the June Offensive in 1917")
    assert "April Theses" in _terms("In the April Theses he demanded peace")
    assert _terms("In March Lenin returned to Petrograd") == {"Lenin", "Petrograd"}


def test_a_long_list_of_peers_is_not_a_question() -> None:
    found = {
        h.text for h in find_hideables("Signed by Germany, France, Belgium and Italy", years=None)
    }
    assert not found & {"France", "Belgium", "Italy"}
    pair = {h.text for h in find_hideables("A Troika with Kamenev and Zinoviev formed", years=None)}
    assert "Kamenev and Zinoviev" in pair


def test_a_short_verb_between_two_names_keeps_them_apart() -> None:
    found = {
        h.text for h in find_hideables("Garibaldi met Victor Emmanuel II at Teano", years=None)
    }
    assert {"Garibaldi", "Victor Emmanuel II", "Teano"} <= found
    assert "Béal na Bláth" in {
        h.text for h in find_hideables("Collins was shot at Béal na Bláth in 1922", years=None)
    }


def test_an_everyday_word_opening_the_sentence_is_no_part_of_the_name_after_it() -> None:
    assert _terms("Estimates of Cheka executions run to tens of thousands") == {"Cheka"}
    assert "Spanish Armada" in _terms("Defeat of the Spanish Armada in 1588")
    assert "Treaty of Frankfurt" in _terms("Treaty of Frankfurt signed in May 1871")
    assert "Representation of the People Act" in _terms(
        "Representation of the People Act passed in 1918"
    )


def test_a_heading_that_gives_the_answer_away_is_swapped_for_the_page_topic(
    tmp_path: Path,
) -> None:
    cards = _cards(
        tmp_path,
        "# Italian unification\n\n## Events\n\n### Garibaldi and the Thousand\n\n"
        "* Giuseppe Garibaldi was a nationalist hero who had fought for the Roman Republic\n",
    )
    card = _answers(cards)["Giuseppe Garibaldi"]
    assert card.front.startswith("Italian unification: [...] was a nationalist hero")
    assert "Garibaldi" not in card.front


def test_the_page_subject_is_never_hidden(tmp_path: Path) -> None:
    cards = _cards(
        tmp_path,
        "# Bismarck\n\n## Unification\n\n* Bismarck met Napoleon III at Biarritz in 1865\n",
    )
    answers = {answer_of(c) for c in cards}
    assert "Bismarck" not in answers and "Biarritz" in answers


# ---------------------------------------------------------------- atomic answers


def test_sequence_has_at_most_four_events_each_with_a_subject(tmp_path: Path) -> None:
    bullets = "".join(
        f"* {who} spoke to the crowds in {year}\n"
        for who, year in (
            ("Lenin", 1917),
            ("Trotsky", 1918),
            ("Kamenev", 1919),
            ("Zinoviev", 1920),
            ("Bukharin", 1921),
            ("Rykov", 1922),
        )
    )
    cards = _cards(tmp_path, f"# Bolsheviks\n\n## Events\n\n{bullets}* Removed Tomsky in 1923\n")
    (seq,) = [c for c in cards if c.kind is CardKind.SEQUENCE]
    items = seq.back.splitlines()
    assert len(items) == 4
    assert not any("Removed Tomsky" in item for item in items)


# ---------------------------------------------------------------- one contract


def test_explicit_cloze_front_shows_blanks(tmp_path: Path) -> None:
    cards = _cards(
        tmp_path, "# Cold War\n\n## Berlin\n\nThe Wall went up in {{c1::1961}} overnight.\n"
    )
    (card,) = cards
    assert card.front == "The Wall went up in [...] overnight."
    assert card.cloze == "The Wall went up in {{c1::1961}} overnight."


def test_an_explicit_card_that_names_nothing_is_told_its_heading(tmp_path: Path) -> None:
    cards = _cards(
        tmp_path,
        "# Byzantine Empire\n\n## Fall of Constantinople\n\n"
        "- last emperor ==Constantine XI== died fighting\n"
        "- The Ottoman sultan ==Mehmed II== took the city in 1453\n\n"
        "## Flashcards\n\nWhy did the empire last so long?::strong walls and trade\n",
    )
    fronts = {answer_of(c): c for c in cards}
    emperor = fronts["Constantine XI"]
    assert emperor.front == f"Fall of Constantinople: last emperor {BLANK} died fighting"
    assert emperor.cloze == (
        "Fall of Constantinople: last emperor {{c1::Constantine XI}} died fighting"
    )
    assert fronts["Mehmed II"].front.startswith("The Ottoman sultan")  # names its own subject
    assert fronts["strong walls and trade"].front == (
        "Byzantine Empire: Why did the empire last so long?"
    )


# ---------------------------------------------------------------- every card we ship


def _shipped() -> list[Card]:
    cards = list(derive_cards(load_notebook(bundled_example())))
    for seed in seed_files():
        cards.extend(derive_cards(load_notebook(seed)))
    return cards


@pytest.mark.parametrize(
    "card", _shipped(), ids=lambda c: f"{c.source.page}:{c.source.line}:{c.kind}"
)
def test_shipped_cards_are_clean(card: Card) -> None:
    assert markup_in(card.front) is None and markup_in(card.back) is None
    assert not (BLANK in card.front and not card.back.strip())
    assert len(card.front) <= 300 and len(card.back) <= 400
    if card.kind in (CardKind.DATE_CLOZE, CardKind.TERM_CLOZE, CardKind.NUMBER_CLOZE):
        assert card.back.casefold() not in card.front.replace(BLANK, " ").casefold()


def test_an_acronym_and_its_expansion_give_each_other_away(tmp_path: Path) -> None:
    cards = _cards(
        tmp_path,
        "# Networks\n\n## Protocols\n\n* HTTP – HyperText Transfer Protocol, made by Tim "
        "Berners-Lee at CERN in 1989\n* NAT (network address translation) lets a home network "
        "share one public address since 1994\n",
    )
    by = _answers(cards)
    assert "HTTP" not in by
    # the expansion in brackets is left off the front, not shown beside the blank
    assert (
        by["NAT"].front == "Networks: [...] lets a home network share one public address since 1994"
    )
    assert "1989" in by


def test_side_details_are_not_asked(tmp_path: Path) -> None:
    cards = _cards(
        tmp_path,
        "# Rights\n\n## Desegregation\n\n* In 1957 nine students entered Central High School "
        "in Little Rock, Arkansas under federal guard\n* Dates in bold are the ones Mr Patel "
        "says to learn for the 1957 test\n* Mg (mp 650 °C) melts higher than sodium because "
        "Mg2+ has more delocalised electrons\n",
    )
    answers = {answer_of(c) for c in cards}
    assert "Arkansas" not in answers  # where a named place is
    assert "Patel" not in answers  # the teacher, not the topic
    assert "650 °C" not in answers  # a bracketed figure
    assert "Mg2+" not in answers  # `Mg` on the front gives it away
    assert "Little Rock" in answers


def test_what_a_bracket_holds_alone_is_asked(tmp_path: Path) -> None:
    cards = _cards(
        tmp_path,
        "# Monarchs\n\n## Crown and Parliament\n\n"
        "* The Bill of Rights (1689) set limits on royal power\n"
        "* The Pope (Pius IX) refused to accept the loss of Rome\n"
        "* The Parliament (Qualification of Women) Act let women over 21 sit as MPs\n"
        "* Practise: 'Was 1688 a turning point for the crown?' How far do you agree? (16)\n"
        "* Irish rebels began the Easter Rising on Easter Monday, 24 April 1916\n",
    )
    answers = _answers(cards)
    assert answers["1689"].front.endswith("The Bill of Rights ([...]) set limits on royal power")
    assert "Pius IX" in answers
    assert "Qualification of Women" not in answers  # the middle of a name
    assert "16" not in answers  # the marks of a practice question
    assert "24 April 1916" in answers  # a date after a named day says when


def test_a_quoted_slogan_with_a_name_and_a_numbered_order_are_hidden() -> None:
    assert "All power to the Soviets" in _terms('Lenin demanded "All power to the Soviets" at once')
    assert "Order No. 1" in _terms("The Soviet issued Order No. 1 to the soldiers")
    assert not _terms('They shouted "down with the war" in the streets')


def test_a_figure_is_given_away_only_by_itself_not_by_a_longer_number_or_its_unit() -> None:
    assert not leaks("3%", "Land Tax Reform 1873 – tax fixed at [...] of land value")
    assert not leaks("280 ppm", "CO2 was about [...] before industry, now above 420 ppm")
    assert leaks("280 ppm", "CO2 was about [...], up from 280 ppm")
    assert leaks("15 August 1947", "Pakistan independent 14 August, India [...]")  # the month
    assert leaks("Sputnik 1", "Sputnik: [...] launched on 4 October 1957")
    assert leaks("Mg", "Magnesium oxide: [...] loses 2 electrons -> Mg2+")
    # A word the front shows in another form, or inside a compound answer.
    assert leaks("prediction", "[...]: seismometers (earthquakes can't really be predicted)")
    assert leaks("Potholes", "[...] – small holes in the bed drilled by pebbles")
    assert not leaks("Germany", "the many small states joined [...] in 1871")
    assert leaks("May 1937", "May Days in Barcelona ([...]): communists fought anarchists")
    assert not leaks("May 1937", "Barcelona ([...]): communists fought anarchists, as they may")


def test_a_year_the_front_already_shows_stays_in_the_clause(tmp_path: Path) -> None:
    cards = _cards(
        tmp_path,
        "# France\n\n## 1789 – the year everything happened\n\n"
        "* 5 October 1789 – the women's march on Versailles\n",
    )
    card = _answers(cards)["5 October"]
    assert card.front.endswith("[...] 1789 – the women's march on Versailles")


def test_a_headings_own_dates_leave_its_cue_so_the_whole_date_is_asked(tmp_path: Path) -> None:
    """`Berlin Blockade (1948–49)` as a cue would give the year away; without its dates it
    still says what the clause is about, and the teacher's whole date is asked."""
    cards = _cards(
        tmp_path,
        "# Cold War\n\n## Berlin Blockade (1948–49)\n\n"
        "* Stalin backed down → blockade lifted **12 May 1949**\n\n"
        "## French help in 1859\n\n* They won at Solferino on **24 June 1859**\n",
    )
    by = _answers(cards)
    assert by["12 May 1949"].front == "Berlin Blockade: Stalin backed down → blockade lifted [...]"
    assert "1949" not in by["12 May 1949"].front
    # A year the heading's words need (`help in 1859`) stays, and then only the day is asked.
    assert by["24 June"].front.endswith("[...] 1859")


def test_a_name_and_its_acronym_are_asked_together(tmp_path: Path) -> None:
    """Hidden alone, `Montgomery Improvement Association` is given away by `(MIA)` beside
    it; the two make one answer, either way round."""
    by = _answers(
        _cards(
            tmp_path,
            "# Civil rights\n\n## Montgomery\n\n"
            "* Local leaders formed the Montgomery Improvement Association (MIA) and chose "
            "a young pastor as its leader\n"
            "* **W3C** (World Wide Web Consortium) – the body that writes web standards\n",
        )
    )
    mia = by["Montgomery Improvement Association (MIA)"]
    assert mia.front.endswith("formed the [...] and chose a young pastor as its leader")
    assert "W3C (World Wide Web Consortium)" in by
    assert "MIA" not in by and "Montgomery Improvement Association" not in by


def test_a_parent_line_that_gives_the_answer_away_leaves_the_heading_as_cue(
    tmp_path: Path,
) -> None:
    by = _answers(
        _cards(
            tmp_path,
            "# Python\n\n## Interpreted vs compiled\n\n"
            "- Python is an interpreted language, run line by line\n"
            "  - main implementation is called **CPython** (written in C)\n"
            "- the Hjulström curve – velocity against particle size\n"
            "  - made by **Filip Hjulström** (Swedish geographer)\n",
        )
    )
    assert by["CPython"].front.startswith("Interpreted vs compiled: Main implementation is called")
    # "Made by [...]" has no subject of its own: under the heading it would say nothing.
    assert "Filip Hjulström" not in by


def test_a_year_of_the_ancient_world_is_asked_with_its_era(tmp_path: Path) -> None:
    by = _answers(
        _cards(
            tmp_path,
            "# Rome\n\n## The Gracchi\n\n- Tiberius Gracchus - tribune of the plebs in 133 bc\n"
            "- the Romans invaded Britain in AD 43 under Claudius\n"
            "- James VI inherits in 1603 bc he was the great-great-grandson of Henry VII\n",
        )
    )
    assert by["133 bc"].front.endswith("tribune of the plebs in [...]")
    assert "AD 43" in by
    assert "1603 bc" not in by  # `bc` before "he" is "because"


def test_a_line_opening_on_an_example_asks_it(tmp_path: Path) -> None:
    by = _answers(
        _cards(
            tmp_path,
            "# Plates\n\n## Destructive margins\n\n"
            "- e.g. the Nazca plate subducting under the South American plate → the Andes\n",
        )
    )
    assert "The Nazca plate subducting under" in by["Andes"].front


def test_a_rare_term_opening_its_definition_is_asked(tmp_path: Path) -> None:
    """Unmarked and lower-case, `platelets` is still the term its line defines; an everyday
    opening (`downside:`, `afterwards =`) is not."""
    by = _answers(
        _cards(
            tmp_path,
            "# Biology\n\n## Blood\n\n- platelets: fragments of cells that help the blood clot\n"
            "- the aorta is the biggest artery in the body\n"
            "- downside: needs extra memory for the sublists\n"
            "- afterwards = a long period of calm in the country\n",
        )
    )
    assert by["platelets"].front.endswith("[...]: fragments of cells that help the blood clot")
    assert by["aorta"].front.endswith("The [...] is the biggest artery in the body")
    assert "downside" not in by and "afterwards" not in by
    by = _answers(
        _cards(
            tmp_path / "b",
            "# Rome\n\n## Sulla\n\n- dictator in 82 bc, proscriptions = lists of enemies to kill\n"
            "- the vena cava brings deoxygenated blood back from the body\n",
        )
    )
    assert "proscriptions" in by and "vena cava" in by


def test_a_word_explained_in_brackets_is_a_term_to_learn(tmp_path: Path) -> None:
    by = _answers(
        _cards(
            tmp_path,
            "# Normans\n\n## Armies\n\n"
            "- English: shield wall, housecarls (professional soldiers) and archers\n"
            "- by 100 bc the rich owned huge estates (latifundia) worked by slaves\n"
            "- he couldn't form new memories (= anterograde amnesia) but his STM was fine\n"
            "- each ion is surrounded by six others (and vice versa) in the lattice\n",
        )
    )
    assert "housecarls" in by and "latifundia" in by and "anterograde amnesia" in by
    assert by["latifundia"].front.endswith("huge estates ([...]) worked by slaves")
    assert "others" not in by  # `(and vice versa)` is an aside, not a gloss


def test_bold_words_that_name_a_thing_are_asked(tmp_path: Path) -> None:
    by = _answers(
        _cards(
            tmp_path,
            "# Memory\n\n## Eyewitnesses\n\n"
            "- Loftus showed that **leading questions** can change what witnesses remember\n"
            "- the **focus** is the point underground where the earthquake starts\n"
            "- it was **really bloody** for both sides in the long war\n",
        )
    )
    assert "leading questions" in by and "focus" in by
    assert "really bloody" not in by


def test_a_measure_is_asked_whole_however_small(tmp_path: Path) -> None:
    by = _answers(
        _cards(
            tmp_path,
            "# Heart\n\n## Blood\n\n- An adult has about 5 litres of blood in total\n"
            "- normal blood pressure is about 120/80 mmHg (systolic/diastolic)\n"
            "- each atom has 2 electrons in the first shell\n",
        )
    )
    assert "5 litres" in by and "120/80 mmHg" in by
    assert "2 electrons" not in by and "2" not in by  # a small count, not a measure


def test_a_pair_joined_by_plus_is_one_answer_and_a_verb_heads_no_name(tmp_path: Path) -> None:
    by = _answers(
        _cards(
            tmp_path,
            "# Rome\n\n## Caesar\n\n- led by Brutus + Cassius, about 60 senators involved\n"
            "- Replaced English earls and bishops with Normans from 1070 onwards\n",
        )
    )
    assert by["Brutus + Cassius"].front.endswith("Led by [...], about 60 senators involved")
    assert "Brutus" not in by and "Cassius" not in by
    assert not [a for a in by if a.startswith("Replaced")]


def test_a_clause_naming_nothing_of_its_heading_takes_the_heading(tmp_path: Path) -> None:
    """`Only about 8,000 survivors reached [...]` says nothing of the Long March: a blind
    judge kept more of such cards with the heading before them, and preferred short ones."""
    by = _answers(
        _cards(
            tmp_path,
            "# China revision notes!!\n\n## The Long March\n\n"
            "* Only about 8,000 survivors reached **Shaanxi** province in the north\n"
            "* Mao Zedong led the march of about 9,000 km over **368 days**\n",
        )
    )
    assert by["Shaanxi"].front.startswith("The Long March: Only about 8,000 survivors")
    assert by["368 days"].front.startswith("Mao Zedong led the march")  # it names its subject


def test_exam_talk_and_mnemonics_give_no_card(tmp_path: Path) -> None:
    cards = _cards(
        tmp_path,
        "# Memory\n\n## Exam\n\n- Paper 1, topic: memory and the Atkinson model.\n"
        "- Mr Khan says the WMM diagram is a guaranteed 4 marks so practise drawing it\n"
        "- My Very Easy Method Just Speeds Up Naming ← mnemonic for the planets\n",
    )
    assert not cards


def test_practice_questions_and_hanging_clauses_make_no_broken_cards(tmp_path: Path) -> None:
    cards = _cards(
        tmp_path,
        "# Italy\n\n## Cavour\n\n"
        "* Practise: 'Was the Crimean War the turning point for Piedmont?' How far do you agree?\n"
        "* He sent 15,000 Piedmontese troops to the Crimean War in **1855**, so that Piedmont got "
        "a seat at the Paris peace conference in **1856**\n",
    )
    assert not [c for c in cards if "How far" in c.front]
    dated = _answers(cards)["1856"]
    assert "He sent 15,000 Piedmontese troops" in dated.front
    assert "He that" not in dated.front


def test_an_element_is_not_asked_from_a_row_showing_its_symbol(tmp_path: Path) -> None:
    """A blind judge read `Na` beside the blank as giving sodium away, as `Ra` gives radium."""
    cards = _cards(
        tmp_path,
        "# Elements\n\n## Metals\n\n| Element | Symbol | Discovered by |\n|---|---|---|\n"
        "| Radium | Ra | Marie and Pierre Curie |\n| Sodium | Na | Humphry Davy |\n",
    )
    names = {c.back for c in cards if c.front.startswith("[...] — ")}
    assert not names
    assert "Humphry Davy" in {c.back for c in cards}


def test_a_spelled_out_acronym_asks_what_it_stands_for_and_what_it_does(tmp_path: Path) -> None:
    cards = _cards(
        tmp_path,
        "# Networks\n\n## Protocols\n\n"
        "* **DNS** – Domain Name System: turns a domain name into an IP address\n"
        "* MPs – Members of Parliament (not an acronym to learn here)\n",
    )
    answers = _answers(cards)
    assert len([c for c in cards if answer_of(c) == "Members of Parliament"]) == 1
    assert answers["Domain Name System"].front.endswith("Protocols: DNS stands for [...]")
    assert answers["DNS"].front.endswith(
        "Protocols: [...] – turns a domain name into an IP address"
    )
    assert answers["Members of Parliament"].front.endswith("Protocols: MPs stands for [...]")


def test_a_heading_that_names_nothing_carries_the_page_topic(tmp_path: Path) -> None:
    cards = _cards(
        tmp_path,
        "# Spanish Civil War\n\n## Consequences\n\n* Around 500,000 died in the fighting\n",
    )
    (card,) = [c for c in cards if answer_of(c) == "500,000"]
    assert card.front == "Spanish Civil War — Consequences: Around [...] died in the fighting"


def test_cards_written_on_consecutive_lines_are_each_kept(tmp_path: Path) -> None:
    """An Obsidian flashcard block: `Q::A`, a cloze and a `?` card with no blank lines."""
    cards = _cards(
        tmp_path,
        "# Ecology\n\n## Flashcards\n"
        "What starts every food chain?::A producer\n"
        "Dead organisms can form {{c1::fossil fuels}} over millions of years\n"
        "Why are food chains short?\n?\nEnergy is lost at each level.\n",
    )
    assert [(c.kind, c.front, c.back, c.source.line) for c in cards] == [
        (CardKind.BASIC, "Ecology: What starts every food chain?", "A producer", 4),
        (
            CardKind.CLOZE,
            "Ecology: Dead organisms can form [...] over millions of years",
            "fossil fuels",
            5,
        ),
        (CardKind.BASIC, "Ecology: Why are food chains short?", "Energy is lost at each level.", 6),
    ]


def test_a_sentence_about_the_notes_themselves_gives_no_card(tmp_path: Path) -> None:
    cards = _cards(
        tmp_path,
        "# Revision\n\nThis notebook holds my revision notes on Weimar Germany and the USA in "
        "the Depression of 1929.\n",
    )
    assert cards == ()


def test_a_bold_label_of_everyday_words_is_not_asked_but_a_bold_term_is() -> None:
    def hidden(text: str) -> set[str]:
        return {answer for answer, _ in _hidden(text)}

    assert "Pro tip" not in hidden("**Pro tip**: we care most about speed and **memory use**")
    assert "Cation" in hidden("**Cation**: an ion with a positive charge")


def test_a_pointer_to_another_part_of_the_notes_gives_no_card(tmp_path: Path) -> None:
    cards = _cards(
        tmp_path,
        "# DNS\n\n## DNS query\n\n* Refer to the **domain information** section under "
        "NETWORKING TOOLS.\n* Paul Mockapetris designed the Domain Name System in 1983\n",
    )
    assert cards and not [c for c in cards if "Refer to" in c.front]


# ---------------------------------------------------------------- whole facts


def _hidden(text: str) -> list[tuple[str, CardKind]]:
    plain = to_plain(text)
    return [
        (h.text, h.kind) for h in find_hideables(plain.text, years=None, emphasis=plain.emphasis)
    ]


def test_a_range_a_tally_and_a_unit_are_each_one_quantity() -> None:
    quantity = CardKind.NUMBER_CLOZE
    assert ("20,000–30,000", quantity) in _hidden("Some 20,000–30,000 blackshirts gathered")
    assert ("750–1500 mm a year", quantity) in _hidden("Rainfall of 750–1500 mm a year")  # not AD
    assert ("8–9 November 1923", CardKind.DATE_CLOZE) in _hidden("The putsch of 8–9 November 1923")
    assert ("444 to 94", quantity) in _hidden("The vote was 444 to 94")
    assert ("64 votes to 57", quantity) in _hidden("The Dáil approved it 64 votes to 57")
    assert ("12 to 107", quantity) not in _hidden("Seats rose from 12 to 107")  # no vote
    assert ("280 ppm", quantity) in _hidden("CO2 was about 280 ppm before 1800")
    assert ("4.2 trillion marks", quantity) in _hidden("A dollar cost 4.2 trillion marks")
    # a sum in another country's dollars, a rate, an abbreviated unit
    assert ("US$4.4 billion", quantity) in _hidden("Donors pledged about US$4.4 billion")
    assert ("4-5 cm per year", quantity) in _hidden("The plate moves about 4-5 cm per year")
    assert ("100 mm a year", quantity) in _hidden("Deserts get less than 100 mm a year")
    assert ("27 yrs", quantity) in _hidden("Mandela was released after 27 yrs inside")
    assert ("£30 a year", quantity) in _hidden("Jane is paid £30 a year at Thornfield")
    assert ("5 shillings a week", quantity) in _hidden("Pensions paid 5 shillings a week")
    # a name's number is never a figure's first digits
    hidden = _hidden("ANC got 62.6%, NP 20.4%, IFP 10.5%")
    assert ("20.4%", quantity) in hidden and not any(a.startswith("NP") for a, _ in hidden)


def test_a_span_told_in_words_is_one_quantity() -> None:
    quantity = CardKind.NUMBER_CLOZE
    assert ("18°C to 32°C", quantity) in _hidden("Warm water, about 18°C to 32°C")
    assert ("20 Hz to 20 kHz", quantity) in _hidden("Humans can hear from about 20 Hz to 20 kHz")
    assert ("4 to 7 mmol/L", quantity) in _hidden("Normal blood glucose is roughly 4 to 7 mmol/L")
    assert ("5° and 30°", quantity) in _hidden("They form between 5° and 30° of the equator")
    assert ("163 to 88", quantity) in _hidden("The first bill was defeated 163 to 88")
    assert ("21 out of 22", quantity) in _hidden("Hofling found 21 out of 22 nurses obeyed")
    assert ("1 in 5", quantity) in _hidden("About 1 in 5 people in Rio live in a favela")
    assert ("8 minutes 20 seconds", quantity) in _hidden("Sunlight takes 8 minutes 20 seconds")
    assert ("24 h 37 min", quantity) in _hidden("Mars: length of day 24 h 37 min")
    # below zero, the sign goes with the figure
    assert ("-89.2 C", quantity) in _hidden("The coldest ever recorded: -89.2 C at Vostok")
    assert ("-20 to -30 C", quantity) in _hidden("Winters are about -20 to -30 C inland")
    # a before and an after, and a year then a figure, are two facts
    assert ("6 million", quantity) in _hidden("Unemployment fell from 6 million to 1 million")
    hidden = _hidden("Registration rose from 6.7% in 1964 to 59.8% by 1967")
    assert ("59.8%", quantity) in hidden
    assert not any(" to " in answer for answer, _ in hidden)


def test_a_marked_surname_hides_the_whole_name() -> None:
    assert ("Neil Armstrong", CardKind.TERM_CLOZE) in _hidden("Neil **Armstrong** – commander")
    assert ("John Glenn", CardKind.TERM_CLOZE) in _hidden("John **Glenn** orbited in 1962")
    hidden = [t for t, _ in _hidden("Married **Elizabeth of York**, ending the wars")]
    assert "Elizabeth of York" in hidden
    hidden = [t for t, _ in _hidden("Wilson's **Fourteen Points** were only partly used")]
    assert "Fourteen Points" in hidden


def test_a_marked_term_opening_a_definition_is_hidden_however_common(tmp_path: Path) -> None:
    """`**box model** – …` defines the box model: everyday words, but the point of the line."""
    cards = _cards(
        tmp_path,
        "# CSS\n\n## Layout\n\n"
        "- **box model** – every element is a box: content, padding, border, margin\n"
        "- **tuple** – ordered, immutable, `(1, 2, 3)`\n",
    )
    by = _answers(cards)
    assert by["box model"].front.endswith(
        "[...] – every element is a box: content, padding, border, margin"
    )
    assert "tuple" in by  # a definition's commas are not a list of peers


def test_a_clause_after_and_keeps_its_own_subject(tmp_path: Path) -> None:
    """The subject of a sentence's first clause is lent only to a clause that opens on its
    verb: never to one that names its own ("He the Kingdom collapsed")."""
    fronts = {
        c.front
        for c in _cards(
            tmp_path,
            "# Italy\n\n## The Thousand\n\n"
            "- He entered Naples in September 1860, so the Kingdom of the Two Sicilies "
            "collapsed\n"
            "- The government was led first by Prince Lvov, and from July by Alexander "
            "Kerensky\n",
        )
    }
    assert any(f.endswith("The [...] collapsed") for f in fronts), fronts
    assert not any("Garibaldi the" in f or "He the" in f for f in fronts)
    assert not any(f.startswith("The government from July") for f in fronts)
    assert any("and from July by [...]" in f for f in fronts), fronts


def test_an_acronym_is_not_read_as_a_chemical_formula() -> None:
    assert not leaks("ICMP", "Protocols: Ping uses [...], not TCP or UDP")
    assert leaks("NaCl", "Salt: [...] is made of Na+ and Cl- ions")


def test_what_a_thing_is_not_is_not_asked(tmp_path: Path) -> None:
    by = _answers(
        _cards(tmp_path, "# Net\n\n## Protocols\n\n- ping uses **ICMP**, not TCP or UDP\n")
    )
    assert "ICMP" in by and "TCP" not in by and "UDP" not in by


def test_a_month_shown_in_a_date_gives_away_a_name_holding_it(tmp_path: Path) -> None:
    """A blind judge read "4 August – the [...]" as giving away the August Decrees."""
    by = _answers(
        _cards(
            tmp_path,
            "# France\n\n## 1789\n\n- **4 August** – the **August Decrees** abolish feudalism\n",
        )
    )
    assert "August Decrees" not in by and "4 August" not in by


def test_a_bracket_that_is_a_sentence_is_asked_like_one(tmp_path: Path) -> None:
    by = _answers(
        _cards(
            tmp_path,
            "# Physics\n\n## Charge\n\n"
            "- the sign convention came first (J.J. Thomson discovered electrons in 1897)\n"
            "- NaCl has a high melting point (mp 801 °C) because the bonds are strong\n",
        )
    )
    assert "J.J. Thomson" in by and "1897" in by
    assert "801 °C" not in by  # a bracketed figure beside the point stays a side detail


def test_a_figure_in_a_list_of_attributes_is_its_own_fact(tmp_path: Path) -> None:
    by = _answers(
        _cards(
            tmp_path,
            "# Space\n\n## Sputnik 1\n\n- metal ball, 58 cm across, weighed ~**83.6 kg**, 4 long "
            "antennae\n- the USSR, the USA, Britain and France joined the talks\n",
        )
    )
    assert "83.6 kg" in by and "58 cm" in by
    assert "Britain" not in by  # one of a list of peers could be any of them


def test_a_long_name_is_one_fact_however_many_words(tmp_path: Path) -> None:
    by = _answers(
        _cards(
            tmp_path,
            "# Spain\n\n## Nationalists\n\n"
            "- Falange = Spanish fascist party, founded 1933 by José Antonio Primo de Rivera\n",
        )
    )
    assert by["José Antonio Primo de Rivera"].front.endswith("founded 1933 by [...]")


def test_a_line_about_the_notes_gives_no_card(tmp_path: Path) -> None:
    cards = _cards(
        tmp_path,
        "# Space Race\n\nPart of [[Cold War MOC]]. Notes for [[Economic History]] essay.\n",
    )
    assert not cards


def test_a_version_named_in_prose_does_not_stop_a_card(tmp_path: Path) -> None:
    by = _answers(
        _cards(
            tmp_path,
            "# Python\n\n## History\n\n- first public release was in **1991** (version 0.9.0)\n",
        )
    )
    assert "1991" in by
    assert not _answers(_cards(tmp_path / "b", "# Py\n\n## Setup\n\n- pin it to v2.3.1 in 2021\n"))


def test_a_table_cell_is_asked_from_its_row_and_column_alone(tmp_path: Path) -> None:
    by = _answers(
        _cards(
            tmp_path,
            "# Monarchs\n\n## Hanoverians\n\n| Monarch | House | Reign |\n|---|---|---|\n"
            "| Victoria | Hanover | 1837–1901 |\n| Edward VII | Saxe-Coburg | 1901–1910 |\n",
        )
    )
    assert by["1837–1901"].front == "Victoria — Reign: [...]"
    assert by["Hanover"].front == "Victoria — House: [...]"


def test_a_date_written_in_figures_is_a_date() -> None:
    from notedeck.derive.events import find_dates

    (found,) = find_dates("Ulster Covenant signed 28/9/1912 by 470,000 men")
    assert (found.text, found.year, found.month, found.day) == ("28/9/1912", 1912, 9, 28)
    assert not find_dates("pip install pkg==v1.2.2020") and not find_dates("ratio 3/4/1990s")


def test_a_full_date_beside_a_figure_is_still_asked(tmp_path: Path) -> None:
    by = _answers(
        _cards(
            tmp_path,
            "# Ireland\n\n## Ulster\n\n- Ulster Covenant signed 28/9/1912 by approx **470,000** "
            "men and women\n- output rose from 6.7% in 1964 to 59.8%\n",
        )
    )
    assert "28/9/1912" in by and "470,000" in by
    assert "1964" not in by  # a bare year among figures is their anchor


def test_a_bound_marked_with_its_figure_is_asked_with_it(tmp_path: Path) -> None:
    by = _answers(
        _cards(
            tmp_path,
            "# Tudors\n\n## Henry VIII\n\n"
            "- dissolution of the monasteries, **over 800** houses shut\n\n"
            "## Biomes\n\n| Biome | Rainfall (mm/yr) | Temperature |\n|---|---|---|\n"
            "| Desert | under 250 | very hot days, cold nights |\n"
            "| Tundra | 150–250 | below 0 °C most of the year |\n",
        )
    )
    assert "over 800" in by and "under 250" in by and "800" not in by


def test_a_continued_row_and_a_two_column_row_are_asked(tmp_path: Path) -> None:
    by = _answers(
        _cards(
            tmp_path,
            "# Web\n\n## Status codes\n\n| Code | Meaning |\n|---|---|\n"
            "| 404 | Not Found – no resource at that URL |\n| 200 | OK – it worked |\n\n"
            "## Treaties\n\n| Date | Treaty | Terms |\n|---|---|---|\n"
            "| 1919 | Versailles – army | army capped at 100,000 men |\n"
            "| 1919 (cont.) | Versailles – money | reparations set at £6.6 billion in 1921 |\n",
        )
    )
    assert by["404"].front == "[...] — Meaning: Not Found – no resource at that URL"
    assert "£6.6 billion" in by
    assert by["£6.6 billion"].front.startswith("Versailles – money — Terms:")


def test_a_figure_the_student_marked_in_words_is_asked(tmp_path: Path) -> None:
    by = _answers(
        _cards(
            tmp_path,
            "# Meiji\n\n## Army\n\n- all men liable at 20 for **three years** of active service\n"
            "- the army was **NOT** a volunteer force\n",
        )
    )
    assert by["three years"].front.endswith("for [...] of active service")
    assert "NOT" not in by


def test_the_one_example_the_student_marked_is_asked(tmp_path: Path) -> None:
    by = _answers(
        _cards(
            tmp_path,
            "# France\n\n## The Terror\n\n"
            "- Vendée war: tens of thousands killed, incl. mass drownings at **Nantes**\n"
            "- rebels held many towns, incl. Cholet and Saumur, for months\n",
        )
    )
    assert "Nantes" in by
    assert "Cholet" not in by and "Saumur" not in by  # examples nobody marked


def test_a_charge_sign_is_not_read_as_a_unit() -> None:
    text = "3 Na⁺ out for every 2 K⁺ in"
    found = find_hideables(text, years=None, emphasis=((0, 1), (20, 21)))
    assert [h.text for h in found if h.kind is CardKind.NUMBER_CLOZE] == ["3", "2"]


def test_a_pronoun_after_and_is_the_first_clause_s_subject(tmp_path: Path) -> None:
    fronts = {
        answer_of(c): c.front
        for c in _cards(
            tmp_path,
            "# Italy\n\n## Garibaldi\n\n"
            "- Cavour got nervous about Garibaldi, and he sent the army through the Papal States\n"
            "- His army grew to about 50,000 as locals joined, and he took Palermo quickly\n",
        )
    }
    assert fronts["Papal States"].endswith(": Cavour sent the army through the [...]")
    assert "000 as locals" not in fronts["Palermo"]


def test_a_row_of_examples_and_a_symbol_spelling_its_name_ask_nothing(tmp_path: Path) -> None:
    by = _answers(
        _cards(
            tmp_path,
            "# Chem\n\n## Bonding\n\n| Type | Ionic | Covalent |\n|---|---|---|\n"
            "| Example | NaCl | H2O |\n| Melting point | high | low |\n\n"
            "## Elements\n\n| Element | Symbol | Atomic number | Year |\n|---|---|---|---|\n"
            "| Chlorine | Cl | 17 | 1774 |\n| Iron | Fe | 26 | ancient |\n",
        )
    )
    assert "NaCl" not in by and "H2O" not in by
    assert "Chlorine" not in by  # `Cl` spells it
    assert by["Cl"].front == "Chlorine — Symbol: [...]"


def test_a_sequence_leaves_out_an_event_dated_only_against_another(tmp_path: Path) -> None:
    (sequence,) = [
        c
        for c in _cards(
            tmp_path,
            "# Italy\n\n## Unification\n\n- April 1859: Austria declared war on Piedmont\n"
            "- March 1861: Victor Emmanuel became King of Italy\n"
            "- June 1861: Cavour died only a few months later\n"
            "- 1866: Venetia was added to Italy\n",
        )
        if c.kind is CardKind.SEQUENCE
    ]
    assert "Venetia was added to Italy" in sequence.front
    assert "Cavour" not in sequence.front


def test_a_long_name_with_and_of_the_or_an_ordinal_is_hidden_whole(tmp_path: Path) -> None:
    by = _answers(
        _cards(
            tmp_path,
            "# France\n\n## 1789\n\n"
            "- 26 August: the Declaration of the Rights of Man and of the Citizen is passed\n"
            "- Eisenhower sent troops from the 101st Airborne Division to protect them\n",
        )
    )
    assert "Declaration of the Rights of Man and of the Citizen" in by
    assert "101st Airborne Division" in by and "Airborne Division" not in by


def test_a_figure_inside_a_name_is_not_asked(tmp_path: Path) -> None:
    by = _answers(
        _cards(
            tmp_path,
            "# France\n\n## Terror\n\n"
            "- **10 June 1794** – Law of 22 Prairial – no defence lawyers\n"
            "- In the Kapp Putsch of March 1920 Freikorps units occupied Berlin\n",
        )
    )
    assert "22" not in by and "Prairial" not in by and "10 June 1794" in by
    assert "March 1920" in by


def test_a_comparison_sign_is_kept_and_bold_italic_is_plain() -> None:
    assert to_plain("difference > 1.7 -> ionic").text == "difference > 1.7 -> ionic"
    assert to_plain("| _**Minor**_ | ***all*** |").text == "| Minor | all |"


def test_a_country_shown_by_its_people_or_a_word_by_its_ending_leaks() -> None:
    assert leaks("Spain", "Spanish Civil War: [...] stayed neutral in WW2")
    assert leaks("endocytosis", "Bulk transport: [...] (in) / exocytosis (out)")
    assert not leaks("Spain", "Civil war: [...] stayed neutral in WW2")


def test_documentation_tables_give_no_version_constant_or_menu_cards(tmp_path: Path) -> None:
    by = _answers(
        _cards(
            tmp_path,
            "# Docs\n\n## Releases\n\n| Line | Version | Owner |\n|---|---|---|\n"
            "| Minor | 4.7 | Platform Team |\n| Major | 5.0 | Core Team |\n\n"
            "## Roles\n\n| Permission | Role |\n|---|---|\n| LIST_TASKS | ADMIN |\n\n"
            "## Menu\n\n| Page | About |\n|---|---|\n"
            "| Getting started | Learn the essentials of the tool here |\n"
            "| Haematology | The study of the blood and its diseases |\n",
        )
    )
    assert "4.7" not in by and "ADMIN" not in by and "Getting started" not in by
    assert not any("Version" in c.front for c in by.values())
    assert by["Haematology"].front == "[...] — About: The study of the blood and its diseases"


def test_a_country_is_not_asked_on_a_page_about_its_people(tmp_path: Path) -> None:
    by = _answers(
        _cards(
            tmp_path,
            "# Spanish Civil War\n\n## Foreign help\n\n"
            "- USSR sent tanks, paid for with Spain's gold reserves from Cartagena\n",
        )
    )
    assert "Spain" not in by and "Cartagena" in by


def test_a_title_goes_with_the_pair_it_opens_and_a_share_with_its_rest(tmp_path: Path) -> None:
    by = _answers(
        _cards(
            tmp_path,
            "# Elements\n\n## Noble gases\n\n| Element | Discovered by |\n|---|---|\n"
            "| Argon | Lord Rayleigh & William Ramsay |\n\n"
            "## Energy\n\n- only about 10% of the energy passes to the next level\n"
            "  - the other **90%** is lost as heat\n",
        )
    )
    assert by["Lord Rayleigh & William Ramsay"].front == "Argon — Discovered by: [...]"
    assert "90%" not in by


def test_a_later_sentence_of_a_defined_term_is_cued_by_the_term(tmp_path: Path) -> None:
    by = _answers(
        _cards(
            tmp_path,
            "# Web\n\n## 6. Background requests\n\n- **AJAX** – updating part of a page without "
            "reloading it. Term coined by Jesse James Garrett in **2005**\n",
        )
    )
    assert by["2005"].front == "AJAX: Term coined by Jesse James Garrett in [...]"


def test_an_element_shown_by_its_symbol_and_a_stressed_word_are_not_asked(
    tmp_path: Path,
) -> None:
    line = to_plain("fluorine (F), chlorine (Cl), bromine (Br), iodine (I), astatine (At)")
    fronts = {c.answer: c.front for c in clozes(line, None, "Group 7", PageNames())}
    assert "(Br)" not in fronts["bromine"]  # asked without its symbol, or not at all
    assert "DECREASES" not in _clozed("Going down group 7 reactivity DECREASES, unlike group 1")
    assert "UNITA" in _clozed("In Angola the UNITA rebels fought the MPLA government")


def test_a_section_of_jobs_still_to_do_asks_nothing(tmp_path: Path) -> None:
    cards = _cards(
        tmp_path,
        "# Mesopotamia\n\n## Still to do\n\n- compare with [[Ancient Egypt]] for the essay\n"
        "- check Hammurabi's dates (1792 BC?)\n",
    )
    assert cards == ()


def test_an_acts_name_joined_by_and_is_one_name() -> None:
    line = "In Sept 1940 Congress passed the Selective Training and Service Act, a peacetime draft"
    assert "Selective Training and Service Act" in _clozed(line)
    assert "Service Act" not in _clozed(line)


def test_a_month_word_before_a_regnal_number_opens_a_name() -> None:
    line = "The siege of Vienna in 1683 was broken by a relief army under Jan III Sobieski"
    assert "Jan III Sobieski" in _clozed(line)
    assert "Jan 1919" in _clozed("The treaty was signed in Jan 1919 by the Allies at Paris")


def test_a_surname_is_hidden_with_its_particle() -> None:
    assert "de Klerk" in _clozed("Mandela and de Klerk shared the 1993 Nobel Peace Prize")
    assert "von der Marwitz" in _clozed("At Cambrai Byng faced von der Marwitz in 1917")
    assert "Valera" not in _clozed("De Valera escaped execution as he was born in the USA")


def test_a_heading_that_was_only_a_year_leaves_no_empty_slot(tmp_path: Path) -> None:
    fronts = _fronts(
        tmp_path,
        "# End of apartheid\n\n1994\n- Mandela inaugurated 10 May 1994 in Pretoria, with two "
        "deputy presidents\n",
    )
    assert fronts["10 May 1994"] == (
        "End of apartheid: Mandela inaugurated [...] in Pretoria, with two deputy presidents"
    )


def test_a_character_is_asked_from_what_they_are_not_the_other_way(tmp_path: Path) -> None:
    cards = _cards(
        tmp_path,
        "# Nineteen Eighty-Four\n\n## Characters\n\n- **Julia** – 26, works on the "
        "novel-writing machines in the Fiction Department\n\n## Words\n\n"
        "- **Newspeak** – the official language, built to make thoughtcrime impossible\n",
    )
    fronts = {c.front for c in cards}
    assert not any(front.endswith("Julia = [...]") for front in fronts)  # many right answers
    assert any(
        front.endswith("[...] – 26, works on the novel-writing machines in the Fiction Department")
        for front in fronts
    )
    assert any(front.endswith("Newspeak = [...]") for front in fronts)  # a term's meaning stays


def test_the_year_a_page_title_gives_its_event_is_not_asked_alone(tmp_path: Path) -> None:
    answers = _answers(
        _cards(
            tmp_path,
            "# Case study: the 2004 Indian Ocean tsunami\n\n## Causes\n\n- no warning system "
            "in the Indian Ocean in 2004 (the Pacific had one since 1949)\n"
            "- the Boxing Day earthquake struck at 07:58 on 26 December 2004\n",
        )
    )
    assert "2004" not in answers and "1949" in answers
    assert "26 December" in answers  # the day is still worth learning


def test_a_card_line_read_as_a_cue_shows_its_answer_not_its_markup(tmp_path: Path) -> None:
    cards = _cards(
        tmp_path,
        "# Sparta\n\n## Decline\n\n- defeated at the battle of {{c1::Leuctra}} in 371 BC\n"
        "  - Theban general **Epaminondas** then freed Messenia\n",
    )
    cued = [c.front for c in cards if c.kind is not CardKind.CLOZE]
    assert cued and all("{{" not in front for front in cued)
    assert any(front.startswith("Defeated at the battle of Leuctra in 371 BC") for front in cued)


def test_a_line_that_opens_on_an_arrow_is_cued_by_the_line_it_follows(tmp_path: Path) -> None:
    fronts = _fronts(
        tmp_path,
        "# Apartheid\n\n## Resistance\n\n- Sharpeville 21 March 1960 - police fired on a "
        "crowd, 69 killed\n   -> ANC + PAC banned, state of emergency\n",
    )
    assert fronts["ANC + PAC"] == "Sharpeville 21 March 1960: [...] banned, state of emergency"


def test_a_later_clause_of_a_line_under_a_bold_title_is_cued_by_the_title(tmp_path: Path) -> None:
    by = _answers(
        _cards(
            tmp_path,
            "# Liberal reforms\n\n## Rise of Labour\n\n* **1906 election** - Liberals won a "
            "landslide (397 seats) but Labour also got **29** MPs\n* **Testing:** alpha = in "
            "house; **beta testing** = real users outside the company before release\n",
        )
    )
    assert by["29"].front == "1906 election: Labour also got [...] MPs"
    assert not by["beta testing"].front.startswith("Testing")  # its clause names its own term


def test_a_factor_heading_that_names_nothing_is_cued_by_its_section(tmp_path: Path) -> None:
    by = _answers(
        _cards(
            tmp_path,
            "# Cell Biology\n\n## Cell membrane & transport\n\n### Structure\n\n"
            "- about **7 nm** thick\n\n## Nazi Germany 1933–1934\n\n### Parties\n\n"
            "- The SPD was banned in **June 1933**\n- The unions fell on **2 May 1933**\n",
        )
    )
    assert by["7 nm"].front == "Cell membrane & transport — Structure: About [...] thick"
    # The section's own dates leave the cue, which would have given the year away.
    assert by["June 1933"].front == "Nazi Germany — Parties: The SPD was banned in [...]"
    assert by["2 May 1933"].front.endswith("The unions fell on [...]")


def test_a_world_war_is_the_setting_not_the_answer() -> None:
    assert "WW2" not in _terms("Spain stayed neutral in WW2 under Franco")
    assert "Franco" in _terms("Spain stayed neutral in WW2 under Franco")


def test_the_whole_a_figure_is_part_of_and_an_age_in_passing_are_not_asked(
    tmp_path: Path,
) -> None:
    by = _answers(
        _cards(
            tmp_path,
            "# Ireland\n\n## 1918\n\n- Sinn Féin wins **73** of 105 Irish seats in December 1918\n"
            "- Lindeman died young (27) just before the paper on food chains came out\n",
        )
    )
    assert "73" in by and "105" not in by and "27" not in by


def test_a_practice_section_and_a_bare_title_give_no_card(tmp_path: Path) -> None:
    by = _answers(
        _cards(
            tmp_path,
            "# Monarchs\n\n## Practise\n\n"
            '- "The Glorious Revolution was the turning point for the crown." How far?\n\n'
            "## India\n\n- Kashmir dispute began Oct 1947 - Maharaja joined India, war with "
            "Pakistan\n",
        )
    )
    assert "Glorious Revolution" not in by and "Maharaja" not in by
    assert "Oct 1947" in by


def test_a_parent_bullet_that_names_nothing_is_no_cue(tmp_path: Path) -> None:
    fronts = [
        c.front
        for c in _cards(
            tmp_path,
            "# Chemistry\n\n## Shapes of molecules\n\n"
            "- each lone pair squeezes the angle by about 2.5°\n  - BF3: trigonal planar, 120°\n",
        )
    ]
    assert fronts and all(f.startswith("Chemistry — Shapes of molecules") for f in fronts)


def test_a_definition_line_is_asked_even_under_a_heading_naming_its_term(
    tmp_path: Path,
) -> None:
    by = _answers(
        _cards(
            tmp_path,
            "# Genetics\n\n## Genes and alleles\n\n- **Allele** = a different version of the "
            "same gene\n\n## Databases\n\n- **Tuple** = a row / record in a relation\n\n"
            "## River Tees\n\n- source = **Cross Fell** in the Pennines, approx **893 m** up\n",
        )
    )
    assert by["Allele"].front.endswith("[...] = a different version of the same gene")
    assert "Allele" not in by["Allele"].front
    assert "Tuple" in by  # a slash between words says "or": no formula
    assert "Cross Fell" in by and "893 m" in by  # `source = …` is a fact, not a sources list


def test_a_factor_question_reads_as_english_from_a_why_did_or_how_successful_title() -> None:
    assert (
        factor_question(
            "Hungary 1956", "Why did tension between the superpowers increase (1948–1960)?"
        )
        == "How did Hungary 1956 help tension between the superpowers increase (1948–1960)?"
    )
    assert (
        factor_question("Berlin Airlift", "How successful was US containment (1948–60)?")
        == "How did Berlin Airlift show how successful US containment was (1948–60)?"
    )
    assert factor_question("The Enabling Act", "Reasons for the rise of Hitler").startswith(
        "How did the Enabling Act help"
    )


def test_a_factor_question_reads_as_english_from_causes_impact_and_question_titles() -> None:
    """A factor helps cause a war (it does not help the war); a title that is a question the
    factor cannot be built into is quoted whole; a people's adjective keeps its capital."""
    assert (
        factor_question("Russian aggression & Sinope", "Causes of the Crimean War")
        == "How did Russian aggression & Sinope help cause the Crimean War?"
    )
    assert (
        factor_question("The press and public opinion", "Impact of the war on Britain")
        == "How did the war affect Britain through the press and public opinion?"
    )
    assert (
        factor_question("Poor leadership", "Why was the war run so badly?")
        == "How did poor leadership help answer “Why was the war run so badly”?"
    )
    assert (
        factor_question("Appeasement", "How far was the Treaty of Versailles to blame for WW2?")
        == "How did appeasement help answer “How far was the Treaty of Versailles to blame for "
        "WW2”?"
    )


def test_a_link_statement_still_to_be_written_gives_no_factor_card(tmp_path: Path) -> None:
    cards = _cards(
        tmp_path,
        "# Crimean War\n\n## Why was the war run so badly?\n\n### Medical care\n\n"
        "* **Florence Nightingale** arrived at Scutari in **November 1854** with 38 nurses\n"
        "* **S: ...** (finish this!!)\n",
    )
    assert cards and not [c for c in cards if c.kind is CardKind.FACTOR]


def test_one_line_of_or_alternatives_gives_the_first_as_the_link(tmp_path: Path) -> None:
    (card,) = [
        c
        for c in _cards(
            tmp_path,
            "# Cold War\n\n## Why did tension increase?\n\n### Korean War\n\n"
            "* North Korea invaded the South on **25 June 1950**\n\n"
            "**S: It turned the Cold War hot OR it showed the USA would fight**\n",
        )
        if c.kind is CardKind.FACTOR
    ]
    assert card.back.startswith("It turned the Cold War hot") and " OR " not in card.back


def test_exam_technique_gives_no_card_and_a_count_is_asked_without_its_list(tmp_path: Path) -> None:
    by = _answers(
        _cards(
            tmp_path,
            "# Cold War\n\n## Berlin\n\n"
            "* Germany split into **4 zones** after 1945 (USA, UK, France, USSR)\n"
            "* West merged their zones → **Bizonia** (1947) then Trizonia (1949)\n"
            "* 16 mark Qs → pick **2–3 factors**, each with evidence\n",
        )
    )
    assert "Bizonia" not in by and "2–3 factors" not in by
    assert "1947" in by
    # The bracket that counts the zones gives their number away; without it, it is asked.
    assert by["4 zones"].front.endswith(f"Germany split into {BLANK} after 1945")


def test_a_label_on_many_rows_asks_no_short_cell_by_the_label_alone(tmp_path: Path) -> None:
    cards = _cards(
        tmp_path,
        "# Macbeth\n\n## Quotes\n\n| Character | Key quote | Act/Scene |\n|---|---|---|\n"
        '| Macbeth | "Stars, hide your fires" | 1.4 |\n'
        '| Macbeth | "Full of scorpions" | 3.2 |\n'
        '| Duncan | "There\'s no art" | 1.4 |\n',
    )
    scenes = {c.front for c in cards if answer_of(c) in ("1.4", "3.2")}
    # Macbeth speaks on many rows: which scene? The quote says, when it is long enough.
    assert scenes == {
        "Duncan — Act/Scene: [...]",
        'Macbeth ("Stars, hide your fires") — Act/Scene: [...]',
    }


def test_an_example_after_eg_is_not_asked_even_marked(tmp_path: Path) -> None:
    by = _answers(
        _cards(
            tmp_path,
            "# Genetics\n\n## Alleles\n\n"
            "- dominant alleles are written in capitals, such as **Bb** or **BB** in a cross\n"
            "- pump: **3** Na⁺ out for every **2** K⁺ in\n",
        )
    )
    assert "Bb" not in by and "BB" not in by
    assert "3" in by  # a colon ends the examples


def test_a_grid_of_symbols_gives_no_card(tmp_path: Path) -> None:
    cards = _cards(
        tmp_path,
        "# Genetics\n\n## Punnett squares\n\n|  | **T** | **t** |\n|---|---|---|\n"
        "| **T** | TT | Tt |\n| **t** | Tt | tt |\n",
    )
    assert not cards


def test_a_term_is_asked_from_the_clause_that_defines_it(tmp_path: Path) -> None:
    cards = _cards(
        tmp_path,
        "# Plates\n\n## Margins\n\n"
        "- Subduction happens where the heavy plate meets a lighter one at a trench\n"
        "- the denser oceanic plate sinks under the continental plate = **subduction**\n",
    )
    asked = [c for c in cards if answer_of(c) == "subduction"]
    assert len(asked) == 1
    assert asked[0].front.endswith(f"the continental plate = {BLANK}")
    assert any(f"{BLANK} happens where" in alt.front for alt in asked[0].alternates)


def test_a_practice_question_or_worked_example_gives_no_card(tmp_path: Path) -> None:
    cards = _cards(
        tmp_path,
        "# Electricity\n\n## Ohm's law\n\n"
        "- Q: A 12 V battery is connected to a 4 Ω resistor. Find the current.\n"
        "- Worked example: stroke volume = 70 cm³, heart rate = 72 bpm\n"
        "- Resistance is measured in ohms, named after Georg Ohm in 1827\n",
    )
    assert {answer_of(c) for c in cards} == {"1827"}


def test_a_word_on_the_same_rare_root_or_the_country_gives_the_answer_away() -> None:
    assert leaks("Coccygeal", f"{BLANK} — Where: bottom; special: the coccyx (tailbone)")
    assert leaks("nucleolus", f"Nucleus – holds DNA: {BLANK} inside = makes ribosomal RNA")
    assert leaks("Dutch", f"William was {BLANK}, the Stadtholder of the Netherlands")
    assert not leaks("chromatids", f"each chromosome splits into two {BLANK}")
    assert not leaks("Electronegativity", f"{BLANK} – pulls the bonding pair of electrons")


def test_a_gloss_an_everyday_opening_word_and_a_bracketed_list_item_are_not_asked(
    tmp_path: Path,
) -> None:
    assert "Reissued" not in _terms("Reissued in 1688 and James ordered it read in churches")
    cards = derive_cards(
        load_notebook(
            write_notes(
                tmp_path,
                {
                    "coasts.md": "# Coasts\n\n## Mass movement\n\n"
                    "- Slumping (common on clay cliffs when saturated), rockfall, sliding\n"
                },
            )
        )
    )
    assert "rockfall" not in {answer_of(c) for c in cards}


def test_a_numbered_file_name_gives_its_words_as_the_title(tmp_path: Path) -> None:
    notebook = load_notebook(
        write_notes(tmp_path, {"r9_03_crusades.md": "causes\n- Pope Urban II preached in 1095\n"})
    )
    assert notebook.pages[0].title == "Crusades"


def test_a_measure_is_no_year_and_a_sequence_event_names_its_subject(tmp_path: Path) -> None:
    cards = _cards(
        tmp_path,
        "# Waves\n\n## Units\n\n- 1 kHz = 1000 Hz, ultrasound is above 20 kHz\n",
    )
    assert not any(c.kind is CardKind.DATE_CLOZE for c in cards)
    from notedeck.derive.cards import _is_event, _without_date

    assert _without_date("Anne got pregnant in late 1532", 26, 30) == "Anne got pregnant"
    assert not _is_event("The larger ones were closed")
    assert _is_event("The rest of the Politburo removed Bukharin")


def test_a_cited_study_an_epithet_and_a_year_beside_a_later_price_are_asked() -> None:
    assert {"Rotter"} <= _terms("locus of control (Rotter, 1966) – internals resist more")
    assert "Peter the Hermit" in _terms("the first wave was led by Peter the Hermit, badly")
    assert "Moscow the KPD" not in _terms("On orders from Moscow the KPD attacked the SPD")
    line = "founded in 2008, bought by Microsoft in 2018 for $7.5 billion"
    cards = [c for c in clozes(to_plain(line), None, "GitHub", PageNames()) if c.answer == "2008"]
    assert cards, "the founding year stands in its own clause"
    stats = "rose from 6.7% in 1964 to 59.8% in 1970"
    assert not [c for c in clozes(to_plain(stats), None, "Vote", PageNames()) if "19" in c.answer]


def test_a_list_of_unlike_items_is_not_a_list_of_peers() -> None:
    line = "Pope Urban II → Council of Clermont, Nov 1095, preached the crusade"
    answers = {c.answer for c in clozes(to_plain(line), None, "Crusades", PageNames())}
    assert {"Council of Clermont", "Nov 1095"} <= answers


def test_a_term_named_after_equals_and_a_syllabus_point_in_the_title(tmp_path: Path) -> None:
    cards = _cards(
        tmp_path,
        "# Data Structures (Unit 1.4.2)\n\n## Stacks\n\n"
        "- trying to push onto a full stack = **stack overflow**\n"
        "- dumped when the ice melts, all mixed up = **till**\n"
        "- **ablation** = outputs, melting, evaporation/sublimation and calving\n",
    )
    assert {"stack overflow", "till", "ablation"} <= set(_answers(cards))
    assert to_plain("if accumulation > ablation it advances").text.count(">") == 1


def test_a_table_value_every_row_shares_is_not_asked_and_a_numbered_row_names_its_table(
    tmp_path: Path,
) -> None:
    rows = "".join(f"| {n}th | 1791 | right number {n} of the citizen |\n" for n in range(4, 8))
    cards = _cards(
        tmp_path,
        "# US Constitution\n\n## The Bill of Rights\n\n| No. | Year | What it says |\n"
        "|---|---|---|\n" + rows + "| 8th | 1791 | no **cruel and unusual punishment** |\n",
    )
    assert not [c for c in cards if answer_of(c) == "1791"]
    asked = _answers(cards)["cruel and unusual punishment"]
    assert asked.front.startswith("The Bill of Rights: 8th — What it says:")


def test_a_plural_possessive_stays_inside_a_name() -> None:
    assert "Bishops' Wars" in _terms("This led to the Bishops' Wars, which Charles lost")


def test_a_definition_line_asks_the_meaning_as_well_as_the_term(tmp_path: Path) -> None:
    cards = _cards(
        tmp_path,
        "# Bonding\n\n## Ionic bonding\n\n"
        "- **Ionic bond** = strong electrostatic attraction between oppositely charged ions\n"
        "- **LIFO** = Last In, First Out (think a stack of plates)\n"
        "- Chlorine = green gas, bromine = red-brown liquid, iodine = grey solid\n"
        "- Downside: it takes ages to set up the apparatus properly\n"
        "- each one = phosphate + sugar + one base\n",
    )
    meanings = {c.front: answer_of(c) for c in cards if c.front.endswith(f"= {BLANK}")}
    assert meanings == {
        f"Ionic bond = {BLANK}": "strong electrostatic attraction between oppositely charged ions",
        f"LIFO = {BLANK}": "Last In, First Out",
    }


def test_a_well_known_place_is_not_asked_through_its_possessive() -> None:
    assert "Europe" not in _terms("around a third of Europe's population, maybe 25 million")


def test_a_compound_is_given_away_by_its_first_part() -> None:
    assert leaks("freeze-thaw weathering", f"{BLANK} – water gets into cracks, freezes, expands")
    assert not leaks("P-waves", f"Longitudinal waves: sound waves, {BLANK}")


def test_a_list_ellipsis_and_a_comparison_leave_a_line_cardable() -> None:
    assert to_plain("**Group 1 = alkali metals** (Li, Na, K ...)").text == (
        "Group 1 = alkali metals (Li, Na, K)"
    )
    line = to_plain("if accumulation > ablation the glacier **advances**")
    assert [c.answer for c in clozes(line, None, "Glacial budget", PageNames())] == ["advances"]


def test_names_places_units_and_glosses_from_the_eighth_batch_of_pages() -> None:
    assert "villeins" in _terms("villeins (serfs) still had to work the lord's land")
    assert "St Albans" in _terms("john ball was hanged at St Albans 15 july 1381")
    assert "Marinus van der Lubbe" in _terms("a Dutch communist, Marinus van der Lubbe, was held")
    plain = to_plain("Main god: **Huitzilopochtli**, god of the sun and war")
    assert [c.answer for c in clozes(plain, None, "Religion", PageNames())] == ["Huitzilopochtli"]
    force = to_plain("a 1200 kg car needs a resultant force of 2400 N")
    assert "2400 N" in {c.answer for c in clozes(force, None, "Forces", PageNames())}


def test_a_line_quoting_a_question_is_not_a_practice_question(tmp_path: Path) -> None:
    cards = _cards(
        tmp_path,
        "# Revolt\n\n## Ball\n\n"
        '- famous sermon at Blackheath: "When Adam delved and Eve span, who was then the '
        'gentleman?"\n'
        "- Exam q's - the poll tax was the main cause, how far do u agree (16 marks)\n",
    )
    assert {answer_of(c) for c in cards} == {"Blackheath"}


def test_a_world_war_year_and_a_worked_example_give_no_card() -> None:
    def answers(line: str) -> set[str]:
        return {c.answer for c in clozes(to_plain(line), None, "Context", PageNames())}

    assert "1945" not in answers("Written by J.B. Priestley in 1945, right at the end of WW2")
    assert "1 September 1939" in answers("Germany invaded Poland on 1 September 1939, starting WW2")
    assert not answers("e.g. pushing a box with 50 N for 4 m = 200 J of work")
    assert not answers("worked ex: spring k = 40 N/m stretched by 0.1 m")  # labelled so
    assert not answers("worked ex: a 2 kg ball moving at 3 m/s")
    assert "128" in answers("ASCII uses 7 bits → 128 characters (extended ASCII: 8 bits = 256)")


def test_a_family_the_page_is_about_is_not_asked_in_the_plural(tmp_path: Path) -> None:
    points = "".join(f"- Mr Birling says thing number {n} at dinner\n" for n in range(9))
    cards = _cards(
        tmp_path,
        "# An Inspector Calls\n\n## Class\n\n"
        + points
        + "- the Birlings think they're above Eva\n",
    )
    assert "Birlings" not in {answer_of(c) for c in cards}


def test_advice_on_marks_gives_no_card() -> None:
    line = to_plain('Say "hegemonic empire" for extra marks.')
    assert not list(clozes(line, None, "Mrs Alvarez says", PageNames()))


def test_a_cue_loses_a_trailing_ellipsis_and_a_label(tmp_path: Path) -> None:
    cards = _cards(
        tmp_path,
        "# Weimar\n\n## Problems...\n\n- Causes…:\n"
        "  - the Ruhr was occupied by French troops in 1923\n",
    )
    shown = [c.front.replace(BLANK, "") for c in cards]
    assert shown and all("…" not in f and "..." not in f for f in shown)
    assert cards[0].front.startswith("Weimar — Problems — Causes: ")


def test_a_named_example_the_student_marked_is_asked() -> None:
    def answers(line: str) -> set[str]:
        return {c.answer for c in clozes(to_plain(line), None, "Glaciers", PageNames())}

    assert "Windermere" in answers("**ribbon lake** – long thin lake, e.g. **Windermere**")
    assert "Bb" not in answers("Heterozygous = two different alleles (e.g. **Bb**)")
    assert "Rome" not in answers("capitals, e.g. **Paris**, **Rome** and **Madrid**, grew")


def test_a_lower_case_expansion_a_regnal_numeral_and_a_timeline_row(tmp_path: Path) -> None:
    assert "James I" in _terms("In 1603 James I becomes king of England")
    cards = _cards(
        tmp_path,
        "# CPU\n\n## Parts\n\n"
        "- ALU (arithmetic logic unit) – does the calculations and the logical comparisons\n\n"
        "## His life\n\n| Year | What happened |\n|---|---|\n"
        "| 1594 | joins the **Lord Chamberlain's Men** acting company |\n"
        "| 1599 | the Globe Theatre is built on the south bank of the Thames |\n",
    )
    by = _answers(cards)
    assert by["arithmetic logic unit"].front.endswith(f"ALU stands for {BLANK}")
    assert "1594 — What happened: joins the" in by["Lord Chamberlain's Men"].front


def test_a_header_of_symbols_stays_off_the_card(tmp_path: Path) -> None:
    cards = _cards(
        tmp_path,
        "# Attachment\n\n## Strange Situation types\n\n| Type | % | What the baby does |\n"
        "|---|---|---|\n| Secure (Type B) | 66% | explores using mum as a secure base |\n"
        "| Avoidant (Type A) | 22% | ignores mum when she leaves and returns |\n",
    )
    fronts = [c.front for c in cards if answer_of(c) == "66%"]
    assert fronts == [f"Secure (Type B) — Strange Situation types (%): {BLANK}"]
    assert not any("%:" in c.front for c in cards)


def test_an_optional_plural_goes_with_its_word() -> None:
    line = to_plain("Primary key = **attribute(s)** that uniquely identify each row")
    cards = list(clozes(line, None, "Keys", PageNames()))
    assert [c.answer for c in cards] == ["attribute(s)"]
    assert markup_in(cards[0].front) is None
    # and a sub-clause's letter with its section: `[...](b)` would read as a link
    line = to_plain("The court struck down Section 4(b) of the Voting Rights Act in 2013")
    cards = list(clozes(line, None, "Shelby County v. Holder", PageNames()))
    assert "Section 4(b)" in [c.answer for c in cards]
    assert not any(markup_in(c.front) for c in cards)


def test_a_course_code_in_a_title_does_not_read_as_a_version(tmp_path: Path) -> None:
    """`(OCR A Level 1.2.1)` looks like `v1.2.1`: the cards cued by the title were dropped as
    documentation; now the cue goes without the code, emoji or aside."""
    cards = _cards(
        tmp_path,
        "# Operating Systems 💻 (OCR A Level 1.2.1)\n\n## Memory management\n\n### Paging\n\n"
        "- memory is split into fixed size blocks called **pages**\n",
    )
    fronts = [c.front for c in cards if answer_of(c) == "pages"]
    assert fronts == [
        f"Operating Systems — Paging: Memory is split into fixed size blocks called {BLANK}"
    ]


def test_a_definition_named_by_every_heading_is_asked_without_one(tmp_path: Path) -> None:
    cards = _cards(
        tmp_path,
        "# Urbanisation\n\n## Key words\n\n"
        "- **Counter-urbanisation** = people moving out of cities altogether into villages and "
        "the countryside\n",
    )
    fronts = {c.front for c in cards if answer_of(c) == "Counter-urbanisation"}
    assert fronts == {
        f"{BLANK} = people moving out of cities altogether into villages and the countryside"
    }
    # `counter` is not given away by `countryside`
    assert not leaks("Counter-urbanisation", f"{BLANK} = people moving into the countryside")


def test_a_table_row_named_like_others_is_told_apart_by_what_it_says(tmp_path: Path) -> None:
    cards = _cards(
        tmp_path,
        "# Olympics\n\n## Hosts\n\n| Year | City | Country | Why it matters |\n|---|---|---|---|\n"
        "| 1900 | Paris | France | first Games where **women** competed |\n"
        "| 1924 | Paris | France | Chariots of Fire Games (Eric Liddell) |\n"
        "| 1936 | Berlin | Germany | Nazi propaganda, first **torch relay** |\n"
        "| 1940 / 1944 | - | - | cancelled - WW2 |\n",
    )
    fronts = {c.front for c in cards}
    assert f"Paris (first Games where women competed) — Year: {BLANK}" in fronts
    assert f"Paris (Chariots of Fire Games) — Year: {BLANK}" in fronts
    assert not any(f.startswith("Paris") and "Country" in f for f in fronts)  # France on both
    # a name on one row is told apart too: a city's year is the year of what?
    assert f"Berlin (Nazi propaganda, first torch relay) — Year: {BLANK}" in fronts
    assert not any("1940" in f or "1944" in answer_of(c) for c in cards for f in [c.front])


def test_a_pronoun_opening_a_sentence_stands_for_the_subject_before_it() -> None:
    text = (
        "The Tsar dissolved the Duma in 1906 after weeks. "
        "His ministers then changed the voting law in 1907."
    )
    assert [text[w.start : w.end] for w in windows(text)][-1].startswith("ministers then changed")
    assert windows(text)[-1].subject == "The Tsar's"
    line = to_plain(text)
    fronts = {c.front for c in clozes(line, None, "Russia", PageNames())}
    assert f"Russia: The Tsar's ministers then changed the voting law in {BLANK}." in fronts


def test_an_acronym_series_and_vague_label_are_caught() -> None:
    assert leaks("operating system", f"What is an OS: The {BLANK} manages the hardware")
    assert not leaks("operating system", f"Computers: The {BLANK} manages the hardware")
    assert leaks("400", f"Half-life: 1600 → 800 → {BLANK} → 200")
    assert leaks("200", f"Half-life: 1600 → 800 → 400 → {BLANK}")
    line = to_plain("others: cosmic rays, food and drink, medical X-rays, Chernobyl (1986) fallout")
    fronts = {c.front for c in clozes(line, None, "Background radiation", PageNames())}
    assert fronts and all(f.startswith("Background radiation: ") for f in fronts)


def test_spaced_initials_and_a_bodys_purpose_stay_inside_a_name() -> None:
    assert "F. W. de Klerk" in _terms("In 1990 F. W. de Klerk freed Nelson Mandela")
    assert "International Campaign to Ban Landmines" in _terms(
        "the International Campaign to Ban Landmines won in 1997"
    )
    assert not any("to France" in t for t in _terms("troops went from Britain to France in 1940"))


def test_a_bare_label_takes_its_heading_and_a_name_is_not_a_meaning(tmp_path: Path) -> None:
    fronts = _fronts(
        tmp_path,
        "# The Inca Empire – revision notes\n\n## Basics\n\n"
        "- Capital city: [[Cusco]] (in modern Peru), high in the Andes\n"
        "- Road network = Qhapaq Ñan, about **40,000 km** of roads\n\n"
        "## Main table\n\n| Year | Winner | Country |\n|---|---|---|\n"
        "| 1993 | Nelson Mandela and F. W. de Klerk | South Africa |\n",
    )
    assert fronts["Cusco"].startswith("The Inca Empire — Basics: Capital city: ")
    assert "Qhapaq Ñan, about 40,000 km of roads" not in fronts  # no `Road network = [...]`
    assert fronts["South Africa"].startswith("The Inca Empire: 1993 — Country: ")


def test_a_two_word_label_and_its_value_make_a_card_but_not_a_worked_answer(
    tmp_path: Path,
) -> None:
    fronts = _fronts(
        tmp_path,
        "# DNA\n\n## Structure\n\n- monomers = **nucleotides**\n\n## Half-life\n\n"
        "- a sample drops from 800 Bq to 400 Bq in 2 hours\n- answer = **200 Bq**\n",
    )
    assert fronts["nucleotides"] == f"DNA — Structure: Monomers = {BLANK}"
    assert "200 Bq" not in fronts


def test_a_comparison_row_is_not_asked_by_its_everyday_label(tmp_path: Path) -> None:
    cards = _cards(
        tmp_path,
        "# Translators\n\n## Compared\n\n| | Compiler | Interpreter |\n|---|---|---|\n"
        "| Errors | all listed at the end | stops at the first error |\n"
        "| Speed of running | fast | slower |\n\n"
        "## Quotes\n\n| Character | Key quote | Act/Scene |\n|---|---|---|\n"
        '| Captain | "For brave Macbeth – well he deserves that name" | 1.2 |\n'
        '| Banquo | "The instruments of darkness tell us truths" | 1.3 |\n',
    )
    answers = {answer_of(c) for c in cards}
    assert not answers & {"Errors", "Speed of running"}
    assert "Captain" in answers  # a character's name, under a header that says so


def test_untidy_dates_clause_breaks_and_regnal_numbers() -> None:
    assert "29 oct 1956" in {
        c.answer
        for c in clozes(to_plain("29 oct 1956 israel invaded Sinai"), None, "Suez", PageNames())
    }
    terms = _terms("French cannon killed the English commander John Talbot, and Gascony was lost")
    assert "John Talbot" in terms  # `, and` opens a clause: no pair `John Talbot, and Gascony`
    assert not leaks("Constantine XI", f"The last Byzantine emperor, {BLANK}, died on the walls")
    assert leaks("endocytosis", f"the opposite of exocytosis is {BLANK}")
    assert leaks("Henry VI", f"Henry V died in 1422, leaving a baby son, {BLANK}")


def test_a_persons_year_in_a_table_says_what_it_is_the_year_of(tmp_path: Path) -> None:
    fronts = _fronts(
        tmp_path,
        "# Scientists\n\n## Discoveries\n\n| Scientist | Country | Discovery | Year |\n"
        "|---|---|---|---|\n| Michael Faraday | England | electromagnetic induction | 1831 |\n"
        "| Treaty of Paris | France | ended the Seven Years War | 1763 |\n",
    )
    assert fronts["1831"] == f"Michael Faraday (electromagnetic induction) — Year: {BLANK}"
    assert fronts["1763"] == f"Treaty of Paris — Year: {BLANK}"  # an event's date is its own


def test_a_rare_word_the_line_introduces_is_asked() -> None:
    assert "chevauchée" in _terms("A chevauchée was a mounted raid that burned crops and villages")
    assert "devshirme" in _terms(
        "recruited through the devshirme - Christian boys from the Balkans"
    )
    assert "chasquis" in _terms("relay runners called chasquis carried messages across the empire")
    # everyday words, in any form, after a dash or `called`, are not terms
    assert "integrations" not in _terms("install one of the integrations - we support Okta")
    assert "headings" not in _terms("use descriptive headings - predictable anchors help")


def test_a_result_column_asks_its_cells_whole(tmp_path: Path) -> None:
    fronts = _fronts(
        tmp_path,
        "# Chemical tests\n\n## Flame tests\n\n| Ion | Method | Result |\n|---|---|---|\n"
        "| Lithium ion (Li⁺) | flame test with a nichrome wire loop | crimson flame |\n"
        "| Potassium ion (K⁺) | flame test | lilac flame |\n",
    )
    assert fronts["crimson flame"] == f"Lithium ion (Li⁺) — Result: {BLANK}"
    assert "flame test" not in fronts  # a method column's everyday words stay unasked


def test_a_clause_on_the_canal_or_the_empire_takes_its_heading() -> None:
    line = to_plain("approx 2/3 of western europe's oil went thru the canal!!")
    fronts = {c.front for c in clozes(line, None, "Suez Crisis — Background", PageNames())}
    assert fronts == {
        f"Suez Crisis — Background: Approx {BLANK} of western europe's oil went thru the canal!!"
    }
    named = to_plain("The Treaty of Versailles in 1919 blamed Germany for the war in Article 231")
    assert all(
        not c.front.startswith("Peace")
        for c in clozes(named, None, "Peace", PageNames())
        if c.answer != "1919"
    )


def test_a_bracket_glossing_a_name_is_not_asked() -> None:
    line = to_plain("Monteagle showed it to Robert Cecil (Earl of Salisbury, secretary of state)")
    answers = {c.answer for c in clozes(line, None, "Gunpowder Plot", PageNames())}
    assert "Robert Cecil" in answers and "Earl of Salisbury" not in answers
    estates = to_plain("huge estates (latifundia) were worked by slaves brought back from the wars")
    assert {c.answer for c in clozes(estates, None, "Rome", PageNames())} == {"latifundia"}


def test_a_note_to_self_gives_no_card_but_a_price_in_marks_does() -> None:
    def answers(line: str) -> set[str]:
        return {c.answer for c in clozes(to_plain(line), None, "Inventions", PageNames())}

    assert not answers("the telescope?? ask Mr K if Galileo counts as an inventor")
    assert not answers("maybe a table of inventions by women - Ada Lovelace, Kevlar 1965")
    assert not answers("(AQA spec A - need quotes for the 12 markers!!)")
    assert "150,000 marks" in answers("Richard was captured and ransomed for 150,000 marks")


def test_a_ranked_table_names_each_row_by_its_name_not_its_rank(tmp_path: Path) -> None:
    fronts = _fronts(
        tmp_path,
        "# Highest mountains – quiz club revision 🏔️\n\n"
        'There are **14 "eight-thousanders"**, all in the Himalaya and Karakoram ranges.\n\n'
        "## The top 10\n\n| Rank | Mountain | Height (m) | First climbed by |\n"
        "|---|---|---|---|\n| 1 | Everest | 8,849 | Edmund Hillary and Tenzing Norgay |\n"
        "| 2 | K2 | 8,611 | Lino Lacedelli and Achille Compagnoni |\n"
        "| 9 | Nanga Parbat | 8,126 | Hermann Buhl |\n",
    )
    assert fronts["8,611"] == f"K2 — Height (m): {BLANK}"
    assert fronts["Hermann Buhl"] == f"Nanga Parbat — First climbed by: {BLANK}"
    # The page's title is its first section's heading too: said once, without its tail.
    assert fronts["Karakoram"].startswith("Highest mountains: There are 14")


def test_an_abbreviation_ends_no_sentence() -> None:
    line = to_plain("1520: wrote pamphlets, incl. To the Christian Nobility of the German Nation")
    fronts = {c.front for c in clozes(line, None, "Luther", PageNames())}
    assert any(f.endswith("incl. To the Christian Nobility of the German Nation") for f in fronts)


def test_a_plural_showing_the_root_of_a_rare_answer_is_a_leak() -> None:
    assert leaks("Iconoclasm", f"{BLANK} = destroying religious images (icons)")
    assert leaks("Imamah", f"Tawhid, {BLANK} (leadership by the Imams)")
    # not `Linus` for `Linux`, nor `electrons` for `electronegativity`
    assert not leaks("Linux", f"Linus Torvalds wrote the {BLANK} kernel")
    assert not leaks("electronegativity", f"{BLANK}: how strongly an atom pulls electrons")


def test_a_name_head_opening_the_line_stays_in_the_name() -> None:
    line = to_plain("Battle of **Manzikert** 1071: Emperor Romanos IV defeated by the Seljuk Turks")
    answers = {c.answer for c in clozes(line, None, "Byzantine Empire", PageNames())}
    assert "Battle of Manzikert" in answers and "of Manzikert" not in answers


def test_a_callout_titled_with_a_question_is_not_the_cue(tmp_path: Path) -> None:
    cards = _cards(
        tmp_path,
        "# Byzantine Empire\n\n## Overview\n\n> [!note] What is it?\n"
        "> The Eastern half of the Roman Empire carried on after the West fell in 476. "
        "Its capital was **Constantinople**, founded by Constantine in 330.\n",
    )
    (card,) = [c for c in cards if answer_of(c) == "330"]
    assert not card.front.startswith("What is it?")


def test_a_defined_everyday_word_is_asked_from_its_meaning(tmp_path: Path) -> None:
    fronts = _fronts(
        tmp_path,
        "# Food security\n\n## Key words\n\n"
        "- Malnutrition = eating the wrong balance of nutrients (too much or too little)\n"
        "- Lord Mayor = Sir Thomas Bloodworth, who did not take the fire seriously\n",
    )
    assert fronts["Malnutrition"].endswith(f"{BLANK} = eating the wrong balance of nutrients")
    assert "Lord Mayor" not in fronts  # a name is not what a word means


def test_who_led_it_in_a_bracket_and_a_titled_building_are_asked_whole() -> None:
    line = to_plain("The Irgun (led by Menachem Begin) bombed the King David Hotel on 22 July 1946")
    answers = {c.answer for c in clozes(line, None, "Zionist violence", PageNames())}
    assert {"Menachem Begin", "King David Hotel"} <= answers
    assert "David Hotel" not in answers
    gate = to_plain("NOT - one input, flips it (also called an inverter)")
    assert "inverter" in {c.answer for c in clozes(gate, None, "Logic gates", PageNames())}


def test_a_day_range_in_words_is_one_date() -> None:
    line = to_plain("The Six-Day War lasted from 5 to 10 June 1967")
    answers = {c.answer for c in clozes(line, None, "Arab-Israeli wars", PageNames())}
    assert "5 to 10 June 1967" in answers and "10 June 1967" not in answers


def test_an_aside_that_gives_the_answer_away_is_left_off_the_front() -> None:
    line = to_plain("solid straight to gas = **sublimation** (e.g. dry ice sublimes at −78 °C)")
    fronts = {c.answer: c.front for c in clozes(line, None, "Changes of state", PageNames())}
    assert fronts["sublimation"] == f"Changes of state: Solid straight to gas = {BLANK}"


def test_a_figure_with_spaced_thousands_and_a_compound_unit_is_one_answer() -> None:
    line = to_plain("for water: L of fusion = 334 000 J/kg, L of vaporisation = 2 260 000 J/kg")
    answers = {c.answer for c in clozes(line, None, "Specific latent heat", PageNames())}
    assert {a for a in answers if a[0].isdigit()} == {"334 000 J/kg", "2 260 000 J/kg"}


def test_a_marked_term_inside_a_list_of_aims_and_after_finger_like_is_asked() -> None:
    aims = "Aims: destroy Versailles, unite all German speakers, and win **Lebensraum** in the East"
    assert "Lebensraum" in _clozed(aims)
    assert "villi" in _clozed("Inner wall covered in millions of finger-like **villi**")
    assert "Belgium" not in _clozed("Invaded France, Belgium, the Netherlands and Luxembourg")


def test_a_line_defining_its_headings_subject_is_asked(tmp_path: Path) -> None:
    fronts = _fronts(
        tmp_path,
        "# Object-oriented programming (OOP) — A level CS 1.2.4\n\n## Classes vs objects\n\n"
        "- a **class** is a template / blueprint that defines the attributes and methods\n"
        "- an **object** is an instance of a class\n",
    )
    assert fronts["class"] == (
        f"Object-oriented programming: A {BLANK} is a template / blueprint that defines the "
        "attributes and methods"
    )
    assert fronts["object"] == f"An {BLANK} is an instance of a class"


def test_big_o_notation_is_a_term() -> None:
    assert _clozed("time complexity O(n log n) in every case") == {"O(n log n)"}
    assert "O(log n)" in _clozed("binary search is O(log n) because the list halves every step")


def test_a_compound_in_words_is_one_term_and_a_figure_before_a_unit_no_name() -> None:
    assert "calcium carbonate" in _clozed("marble chips (calcium carbonate) + HCl → CO₂ given off")
    assert "sulfur dioxide" in _clozed("sulfur dioxide is toxic → do it in a ventilated room")
    assert "200 atm" in _clozed("Haber process: N₂ + 3H₂ ⇌ 2NH₃, 450 °C, 200 atm, iron catalyst")
    assert "SA 6" not in _clozed("a 1 cm cube has SA 6 cm² and volume 1 cm³ so SA:V = 6:1")


def test_an_equation_in_symbols_is_one_term_asked_from_its_words(tmp_path: Path) -> None:
    fronts = _fronts(
        tmp_path,
        "# Forces\n\n## Laws of motion\n\n"
        "- Newton's second law: resultant force = mass × acceleration, **F = m a**\n\n"
        "## Specific heat capacity\n\n- ⭐ ΔE = m c Δθ\n- if f = 0.5 Hz then T = 2 s\n",
    )
    assert fronts["F = m a"].endswith(f"resultant force = mass × acceleration, {BLANK}")
    assert fronts["ΔE = m c Δθ"].endswith(f"Specific heat capacity — the equation: {BLANK}")
    assert "T = 2 s" not in fronts  # a value with its unit is no equation


def test_another_days_whole_date_gives_no_date_away() -> None:
    line = to_plain(
        "Invasion of Poland on 1 September 1939, Britain and France declared war on "
        "3 September 1939"
    )
    answers = {c.answer for c in clozes(line, None, "Hitler's foreign policy", PageNames())}
    assert {"1 September 1939", "3 September 1939"} <= answers
    may = to_plain("May Days: fighting in Barcelona in May 1937")
    assert "May 1937" not in {c.answer for c in clozes(may, None, "Spain", PageNames())}


def test_a_glossary_of_dashed_lines_defines_its_terms(tmp_path: Path) -> None:
    organs = (
        "- Oesophagus – muscular tube that pushes food to the stomach\n"
        "- Small intestine – where digested food is absorbed into the blood\n"
        "- Gall bladder – stores bile and releases it into the small intestine\n"
    )
    cards = _cards(tmp_path, f"# Digestion\n\n## Organs (in order)\n\n{organs}")
    fronts = {c.front for c in cards}
    assert "Gall bladder = [...]" in fronts
    # the same line alone, among other notes, is no glossary
    alone = _cards(
        tmp_path / "alone",
        "# Digestion\n\n## Organs\n\n- Gall bladder – stores bile and releases it\n"
        "- the liver makes bile\n- bile breaks fat into droplets\n",
    )
    assert "Gall bladder = [...]" not in {c.front for c in alone}


def test_a_marked_count_is_asked_with_what_it_counts() -> None:
    line = to_plain("Nazis only get **12 seats** in the 1928 election")
    answers = {c.answer for c in clozes(line, None, "Weimar golden years", PageNames())}
    assert "12 seats" in answers and "12" not in answers


def test_a_pair_qualifying_a_noun_and_a_worked_example_give_no_garbled_card() -> None:
    assert "Charles V + Lutheran" not in _clozed("Charles V + Lutheran princes", "Augsburg")
    assert "Kamenev and Zinoviev" in _clozed("Kamenev and Zinoviev were both expelled", "Stalin")
    assert not _clozed("10 g of NaOH in 250 cm³ → 10 ÷ 0.25 = 40 g/dm³", "Concentration")


def test_a_country_the_page_names_by_its_people_is_an_anchor(tmp_path: Path) -> None:
    points = "".join(
        f"- the Spanish army took town number {n} in 15{70 + n}\n" for n in range(1, 8)
    )
    cards = _cards(
        tmp_path,
        f"# Dutch Revolt\n\n## Timeline\n\n{points}"
        "- Philip II inherited the Netherlands along with Spain in 1555\n",
    )
    assert "Spain" not in {answer_of(c) for c in cards}


def test_a_line_left_mid_list_gives_a_front_without_its_trailing_comma(tmp_path: Path) -> None:
    by = _answers(
        _cards(
            tmp_path,
            "# Crimean War\n\n## Impact on Britain\n\n### Army reform\n\n"
            "* Cardwell reforms later (1868-74) — abolished the purchase of commissions in "
            "**1871**, \n",
        )
    )
    assert by["1871"].front.endswith("commissions in [...]")


def test_a_second_definition_on_a_line_is_not_cued_by_the_first(tmp_path: Path) -> None:
    """`LIC = …; HIC = …`: HIC is defined in its own clause, not asked under `LIC:`."""
    cards = _cards(
        tmp_path,
        "# Development gap\n\n## Measuring development\n\n"
        "- **GNI per capita** = gross national income ÷ population, in US$\n"
        "  - LIC = under ~$1,100 a year; HIC = over ~$13,800 (roughly - changes every year)\n",
    )
    asking_hic = [c for c in cards if answer_of(c) == "HIC"]
    assert asking_hic and not any(c.front.startswith("LIC") for c in asking_hic)


def test_a_year_and_its_short_form_or_an_old_spelling_give_each_other_away() -> None:
    assert "47" not in _clozed('1847 = "Black \'**47**" - hardly any potatoes were planted')
    line = to_plain('John Cabot reached **Newfoundland** ("**new founde lande**") in 1497')
    by = {c.answer: c.front for c in clozes(line, None, "Notes", PageNames())}
    assert "new founde lande" not in by
    assert by["Newfoundland"] == "John Cabot reached [...] in 1497"  # its old spelling left off


def test_a_column_of_units_is_asked_and_a_term_named_from_its_meaning_beats_its_heading(
    tmp_path: Path,
) -> None:
    """`magnetic flux density — unit: [...]` → tesla (T); `… feels a force = the [...]` asks
    the motor effect even under a heading that names it."""
    by = _answers(
        _cards(
            tmp_path,
            "# Magnetism\n\n## Motor effect (!!)\n\n"
            "- a wire carrying a current in a magnetic field feels a force = the **motor effect**"
            "\n\n| quantity | symbol | unit |\n|---|---|---|\n| force | F | newtons (N) |\n"
            "| magnetic flux density | B | tesla (T) |\n",
        )
    )
    assert by["tesla (T)"].front == "magnetic flux density — unit: [...]"
    assert by["motor effect"].front.endswith("feels a force = the [...]")


def test_a_chapter_and_verse_reference_is_one_answer_and_a_time_is_not_one() -> None:
    assert _clozed('Quote: "God is love" (1 John 4:8) - use for omnibenevolence') == {"1 John 4:8"}
    assert "Surah 50:16" in _clozed('Immanent - "closer than his jugular vein" (Surah 50:16)')
    assert "Monday 9:30" not in _clozed("The mock starts Monday 9:30 in the hall with Mendel")


def test_a_species_an_office_after_a_name_and_a_company_abbreviation_are_asked_whole() -> None:
    assert "Phytophthora infestans" in _clozed(
        "The blight was caused by a fungus-like mould, Phytophthora infestans, from America"
    )
    assert "Bile emulsifies" not in _clozed("Bile emulsifies fats into small droplets for lipase")
    assert "John Russell" in _clozed(
        "Lord John Russell PM and Charles Trevelyan were in charge of famine relief"
    )
    assert "Dutch East India Co." in _clozed(
        "Henry Hudson sailed for the Dutch East India Co. (1609), then for English merchants"
    )
    assert "462/461 BC" in _clozed("Ephialtes in 462/461 BC stripped the Areopagus of its powers")


def test_a_year_and_a_figure_across_an_arrow_are_two_facts() -> None:
    """`rose from 6.7% in 1964 to 59.8%` is about the figures; `found in 1956 → now ~90% of
    exports` tells two things, each asked."""
    asked = _clozed(
        "oil first found in the **Niger Delta** in 1956 → oil now ~90% of export earnings"
    )
    assert {"1956", "90%"} <= asked


def test_a_phrase_given_to_something_in_quotes_is_asked_but_not_a_one_word_gloss() -> None:
    asked = _clozed(
        'At Balaclava the Highlanders held off cavalry in a two-deep line = "the thin red line"'
    )
    assert "the thin red line" in asked
    assert "boss" not in _clozed('Central executive = the "boss", directs attention, limited')


def test_a_time_of_day_is_one_answer_and_a_misspelt_everyday_word_is_not_a_term() -> None:
    assert _clozed("first lifeboat lowered ~12:45am, loads went half empty") == {"12:45am"}
    assert "enviroment" not in _clozed(
        "ecosystems on the Han River harmed (enviroment), south might run short in droughts"
    )


def test_an_unfinished_link_and_an_unsure_table_cell_give_no_card(tmp_path: Path) -> None:
    cards = _cards(
        tmp_path,
        "# Civil War\n\n## Why the Union won\n\n### Lincoln's leadership\n\n"
        "* Emancipation Proclamation issued on **1 January 1863**\n"
        "* **S: ...finish this - something about Lincoln keeping the border states?**\n\n"
        "## Rivers\n\n| # | River | Length (km) | Source |\n|---|---|---|---|\n"
        "| 9 | Congo | 4,700 | Chambeshi River |\n| 10 | Amur | 4,444 | ?? (Mongolia, check) |\n",
    )
    assert not [c for c in cards if c.kind is CardKind.FACTOR]
    assert not [c for c in cards if "check" in c.front or "check" in c.back]
    assert "[...] — Rank: 10; Length (km): 4,444" in {c.front for c in cards}


def test_a_heading_that_dates_a_study_or_a_work_is_asked_but_not_a_themes_period(
    tmp_path: Path,
) -> None:
    cards = _cards(
        tmp_path,
        "# Memory\n\n## Types of memory store\n\n### Capacity – Miller (1956)\n\n"
        "* STM holds about 7 items, give or take 2\n\n"
        "### My Last Duchess – Robert Browning (1842)\n\n* a dramatic monologue\n\n"
        "## Reasons for Scottish success (1306-1328)\n\n### Guerrilla tactics\n\n"
        "* Bruce avoided pitched battles\n",
    )
    fronts = {c.front: answer_of(c) for c in cards}
    assert fronts["Types of memory store: Capacity – Miller ([...])"] == "1956"
    assert "Types of memory store: My Last Duchess – [...] (1842)" in fronts
    assert not [f for f in fronts if "Last Duchess" in fronts[f]]
    assert not [a for a in fronts.values() if a == "1306-1328"]


def test_a_narrow_range_beside_a_figure_gives_it_away() -> None:
    """The aside that pins the figure down is left off the front."""
    line = "Each person uses about **142 litres** per day (I think?? somewhere 140-150)"
    fronts = {c.front for c in clozes(to_plain(line), None, "Water", PageNames())}
    assert fronts == {"Water: Each person uses about [...] per day"}
    assert "1917" in _clozed("After the war of 1914-1918 the Tsar had already fallen in 1917")


def test_a_dated_name_before_a_spaced_dash_is_asked_its_year_and_code_keeps_its_case(
    tmp_path: Path,
) -> None:
    by = _answers(
        _cards(
            tmp_path,
            "# Research methods (Paper 2) ... the big one\n\n## Mitigation\n\n"
            "- **Paris Agreement** (2015) - keep warming below 2°C, nearly 200 countries signed\n"
            "- open(filename, mode) returns a **file object** you read from\n"
            '- Edison - 1879 - light bulb - think "Edison lit up \'79"\n',
        )
    )
    assert by["2015"].front.endswith(
        "Paris Agreement ([...]) - keep warming below 2°C, nearly 200 countries signed"
    )
    assert by["file object"].front.endswith("open(filename, mode) returns a [...] you read from")
    assert "1879" not in by
    assert not [c for c in by.values() if "..." in c.front.replace("[...]", "")]


def test_a_rare_word_is_a_term_to_hide_even_unmarked() -> None:
    assert "commutator" in _terms("carbon brushes press on the commutator to keep the contact")
    assert "tricuspid" in _terms("the tricuspid valve sits between right atrium and ventricle")
    # everyday words, descriptions and inflected verbs are not terms
    assert not _terms("the valve sits between the chambers of the heart")
    assert not _terms("the membrane is partially permeable to water")
    assert not _terms("the costliest storm in its history")


def test_a_rare_word_the_page_is_about_is_not_hidden(tmp_path: Path) -> None:
    fronts = _fronts(
        tmp_path,
        "# Electrolysis\n\n## History\n\n- Humphry Davy found sodium and potassium by "
        "electrolysis in 1807\n- carbon brushes press on the commutator to keep contact\n",
    )
    assert "commutator" in fronts and "electrolysis" not in fronts


def test_a_table_numbering_column_and_a_shared_category_ask_nothing(tmp_path: Path) -> None:
    by = _answers(
        _cards(
            tmp_path,
            "# Prime ministers\n\n## Since 1945\n\n| # | Prime Minister | Party | In office "
            "| Key event |\n|---|---|---|---|---|\n"
            "| 1 | Clement Attlee | Labour | 1945-1951 | NHS launched 1948 |\n"
            "| 2 | Winston Churchill | Conservative | 1951-1955 | rationing ended 1954 |\n"
            "| 3 | Anthony Eden | Conservative | 1955-1957 | Suez Crisis 1956 |\n\n"
            "## Elections\n\n| Year | Winner | PM after | Majority |\n|---|---|---|---|\n"
            "| 1951 | Con | Churchill | 17 |\n| 1955 | Con | Eden | 60 |\n"
            "| 1959 | Con | Macmillan | 100 |\n",
        )
    )
    assert {"1", "2", "3"}.isdisjoint(by) and "Con" not in by
    assert by["1945"].front.startswith("Clement Attlee")
    # the election rows are named by their year, not by the party they share
    assert by["60"].front == "1955 — Majority: [...]"


def test_a_row_described_by_a_list_keeps_its_name_in_every_window(tmp_path: Path) -> None:
    by = _answers(
        _cards(
            tmp_path,
            "# Prime ministers\n\n## Since 1945\n\n| Prime Minister | Party | In office "
            "| Key event |\n|---|---|---|---|\n"
            "| John Major | Conservative | 1990-1997 | signed the Maastricht Treaty 1992; "
            "Black Wednesday |\n",
        )
    )
    assert by["1990"].front.startswith("John Major (signed the Maastricht Treaty 1992)")


def test_a_role_is_neither_a_name_nor_a_numbered_title() -> None:
    assert {"MPs", "MPs 3"}.isdisjoint(_terms("the deal was voted down by MPs 3 times"))
    assert "Robert Kett" in _terms("Leader Robert Kett, a landowner who joined the protest")


def test_a_question_written_without_its_mark_states_no_fact(tmp_path: Path) -> None:
    fronts = _fronts(
        tmp_path,
        "# Peterloo\n\n## Unrest\n\n- why was there unrest 1815-19\n"
        "- How far was the Corn Law of 1815 to blame\n"
        "- why did the Luddites smash machines -> wages cut 1811\n",
    )
    assert "1815-19" not in fronts and "Corn Law" not in fronts
    assert "Luddites" in fronts  # a question answered on its own line is a note


def test_what_its_heading_names_a_line_does_not_ask(tmp_path: Path) -> None:
    # A blind judge kept 44 of 60 such cards against 18 of 20 others: "Vertical [...]
    # (downwards)" under `Erosion`, "[...] re-elected in November 1864" under `Lincoln`.
    fronts = _fronts(
        tmp_path,
        "# Rivers\n\n## Erosion\n\n- Vertical erosion (downwards) mostly in the upper course\n\n"
        "## Lincoln\n\n- Lincoln was re-elected in November 1864, beating George McClellan\n",
    )
    assert "erosion" not in fronts and "Lincoln" not in fronts
    assert "George McClellan" in fronts


def test_a_clause_opening_on_a_verb_and_its_object_takes_its_heading(tmp_path: Path) -> None:
    fronts = _fronts(
        tmp_path,
        "# Tropical storms\n\n## Case study 1: Typhoon Haiyan (Philippines)\n\n"
        "- hit the Philippines on 8 November 2013 (local name = Yolanda)\n"
        "- Haiyan hit Tacloban with a storm surge of 5 m\n",
    )
    assert fronts["8 November 2013"].startswith("Case study 1: Typhoon Haiyan")
    assert fronts["5 m"].startswith("Haiyan hit")  # it says what hit


def test_two_years_on_the_front_give_away_how_long_it_lasted() -> None:
    assert leaks("8 years", "Perkin Warbeck 1491-1499: his threat lasted [...]")
    assert leaks("3 years", "The Spanish Civil War 1936-39 lasted [...]")
    assert not leaks("2 years", "Perkin Warbeck 1491-1499: the revolt of 1487 lasted [...]")


def test_a_figure_in_scientific_notation_is_one_answer(tmp_path: Path) -> None:
    fronts = _fronts(
        tmp_path,
        "# Moles\n\n## Avogadro\n\n- 1 mole = the amount of substance containing **6.02 × 10²³** "
        "particles\n- all EM waves travel at 3 × 10⁸ m/s in a vacuum\n",
    )
    assert fronts["6.02 × 10²³"].endswith("containing [...] particles")
    assert "[...] in a vacuum" in fronts["3 × 10⁸ m/s"]


def test_a_gloss_that_gives_the_answer_away_is_left_off_the_front(tmp_path: Path) -> None:
    fronts = _fronts(
        tmp_path,
        "# Rivers\n\n## Waterfalls\n\n- hard layer = **Whin Sill** (dolerite/whinstone), soft "
        "layers underneath = limestone, sandstone + shale\n",
    )
    assert fronts["Whin Sill"] == (
        "Rivers: Hard layer = [...], soft layers underneath = limestone, sandstone + shale"
    )


def test_a_quoted_exam_question_is_neither_hidden_nor_a_meaning(tmp_path: Path) -> None:
    fronts = _fronts(
        tmp_path,
        '# Tudors\n\n## Exam\n\n> Usual question = "how serious a threat was X" or "why did '
        'rebellions fail". Always sort the causes.\n- Kett said "We will fight for the commons" '
        "at Mousehold Heath\n",
    )
    assert not any("how serious" in answer for answer in fronts)
    assert "Mousehold Heath" in fronts


def test_a_short_line_right_above_a_list_titles_its_points(tmp_path: Path) -> None:
    fronts = _fronts(
        tmp_path,
        "# Peterloo\n\n## Unrest\n\nCato Street Conspiracy Feb 1820\n- Arthur Thistlewood + co "
        "planned to murder the whole cabinet at dinner\n- a govt spy was involved "
        "(George Edwards)\n\nThe Six Acts were passed in 1819.\n- they banned meetings of over "
        "50 people\n",
    )
    assert fronts["George Edwards"] == (
        "Cato Street Conspiracy Feb 1820: A govt spy was involved ([...])"
    )
    assert not fronts["50"].startswith("The Six Acts")  # a sentence is no title


def test_a_cue_keeps_a_word_s_own_case_and_drops_a_leading_eg(tmp_path: Path) -> None:
    fronts = _fronts(
        tmp_path,
        "# Enzymes\n\n## pH\n\n- salivary amylase optimum roughly **pH 7**\n\n## Rates\n\n"
        "- eg. catalase breaks down hydrogen peroxide -> water + oxygen\n",
    )
    assert fronts["amylase"].startswith("Enzymes — pH: Salivary [...]")
    assert fronts["hydrogen peroxide"].startswith("Enzymes — Rates: Catalase breaks down [...]")


def test_a_rare_word_glossed_in_a_word_is_defined_both_ways(tmp_path: Path) -> None:
    fronts = {
        c.front
        for c in _cards(
            tmp_path,
            "# Christianity\n\n## God is\n\n- **omnipotent** - all-powerful\n"
            "- **dict** - key → value pairs\n- **holy** - sacred\n",
        )
    }
    assert "Christianity — God is: [...] = all-powerful" in fronts
    assert "Christianity — God is: omnipotent = [...]" in fronts
    assert not any("= key" in f or "dict = [...]" in f for f in fronts)  # a gloss cut short
    assert not any("= sacred" in f or "holy = [...]" in f for f in fronts)  # an everyday word


def test_a_one_word_term_is_defined_beside_its_heading(tmp_path: Path) -> None:
    cards = _cards(
        tmp_path,
        "# Weather\n\n## Key words\n\n- **Monsoon** - a seasonal wind that brings months "
        "of heavy rain\n",
    )
    meaning = next(c for c in cards if c.front.endswith("Monsoon = [...]"))
    assert meaning.front == "Weather — Key words: Monsoon = [...]"


def test_a_line_that_speaks_to_its_reader_hides_no_rare_word() -> None:
    assert "bootstrap" not in _terms("After signing in, you'll be able to bootstrap an integration")
    assert "commutator" in _terms("carbon brushes press on the commutator in the US design")


def test_a_line_with_no_subject_is_told_what_the_line_before_named(tmp_path: Path) -> None:
    """`Run by Empson and Dudley` goes on about the body the line before marks; a line that
    acts (`Moved money to the Chamber`) goes on about the heading's subject instead."""
    fronts = _fronts(
        tmp_path,
        "# Henry VII\n\n## Finance and royal income\n\n"
        "- **Council Learned in the Law** (set up 1495) chased up the king's debts\n"
        "- Run by Richard Empson and Edmund Dudley, both executed by Henry VIII in 1510\n"
        "- Moved money control away from the Exchequer to the Chamber, which was quicker\n",
    )
    assert fronts["Henry VIII"].startswith("Council Learned in the Law: Run by Richard Empson")
    assert not fronts["Exchequer"].startswith("Council Learned in the Law")


def test_a_line_that_opens_on_born_says_whose_life_it_is(tmp_path: Path) -> None:
    fronts = _fronts(
        tmp_path,
        "# Animal Farm - George Orwell\n\n## Context\n\n"
        "- Born 1903 in Motihari, India, went to Eton, then served in the Imperial Police\n",
    )
    assert fronts["Motihari"].startswith("Animal Farm - George Orwell — Context: Born 1903")


def test_a_headings_year_of_this_century_does_not_give_a_date_away(tmp_path: Path) -> None:
    fronts = _fronts(
        tmp_path,
        "# Wonders\n\n## The New Seven Wonders (2007)\n\n- Announced in Lisbon on 7 July 2007\n",
    )
    assert "2007" not in fronts["7 July 2007"]


def test_a_question_word_opening_a_line_is_no_part_of_a_name() -> None:
    assert _terms("Could Japanese Americans be interned in WW2?") == {"Japanese Americans"}
    assert "Could Truman" not in _terms("Could Truman seize the steel mills in 1952?")


def test_a_case_name_is_one_label_not_two_sentences(tmp_path: Path) -> None:
    fronts = _fronts(
        tmp_path,
        "# Cases\n\n| Case | Year | Chief Justice |\n|---|---|---|\n"
        "| Youngstown Sheet & Tube v. Sawyer | 1952 | Fred Vinson |\n"
        "| Brown v. Board of Education | 1954 | Earl Warren |\n",
    )
    assert fronts["Fred Vinson"] == "Youngstown Sheet & Tube v. Sawyer — Chief Justice: [...]"


def test_a_clause_that_goes_on_with_the_verb_before_it_is_not_cut_off(tmp_path: Path) -> None:
    fronts = _fronts(
        tmp_path,
        "# Punic Wars\n\n## The Second War (218-201 BC)\n\n"
        "- Hannibal crossed the Pyrenees and then the **Alps** with about 37 elephants\n",
    )
    assert "crossed the Pyrenees and then the [...]" in fronts["Alps"]


def test_a_headings_years_before_christ_do_not_give_a_date_away(tmp_path: Path) -> None:
    fronts = _fronts(
        tmp_path,
        "# Punic Wars\n\n## The Second War (218-201 BC)\n\n- Big wins: Trebia 218 BC\n",
    )
    assert "218" not in fronts["218 BC"]


def test_a_term_its_heading_names_is_asked_from_what_the_line_says_it_is(
    tmp_path: Path,
) -> None:
    fronts = _fronts(
        tmp_path,
        "# Nervous system\n\n## Synapses\n\n"
        "- A **synapse** is the tiny gap where two neurones meet\n",
    )
    assert fronts["synapse"] == "Nervous system: A [...] is the tiny gap where two neurones meet"


def test_a_british_spelling_of_an_everyday_word_is_not_hidden() -> None:
    assert "rumour" not in _clozed("rumour: grease = cow fat (sacred to Hindus) + pig fat")


def test_a_year_is_the_date_of_an_act_beside_a_figure_but_not_in_working() -> None:
    """`signed 1959 by 12 countries`: the year is the treaty's; `in 1964 … 59.8%` sets the
    scene of a figure, and `28,000 / 28 = 1000` is working, not a year."""
    assert "1959" in _clozed("**Antarctic Treaty** signed 1959 by 12 countries")
    assert "1964" not in _clozed("Registration rose from 6.7% in 1964 to 59.8% by 1967")
    assert "1000" not in _clozed("Worked ex: Mr 28,000 -> 28,000 / 28 = 1000 monomers joined")


def test_a_reminder_titles_nothing_and_defines_nothing(tmp_path: Path) -> None:
    cards = _cards(
        tmp_path,
        "# WW1\n\n## At sea\n\nTODO - add Aubers Ridge + Arras, check Megiddo numbers\n"
        "- Remember Gallipoli on ANZAC day, 25 April, in Australia and New Zealand\n",
    )
    assert not any("TODO" in c.front or "TODO" in c.back for c in cards)
    assert cards


def test_a_list_title_that_points_back_says_what_it_points_to(tmp_path: Path) -> None:
    fronts = _fronts(
        tmp_path,
        "# UK economy\n\n## North-south divide\n\n- strategies to fix it:\n"
        "  - Northern Powerhouse - announced 2014 by George Osborne for northern cities\n",
    )
    assert fronts["2014"].startswith("North-south divide: Strategies to fix it: ")


def test_two_sides_joined_by_vs_are_two_names() -> None:
    assert _terms("NUM led by Arthur Scargill vs Thatcher over pit closures") >= {
        "Arthur Scargill",
        "Thatcher",
    }
    assert _terms("Internal (did the IV cause the DV) vs external (does it generalise)") == set()


def test_a_meaning_ends_before_a_dashed_aside() -> None:
    line = to_plain("hydrotropism = response to water (roots) - not really on spec but nice")
    defined = definition_of(line)
    assert defined is not None and defined.meaning == "response to water"


def test_a_line_defining_two_terms_by_dashes_defines_neither_whole() -> None:
    assert definition_of(to_plain("PUT – replace a resource, DELETE – remove one")) is None
