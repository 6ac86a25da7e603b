"""What a cloze card may hide in a sentence: dates, numbers, names and the student's own terms.

The new information of a note is what a teacher tests: the year, the quantity, the person, the
place, the named treaty or agency. Common words are never hidden, and how common a word is,
is measured (pyspellchecker's word frequencies, from a large corpus), not listed by hand:
"Party" or "Square" alone are everyday words, "Cheka" and "Bismarck" are not.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, pairwise

from notedeck.derive import dictionary
from notedeck.derive.events import MONTH, MONTH_NAMES, find_dates
from notedeck.derive.slips import suggest
from notedeck.derive.terms import (
    ANAPHORS,
    DISCOURSE_MARKERS,
    STOP_WORDS,
    without_possessive,
    word_set,
)
from notedeck.model import CardKind

__all__ = [
    "ASKED",
    "BIG_O",
    "BOUNDED",
    "PARTICLES",
    "QUESTION_WORDS",
    "TITLES",
    "Hideable",
    "PageNames",
    "find_hideables",
    "is_common",
    "is_equation",
]

Span = tuple[int, int]

# A one-word name this common in the corpus is known to everyone ("britain" 302, "paris"
# 1081); the names a student must learn sit lower ("bilbao" 50, "cheka" 50).
WELL_KNOWN_FREQUENCY = 250
# A single bold word this common is stress ("**NOT**"), not a term ("**series**" is a term).
_STRESSED_WORD_FREQUENCY = 40_000
# A word seen at least this often in the frequency corpus is an everyday word ("party",
# "army", "square"); names and coined terms sit far below it ("cheka" 50, "molotov" 143).
COMMON_WORD_FREQUENCY = 3_000
_MAX_TERM_WORDS = 6


@dataclass(frozen=True, slots=True)
class PageNames:
    """What the notes say about names, beyond one sentence.

    Attributes:
        anchors: names the page is about (in its titles, or on many of its points): never
            hidden alone, since hiding "Stalin" on a page about Stalin asks nothing.
        proper: words the notebook writes capitalised mid-sentence (`Treaty`, not `Members`):
            such a word opening a sentence still belongs to the name after it.
        people: the notebook's people (`terms.NameIndex.people`).
    """

    anchors: frozenset[str] = frozenset()
    proper: frozenset[str] = frozenset()
    people: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Hideable:
    """One thing a card can hide: its span in the plain text and its kind."""

    start: int
    end: int
    kind: CardKind
    text: str
    chosen: bool = False  # set in bold or quoted by the student: the point, not a detail


_UNIT = (
    r"(?:J/kg\s?°C|J/kg\s?K|m³/s|m³|J/kg|kg/m³|g/cm³|g/s|cm³/s|mol/dm³|g/dm³|W/m²|N/m²|kJ/mol"
    r"|m/s²|m/s|km/s|km/h|N/kg|kg m/s|N m|N|s(?=\s(?:to|and|or)\b|[,.;)]|$)|years?|months?|weeks?"
    r"|days?|hours?|minutes?|seconds?|yrs?|hrs?|mins?|miles?|km"
    r"|kilometres?|metres?"
    r"|tonnes?|tons?|acres?|hectares?|nm|mm|cm|m|km²|m²|kg|g|ml|V|A|W|J|Hz|Ω|ohms?|volts?|amps?|C|K"
    r"|ppm|lbs?|kWh|kW|MW|GW|kJ|MJ|mph|mA|mV|kV|litres?|liters?|dm³|cm³|cm²|mmHg|kPa|MPa|Pa|atm"
    r"|mol|bits?|bytes?"
    r"|KB|MB|GB|TB|kHz|MHz|GHz|μm|mmol/L|dB|mSv|Sv|kcal"
    r"|livres|francs|marks|roubles|rubles|dollars|pounds|yen|lire|pesos|shillings|pence|guineas)"
)
#: What a rate is counted by: `cm per year`, `£5 a week`.
_PER = r"(?:year|yr|annum|month|week|day|hour|minute|second|head|person)"
#: `12:30`, `1,500.5`, `334 000` (thousands spaced, as physics writes them), `3.5`.
_FIGURE = (
    r"(?:\d+(?::\d+)+|\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?:[ \u202f\u00a0]\d{3})+(?![\d,.])"
    r"|\d+(?:\.\d+)?)"
)
#: A year with its era: `133 bc`, `73-71 BC`, `AD 43`, `476 CE`; `ad` alone is too often a word.
#: A quoted phrase of this many words after `=` or `called` is a name coined for something.
_GIVEN_PHRASE_WORDS = 3
#: A species' Latin name: a capitalised genus, then a lower-case epithet with a Latin ending.
_BINOMIAL = re.compile(r"(?<![\w-])([A-Z][a-z]{2,})\s([a-z]{3,}(?:us|um|a|is|ans|ens|ii|i|ae))\b")
#: A word this rare (or unknown) in the corpus is no everyday word.
_RARE = 50
#: A time of day: `11:40pm`, `2:20 am`, `14:05`.
_CLOCK = re.compile(r"(?<![\w:.])(?:[01]?\d|2[0-3]):[0-5]\d(?:\s?[ap]\.?m\b\.?)?(?![\w:])")
#: A chapter-and-verse reference: `1 John 4:8`, `Genesis 1:27`, `Surah 50:16`, `Matthew 5:3-12`.
_REFERENCE = re.compile(
    r"(?<![\w:])(?:[1-3]\s)?(?P<book>[A-Z][a-z]+)\.?\s\d{1,3}:\d{1,3}(?:\s?[–-]\s?\d{1,3})?(?![\w:])"
)
#: Words before `n:m` that name a time or a ratio, not a book.
_NOT_BOOKS = word_set(
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday Ratio Score Time At By"
)
_ERA_DATE = re.compile(
    r"(?<![\w.,/])\d{1,4}(?:\s?[–/-]\s?\d{1,4})?\s?(?:BCE|BC|B\.C\.?|bce|bc|b\.c\.?|AD|A\.D\.?|CE)"
    r"(?![\w])(?<!bc(?=\s(?:he|she|it|they|we|you|i|the|a|an|his|her|its|their|there|this|that)\b))"
    r"|(?<![\w.])(?:AD|A\.D\.)\s?\d{1,4}(?![\w.,]\d)"
)
#: A compound named in words, as chemistry writes it: `calcium carbonate`, `sulfur dioxide`,
#: `manganese(IV) oxide`; everyday words apart, one term.
_COMPOUND = re.compile(
    r"(?i)(?<![\w-])(?:hydrogen|sodium|potassium|calcium|magnesium|lithium|copper|iron|zinc|"
    r"alumin(?:i)?um|silver|lead|manganese|carbon|sulfur|sulphur|nitrogen|ammonium|barium|"
    r"chlorine|silicon|titanium|chromium|nickel|tin)(?:\s?\([IVX]+\))?\s+"
    r"(?:mon|di|tri|tetra)?(?:oxide|chloride|carbonate|sulfate|sulphate|nitrate|hydroxide|"
    r"peroxide|bromide|iodide|sulfide|sulphide|fluoride|hydrogencarbonate)\b"
)
_EQUATION_SYMBOL = r"(?:Δ|½\s?)?[A-Za-zρλθμσωΩεη][₀-₉]?[²³]?(?![A-Za-z])"
_EQUATION_TERM = rf"(?:{_EQUATION_SYMBOL}|\d+(?:\.\d+)?)"
_EQUATION_OPERATOR = r"(?:\s(?:[×x*·/÷+−-]\s)?|\s?[×*·/÷+−]\s?)"
#: An equation in symbols, as physics writes it: `F = m a`, `ρ = m / V`, `T = 1/f`,
#: `ΔE = m c Δθ`; one term, whatever its letters.
_EQUATION = re.compile(
    r"(?<![\w=°])(?<!\d\s)Δ?[A-Za-zρλθμσωΩ][₀-₉]?\s?=\s?"
    rf"(?P<rhs>{_EQUATION_TERM}(?:{_EQUATION_OPERATOR}{_EQUATION_TERM})+)(?![\w(])"
)


def _spans(text: str, found: list[re.Match[str]]) -> Iterable[tuple[int, int]]:
    """Spans of two measured ends told in words: `0.2 s to 0.9 s`, `4 to 7 mmol/L`, `between
    about 5° and 30°`. The far end carries the unit (so `1939 to 1945` stays two years), the
    near one the same unit or none; `and` joins ends only after `between`. `found` are the
    text's `_NUMBER` matches."""
    if " to " not in text and " and " not in text:
        return
    for near, far in pairwise(found):
        join = _SPAN_JOIN.fullmatch(text, near.end(), far.start())
        if join is None:
            continue
        unit, near_unit = (_FIGURE_LEAD.sub("", m.group(0)) for m in (far, near))
        if not unit or any(c.isdigit() for c in unit) or not unit.endswith(near_unit):
            continue
        if not near_unit and re.fullmatch(r"1\d{3}|20\d{2}", near.group(0)):
            continue  # `6.7% in 1964 to 59.8% by 1967`: a year, then the next figure
        if "and" in join.group(0) and not _BETWEEN.search(text, 0, near.start()):
            continue
        if _CHANGED.search(text, max(0, near.start() - 40), near.start()):
            continue  # `fell from 6 million to 1 million`: a before and an after
        yield near.start(), far.end()


