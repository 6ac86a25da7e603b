"""analyse_question on exam-board style questions: type, time bound, claim, stated factor, topic."""

from __future__ import annotations

import json

import pytest

from notedeck.essay.question import Question, QuestionType, analyse_question

T = QuestionType

# (question, type, (start, end) or None, stated factor or None, topic)
CASES: list[tuple[str, QuestionType, tuple[int | None, int | None] | None, str | None, str]] = [
    # explain
    (
        "Explain why the Bolsheviks were able to seize power in October 1917.",
        T.EXPLAIN,
        (None, 1917),
        None,
        "the Bolsheviks were able to seize power",
    ),
    (
        "Why did Stalin emerge as leader of the USSR by 1929?",
        T.EXPLAIN,
        (None, 1929),
        None,
        "Stalin emerge as leader of the USSR",
    ),
    (
        "Examine the reasons for the collapse of the League of Nations in the 1930s.",
        T.EXPLAIN,
        (1930, 1939),
        None,
        "the collapse of the League of Nations",
    ),
    (
        "Account for the failure of the Provisional Government in 1917. [12 marks]",
        T.EXPLAIN,
        (None, 1917),
        None,
        "the failure of the Provisional Government",
    ),
    (
        "What best explains why the Great Leap Forward ended in famine between 1958 and 1962?",
        T.EXPLAIN,
        (1958, 1962),
        None,
        "the Great Leap Forward ended in famine",
    ),
    # how
    (
        "Explain how Stalin consolidated his power in the years 1924–29.",
        T.HOW,
        (1924, 1929),
        None,
        "Stalin consolidated his power",
    ),
    (
        "How did the Nazis control Germany in the years 1933-1939?",
        T.HOW,
        (1933, 1939),
        None,
        "the Nazis control Germany",
    ),
    (
        "Write an account of how the Munich Crisis led to war in 1939.",
        T.HOW,
        (None, 1939),
        None,
        "the Munich Crisis led to war",
    ),
    # how far
    (
        "'Stalin's use of terror was the main reason for his consolidation of power by 1929.' "
        "How far do you agree?",
        T.HOW_FAR,
        (None, 1929),
        "Stalin's use of terror",
        "his consolidation of power",
    ),
    (
        "‘The Depression was the most important reason why Hitler became Chancellor in 1933.’ "
        "How far do you agree? Explain your answer. [16 marks]",
        T.HOW_FAR,
        (None, 1933),
        "The Depression",
        "Hitler became Chancellor",
    ),
    (
        "“Hitler’s rise to power was mainly due to the weaknesses of the Weimar Republic.” "
        "Assess the validity of this view.",
        T.HOW_FAR,
        None,
        "the weaknesses of the Weimar Republic",
        "Hitler’s rise to power",
    ),
    (
        "\"The Bolsheviks' victory in the Civil War was mainly due to the weaknesses of the "
        'Whites." Assess the validity of this view. [25 marks]',
        T.HOW_FAR,
        None,
        "the weaknesses of the Whites",
        "The Bolsheviks' victory in the Civil War",
    ),
    (
        "How far do you agree that the Treaty of Versailles was the main cause of the Second "
        "World War?",
        T.HOW_FAR,
        None,
        "the Treaty of Versailles",
        "the Second World War",
    ),
    (
        "How far was the Wall Street Crash responsible for the collapse of the Weimar Republic "
        "in the years 1929–33?",
        T.HOW_FAR,
        (1929, 1933),
        "the Wall Street Crash",
        "the collapse of the Weimar Republic",
    ),
    (
        "How accurate is it to say that economic problems were the main reason for the fall of "
        "the Tsar in 1917?",
        T.HOW_FAR,
        (None, 1917),
        "economic problems",
        "the fall of the Tsar",
    ),
    (
        "'Weak leadership, rather than economic problems, was the main reason for the collapse "
        "of the Provisional Government.' How far do you agree?",
        T.HOW_FAR,
        None,
        "Weak leadership",
        "the collapse of the Provisional Government",
    ),
    (
        "In the years 1933–39, how far did Nazi policies change the lives of young people?",
        T.HOW_FAR,
        (1933, 1939),
        None,
        "Nazi policies change the lives of young people",
    ),
    (
        '"The USA\'s involvement in Vietnam escalated mainly because of the domino theory." '
        "Evaluate this claim with reference to the years 1954-1968.",
        T.HOW_FAR,
        (1954, 1968),
        "the domino theory",
        "The USA's involvement in Vietnam escalated",
    ),
    # to what extent
    (
        "To what extent was the Reichstag Fire the main reason for Hitler's consolidation of "
        "power in the years 1933–34?",
        T.TO_WHAT_EXTENT,
        (1933, 1934),
        "the Reichstag Fire",
        "Hitler's consolidation of power",
    ),
    (
        "To what extent did the Nazis achieve their economic aims between 1933 and 1939?",
        T.TO_WHAT_EXTENT,
        (1933, 1939),
        None,
        "the Nazis achieve their economic aims",
    ),
    (
        "To what extent was the 'Great Terror' responsible for Stalin's control of the USSR "
        "from 1934 to 1941?",
        T.TO_WHAT_EXTENT,
        (1934, 1941),
        "the Great Terror",
        "Stalin's control of the USSR",
    ),
    (
        "'Stalin's victory in the power struggle was mainly due to his position as General "
        "Secretary.' To what extent do you agree with this statement?",
        T.TO_WHAT_EXTENT,
        None,
        "his position as General Secretary",
        "Stalin's victory in the power struggle",
    ),
    (
        "How successful was collectivisation, 1928–41?",
        T.TO_WHAT_EXTENT,
        (1928, 1941),
        None,
        "collectivisation",
    ),
    # significance
    (
        "How significant was the role of Trotsky in the Bolshevik victory in the Civil War?",
        T.SIGNIFICANCE,
        None,
        "the role of Trotsky",
        "the Bolshevik victory in the Civil War",
    ),
    (
        "How important was propaganda in the Nazi consolidation of power, 1933–34?",
        T.SIGNIFICANCE,
        (1933, 1934),
        "propaganda",
        "the Nazi consolidation of power",
    ),
    (
        "Assess the significance of the Marshall Plan for the development of the Cold War after "
        "1945.",
        T.SIGNIFICANCE,
        (1945, None),
        "the Marshall Plan",
        "the development of the Cold War",
    ),
    (
        "Which was the more important reason for Stalin's victory in the power struggle: his "
        "control of the party or Trotsky's mistakes?",
        T.COMPARE,
        None,
        "his control of the party",  # the option named first is the one weighed
        "Stalin's victory in the power struggle",
    ),
    # compare
    (
        "Compare the aims of Lenin and Stalin.",
        T.COMPARE,
        None,
        None,
        "the aims of Lenin and Stalin",
    ),
    (
        "Compare and contrast the rule of Stalin and Mao.",
        T.COMPARE,
        None,
        None,
        "the rule of Stalin and Mao",
    ),
    (
        "What were the similarities and differences between the Nazi and Soviet regimes?",
        T.COMPARE,
        None,
        None,
        "the Nazi and Soviet regimes",
    ),
    (
        "'Terror was the main method by which the Communists consolidated power in China in "
        "the years 1949–1953.' How far do you agree?",
        T.HOW_FAR,
        (1949, 1953),
        "Terror",
        "the Communists consolidated power in China",
    ),
    (
        "'Being made to accept the blame for the war was what Germans resented most about the "
        "Treaty of Versailles.' How far do you agree?",
        T.HOW_FAR,
        None,
        "Being made to accept the blame for the war",
        "the Treaty of Versailles",
    ),
    (
        # `for …ing` is inside the factor here; the subject follows `in …ing`
        "How significant was the clause blaming Germany for starting the war in turning "
        "Germans against the peace settlement in 1919–20?",
        T.SIGNIFICANCE,
        (1919, 1920),
        "the clause blaming Germany for starting the war",
        "turning Germans against the peace settlement",
    ),
    (
        "'The gulf between communist and capitalist beliefs made the break-up of the wartime "
        "partnership unavoidable.' To what extent do you agree?",
        T.TO_WHAT_EXTENT,
        None,
        "The gulf between communist and capitalist beliefs",
        "the break-up of the wartime partnership",
    ),
    (
        "'Mutual terror of annihilation was what ended the stand-off over Cuba without "
        "bloodshed.' How far do you agree?",
        T.HOW_FAR,
        None,
        "Mutual terror of annihilation",
        "ended the stand-off over Cuba without bloodshed",
    ),
    (
        # `on` is inside the factor here; the subject follows `in`
        "How important was the Bolsheviks' hold on Russia's industrial heartland in their "
        "defeat of the Whites by 1921?",
        T.SIGNIFICANCE,
        (None, 1921),
        "the Bolsheviks' hold on Russia's industrial heartland",
        "their defeat of the Whites",
    ),
    (
        # the claim is weighed, not the "view of" after the command
        "'The Kaiser's promise to stand by his ally was the main reason a murder in Bosnia "
        "became a continental war.' How far do you agree with this view of the crisis?",
        T.HOW_FAR,
        None,
        "The Kaiser's promise to stand by his ally",
        "a murder in Bosnia became a continental war",
    ),
    (
        "'The collapse of the mark was the gravest danger the Republic faced in the years "
        "1920–1923.' How far do you agree?",
        T.HOW_FAR,
        (1920, 1923),
        "The collapse of the mark",
        "the Republic faced",
    ),
    (
        # a consequence weighed: the subject says so, for the section on what followed
        "To what extent was mass starvation the most disastrous consequence of Stalin's "
        "upheaval in the countryside?",
        T.TO_WHAT_EXTENT,
        None,
        "mass starvation",
        "consequences of Stalin's upheaval in the countryside",
    ),
    (
        "'The seizure of Manchuria was the turning point in the army's takeover of Japanese "
        "politics.' How far do you agree?",
        T.HOW_FAR,
        None,
        "The seizure of Manchuria",
        "the army's takeover of Japanese politics",
    ),
    (
        "How similar were the foreign policies of Hitler and Mussolini before 1939?",
        T.COMPARE,
        (None, 1939),
        None,
        "the foreign policies of Hitler and Mussolini",
    ),
]


