"""Write a synthetic GitBook notebook of revision notes, for benchmarks.

    python bench/make_notebook.py N [OUT_DIR]

Pages follow the style of real student notes: GitBook front matter, a `#` title with an
emoji, `##` exam-theme sections (the later ones often still empty), `###` factors with
bullets naming people and bold years, bold `**S: …**` link statements with `OR`
alternatives, an occasional factor marked weak, nested bullets, GitBook's `&#x20;` line
ends, and a sprinkling of misspellings, variant spellings and garbled (mojibake) emoji.

All text comes from the word lists and sentence templates below. Page `i` depends only on
the seed and `i` (its own `random.Random`), so a notebook of N pages is a prefix of one of
M > N pages, and every run writes the same bytes.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

GENERATOR_VERSION = 1
PAGES_PER_UNIT = 50
TARGET_PAGE_BYTES = 8_000
MANIFEST = ".bench-manifest.json"  # a dotfile, so notedeck does not read it as a page

# ---------------------------------------------------------------- word lists

FIRST_NAMES = (
    "Anton",
    "Marek",
    "Ilse",
    "Tomas",
    "Vera",
    "Joaquim",
    "Helena",
    "Dmitri",
    "Rosa",
    "Kenji",
    "Farid",
    "Luisa",
    "Pavel",
    "Greta",
    "Aurel",
    "Nadia",
    "Emil",
    "Ines",
    "Stefan",
    "Yusuf",
    "Olga",
    "Rafael",
    "Miklos",
    "Ana",
    "Viktor",
    "Hiroshi",
    "Zofia",
    "Bruno",
    "Leila",
    "Oskar",
)
SURNAMES = (
    "Halvorsen",
    "Petrescu",
    "Kessler",
    "Moreau",
    "Castellano",
    "Novak",
    "Lindqvist",
    "Varga",
    "Okafor",
    "Demir",
    "Sokolov",
    "Brandt",
    "Tanaka",
    "Ferreira",
    "Kowalczyk",
    "Markovic",
    "Antonescu",
    "Dragomir",
    "Ostrowski",
    "Szabo",
    "Alvarado",
    "Ramos",
    "Yilmaz",
    "Kuroda",
    "Lazarev",
    "Pellegrini",
    "Vasquez",
    "Horvath",
    "Duarte",
    "Mendoza",
    "Strand",
    "Baranov",
    "Ionescu",
    "Keller",
    "Rossetti",
    "Salgado",
    "Takeda",
    "Volkov",
    "Wrona",
    "Zeller",
)
COUNTRIES = (
    "Hungary",
    "Romania",
    "Portugal",
    "Argentina",
    "Japan",
    "Poland",
    "Spain",
    "Greece",
    "Turkey",
    "Brazil",
    "Chile",
    "Korea",
    "Egypt",
    "Persia",
    "Yugoslavia",
    "Bulgaria",
    "Finland",
    "Mexico",
    "China",
    "Austria",
    "Italy",
    "Germany",
    "Cuba",
    "Indonesia",
)
PLACES = (
    "Budapest",
    "Lisbon",
    "Buenos Aires",
    "Osaka",
    "Kraków",
    "Valencia",
    "Thessaloniki",
    "Ankara",
    "São Paulo",
    "Valparaíso",
    "Alexandria",
    "Tabriz",
    "Zagreb",
    "Plovdiv",
    "Tampere",
    "Monterrey",
    "Shanghai",
    "Graz",
    "Turin",
    "Hamburg",
    "Havana",
    "Surabaya",
    "Cluj",
    "Porto",
    "Córdoba",
    "Nagoya",
    "Gdańsk",
    "Seville",
    "Smyrna",
    "Recife",
)
ORG_ADJECTIVES = (
    "National",
    "Workers'",
    "People's",
    "Patriotic",
    "Revolutionary",
    "Democratic",
    "United",
    "Central",
    "Agrarian",
    "Socialist",
    "Liberal",
    "Imperial",
    "Republican",
    "Popular",
)
ORG_NOUNS = (
    "Party",
    "Front",
    "Council",
    "Assembly",
    "League",
    "Congress",
    "Union",
    "Committee",
    "Guard",
    "Militia",
    "Bank",
    "Directorate",
    "Movement",
    "Federation",
)
GROUPS = (
    "the peasants",
    "the industrial workers",
    "the army officers",
    "the middle classes",
    "the landowners",
    "the students",
    "the clergy",
    "the trade unions",
    "the veterans",
    "the business elites",
    "the civil servants",
    "the urban poor",
    "the conservatives",
    "the radicals",
    "the moderates",
    "foreign investors",
    "the regional governors",
)
PAST_VERBS = (
    "reorganised",
    "dissolved",
    "infiltrated",
    "courted",
    "undermined",
    "purged",
    "reformed",
    "controlled",
    "dominated",
    "abolished",
    "strengthened",
    "weakened",
    "founded",
    "banned",
    "funded",
    "discredited",
    "sidelined",
    "replaced",
    "expanded",
    "centralised",
)
BASE_VERBS = (
    "oppose",
    "support",
    "distrust",
    "resist",
    "abandon",
    "join",
    "criticise",
    "tolerate",
    "fear",
    "rally behind",
    "turn against",
    "negotiate with",
)
NOUNS = (
    "the economy",
    "the press",
    "the police",
    "the railways",
    "the harvest",
    "foreign policy",
    "the constitution",
    "the currency",
    "heavy industry",
    "the civil service",
    "the schools",
    "the countryside",
    "the border provinces",
    "the coal mines",
    "the ports",
    "the budget",
)
ADJECTIVES = (
    "unpopular",
    "divided",
    "bankrupt",
    "discredited",
    "isolated",
    "ineffective",
    "powerful",
    "fragile",
    "corrupt",
    "disorganised",
    "overconfident",
    "cautious",
    "ambitious",
)
CRISES = (
    "the harvest failure",
    "the banking collapse",
    "the general strike",
    "the border war",
    "the currency crisis",
    "the army mutiny",
    "the assassination of the prime minister",
    "the flood",
    "the rigged election",
    "the naval defeat",
    "the famine",
    "the occupation",
)
POLICIES = (
    "land reform",
    "rapid industrialisation",
    "collectivisation",
    "rearmament",
    "press censorship",
    "a five-year plan",
    "public works",
    "price controls",
    "the nationalisation of the banks",
    "a new constitution",
    "compulsory military service",
    "literacy campaigns",
    "tariffs on imports",
    "a secret police force",
)
SLOGANS = (
    "Bread and Order",
    "One Nation, One Will",
    "Land to the Tillers",
    "Work and Homeland",
    "Strength through Unity",
    "Revolution from Above",
    "Peace with Honour",
    "Order First",
)
OUTCOMES = (
    "allowing {S} to rise to power",
    "securing {S}'s position as leader",
    "eliminating the last serious rival to {S}",
    "tightening the {O}'s grip on {C}",
    "leaving the {O} without a credible alternative",
    "giving {S} control of the state",
    "making the regime's survival possible",
    "weakening all opposition to {S}",
)
THEMES = (
    "Reasons for the rise of {S}",
    "Economic impact of {S}",
    "Political impact of {S}",
    "Social impact of {S}",
    "Reasons for the fall of the {O}",
    "Foreign policy of {S}",
    "Consolidation of power in {C}",
    "Opposition to {S}",
    "Impact on women and families",
    "Cultural policy under the {O}",
)
FACTORS = (
    "Failure of the {O}",
    "{S}'s control over the {O}",
    "Economic crisis of {Y}",
    "Support from {G}",
    "Weakness of the constitution",
    "Use of propaganda",
    "Role of the {O}",
    "Exploitation of divisions in the {O}",
    "Fear of revolution",
    "Foreign intervention by {C2}",
    "Discontent in {PL}",
    "The {Y} election",
    "Terror and the secret police",
    "{S}'s personal leadership",
    "Mistakes of {S2}",
    "Collapse of the coalition",
    "Alliance with {G}",
    "Effects of {crisis}",
    "Control of {noun}",
    "Backing of the army",
)
WEAK_NOTES = (
    "not really good for essay",
    "weak",
    "avoid in essays",
    "not very useful",
    "skip",
    "don't use - too minor",
    "not that relevant",
)
OTHER_NOTES = ("optional", "extra detail", "from the textbook", "check with teacher")
EMOJI = ("🪖", "🏭", "📜", "⚔️", "🗳️", "🌾", "🏛️", "🚂", "💰", "📰", "🔥", "🕊️", "🇯🇵", "⭐")
# Lower-case words the templates use, and how a student might misspell them.
MISSPELLINGS = {
    "government": ("goverment", "govenment"),
    "successor": ("sucessor",),
    "received": ("recieved",),
    "believed": ("beleived",),
    "influence": ("influance",),
    "opposition": ("oppositon",),
    "political": ("politcal",),
    "propaganda": ("propoganda",),
    "until": ("untill",),
    "support": ("suport",),
    "against": ("agianst",),
    "position": ("postion",),
    "because": ("becuase",),
    "leader": ("leeder",),
    "known": ("know",),
}
# Both spellings are fine English; the check should accept British forms.
VARIANTS = {
    "organisation": "organization",
    "industrialisation": "industrialization",
    "criticised": "criticized",
    "centralised": "centralized",
    "recognised": "recognized",
    "labour": "labor",
    "favour": "favor",
}
# Hyphenated terms and a slip of each: one term spelled two ways across the notebook.
HYPHEN_SLIPS = {
    "secretary-general": "secretery-general",
    "anti-communist": "anti-comunist",
    "counter-revolution": "counter-revolusion",
    "vice-president": "vice-presdient",
}

# ---------------------------------------------------------------- sentence templates

OPENERS = (
    "In {Y}, {P} {V} the {O} in {PL}",
    "{S} {V} {noun} after {crisis} of {y}",
    "By {Y}, the {O} had become {adj}",
    "{P} was appointed head of the {O} in {Y}",
    "Many of {G} began to {base} {S} when {crisis} hit {PL}",
    "The {O} {V} {noun} under the direction of {S}",
    "{S} promised {policy} to win over {G}",
    "After {crisis}, {G} in {PL} refused to {base} the government",
    '{S} believed in "{slogan}", calling for {policy}',
    "Membership of the {O} grew from {n1},000 in {y} to {n2},000 by {Y}",
    "{S2} warned that {S} was too {adj} to be trusted with the secretary-general post",
    "Example: {S} {V} {noun} and used the {O} to silence {G}",
    "However, {S2} and the {O2} formed an alliance against {S} in {Y}",
    "The anti-communist press in {PL} {V} the {O} and praised {S}",
    "{S} kept the vice-president of the {O} away from the meeting in {PL}",
    "Fearing a counter-revolution, {S} {V} {noun} in {Y}",
    "{S} made sure that {G} owed their position to him",
    "{P} resigned from the {O} in {Y} and went into exile in {C2}",
    "The treaty signed with {C2} in {Y} was seen as a humiliation by {G}",
    "{S}'s organisation of the {O} gave him influence over {noun}",
    "Strikes broke out in {PL} in {Y} after {crisis}",
    "{P}, a close ally of {S}, took charge of {noun}",
    "The {O2} boycotted the elections of {Y} in protest against {policy}",
    '{S} used the radio and newspapers to spread the message of "{slogan}"',
    "Unemployment in {PL} reached {n1}% by {Y}",
    "The army stayed neutral when {G} marched on {PL} in {Y}",
    "{S2} was arrested in {PL} on the orders of {S} in {Y}",
    "Loans from {C2} kept {noun} running until {Y}",
    "{S} signed a pact with the {O2} in {Y} to divide {noun} between them",
    "Elections in {Y} gave the {O} a majority in {PL} but not in the capital",
    "{G} were promised a share of {noun}, but few received anything",
    "The secretary-general of the {O} decided who was appointed to {noun}",
)
LINKERS = (
    ", which meant that {G} had to {base} the {O}",
    ", causing {G} to {base} the government",
    ", so the {O} lost much of its support in {PL}",
    " and {S} was able to present himself as the only alternative",
    ", although it was not considered particularly important at the time",
    ", giving him a great deal of influence over {noun}",
    " because the {O} was {adj} and could not respond",
    ", and as a result the opposition was {adj}",
    ", until {S2} {V} the {O2} in {y2}",
    " while {S2} was ill and could not organise his supporters",
    ", which was criticised by {G} as an attack on {noun}",
    ", weakening the position of {S2}",
    "",
    "",
)
STATEMENT_REASONS = (
    "With the {O} under his control, {S} was able to {base2} his rivals",
    "By exploiting the divisions within the {O}, {S} made his opponents look disloyal",
    "Because {G} blamed the government for {crisis}, support for the {O} rose quickly",
    "As {S2} was sidelined and then expelled from the {O}",
    "Using {policy} to win over {G}, {S} built a broad base of support",
    "Since the {O2} was {adj} and divided",
    "The propaganda of the {O} convinced {G} that only {S} could restore order",
)
BASE2 = ("outmanoeuvre", "remove", "isolate", "discredit", "defeat", "outvote")
_COMMON_STARTS = frozenset(
    {
        "In",
        "By",
        "Many",
        "The",
        "After",
        "Membership",
        "Fearing",
        "Strikes",
        "Unemployment",
        "Loans",
        "Elections",
    }
)
SEQUENCE_WORDS = (("First", "Secondly", "Lastly"), ("Firstly", "Then", "Finally"))


@dataclass
class _Cast:
    """The names one page is about: its leader, a rival, its party and its country."""

    leader: str
    rival: str
    leader_first: str
    org: str
    org2: str
    country: str


class PageWriter:
    """Writes one page from its own random generator."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        leader, rival = rng.sample(SURNAMES, 2)
        org, org2 = (f"{rng.choice(ORG_ADJECTIVES)} {noun}" for noun in rng.sample(ORG_NOUNS, 2))
        self.cast = _Cast(leader, rival, rng.choice(FIRST_NAMES), org, org2, rng.choice(COUNTRIES))
        self.start_year = rng.randint(1900, 1960)
        # Each page prefers one spelling of each variant, and slips on some hyphenated terms.
        self.british = rng.random() < 0.7
        self.slips = {k: v for k, v in HYPHEN_SLIPS.items() if rng.random() < 0.08}

    # -- slots

    def year(self) -> int:
        return min(1990, self.start_year + int(self.rng.triangular(-5, 30, 5)))

    def fill(self, template: str) -> str:
        """Replace `{slot}`s in a template with this page's names and random words."""
        rng, cast = self.rng, self.cast
        y = self.year()

        def slot(match: re.Match[str]) -> str:
            name = match.group(1)
            if name == "Y":
                year = str(self.year())
                return f"**{year}**" if rng.random() < 0.6 else year
            simple = {
                "S": cast.leader,
                "S2": cast.rival,
                "O": cast.org,
                "O2": cast.org2,
                "C": cast.country,
            }
            if name in simple:
                return simple[name]
            if name == "P":
                who = f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"
                return f"**{who}**" if rng.random() < 0.15 else who
            choices: dict[str, tuple[str, ...]] = {
                "G": GROUPS,
                "V": PAST_VERBS,
                "base": BASE_VERBS,
                "base2": BASE2,
                "noun": NOUNS,
                "adj": ADJECTIVES,
                "crisis": CRISES,
                "policy": POLICIES,
                "slogan": SLOGANS,
                "PL": PLACES,
                "C2": COUNTRIES,
            }
            if name in choices:
                return rng.choice(choices[name])
            if name == "y":
                return str(y)
            if name == "y2":
                return str(min(1990, y + rng.randint(1, 6)))
            if name in ("n1", "n2"):
                return str(rng.randint(5, 90) * (1 if name == "n1" else 9))
            raise KeyError(name)

        return re.sub(r"\{(\w+)\}", slot, template)

    def sentence(self) -> str:
        text = self.fill(self.rng.choice(OPENERS) + self.rng.choice(LINKERS))
        return self.spell(text)

    def spell(self, text: str) -> str:
        """Apply the page's spelling habits and the odd slip of the keyboard."""
        rng = self.rng
        for british, american in VARIANTS.items():
            if british in text and not self.british:
                text = text.replace(british, american)
        for right, wrong in self.slips.items():
            text = text.replace(right, wrong)
        if rng.random() < 0.03:
            words = [w for w in MISSPELLINGS if re.search(rf"\b{w}\b", text)]
            if words:
                word = rng.choice(words)
                text = re.sub(rf"\b{word}\b", rng.choice(MISSPELLINGS[word]), text, count=1)
        if rng.random() < 0.005:  # a doubled word
            text = re.sub(r"\b(the) ", r"\1 \1 ", text, count=1)
        if rng.random() < 0.03:  # a name typed in lower case
            text = text.replace(self.cast.leader, self.cast.leader.lower(), 1)
        return text

    def line_end(self) -> str:
        return "&#x20;" if self.rng.random() < 0.05 else ""

    # -- blocks

    def bullets(self, count: int) -> list[str]:
        rng = self.rng
        lines: list[str] = []
        for _ in range(count):
            lines.append(f"* {self.sentence()}{self.line_end()}")
            if rng.random() < 0.08:
                lines.extend(f"  * {self.sentence()}" for _ in range(rng.randint(1, 3)))
        if rng.random() < 0.15:
            for word in rng.choice(SEQUENCE_WORDS):
                text = re.sub(r"^(?:However,|Example:) ", "", self.sentence())
                if text.split(" ", 1)[0] in _COMMON_STARTS:
                    text = text[0].lower() + text[1:]
                lines.append(f"* **{word}**, {text}")
                if rng.random() < 0.4:
                    lines.extend(f"  * {self.sentence()}" for _ in range(rng.randint(1, 2)))
        return lines

    def statement(self) -> str:
        reason = self.fill(self.rng.choice(STATEMENT_REASONS))
        outcome = self.fill(self.rng.choice(OUTCOMES))
        tail = "." if self.rng.random() < 0.3 else ""
        return f"* **S: {self.spell(f'{reason}, {outcome}')}{tail}**{self.line_end()}"

    def factor(self, used: set[str]) -> list[str]:
        """A `###` factor with bullets and (mostly) a link statement; titles not in `used`."""
        rng = self.rng
        title = self.fill(rng.choice(FACTORS)).replace("**", "")
        while title in used:
            title = self.fill(rng.choice(FACTORS)).replace("**", "")
        used.add(title)
        weak = rng.random() < 0.08
        roll = rng.random()
        if weak:
            title += f" ({rng.choice(WEAK_NOTES)})"
        elif roll < 0.05:
            title += f" ({rng.choice(OTHER_NOTES)})"
        elif roll < 0.12:
            first = self.year()
            title += f" ({first}–{first + rng.randint(1, 8)})"
        lines = [f"### {title}", "", *self.bullets(rng.randint(5, 11))]
        if not weak and rng.random() < 0.92:
            lines.append(self.statement())
            while rng.random() < 0.4:
                lines += ["", "OR", "", self.statement()]
        return [*lines, ""]

    def front_matter(self) -> list[str]:
        rng = self.rng
        photo = f"{rng.randrange(10**12, 10**13)}-{rng.getrandbits(48):012x}"
        kind = rng.random()
        if kind < 0.6:  # a short phrase, single-quoted as GitBook writes it
            phrase = self.fill(
                rng.choice(
                    ("* revise this before the mock *", "{S} and the {O}", "", "{C}, {y}–{y2}")
                )
            )
            description = "'" + phrase.replace("'", "''") + "'"
        else:  # a long one, folded
            description = self.fill(">-\n  Notes on {S}, the {O} and {C}; {crisis} and its effects")
        lines = ["---", f"description: {description}"]
        if rng.random() < 0.8:
            lines += [
                "cover: >-",
                f"  https://images.unsplash.com/photo-{photo}?ixlib=rb-1.2.1"
                "&auto=format&fit=crop&w=1170&q=80",
                f"coverY: {rng.uniform(-120, 40)!r}",
            ]
        return [*lines, "---", ""]

    def title(self) -> str:
        rng = self.rng
        emoji = rng.choice(EMOJI)
        if rng.random() < 0.03:
            emoji = _mojibake(emoji)
        text = self.fill(
            rng.choice(
                (
                    "{S}'s {C}",
                    "The rise of {S} in {C}",
                    "{C} under the {O}",
                    "{C} {y}–{y2}",
                    "The {O} and {S}",
                )
            )
        )
        return f"{emoji} {text}" if rng.random() < 0.9 else text

    def page(self, target: int) -> tuple[str, str]:
        """The page's title and Markdown text, about `target` bytes long."""
        rng = self.rng
        title = self.title()
        lines = self.front_matter() if rng.random() < 0.85 else []
        lines += [f"# {title}", ""]
        themes = [self.fill(t) for t in rng.sample(THEMES, rng.randint(3, 5))]
        size = len("\n".join(lines).encode())
        used: set[str] = set()
        for number, theme in enumerate(themes):
            lines += [f"## {theme}", ""]
            last = number == len(themes) - 1
            if size >= target and not last:
                continue  # an exam theme not revised yet
            # Stop short of the target: the last factor added overshoots it by half a factor.
            while size < target - 900:
                block = self.factor(used)
                lines += block
                size += len("\n".join(block).encode()) + 1
                # Earlier themes stop early sometimes, so later ones get content too.
                if not last and rng.random() < 0.35 and size > target * 0.5:
                    break
        return title, "\n".join(lines).rstrip("\n") + "\n"