def is_equation(text: str) -> bool:
    """The whole of `text` is an equation in symbols (`F = m a`)."""
    found = _EQUATION.fullmatch(text)
    return found is not None and _is_equation(found)


def _is_equation(match: re.Match[str]) -> bool:
    """Symbols on the right, not a value with its unit (`T = 2 s`, `c = 4200 J`)."""
    rhs = match["rhs"]
    return len(re.findall(r"[A-Za-zρλθμσωΩεη]", rhs)) >= 2 or bool(re.search(r"\d\s?/\s?\D", rhs))


#: A figure and the thing it counts, as a student marks them: `12 seats`, `206 bones`.
_COUNTED = re.compile(r"\d[\d,.]*\s+[a-z]{3,}(?:\s+[a-z]{3,})?")
#: Big-O notation: `O(1)`, `O(log n)`, `O(n²)`, `O(n log n)`, `O(2ⁿ)`, `O(n!)`.
BIG_O = re.compile(
    r"(?<![\w(])O\((?:1|log\s?n|n(?:\s?log\s?n)?|n\s?[²³]|n\^[23]|2\s?ⁿ|2\^n|n!|√n|k)\)"
)
_NUMBER = re.compile(
    r"(?<![\w.,/£$€#^+–-])"
    r"(?:[−-](?=\d))?"  # below zero: `-89.2 C`, `−78 °C`
    r"(?P<money>(?:US|NZ|AU|A|C|HK)?\$|[£€]\s?)?"  # `US$4.4 billion` is a dollar sum too
    rf"(?:{_FIGURE}\s?[–-]\s?(?=\d))?"  # a range is one quantity: "1–3%", "10-15 million"
    rf"{_FIGURE}"
    r"(?:/\d{1,3}(?![\d/]))?"  # a ratio or a pair read together: "120/80 mmHg", "1/3"
    r"(?:\s?[×x]\s?10(?:\^?[−-]?\d+|[⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+))?"  # `6.02 × 10²³`, `1.7 × 10^-8`
    r"(?:\s?(?:%|°C|°F|°|‰))?"
    r"(?:\s(?:million|billion|thousand|trillion|bn)\b)?"
    rf"(?:\s{_UNIT}(?![\w⁺⁻+-])(?:\s(?:per|a)\s{_PER}\b)?)?"  # a rate: `4-5 cm per year`
    rf"(?(money)(?:\s(?:per|a)\s{_PER}\b)?)"  # a sum by the year: `£30 a year`
    r"(?![\w-]|\.\d)"
)
#: Words that give a small figure as a measure to learn: "about 5 litres", "more like 4 chunks".
_ESTIMATE_BEFORE = re.compile(
    r"(?i)\b(?:about|around|approximately|roughly|nearly|almost|like|at\s+most|at\s+least)\s+$|~$"
)
BOUNDED = re.compile(
    r"(?i:over|under|more than|less than|fewer than|at least|up to|below|above)\s"
    + _NUMBER.pattern.removeprefix(r"(?<![\w.,/£$€#^+–-])")
)
"""A quantity with its bound: `under 250` is not `250`."""
# A figure in words, as a student marks it: `**seven**`, `**three years**`, `**a dozen**`.
_NUMBER_WORDS = re.compile(
    r"(?i)(?:a\s|an\s)?(?:(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
    r"|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty"
    r"|sixty|seventy|eighty|ninety|hundred|thousand|million|billion|dozen|half)[\s-]?)+"
    rf"(?:{_UNIT}|per\s?cent)?"
)
# A vote is one fact: "343 to 313", "64 votes to 57", "(419 to 41)".
_TALLY = re.compile(rf"(?<![\w.,])(?P<tally>{_FIGURE}(?:\svotes?)?\sto\s{_FIGURE})(?![\w-]|\.\d)")
_VOTING = re.compile(
    r"(?i)\b(?:votes?|voted|majority|ballot|defeated|Commons|Lords|Senate|Congress)\b"
)
#: A share told as a count: `21 out of 22 nurses`, `about 1 in 5 people`.
_SHARE = re.compile(
    rf"(?<![\w.,]){_FIGURE}\sout\sof\s{_FIGURE}(?![\w.,]\d)|(?<![\w.,])1\sin\s\d{{1,3}}\b"
)
#: A length of time or size told in two units: `8 minutes 20 seconds`, `882 ft 9 in`.
_TWO_UNITS = re.compile(
    r"(?<![\w.,])\d+\s?(?:hours?|hrs?|h|minutes?|mins?)\s(?:and\s)?\d+\s?(?:minutes?|mins?|seconds?|secs?)\b"
    r"|(?<![\w.,])\d+\s?ft\s\d+\s?in\b"
)
_FIGURE_LEAD = re.compile(r"^[−-]?(?:[A-Z]{1,2}\$|[£$€])?\s?[\d.,\s]+")  # what is left is the unit
#: What joins the two ends of a span told in words: `0.2 s to 0.9 s`, `between 5° and 30°`.
_SPAN_JOIN = re.compile(r"\s(?:to|and)\s")
_CHANGED = re.compile(
    r"(?i)\b(?:rose|rises?|fell|falls?|grew|grows?|increased?|decreased?|dropped|drops?|went|cut|"
    r"reduced?|raised?|doubled|climbed|jumped|shrank|soared|plunged|up|down)\b[^.;]*?\bfrom\s+(?:about\s+)?$"
)
_BETWEEN = re.compile(r"(?i)\bbetween\s+(?:about\s+|around\s+|roughly\s+)?$")
_TOKEN = re.compile(
    # initials, spaced or not, before a name or its particle: `J.B. Priestley`, `F. W. de Klerk`
    r"[A-Z]\.(?:\s?[A-Z]\.){0,2}(?=\s?[A-Z][a-z]|\s(?:de|van|von|da|di|du|le|la)\s[A-Z])"
    r"|[^\W_][\w'’.-]*[\w]|[^\W_]"
)
#: Inside the name of a body, its purpose: `Campaign to Ban Landmines`.
_PURPOSE_JOINERS = frozenset({"to", "for", "for the"})
_BODIES = word_set(
    "Campaign Committee Society Movement League Association Council Organisation Organization "
    "Union Fund Coalition Alliance Commission Ministry Office Agency Institute Foundation"
)
_JOINERS = frozenset(
    {
        "of",
        "of the",
        "and of the",
        "de",
        "de la",
        "de los",
        "del",
        "van",
        "van der",
        "von",
        "von der",
        "der",
    }
    | {"da", "di", "du", "des", "y", "la", "le", "bin", "al", "v", "v."}
)
#: A past-tense word this frequent opening a sentence is a verb (`Replaced`), not a name.
_VERB_FREQUENCY = 5_000
# Words that open a sentence without being part of the name after them ("Many Germans").
_OPENERS = STOP_WORDS | word_set(
    "many several after before during while although because since under early late most "
    "some every each another could would should did does do has have had might must shall"
)
_DEFINITION = re.compile(
    r"^(?:[\w'’-]+\s){0,5}[\w'’-]+\s(?:=|is called|are called|known as)\s"
    r"(?P<term>[^\W\d_][\w'’-]*(?:\s[^\W\d_][\w'’-]*)?)(?=\s*(?:\(|,|;|$))"
)
# After a term that opens its line, what says the rest defines it: `**GET** – fetch …`.
_DEFINED = re.compile(r"\s*(?:[–—=:]|-\s)\s*\w")
_LABEL_AFTER = re.compile(r"\s*:")
_NAMED_BEFORE = re.compile(r"(?:=|\bcalled)\s*(?:(?:an?|the)\s+)?$")
_CLAUSE_END = re.compile(r"\s*(?:$|[,;.(]|\s(?:and|but|or)\s)")
_IS_THE = re.compile(r"\s+(?:is|are)\s+(?:the|an?)\s")
_MONTH_AFTER = re.compile(rf"\s{MONTH}(?!\w)")
_TRAILING = STOP_WORDS | {"of"}  # never the last word of a name
# Everyday words that head or end a name with "of" ("Treaty of Frankfurt", "Representation
# of the People Act"), unlike those that open a sentence before one ("Members of the Party").
_NAME_HEADS = word_set(
    "Treaty Battle Siege Act Union Bank Church Kingdom Republic Council Congress League Peace "
    "Edict Statute Declaration Bill Order Conference Convention Pact Charter Proclamation "
    "Constitution Massacre Revolution War Night Day Duke Duchess Prince Princess King Queen "
    "Emperor Empress Bishop Archbishop Earl Lord Lady House Province Isle Bay Gulf Cape Sea Lake "
    "River Mount University Museum Society Federation Ministry Department Secretary Minister "
    "Chancellor Party Army Navy Court Assembly Parliament Sack Fall Storming Rights Plan "
    "Agreement Movement Campaign Crisis Affair Incident Offensive"
)
#: What ends the name of a place or building that may open on a title (`King David Hotel`).
_PLACE_NOUNS = word_set(
    "Hotel Hospital Palace Street Square Bridge College School Cathedral Road Park Airport "
    "Station Avenue Tower Hall Castle Abbey Theatre Stadium Library Dock Docks Gate Prison"
)
# Particles inside names (`Béal na Bláth`, `Leonardo da Vinci`); never a short verb ("met").
PARTICLES = word_set(
    "na da di de du del della dos das do van von der den ter ten bin ibn al el la le zu y"
)
_ORDINAL_BEFORE = re.compile(r"(?<![\w.,])\d+(?:st|nd|rd|th)\s$")
_HONORIFIC = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Mx)\.?\s$")
_NAME_BEFORE = re.compile(r"\b([A-Z][\w-]*)\s$")
_MEASURED = re.compile(r"[%°‰]|\d\s?[a-zA-Zµ³²]")  # a share or a unit: a quantity's figure
#: The words a question opens on (`how serious a threat was X`).
QUESTION_WORDS = r"(?:how|why|what|which|who|when|to\s+what\s+extent|explain|describe)"
#: The opening of a question: quoted, it is asked, not stated.
ASKED = re.compile(rf"(?i){QUESTION_WORDS}\b")
_QUOTED = re.compile(r"[\"“]([^\"“”\n]{2,60})[\"”]")
_LIST_GAP = re.compile(r"^(?:\s+(?:and|&|\+)\s+|,\s+(?:and\s+)?)$")
# Not `, and`: `killed John Talbot, and Gascony was lost` goes on to a new clause.
_PAIR_GAP = re.compile(r"^\s+(?:and|&|\+)\s+$")
TITLES = word_set(
    "President General Admiral Chancellor King Queen Emperor Empress Pope Tsar Tsarina Kaiser "
    "Prime Minister Marshal Field Duke Count Prince Princess Lord Lady Sir Mr Mrs Ms Dr "
    "Professor Prof Saint St Senator Governor Cardinal Archbishop Bishop Captain Colonel "
    "Major Lieutenant Sergeant Premier Chairman Maharaja Sultan Shah Emir Viceroy Leader Commander "
    "Mayor"
)
#: What follows a ruler's or a preacher's name and `the`: `Ivan the Terrible`.
_EPITHETS = word_set(
    "Great Terrible Conqueror Confessor Hermit Bold Magnificent Younger Elder Pious Fat Bald "
    "Unready Lionheart Wise Navigator Liberator Lawgiver Just Good Fair Red Black Martyr "
    "Venerable Simple Cruel Mad Fearless Peaceful Blessed Impaler Lion Builder Victorious"
)
_MONTHS = MONTH_NAMES | word_set("Monday Tuesday Wednesday Thursday Friday Saturday Sunday")
_YEAR = re.compile(r"1[0-9]{3}|20[0-9]{2}")
# What a month names in history: the `October Revolution`, the `April Theses`, the `June
# Offensive`. Before any other word a month is when, not what (`In March Lenin returned`).
_MONTH_EVENTS = word_set(
    "Revolution Revolutions Offensive Days Decrees Decree Theses Manifesto Crisis Putsch"
    " Uprising Rising Agreement Coup Massacre Strike Ordinances Constitution Laws Plot"
    " Insurrection Armistice Election Elections Pact Settlement Revolt Riots Purge"
)
_VERSION_AFTER = re.compile(
    rf"(?:\s+[Nn]o\.)?\s+v?\d+(?:\.\d+)*\b(?!,\d|\.\d|\d|\s?%|\s+(?i:{MONTH})(?!\w))"
    rf"(?!\s?{_UNIT}(?![\w⁺⁻+-]))(?!\s(?:million|billion|thousand|trillion|bn)\b)"
)  # `Article 231`, `PEP 8`; not the day of `St Albans 15 july`, nor `SA 6 cm²`, `L2 1.5 million`