@pytest.mark.parametrize(("text", "qtype", "years", "factor", "topic"), CASES)
def test_analyse_question(
    text: str,
    qtype: QuestionType,
    years: tuple[int | None, int | None] | None,
    factor: str | None,
    topic: str,
) -> None:
    q = analyse_question(text)
    assert q.recognised
    assert q.type is qtype
    bound = (q.time_bound.start, q.time_bound.end) if q.time_bound else None
    assert bound == years
    assert q.stated_factor_text == factor
    assert q.topic == topic


def test_every_type_is_covered() -> None:
    assert {case[1] for case in CASES} == set(QuestionType)


@pytest.mark.parametrize(
    ("text", "start", "end", "raw"),
    [
        ("How far had Stalin consolidated his power by 1929?", None, 1929, "by 1929"),
        ("Why were the Nazis in power by January 1933?", None, 1933, "by January 1933"),
        ("How did Hitler rule after 30 January 1933?", 1933, None, "after 30 January 1933"),
        # A why-question's one year dates the event: its causes run up to that year.
        ("Why did war break out in 1914?", None, 1914, "in 1914"),
        ("How significant was the Kronstadt rising in 1921?", 1921, 1921, "in 1921"),
        ("How did Britain change after 1945?", 1945, None, "after 1945"),
        ("Why did tension grow before 1914?", None, 1914, "before 1914"),
        ("Why did Stalin win the power struggle, 1924–29?", 1924, 1929, "1924–29"),
        ("Explain why appeasement failed (1933–1939).", 1933, 1939, "(1933–1939)"),
        (
            "How far did Nazi rule change Germany between 1918 and 1939?",
            1918,
            1939,
            "between 1918 and 1939",
        ),
        ("How important were the Bolsheviks' mistakes in 1917-8?", 1917, 1918, "in 1917-8"),
        ("Why did the peace process succeed, 1994–08?", 1994, 2008, "1994–08"),
        ("How did life change during the 1920s?", 1920, 1929, "during the 1920s"),
        ("How significant was the purge in the summer of 1934?", 1934, 1934, "the summer of 1934"),
        ("Why did unemployment rise in the early 1930s?", 1930, 1933, "in the early 1930s"),
        (
            "How did Mao come to rule in the twelve years after 1937?",
            1937,
            1949,
            "in the twelve years after 1937",
        ),
        ("Why collectivise at the end of the 1920s?", 1927, 1929, "at the end of the 1920s"),
        ("How far had it grown by the end of the 1930s?", None, 1939, "by the end of the 1930s"),
    ],
)
def test_time_bounds(text: str, start: int | None, end: int | None, raw: str) -> None:
    bound = analyse_question(text).time_bound
    assert bound is not None
    assert (bound.start, bound.end, bound.text) == (start, end, raw)