def _mojibake(text: str) -> str:
    """Text as a sync tool garbles it: UTF-8 bytes read as Windows-1252."""
    try:
        return text.encode("utf-8").decode("cp1252")
    except UnicodeDecodeError:
        return text


def _slug(title: str) -> str:
    words = re.findall(r"[a-z0-9]+", title.lower().replace("'s", "s"))
    return "-".join(words[:6]) or "page"


def make_page(seed: int, index: int) -> tuple[str, str, str]:
    """Page `index` of the notebook: (relative path, title, text)."""
    rng = random.Random(f"notedeck-bench:{seed}:{index}")
    writer = PageWriter(rng)
    target = int(TARGET_PAGE_BYTES * rng.uniform(0.85, 1.15))
    title, text = writer.page(target)
    unit = index // PAGES_PER_UNIT + 1
    return f"unit-{unit:03d}/{_slug(title)}-{index:05d}.md", title, text


def make_notebook(pages: int, out_dir: Path, seed: int = 0) -> int:
    """Write `pages` pages, a README and a SUMMARY.md into `out_dir`; return bytes written.

    An existing `out_dir` is replaced.
    """
    if out_dir.exists():
        shutil.rmtree(out_dir)
    out_dir.mkdir(parents=True)
    total = 0
    readme = "# Modern history revision\n\nSynthetic notes for benchmarks.\n"
    summary = ["# Table of contents", "", "* [Modern history revision](README.md)"]
    for index in range(pages):
        rel, title, text = make_page(seed, index)
        if index % PAGES_PER_UNIT == 0:
            summary += ["", f"## Unit {index // PAGES_PER_UNIT + 1}", ""]
        indent = "  " if index % PAGES_PER_UNIT and index % 7 == 0 else ""
        label = title.replace("[", "(").replace("]", ")")
        summary.append(f"{indent}* [{label}]({rel})")
        file = out_dir / rel
        file.parent.mkdir(exist_ok=True)
        data = text.encode("utf-8")
        file.write_bytes(data)
        total += len(data)
    for name, text in (("README.md", readme), ("SUMMARY.md", "\n".join(summary) + "\n")):
        data = text.encode("utf-8")
        (out_dir / name).write_bytes(data)
        total += len(data)
    manifest = {"version": GENERATOR_VERSION, "pages": pages, "seed": seed, "bytes": total}
    (out_dir / MANIFEST).write_text(json.dumps(manifest) + "\n")
    return total


def is_current(out_dir: Path, pages: int, seed: int = 0) -> bool:
    """True when `out_dir` holds a complete notebook this generator version wrote."""
    try:
        manifest = json.loads((out_dir / MANIFEST).read_text())
    except (OSError, ValueError):
        return False
    return manifest == {**manifest, "version": GENERATOR_VERSION, "pages": pages, "seed": seed}


def default_out_dir(pages: int) -> Path:
    return Path(__file__).parent / "out" / f"notebook-{pages}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", type=int, help="number of pages")
    parser.add_argument(
        "out_dir", type=Path, nargs="?", help="where to write (default: bench/out/notebook-N)"
    )
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    args = parser.parse_args(argv)
    if args.pages < 1:
        parser.error("N must be at least 1")
    out_dir = args.out_dir or default_out_dir(args.pages)
    total = make_notebook(args.pages, out_dir, args.seed)
    print(
        f"{args.pages} pages in {out_dir}: {total:,} bytes "
        f"({total / 1e6:.1f} MB, {total / args.pages / 1e3:.1f} KB/page)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