def is_common(word: str, frequencies: dict[str, int]) -> bool:
    """An everyday English word, however it is capitalised, in the plural too (`firsts`)."""
    lower = word.lower().strip("'’.")
    if lower in STOP_WORDS or frequencies.get(lower, 0) >= COMMON_WORD_FREQUENCY:
        return True
    if len(lower) > 3 and lower.endswith("s") and lower[:-1] not in frequencies:
        return dictionary.frequency(lower[:-1]) >= COMMON_WORD_FREQUENCY
    # a name (`Statuto`, `Dollard`) is no slip, whatever English word it is near
    return word.islower() and frequencies.get(lower, 0) == 0 and _slip_of_common(lower)


@lru_cache(maxsize=8192)
def _slip_of_common(word: str) -> bool:
    """A word the corpus lacks that is one letter from an everyday one: a British spelling
    (`harbour`, `organisation`) or a slip (`enviroment`), not a rare term."""
    if len(word) < 7 or not word.isalpha():
        return False
    near = suggest(word)
    return near is not None and dictionary.frequency(near) >= COMMON_WORD_FREQUENCY


def find_hideables(
    text: str,
    *,
    years: tuple[int, ...] | None,
    emphasis: Iterable[Span] = (),
    protected: Iterable[Span] = (),
    names: PageNames = PageNames(),
) -> list[Hideable]:
    """Everything worth hiding in a plain sentence, in order, none overlapping.

    Args:
        text: plain text (see `cardtext.to_plain`).
        years: the point's years from the outliner (a four-digit number that is not among
            them is a quantity, not a year); None accepts every year.
        emphasis: spans the student made bold: a term they chose.
        protected: code, URL and path spans: never hidden, nor anything overlapping them.
        names: the page's anchors and the notebook's proper words (`PageNames`).
    """
    protected_spans = _SpanReach(protected)
    emphasis = tuple(emphasis)
    found: list[Hideable] = []
    # `found` never overlaps itself, so sorted by start its ends are sorted too: the one
    # found span a candidate can overlap is the last one starting before the candidate ends.
    found_starts: list[int] = []
    found_ends: list[int] = []
    chosen_spans = _SpanReach(emphasis)

    def take(start: int, end: int, kind: CardKind, *, chosen: bool | None = None) -> None:
        if start >= end or protected_spans.reach_before(end) > start:
            return
        at = bisect_left(found_starts, end)
        if at and found_ends[at - 1] > start:
            return
        if chosen is None:  # inside a span the student marked, or holding one
            chosen = chosen_spans.reach_before(start + 1) >= end or chosen_spans.holds(start, end)
        found.append(Hideable(start, end, kind, text[start:end], chosen))
        found_starts.insert(at, start)
        found_ends.insert(at, end)

    for match in _REFERENCE.finditer(text):  # `(John 3:16)`, `Surah 50:16`: one reference
        if match.group("book") not in _NOT_BOOKS:
            take(*match.span(), CardKind.TERM_CLOZE)
    for match in _CLOCK.finditer(text):  # `~12:45am`: a time of day, not the number 12
        take(*match.span(), CardKind.NUMBER_CLOZE)
    for match in _ERA_DATE.finditer(text):  # `133 bc`: a year of the ancient world, era and all
        take(*match.span(), CardKind.DATE_CLOZE)
    for match in BIG_O.finditer(text):  # `O(n log n)`: an algorithm's cost, a term to learn
        take(*match.span(), CardKind.TERM_CLOZE)
    for match in _COMPOUND.finditer(text):
        take(*match.span(), CardKind.TERM_CLOZE)
    for match in _EQUATION.finditer(text):
        if _is_equation(match):
            take(*match.span(), CardKind.TERM_CLOZE)
    for start, end in emphasis:  # `**over 800**`: the student marked the bound with it
        if BOUNDED.fullmatch(text, start, end) or _COUNTED.fullmatch(text, start, end):
            # and `**12 seats**` the thing counted, as one fact
            take(start, end, CardKind.NUMBER_CLOZE, chosen=True)
    for match in _SHARE.finditer(text):
        take(*match.span(), CardKind.NUMBER_CLOZE)
    for match in _TWO_UNITS.finditer(text):
        take(*match.span(), CardKind.NUMBER_CLOZE)
    numbers = list(_NUMBER.finditer(text))  # read once, for three rules
    for low, high in _spans(text, numbers):  # `18°C to 32°C` is one fact, not two
        take(low, high, CardKind.NUMBER_CLOZE)
    for match in numbers:  # `750–1500 mm` is rainfall, not the year 1500
        ranged = re.match(r"[£$€]?\d{1,3}(?:[.,]\d+)*\s?[–-]", match.group(0))
        if ranged and not _MONTH_AFTER.match(text, match.end()):  # `8–9 November` is a date
            take(*match.span(), CardKind.NUMBER_CLOZE)
    for span in find_dates(text, years):
        take(span.start, span.end, CardKind.DATE_CLOZE)
    tokens = list(_TOKEN.finditer(text))
    # `Europe's` is looked up as `Europe`: a possessive makes no word rarer.
    words = {m.group(0).lower().strip("'’.") for m in tokens}
    frequencies = dictionary.frequencies(words | {without_possessive(w) for w in words})
    for match in _BINOMIAL.finditer(text):  # `Phytophthora infestans`: a species, one name
        genus, species = match.groups()
        if dictionary.frequency(species) <= _RARE and not is_common(genus, frequencies):
            take(*match.span(), CardKind.TERM_CLOZE)
    for match in _TALLY.finditer(text):
        if _VOTING.search(text, max(0, match.start() - 60), match.end() + 30):
            take(*match.span("tally"), CardKind.NUMBER_CLOZE)
    for match in numbers:
        figure = match.group(0)
        name = _NAME_BEFORE.search(text, _word_run_start(text, match.start() - 1), match.start())
        if (
            name
            and not (  # `Article 231` is a name; `Around 500,000` is a number
                _sentence_start(text, name.start()) and is_common(name.group(1), frequencies)
            )
            and not _MEASURED.search(figure)  # `NP 20.4%`: a party's share, not its number
        ):
            continue
        if _MONTH_AFTER.match(text, match.end()):  # `14 August`: a day, not a quantity
            continue
        if (
            re.fullmatch(r"\d", figure) and not _ESTIMATE_BEFORE.search(text, 0, match.start())
        ) or re.fullmatch(r"1\s(?!million|billion|thousand)\S+", figure):
            continue  # "2 electrons", "1 kWh": too little to ask; "about 5 litres" is a figure
        take(*match.span(), CardKind.NUMBER_CLOZE)
    quoted_spans: list[Span] = []
    for match in _QUOTED.finditer(text):
        if ASKED.match(match.group(1)):
            continue  # `Usual question = "how serious a threat was X"`: a question, not a fact
        quoted = match.group(1).split()
        # A name inside ("All power to the Soviets") makes a slogan worth asking too.
        named = any(_capitalised(w) and w not in TITLES for w in quoted[1:])
        # `a two-deep line = "the thin red line"`: a phrase it was given, in words of its own
        # (a word or two, `= "boss"`, `= "closed country"`, glosses a term instead)
        given = len(quoted) >= _GIVEN_PHRASE_WORDS and (
            _NAMED_BEFORE.search(text, max(0, match.start() - 16), match.start()) is not None
        )
        if len(quoted) <= _MAX_TERM_WORDS and (
            named or given or not all(is_common(w, frequencies) for w in quoted)
        ):
            quoted_spans.append(match.span(1))  # what the student quoted is chosen
            take(*match.span(1), CardKind.TERM_CLOZE, chosen=True)
    chosen_spans = _SpanReach((*emphasis, *quoted_spans))
    runs = _named_runs(text, tokens, frequencies, names.proper)
    for start, end in emphasis:
        term = text[start:end].strip(" ,.;:").removesuffix("'").removesuffix("’")
        start = text.find(term, start)
        end = start + len(term)
        start, end = _whole_name(text, start, end, runs, frequencies)
        term = text[start:end]
        words_in = term.split()
        if not words_in or len(words_in) > _MAX_TERM_WORDS or " = " in term:
            continue  # `**Group 1 = alkali metals**` is a definition: its side is the term
        number = _NUMBER.fullmatch(term) is not None or _NUMBER_WORDS.fullmatch(term) is not None
        # `**box model** – …`, `the **focus** is the point where …`: the line defines it.
        defined = (
            re.fullmatch(r"(?:(?:the|an?)\s+)?", text[:start], re.I) is not None
            and (_DEFINED.match(text, end) is not None or _IS_THE.match(text, end) is not None)
        ) or (  # `… all mixed up = **till**`, `top node = **root**`: the name it is given
            _NAMED_BEFORE.search(text, max(0, start - 16), start) is not None
            and _CLAUSE_END.match(text, end) is not None
        )
        if (
            defined
            and _LABEL_AFTER.match(text, end)
            and len(words_in) > 1
            and all(is_common(w, frequencies) for w in words_in)
        ):
            continue  # `**Pro tip**: …`, `**Key point**: …`: a label, not a term
        if not number and not defined and not _chosen_term(words_in, frequencies):
            continue
        kind = CardKind.NUMBER_CLOZE if number else CardKind.TERM_CLOZE
        take(start, end, kind)
    for start, end in _opening_terms(text, frequencies):
        take(start, end, CardKind.TERM_CLOZE)
    for start, end in _glossed_terms(text, frequencies):
        take(start, end, CardKind.TERM_CLOZE)
    for start, end in _introduced_terms(text, frequencies):
        take(start, end, CardKind.TERM_CLOZE)
    for start, end in _definitions(text):
        if not all(is_common(w, frequencies) for w in text[start:end].split()):
            take(start, end, CardKind.TERM_CLOZE)  # `= satyagraha`, not `= row` or `= cancer`
    for start, end in _rare_words(text, frequencies):
        if not _anchored(text[start:end].capitalize(), names.anchors):
            take(start, end, CardKind.TERM_CLOZE)
    for start, end in _lists(text, runs):
        if all(
            _anchored(w, names.anchors) for w in _TOKEN.findall(text[start:end]) if w[:1].isupper()
        ):
            continue
        if _HONORIFIC.search(text, max(0, start - 8), start):  # "Mr Patel says…": the teacher
            continue
        if _well_known(text[start:end], frequencies, names.people):
            continue
        take(start, end, CardKind.TERM_CLOZE)
    found.sort(key=lambda h: h.start)
    return _joined_by_and(found, text)