def test_no_time_bound() -> None:
    assert analyse_question("Why did the Whites lose the Civil War?").time_bound is None


@pytest.mark.parametrize(
    "text",
    [
        "'Propaganda was the key factor in maintaining Nazi control.' How far do you agree?",
        "‘Propaganda was the key factor in maintaining Nazi control.’ How far do you agree?",
        '"Propaganda was the key factor in maintaining Nazi control." How far do you agree?',
        "“Propaganda was the key factor in maintaining Nazi control.” How far do you agree?",
        "  'propaganda was the key factor in maintaining Nazi control' how far do you agree  ",
    ],
)
def test_claims_in_any_quotes(text: str) -> None:
    q = analyse_question(text)
    assert q.type is T.HOW_FAR
    assert q.claim is not None
    assert (
        q.claim.lower().rstrip(".") == "propaganda was the key factor in maintaining nazi control"
    )
    assert q.stated_factor_text is not None
    assert q.stated_factor_text.lower() == "propaganda"
    assert q.topic == "maintaining Nazi control"


def test_apostrophes_do_not_end_a_claim() -> None:
    q = analyse_question(
        "'The Bolsheviks' use of terror explains their victory in the Civil War.' "
        "How far do you agree?"
    )
    assert q.claim == "The Bolsheviks' use of terror explains their victory in the Civil War."
    assert q.stated_factor_text == "The Bolsheviks' use of terror"
    assert q.topic == "their victory in the Civil War"