#: The head of a name whose first part an `and` may join: `Selective Training and Service
#: Act`, `Trade Disputes and Trade Unions Act`.
_AND_HEADS = word_set(
    "Act Acts Bill Railway Canal Company Commission Committee Society Association"
)


def _joined_by_and(found: list[Hideable], text: str) -> list[Hideable]:
    """Two names that `and` joins into one, when the second ends on a head that takes both
    (`Selective Training` and `Service Act`); `Britain and France` stay two."""
    merged: list[Hideable] = []
    for hideable in found:
        before = merged[-1] if merged else None
        if (
            before is not None
            and before.kind is hideable.kind is CardKind.TERM_CLOZE
            and text[before.end : hideable.start] == " and "
            and hideable.text.split()[-1] in _AND_HEADS
            and before.text.split()[-1] not in _AND_HEADS
        ):
            merged[-1] = Hideable(
                before.start,
                hideable.end,
                CardKind.TERM_CLOZE,
                text[before.start : hideable.end],
                before.chosen or hideable.chosen,
            )
            continue
        merged.append(hideable)
    return merged


#: A capitalised word opening a sentence and this frequent is an everyday word ("Married",
#: "Under"), not a given name ("John" and "Michael" fall well below it).
EVERYDAY = 20_000


def _whole_name(
    text: str, start: int, end: int, runs: list[Span], frequencies: dict[str, int]
) -> Span:
    """The name a marked word belongs to: "Neil **Armstrong**", "the River **Derwent**". A
    run with a year in it is a date as well (`Boshin War 1868`), and an everyday word opening
    the sentence is not part of the name ("Married Elizabeth of York"), nor is an owner
    ("Wilson's Fourteen Points")."""
    # Runs are in order and never overlap: only the last one starting by `start` can hold it.
    at = bisect_right(runs, (start, len(text) + 1))
    for a, b in runs[max(0, at - 1) : at]:
        if not (a <= start and end <= b) or len(text[a:b].split()) > 4:
            continue
        if any(c.isdigit() for c in text[a:b]):
            break
        head = text[a:b].split()[0]
        if (
            a < start
            and _sentence_start(text, a)
            and head not in _NAME_HEADS  # `Battle of **Manzikert**` is one name
            and frequencies.get(head.lower(), 0) > EVERYDAY
        ):
            a = text.find(" ", a) + 1
        owner = re.search(r"['’]s?\s", text[a:start])  # `Wilson's **Fourteen Points**`
        if owner:
            a += owner.end()
        b = a + len(text[a:b].rstrip("'’"))  # `Hargreaves'`: the name, not its possessive
        return (min(a, start), b)
    return (start, end)


#: An office written after a name: `Lord John Russell PM`, `Keir Hardie MP`.
_ROLE_AFTER = word_set("PM MP MPs QC KC CEO MEP MSP")


def _named_runs(
    text: str, tokens: list[re.Match[str]], frequencies: dict[str, int], proper: frozenset[str]
) -> list[Span]:
    """Runs of capitalised words that name something: `Treaty of London`, `Lin Biao`, `POUM`.

    A run may hold `of`, `of the` and name particles inside, and a number after it
    (`Article 231`, `PEP 8`). A single word is a name only when it is not an everyday word;
    a run at the start of a sentence loses its leading everyday words ("The", "Many").
    """
    runs: list[Span] = []
    i = 0
    while i < len(tokens):
        if not _capitalised(tokens[i].group(0)):
            i += 1
            continue
        j = i
        while True:
            nxt = j + 1
            if nxt < len(tokens) and _joined(text, tokens[j], tokens[nxt]):
                if _capitalised(tokens[nxt].group(0)):
                    j = nxt
                    continue
                raw = tokens[nxt].group(0)
                # `Béal na Bláth`, `Leonardo da Vinci`: a name's particle; `van der Lubbe` is
                # looked up as written.
                joiner = "de" if raw in PARTICLES else raw
                two = f"{raw} {tokens[nxt + 1].group(0)}" if nxt + 1 < len(tokens) else ""
                three = f"{two} {tokens[nxt + 2].group(0)}" if nxt + 2 < len(tokens) else ""
                for words, skip in ((three, 3), (two, 2), (joiner, 1)):
                    after = nxt + skip
                    # `Peter the Hermit`, `Alfred the Great`: one name and its epithet
                    epithet = (
                        words == "the"
                        and j == i
                        and after < len(tokens)
                        and tokens[after].group(0) in _EPITHETS
                    )
                    # `International Campaign to Ban Landmines`, `Society for the Prevention…`
                    purpose = words in _PURPOSE_JOINERS and tokens[j].group(0) in _BODIES
                    if (
                        (words in _JOINERS or epithet or purpose)
                        and after < len(tokens)
                        and _capitalised(tokens[after].group(0))
                        and all(_joined(text, tokens[k], tokens[k + 1]) for k in range(j, after))
                    ):
                        j = after
                        break
                else:
                    break
                continue
            break
        run = tokens[i : j + 1]
        i = j + 1
        # Leading everyday words, titles and months are not part of the name.
        # A title naming a place keeps it: `King David Hotel`, `Queen Elizabeth Hospital`.
        place = run[-1].group(0) in _PLACE_NOUNS
        while run and (
            (run[0].group(0) in TITLES and run[0].group(0) not in ("St", "Saint") and not place)
            or (run[0].group(0) in _MONTHS and not _month_named(run))
            or (
                _sentence_start(text, run[0].start())
                and (
                    run[0].group(0).lower() in _OPENERS
                    # `Replaced English earls`: a verb opening a fragment, not a name's head
                    or (
                        run[0].group(0).endswith("ed")
                        and run[0].group(0) not in proper
                        and frequencies.get(run[0].group(0).lower(), 0) > _VERB_FREQUENCY
                    )
                    or (  # `Members of the Party`, but `Michael Faraday` is one name
                        len(run) > 2
                        and run[1].group(0) == "of"
                        and run[0].group(0) not in _NAME_HEADS
                        and run[-1].group(0) not in _NAME_HEADS
                        and run[0].group(0) not in proper
                        and is_common(run[0].group(0), frequencies)
                    )
                )
            )
            or run[0].group(0).lower() in STOP_WORDS
        ):
            run = run[1:]
        # `James I`: after a name a capital I is its numeral, not the pronoun.
        while (
            run
            and (
                run[-1].group(0).lower() in _TRAILING
                or (run[-1].group(0) in _ROLE_AFTER and len(run) > 1)
            )
            and not (run[-1].group(0) == "I" and len(run) > 1)
        ):
            run = run[:-1]  # nor is `PM` in `Lord John Russell PM` part of his name
        if not run:
            continue
        names = [t.group(0) for t in run]
        start, end = run[0].start(), run[-1].end()
        if len(names) == 1 and names[0] in _ROLE_AFTER:
            continue  # `voted down by MPs 3 times`: a role, not a name, and no `Article 231`
        numbered = _VERSION_AFTER.match(text, end)  # `Article 231`, `PEP 8`
        if numbered and _YEAR.fullmatch(numbered.group(0).strip()):
            numbered = None  # `founded by Arthur Griffith 1905`: a name, then its year
        if len(names) > 1 and all(n.isupper() for n in names):  # SHOUTED advice, not a name
            continue
        if len(names) == 1 and len(names[0]) == 2 and names[0].isupper() and not numbered:
            continue  # `TV`, `UK`: everyday abbreviations
        if (
            len(names) == 1
            and not numbered
            and (len(names[0]) < 2 or is_common(names[0], frequencies) or names[0] in _MONTHS)
        ):
            continue
        if (
            len(names) == 1
            and names[0].lower() in frequencies
            and names[0].endswith(("ed", "est", "ing", "ly"))
            and names[0] not in proper
            and _sentence_start(text, start)
        ):
            continue  # `Reissued in 1688`, `Shallowest type`: an everyday word, capitalised
        if len(names) == 1 and _shouted(names[0]) and names[0] not in proper:
            continue  # `reactivity DECREASES`: a word stressed, not an acronym
        if sum(_capitalised(n) for n in names) > _MAX_TERM_WORDS:
            continue
        if ordinal := _ORDINAL_BEFORE.search(text, max(0, start - 8), start):
            start = ordinal.start()  # `the 101st Airborne Division`
        if numbered:
            end = numbered.end()
        if text[end - 2 : end] in ("'s", "’s"):
            end -= 2
        elif text[end - 1 : end] == "s" and text[end : end + 1] in ("'", "’"):
            end += 1  # `the Stephensons' Rocket`: the apostrophe goes with the name
        elif text[end : end + 1] in ("+", "-", "⁺", "⁻") and not text[end + 1 : end + 2].isalnum():
            end += 1  # an ion: `Mg2+`
        runs.append((start, end))
    return runs