def test_a_quoted_term_is_not_a_claim() -> None:
    q = analyse_question("Why did Stalin launch the 'Great Terror' in 1936?")
    assert q.claim is None
    assert q.topic == "Stalin launch the Great Terror"


def test_unquoted_statement_then_discuss() -> None:
    q = analyse_question("The Great Terror was launched because Stalin was paranoid. Discuss.")
    assert q.recognised
    assert q.type is T.HOW_FAR
    assert q.stated_factor_text == "Stalin was paranoid"
    assert q.topic == "The Great Terror was launched"


def test_unrecognised_question_is_marked() -> None:
    q = analyse_question("Stalin and the Great Terror")
    assert not q.recognised
    assert q.type is T.EXPLAIN
    assert q.topic == "Stalin and the Great Terror"


def test_unrecognised_claim_is_guessed_how_far() -> None:
    q = analyse_question("'Terror was the main reason for Stalin's survival.'")
    assert not q.recognised
    assert q.type is T.HOW_FAR
    assert q.stated_factor_text == "Terror"


def test_evaluative_types() -> None:
    assert {t for t in QuestionType if t.evaluative} == {
        T.HOW_FAR,
        T.TO_WHAT_EXTENT,
        T.SIGNIFICANCE,
    }


def test_to_dict_is_json() -> None:
    q = analyse_question("How far was the Depression responsible for Hitler's rise by 1933?")
    data = q.to_dict()
    assert json.loads(json.dumps(data)) == data
    assert data == {
        "text": "How far was the Depression responsible for Hitler's rise by 1933?",
        "type": "how_far",
        "recognised": True,
        "topic": "Hitler's rise",
        "time_bound": {"start": None, "end": 1933, "text": "by 1933"},
        "claim": None,
        "stated_factor_text": "the Depression",
        "compared_text": None,
    }
    assert isinstance(q, Question)


@pytest.mark.parametrize(
    ("text", "stated", "compared", "topic"),
    [
        (
            "Compare the importance of the alliance system and the arms race as causes of the "
            "First World War.",
            "the alliance system",
            "the arms race",
            "the First World War",
        ),
        (
            "Which did more to advance civil rights: the Brown decision or non-violent protest?",
            "the Brown decision",
            "non-violent protest",
            "advance civil rights",
        ),
        ("Compare the methods Hitler and Stalin used to stay in power.", None, None, None),
        (
            "Was hunger or defeat in war more important in bringing down the Tsar in 1917?",
            "hunger",
            "defeat in war",
            "bringing down the Tsar",
        ),
        (
            "Who was more responsible for the Cold War, the USA or the USSR?",
            "the USA",
            "the USSR",
            "the Cold War",
        ),
        (
            "Which worried the Allies more in 1919: German rearmament or the spread of Bolshevism?",
            "German rearmament",
            "the spread of Bolshevism",
            "worried the Allies more",
        ),
        (
            "Did the courts or Congress do more to win equal rights for black Americans?",
            "the courts",
            "Congress",
            "win equal rights for black Americans",
        ),
        (  # any comparative weighs the two: "the more effective", "a greater"
            "Was the Supreme Court or big business the more effective opponent of the New Deal?",
            "the Supreme Court",
            "big business",
            "the New Deal",
        ),
        (
            "Was Lenin or Trotsky a greater influence on the Bolshevik victory in 1917?",
            "Lenin",
            "Trotsky",
            "the Bolshevik victory",
        ),
        (  # an initial's full stop does not end the question
            "Which mattered more in bringing apartheid to an end: F.W. de Klerk or Nelson Mandela?",
            "F.W. de Klerk",
            "Nelson Mandela",
            "mattered more in bringing apartheid to an end",
        ),
    ],
)
def test_compare_questions_name_both_sides(
    text: str, stated: str | None, compared: str | None, topic: str | None
) -> None:
    q = analyse_question(text)
    assert q.type is T.COMPARE
    assert (q.stated_factor_text, q.compared_text) == (stated, compared)
    if topic is not None:
        assert q.topic == topic


@pytest.mark.parametrize(
    ("text", "stated"),
    [
        ("To what extent did Mao rely on violence to secure his control of China?", "violence"),
        ("To what extent did the economic collapse put Roosevelt in the White House?",
         "the economic collapse"),
        ("To what extent did Stalin bring the USSR to industrial strength?", None),
        ("'The famine was the worst result of driving the peasants into collective farms.' "
         "How far do you agree?", "The famine"),
        ("To what extent were the judges the most effective opponents of the New Deal?",
         "the judges"),
        ("'Nixon got the USA out of Vietnam mainly by handing the fighting over to the South "
         "Vietnamese.' How far do you agree?",
         "handing the fighting over to the South Vietnamese"),
        ("'Hoover lost the election more than Roosevelt won it.' How far do you agree?",
         "Hoover lost the election"),
        ("'Stalin launched the purges mainly to remove rivals.' How far do you agree?",
         "remove rivals"),
        ("'Land reform was the key to the Communist victory.' How far do you agree?",
         "Land reform"),
        ("To what extent does the Bay of Pigs show that Kennedy was weak?", "the Bay of Pigs"),
        ("To what extent was the Hundred Flowers Campaign a trap to catch Mao's critics?",
         "a trap to catch Mao's critics"),
        ("To what extent was appeasement a mistake?", None),  # a verdict, not a factor
        ("'The purge of June 1934 was the most important step in Hitler tightening his grip.' "
         "How far do you agree?", "The purge of June 1934"),
        ("'Mao held on to power through fear rather than popularity.' How far do you agree?",
         "fear"),
        ("'The violence of its enemies did more for the movement than anything it did "
         "itself.' How far do you agree?", "The violence of its enemies"),
        ("To what extent had fear of Germany led Britain to rearm by 1939?", "fear of Germany"),
        ("'Propaganda, not terror, kept Hitler in power.' How far do you agree?", "Propaganda"),
        ("To what extent did Lenin owe his success in 1917 to the failures of the Provisional "
         "Government?", "the failures of the Provisional Government"),
        ("To what extent were the Five-Year Plans the most successful part of Stalin's "
         "economic policy?", "the Five-Year Plans"),
        ("'The army did more than anyone else to bring Hitler to power.' How far do you "
         "agree?", "The army"),
        ("'Above all it was hunger that brought the crowds onto the streets of Petrograd.' "
         "How far do you agree?", "hunger"),
        ("'The Whites were defeated at home, not on the battlefield.' How far do you agree?",
         "home"),
        ("How significant was the Allied demand for compensation in wrecking the German "
         "economy?", "the Allied demand for compensation"),
    ],
)  # fmt: skip
def test_paraphrased_stated_factors(text: str, stated: str | None) -> None:
    assert analyse_question(text).stated_factor_text == stated