#: A word in capitals this common (in the dictionary's counts), or its stem, is stressed.
_STRESSED_FREQUENCY = 500


def _shouted(word: str) -> bool:
    """An everyday word written in capitals for stress (`DECREASES`, `NOTHING`); acronyms
    (`UNESCO`, `NATO`) are no dictionary words, or short."""
    if len(word) < 5 or not word.isupper() or not word.isalpha():
        return False
    lower = word.lower()
    stems = {lower, re.sub(r"(?:e?s|ed|ing)$", "", lower), re.sub(r"(?:s|d|ing)$", "", lower)}
    return any(dictionary.frequency(s) >= _STRESSED_FREQUENCY for s in stems if len(s) >= 4)


def _month_named(run: list[re.Match[str]]) -> bool:
    """A month's word that opens a name: `May Fourth Movement`, `Jan III Sobieski`."""
    return len(run) > 1 and (
        run[1].group(0) in _MONTH_EVENTS or re.fullmatch(r"[IVX]{1,4}", run[1].group(0)) is not None
    )


_WORLD_WAR = re.compile(
    r"(?i)WW\s?(?:1|2|I|II|One|Two)|World War (?:1|2|I|II|One|Two)|the (?:First|Second) World War"
    r"|(?:First|Second) World War|the Great War|World War"
)


def _well_known(name: str, frequencies: dict[str, int], people: frozenset[str]) -> bool:
    """A one-word place or thing everyone has heard of (`Britain`, `Paris`, `Europe`): hiding
    it asks what the sentence already says. People are kept: "[...] signed the Act" is a
    fair question even when the name is famous."""
    word = name.strip()
    if _WORLD_WAR.fullmatch(word):  # the setting of half of history, never the point
        return True
    if " " in word or word in people or word.isupper():
        return False
    return frequencies.get(word.lower(), 0) >= WELL_KNOWN_FREQUENCY