@pytest.mark.parametrize(
    ("text", "qtype", "stated"),
    [
        ("Describe and explain the reasons for the collapse of the Weimar Republic.", T.EXPLAIN,
         None),
        ("Which was the most important reason for the Communist victory in 1949?", T.EXPLAIN,
         None),
        ("Was the New Deal a success?", T.TO_WHAT_EXTENT, None),
        ("Did the Treaty of Versailles cause the Second World War?", T.HOW_FAR,
         "the Treaty of Versailles"),
        ("Was the Reichstag Fire the most important event in Hitler's consolidation of power?",
         T.HOW_FAR, "the Reichstag Fire"),
        ("What role did propaganda play in Nazi Germany?", T.SIGNIFICANCE, "propaganda"),
    ],
)  # fmt: skip
def test_questions_asked_as_yes_or_no_or_by_role_are_recognised(
    text: str, qtype: T, stated: str | None
) -> None:
    q = analyse_question(text)
    assert q.recognised
    assert (q.type, q.stated_factor_text) == (qtype, stated)


@pytest.mark.parametrize(
    ("text", "causes", "followed"),
    [
        ("Why did the Cuban Missile Crisis happen?", True, False),
        ("How did the Cuban Missile Crisis change relations between the superpowers?", False, True),
        ("How did white Southerners resist the civil-rights movement?", False, True),
        ("How did Hitler become Chancellor?", True, False),
        ("How did P.W. Botha's government try to hold on to white minority rule?", False, True),
        ("How did white Southerners try to block desegregation after 1954?", False, True),
        ("How did the Communists escape destruction in the years 1934–1940?", True, False),
        ("How did the peace settlement of 1919 shake the young German republic?", False, True),
        (
            "How far did the seizure of Manchuria change Japan's standing abroad in 1931–33?",
            False,
            True,
        ),
        ("How far was the Depression responsible for Hitler's rise to power?", True, False),
        # who opposed something is what followed it, not what caused it
        (
            "To what extent were the judges the most effective opponents of the New Deal?",
            False,
            False,
        ),
    ],
)
def test_a_how_question_about_what_followed_does_not_ask_for_causes(
    text: str, causes: bool, followed: bool
) -> None:
    q = analyse_question(text)
    assert (q.asks_causes, q.asks_what_followed) == (causes, followed)


def test_responsible_for_asks_for_causes_and_its_year_bounds_by_it() -> None:
    q = analyse_question(
        "To what extent was the First World War responsible for the fall of Nicholas II in "
        "February 1917?"
    )
    assert q.asks_causes
    assert q.time_bound is not None and q.time_bound.end == 1917
    assert not analyse_question("How did the Tsar respond to the 1905 revolution?").asks_causes


@pytest.mark.parametrize(
    "text",
    [
        "Which did more to bring Mao to power in 1949: land reform or guerrilla warfare?",
        "Was hunger or the war more important in bringing down the Tsar in 1917?",
    ],
)
def test_a_question_weighing_causes_of_a_dated_event_looks_before_its_year(text: str) -> None:
    bound = analyse_question(text).time_bound
    assert bound is not None and bound.start is None and bound.end in (1917, 1949)


def test_during_a_year_keeps_the_bound_to_that_year() -> None:
    """`during 1934` says when the steps were taken, not the date of an event they led to."""
    bound = analyse_question("Explain why Hitler was able to remove his last rivals during 1934.")
    assert bound.time_bound is not None
    assert (bound.time_bound.start, bound.time_bound.end) == (1934, 1934)


def test_years_that_date_the_named_factor_do_not_bound_the_question() -> None:
    """`…defeats between 1914 and 1916 the main reason the monarchy fell in February 1917?`:
    the defeats are dated, the question runs up to the fall."""
    q = analyse_question(
        "How far were the army's defeats between 1914 and 1916 the main reason the Tsar fell "
        "in February 1917?"
    )
    assert q.stated_factor_text == "the army's defeats"
    assert q.time_bound is not None and (q.time_bound.start, q.time_bound.end) == (None, 1917)


def test_did_y_rest_more_on_a_or_on_b_weighs_two_options() -> None:
    q = analyse_question(
        "Did Stalin's rule rest more on the loyalty of the party or on the fear of the NKVD in "
        "the years 1934–1941?"
    )
    assert q.type is QuestionType.COMPARE
    assert (q.stated_factor_text, q.compared_text) == (
        "the loyalty of the party",
        "the fear of the NKVD",
    )