def _chosen_term(words: list[str], frequencies: dict[str, int]) -> bool:
    """Whether words the student set in bold name a term: a compound of everyday words
    (`hash table`, `lone pair`) is one; a lone everyday word stressed (`NOT`, `very`,
    `Secondly`) is not."""
    lowered = [w.lower().strip("'’.") for w in words]
    if " ".join(lowered) in DISCOURSE_MARKERS or all(w in STOP_WORDS for w in lowered):
        return False
    # A compound is a term when one of its words is not an everyday one (`hash table`), or
    # when it names a thing in words of content only (`leading questions`); `everyone else`
    # and `really bloody` are not.
    if any(frequencies.get(w, 0) < _STRESSED_WORD_FREQUENCY for w in lowered):
        return True
    return (
        len(lowered) >= 2
        and all(w.islower() for w in words)  # `**Change image**`: a label on a screen
        and not any(
            w in STOP_WORDS
            or w in ANAPHORS
            or w.endswith(("ly", "self", "selves"))
            or w in _EVERYDAY_QUALIFIERS
            or w in _NOT_CONTENT
            for w in lowered
        )
    )


#: Words that stress rather than name: `**much more**`, `**else**`, `**at all**`.
_EVERYDAY_QUALIFIERS = word_set(
    "very much more most less least else all any every some other same own such quite too "
    "really just only even still also never always ever"
)


#: Prepositions and counts, which a bold phrase holding them is no name of: `across parents`.
_NOT_CONTENT = word_set(
    "across above below into onto over under within without through between among along "
    "around behind beyond upon one two three four five six seven eight nine ten please"
)


#: A lower-case term opening its line, before what defines it: `platelets: fragments of cells
#: that help the blood clot`, `the aorta is the biggest artery`, `statins - drugs that …`.
_OPENING_TERM = re.compile(
    r"(?:[Tt]he\s+|[Aa]n?\s+)?(?P<term>[a-zà-ÿ][a-zà-ÿ'’-]+(?:\s[a-zà-ÿ][a-zà-ÿ'’-]+)?)"
    r"(?:\s*(?:[–—:=]|-\s)|\s(?:is|are|was|were)\s(?:the|an?)\s)"
    r"|the\s(?P<subject>[a-z][a-z'’-]+(?:\s[a-z][a-z'’-]+)?)\s(?:brings|carries|takes|pumps|"
    r"deals|holds|stores|controls|produces|makes|contains)\s"
)
#: The same after a comma, only with `=`: `…82 bc, proscriptions = lists of enemies`.
_CLAUSE_TERM = re.compile(r"(?P<term>[a-z][a-z'’-]+(?:\s[a-z][a-z'’-]+)?)\s?=\s")
#: Words that say how or about the notes, not what: `afterwards`, `basically`, `abbrevs`.
_NOT_A_TERM = re.compile(
    r"(?:wards|ly|wise)$|^(?:revision|notes?|sheets?|summary|abbrevs?|abbreviations?|overview|"
    r"intro|recap|definitions?|examples?|keywords?)$"
)
#: How rare a word of an unmarked term must be for the line to be its definition.
_RARE_TERM_WORD = 1_500


def _opening_terms(text: str, frequencies: dict[str, int]) -> list[Span]:
    """The terms a line (or a clause after a comma, with `=`) opens on and then defines,
    when they hold a rare word: the student did not bold them, but the line is their
    definition. Everyday openings (`downside:`, `the army is a …`) are no term."""
    out: list[Span] = []
    starts = [0, *(m.end() for m in re.finditer(r"[,;]\s+", text))]
    for start in starts:
        found = (_OPENING_TERM if start == 0 else _CLAUSE_TERM).match(text, start)
        if found is None:
            continue
        group = "term" if found["term"] else "subject"
        words = found[group].split()
        if len(words) > 2 or any(w in STOP_WORDS or _NOT_A_TERM.search(w) for w in words):
            continue
        if min(frequencies.get(w.strip("'’"), 0) for w in words) < _RARE_TERM_WORD:
            out.append(found.span(group))
    return out


#: A rare word the line introduces: named (`runners called chasquis`) or glossed after a
#: dash (`through the devshirme - Christian boys taken from Balkan villages`).
_INTRODUCED = re.compile(
    r"\b(?:called|known\s+as|named|termed)\s+(?:the\s+|an?\s+)?(?P<named>[a-zà-ÿ][a-zà-ÿ'’-]{3,})"
    r"|(?<![\w'’-])(?P<glossed>[a-zà-ÿ][a-zà-ÿ'’-]{4,})\s[-–—]\s(?=[^\W\d_]+\s[^\W\d_]+\s)"
)
#: How rare such a word must be: rarer than for a line's opening term, since the line does
#: not define it in so many words.
_RARE_INTRODUCED = 300


def _introduced_terms(text: str, frequencies: dict[str, int]) -> list[Span]:
    out: list[Span] = []
    for found in _INTRODUCED.finditer(text):
        group = "named" if found["named"] else "glossed"
        word = found[group].strip("'’-")
        if word in STOP_WORDS or _NOT_A_TERM.search(word) or "-" in word:
            continue
        if group == "glossed" and not re.search(r"\b(?:the|an?)\s$", text[: found.start()]):
            continue  # `the devshirme - …`; a dash after any word is an aside
        if _lemma_frequency(word) < _RARE_INTRODUCED:
            out.append(found.span(group))
    return out


#: A lower-case word of six letters or more, not part of a path, call or compound.
_RARE_WORD = re.compile(r"(?<![\w'’./-])[a-zà-ÿ][a-zà-ÿ]{5,}(?![\w'’/(-])")
#: A word the frequency list holds at most this often is a subject's own vocabulary
#: (`commutator`, `stadholder`, `tricuspid`); the list's floor is 50, and a word missing from
#: it (0) is as often a slip or a name as a term (a British spelling counts as its American).
_RAREST = 150
_VERB_FORMS = ("ed", "ing", "ier", "iest", "ise", "ises", "ize", "izes")
#: A line that speaks to its reader (`you`, `we`) is a manual's, not a student's note.
_ADDRESSED = re.compile(
    r"\b(?:[Yy]ou(?:r|['’](?:ll|re|ve|d))?|[Ww]e(?:['’](?:ve|re|ll))?|[Oo]ur|us)\b"
)
_LIST_GOES_ON = re.compile(r",|\s+(?:and|or|&)\s")


def _rare_words(text: str, frequencies: dict[str, int]) -> list[Span]:
    """Words too rare for everyday English, unmarked: what a teacher tests in a science or
    history line is most often its one technical word. Descriptions (`permeable`), verb
    forms and comparatives (`smokier`) are not terms, whatever their rarity.

    `frequencies` holds the line's own words: most are common, and are passed over without
    looking up their plain forms."""
    out: list[Span] = []
    if _ADDRESSED.search(text):
        return out  # `Add header links and a footer`, `you'll be able to bootstrap`: a manual
    for found in _RARE_WORD.finditer(text):
        word = found.group(0)
        if not 0 < frequencies.get(word, 0) <= _RAREST:
            continue
        if _NOT_A_TERM.search(word) or _DESCRIBING.search(word) or word.endswith(_VERB_FORMS):
            continue
        if text.endswith(", ", 0, found.start()) and _LIST_GOES_ON.match(text, found.end()):
            continue  # `Slumping, rockfall, sliding`: one of many, any of them fits
        if _lemma_frequency(word) <= _RAREST:
            out.append(found.span())
    return out


_INFLECTIONS = (("ies", "y"), ("es", ""), ("s", ""), ("ing", ""), ("ing", "e"), ("ed", ""))


def _lemma_frequency(word: str) -> int:
    """The frequency of a word's commonest plain form: `integrations` is as everyday as
    `integration`, `indexing` as `index`."""
    forms = {word}
    for ending, base in _INFLECTIONS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            forms.add(word[: -len(ending)] + base)
    return max(dictionary.frequency(form) for form in forms)


#: A rare word glossed in the brackets after it (`housecarls (professional soldiers)`), or
#: named in brackets after what it means (`huge estates (latifundia)`, `(= anterograde amnesia)`).
_GLOSSED = re.compile(
    r"(?<![\w'’-])(?P<before>[a-z][a-z'’-]+(?:\s[a-z][a-z'’-]+)?)\s"
    r"(?=\([a-z][a-z'’-]*(?:\s[a-z][a-z'’-]*)*\))"
    r"|\((?:=\s?)?(?P<inside>[a-z][a-z'’-]+(?:\s[a-z][a-z'’-]+)?)\)"
)


#: Endings of words that describe rather than name: `(optional)`, `(recognizable)`.
_DESCRIBING = re.compile(r"(?:able|ible|ive|ous|ful|less|ean|al)$")
#: Words opening a bracket that qualifies rather than glosses: `(similar to …)`, `(low bias)`.
_NOT_A_GLOSS = word_set("similar like unlike low high mainly usually see eg ie not same except")


def _glossed_terms(text: str, frequencies: dict[str, int]) -> list[Span]:
    """Terms the student explains in brackets, or names in brackets after explaining them:
    unmarked and lower-case, the bracket still says the word is one to learn."""
    out: list[Span] = []
    for found in _GLOSSED.finditer(text):
        group = "before" if found["before"] else "inside"
        if group == "before":
            gloss = text[found.end() + 1 :].split(maxsplit=1)[0].lower()
            inside = text[found.end() + 1 :].split(")", 1)[0]
            if (
                gloss in STOP_WORDS
                or gloss in ANAPHORS
                or gloss in _EVERYDAY_QUALIFIERS
                or gloss.endswith("ing")
                or gloss in _NOT_A_GLOSS
                or (" " not in inside and _DESCRIBING.search(inside) is not None)
            ):
                continue  # `(and vice versa)`, `(using the key)`, `(optional)`: an aside
        else:
            # What the bracket names is described just before it in everyday words: not a
            # name (`Humphry Davy (electrolysis)`) nor a rare word it is a synonym of.
            described = re.search(r"([\w'’-]+)\W*$", text[: found.start()])
            word = described.group(1) if described else ""
            if not word.islower() or frequencies.get(word, 0) < _RARE_TERM_WORD:
                continue
            if len(found["inside"]) < 4 or _DESCRIBING.search(found["inside"]):
                continue  # `(ix)`, `outdated (boolean)`: a numbering or a description
        words = found[group].split()
        if len(words) > 1 and (  # `contains metadata (data about …)`: the noun, not its verb
            words[0] in STOP_WORDS
            or words[0] in ("vs", "v", "versus")  # `… vs external (does it generalise)`
            or frequencies.get(words[0], 0) >= _RARE_TERM_WORD
        ):
            words = words[1:]
        start = found.end(group) - len(" ".join(words))
        if any(w in STOP_WORDS or _NOT_A_TERM.search(w) for w in words):
            continue
        if min(frequencies.get(w.strip("'’"), 0) for w in words) < _RARE_TERM_WORD and not all(
            is_common(w, frequencies) for w in words
        ):  # `(enviroment)` is an everyday word misspelt, not a rare one
            out.append((start, found.end(group)))
    return out


def _definitions(text: str) -> list[Span]:
    """The short side of a definition line: `His method = satyagraha (truth-force)`."""
    match = _DEFINITION.match(text)
    if not match:
        return []
    return [match.span("term")]


#: A plural noun right after a name: the name qualifies it (`Lutheran princes`).
_NOUN_AFTER = re.compile(r" (?!(?:was|has|is|does|goes|gets|says)\b)[a-z]{2,}s\b")


def _lists(text: str, runs: list[Span]) -> list[Span]:
    """Names in a list are one answer: `Kamenev and Zinoviev`. In a longer list of peers
    (`Germany, France, Belgium, UK`) any one of them hidden could be any other: none is kept.
    """
    groups: list[list[Span]] = []
    for run in runs:
        if groups and _LIST_GAP.match(text[groups[-1][-1][1] : run[0]]):
            groups[-1].append(run)
        else:
            groups.append([run])
    out: list[Span] = []
    for group in groups:
        if len(group) == 1:
            out.append(group[0])
        elif (
            len(group) == 2
            and _PAIR_GAP.match(text[group[0][1] : group[1][0]])
            and not text.endswith(("the ", "The "), 0, group[0][0])  # `the Soviet and Trotsky`
            and not (  # `Charles V + Lutheran princes`: the second name qualifies a noun
                "+" in text[group[0][1] : group[1][0]] and _NOUN_AFTER.match(text, group[1][1])
            )
        ):
            out.append((group[0][0], group[1][1]))
        elif len(group) == 2:  # `Jallianwala Bagh, Amritsar`: a place and where it is
            out.extend(group)
    return out


def _anchored(word: str, anchors: frozenset[str]) -> bool:
    """Whether a word is a name the page is about, in any form: `the Birlings'` on a page
    about Mr Birling's family."""
    word = without_possessive(word).rstrip("'’")
    return word in anchors or (word.endswith("s") and word[:-1] in anchors)


def _capitalised(word: str) -> bool:
    return word[:1].isupper() and not word.isdigit()


def _joined(text: str, left: re.Match[str], right: re.Match[str]) -> bool:
    """Whether two tokens are one run of a name: `Bishops' Wars` holds a plural's apostrophe."""
    gap = text[left.end() : right.start()]
    return gap in (" ", "–", "-", "") or (gap in ("' ", "’ ") and left.group(0).endswith("s"))


def _sentence_start(text: str, at: int) -> bool:
    while at and text[at - 1] in ' "“(':  # scanned, not sliced: a long line asks this often
        at -= 1
    return not at or text[at - 1] in ".!?:;"


def _word_run_start(text: str, end: int) -> int:
    """Where the run of word characters and hyphens ending before `end` begins: a name just
    before a number lies inside it, so the search for it need not start further back."""
    while end > 0 and (text[end - 1].isalnum() or text[end - 1] in "_-"):
        end -= 1
    return max(0, end - 1)


class _SpanReach:
    """Spans sorted by start, with the furthest end reached by the spans starting before a
    point: whether any span overlaps or holds a candidate, in O(log n) for a long line."""

    def __init__(self, spans: Iterable[Span]) -> None:
        ordered = sorted(spans)
        self._starts = [a for a, _ in ordered]
        self._reach = list(accumulate((b for _, b in ordered), max))
        # The nearest end among spans starting at or after each one: held spans.
        self._nearest = list(accumulate((b for _, b in reversed(ordered)), min))[::-1]

    def reach_before(self, limit: int) -> int:
        """The largest end among spans starting before `limit`; -1 when there is none."""
        at = bisect_left(self._starts, limit)
        return self._reach[at - 1] if at else -1

    def holds(self, start: int, end: int) -> bool:
        """Whether [start, end) holds a whole span."""
        at = bisect_left(self._starts, start)
        return at < len(self._nearest) and self._nearest[at] <= end
