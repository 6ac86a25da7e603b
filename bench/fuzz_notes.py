"""Generated revision notes for the fuzz campaign (`bench/fuzz.py`), hostile on purpose.

`generate_note(seed, index)` is a pure function of its two arguments: a note is rebuilt from
the pair alone, so a crash report names `seed/index` and nothing else is needed to replay it.
Plain `random.Random` seeded with a string (hashed with SHA-512, so stable across processes
and Python runs) is used rather than Hypothesis: 100,000 notes, each reproducible by number,
with no database of examples to carry around.

A note is first written the way students write them (GitBook front matter, `#`/`##`/`###`
headings, dated bullets, `S:` link statements with `OR`, Obsidian `Q::A`, `==cloze==`, wiki
links, tables, `{% hint %}` and `{% tabs %}` blocks, HTML, `&#x20;`), then, for most notes,
broken by a few hostile mutations (control characters, invalid UTF-8, long lines, deep
nesting, unbalanced markup, huge numbers, odd dates, malformed or dangerous YAML, CR/CRLF,
BOMs, NULs). About one note in six is left realistic, so the ordinary paths stay covered.
"""

from __future__ import annotations

import random
from collections.abc import Callable

# A YAML tag that runs a command when loaded by an unsafe loader; the command creates this
# file, so a run can check that no note's front matter was ever executed.
EXECUTED_MARKER = "/tmp/notedeck-fuzz-yaml-executed"
# Text that only ever appears inside an `href` attribute: finding it in a card means a card
# was made from attribute text (issue 11, item 17).
HREF_MARKER = "hrefmarkerxq"

_PEOPLE = [
    "Stalin", "Trotsky", "Lenin", "Hitler", "Stresemann", "Mussolini", "Hindenburg",
    "von Papen", "Brüning", "Bukharin", "Zinoviev", "Ebert", "Giolitti", "Mao Zedong",
    "Chiang Kai-shek", "Franco", "Dollfuß", "Piłsudski", "Atatürk", "Nicholas II",
]  # fmt: skip
_PLACES = [
    "the Ruhr", "Munich", "Weimar", "Rome", "Moscow", "Petrograd", "Berlin", "Danzig",
    "Manchuria", "the Rhineland", "Kronstadt", "Fiume", "Nanjing", "Łódź", "São Paulo",
]  # fmt: skip
_TERMS = [
    "hyperinflation", "the Enabling Act", "the Acerbo Law", "collectivisation", "the NEP",
    "the Five-Year Plan", "the Dawes Plan", "Article 48", "the Reichstag Fire", "War Communism",
    "the Night of the Long Knives", "the March on Rome", "the Lateran Pacts", "Gleichschaltung",
]  # fmt: skip
_VERBS = [
    "weakened", "strengthened", "undermined", "secured", "destabilised", "legitimised",
    "discredited", "consolidated", "exposed", "transformed", "increased", "ended",
]  # fmt: skip
_OBJECTS = [
    "support for the Republic", "the Nazi vote", "the regime", "the Party's control",
    "middle-class savings", "the army's loyalty", "the Church's position", "Soviet industry",
    "the peasantry", "the coalition government", "opposition in the Politburo",
]  # fmt: skip
_THEMES = [
    "Reasons for the rise of {p}", "Consolidation of power", "Economic policy",
    "Opposition and repression", "Foreign policy", "Why did {p} fall?", "Key events",
    "Social policy", "The role of propaganda", "Historiography",
]  # fmt: skip
_FACTORS = [
    "Control over party organisation", "Weakness of opponents", "Use of terror",
    "Economic crisis", "Propaganda", "Support of the elites", "Popularity of policies",
    "Luck and timing", "Ideology", "The role of the army",
]  # fmt: skip
_NOTES = ["(not really good for essay)", "(weak)", "(1924-1929)", "(main one)", "(?)", ""]
_MONTHS = ["January", "March", "June", "September", "October", "December", "Sept.", "Febuary"]
_EMOJI = ["🪖", "📜", "⚔️", "🇩🇪", "🧑‍🌾", "💰", "🏛️", ""]
_MOJIBAKE = ["ðŸª–", "â€™", "Ã©", "â€œquotedâ€\x9d", "Ã¼ber"]
_ENTITIES = [
    "&#x20;", "&#x20;&#x20;", "&amp;", "&#128512;", "&#x1F600;", "&#0;", "&#xD800;",
    "&#1114112;", "&#9999999;", "&#x110000;", "&lt;script&gt;", "&#60;b&#62;", "&#x9;",
    "&#27;", "&#x1b;]0;title&#7;", "&nbsp;", "&#x;", "&#;",
]  # fmt: skip
_HOSTILE_CHARS = (
    [chr(c) for c in range(0x00, 0x20)]
    + ["\x7f"]
    + [chr(c) for c in range(0x80, 0xA0)]
    + ["\u200b", "\u200e", "\u202e", "\u2028", "\u2029", "\ufeff", "\ufffd", "\ufffe", "\uffff"]
    + ["\u0301", "\u0336", "\U0001f600", "\U000e0041", "\U0010ffff", "\ue000", "ß", "İ", "ﬁ"]
    + ["\x1b]52;c;aGk=\x07", "\x1b[31m", "\x1b]0;pwned\x07", "\x9b2J"]
)
_BAD_BYTES = [
    b"\xff", b"\xfe", b"\xc0\x80", b"\xc3", b"\xe2\x82", b"\xf0\x9f\x98", b"\xed\xa0\x80",
    b"\xf8\x88\x80\x80\x80", b"\x80", b"\xbf\xbf", b"\x00", b"\xef\xbb\xbf",
]  # fmt: skip


def generate_note(seed: int, index: int) -> bytes:
    """The note numbered `index` of campaign `seed`: the same bytes every time."""
    rng = random.Random(f"notedeck-fuzz/{seed}/{index}")
    shape = rng.random()
    if shape < 0.01:
        return rng.choice([b"", b"\n", b"   \n\t\n", b"\xef\xbb\xbf", b"\r\n\r\n", b"\x00"])
    if shape < 0.02:
        return _encode(rng, _front_matter(rng) + rng.choice(["", "\n", "\n\n\n"]))
    if shape < 0.025:
        return bytes(rng.randrange(256) for _ in range(rng.randrange(1, 4000)))
    lines = _note_lines(rng)
    if rng.random() < 0.83:
        for _ in range(rng.choice([1, 1, 2, 2, 3, 5])):
            rng.choice(_LINE_MUTATIONS)(rng, lines)
    text = "\n".join(lines) + rng.choice(["\n", "", "\n\n"])
    return _encode(rng, text)


# ---------------------------------------------------------------- realistic notes


def _note_lines(rng: random.Random) -> list[str]:
    person = rng.choice(_PEOPLE)
    lines: list[str] = []
    if rng.random() < 0.6:
        lines += _front_matter(rng).rstrip("\n").split("\n")
    if rng.random() < 0.9:
        lines.append(f"# {rng.choice(_EMOJI)} {person}".replace("#  ", "# "))
        lines.append("")
    if rng.random() < 0.2:
        lines += [_sentence(rng), ""]
    for _ in range(rng.choice([0, 1, 1, 2, 2, 3, 4])):
        lines.append("## " + rng.choice(_THEMES).format(p=person))
        lines.append("")
        if rng.random() < 0.15:
            continue  # an empty section: a gap the student still has to write
        if rng.random() < 0.3:
            lines += _bullets(rng, rng.randrange(1, 6))
            lines.append("")
        for _ in range(rng.choice([0, 1, 2, 2, 3])):
            lines += _factor(rng)
        for block in rng.sample(_BLOCKS, k=rng.choice([0, 0, 1, 1, 2])):
            lines += block(rng)
            lines.append("")
    return lines


def _front_matter(rng: random.Random) -> str:
    fields = []
    if rng.random() < 0.8:
        fields.append(f"description: {rng.choice([_sentence(rng), repr(_sentence(rng)), ''])}")
    if rng.random() < 0.5:
        if rng.random() < 0.5:
            fields.append("cover: >-\n  https://example.com/images/\n  cover-photo.jpg")
        else:
            fields.append("cover: ../.gitbook/assets/cover.jpeg")
        fields.append(f"coverY: {rng.choice(['0', '-41.5', '12', '1e999', '.nan', 'abc', '3'])}")
    if rng.random() < 0.3:
        fields.append(f"icon: {rng.choice(['book', 'skull', '🪖', ''])}")
    if rng.random() < 0.3:
        fields.append(
            "layout:\n  cover:\n    visible: true\n    size: hero\n  title:\n    visible: true"
        )
    if rng.random() < 0.1:
        fields.append(f"hidden: {rng.choice(['true', 'yes', 'no', '2'])}")
    if rng.random() < 0.1:
        fields.append(f"title: {_sentence(rng)}")
    rng.shuffle(fields)
    return "---\n" + "".join(f + "\n" for f in fields) + "---\n"


def _sentence(rng: random.Random) -> str:
    subject = rng.choice([rng.choice(_PEOPLE), rng.choice(_TERMS).capitalize(), "This"])
    return f"{subject} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)}{_when(rng)}."


def _when(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.35:
        return ""
    year = rng.choice([rng.randrange(1890, 1990), rng.randrange(1000, 2100), 0, 99999, -44])
    forms = [
        f" in {year}",
        f" in **{year}**",
        f" on {rng.randrange(1, 32)} {rng.choice(_MONTHS)} {year}",
        f" in {rng.choice(_MONTHS)} {year}",
        f" ({year}-{year + rng.randrange(-3, 12)})",
        f" on {year}-{rng.randrange(0, 14):02d}-{rng.randrange(0, 40):02d}",
        f" by {year}s",
        " on 31 February 1933",
        " in c. 1500 BC",
        f" in {year}/{(year + 1) % 100:02d}",
    ]
    return rng.choice(forms)


def _number(rng: random.Random) -> str:
    return rng.choice(
        [
            str(rng.randrange(2, 200)),
            f"{rng.randrange(1, 99)}%",
            f"{rng.randrange(1, 999)},{rng.randrange(0, 999):03d}",
            f"{rng.randrange(1, 50)} million",
            "4.2 trillion marks",
        ]
    )


def _point(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.3:
        return _sentence(rng)
    if roll < 0.45:
        who, other, where = rng.choice(_PEOPLE), rng.choice(_PEOPLE), rng.choice(_PLACES)
        return f"{who} and {other} met in {where}{_when(rng)}"
    if roll < 0.6:
        what = rng.choice(["workers", "deaths", "seats", "votes"])
        return f"{_number(rng)} {what} by {rng.randrange(1900, 1950)}"
    if roll < 0.7:
        return f"**{rng.choice(_TERMS)}** {rng.choice(_VERBS)} {rng.choice(_OBJECTS)}"
    if roll < 0.8:
        return f'"{rng.choice(_TERMS).title()}" - {_sentence(rng)}'
    if roll < 0.88:
        return f"P: {_sentence(rng)}" if rng.random() < 0.5 else f"E: {_sentence(rng)}"
    return f"{rng.choice(_PEOPLE)}: {_sentence(rng)} {rng.choice(_ENTITIES)}"


def _bullets(rng: random.Random, count: int, depth: int = 0) -> list[str]:
    out = []
    for _ in range(count):
        marker = rng.choice(["*", "*", "-", "+", "1."])
        out.append("  " * depth + f"{marker} {_point(rng)}")
        if depth < 3 and rng.random() < 0.25:
            out += _bullets(rng, rng.randrange(1, 4), depth + 1)
    return out


def _factor(rng: random.Random) -> list[str]:
    title = f"{rng.choice(_FACTORS)} {rng.choice(_NOTES)}".strip()
    lines = [f"### {title}", ""]
    lines += _bullets(rng, rng.randrange(0, 6))
    for number in range(rng.choice([0, 1, 1, 2, 3])):
        if number:
            lines += ["", "OR", ""]
        label = rng.choice(["S:", "S:", "L:", "Link:", "s:"])
        lines.append(f"* **{label} {_sentence(rng)}**")
    lines.append("")
    return lines


def _explicit(rng: random.Random) -> list[str]:
    term = rng.choice(_TERMS)
    forms = [
        [f"{term}::{_sentence(rng)}"],
        [f"What was {term}?:::{_sentence(rng)}"],
        [f"* {rng.choice(_PEOPLE)} introduced =={term}=={_when(rng)}"],
        [f"{{{{c1::{rng.choice(_PEOPLE)}}}}} {rng.choice(_VERBS)} {{{{c2::{term}}}}}"],
        [f"Why did {term} matter?", "?", _sentence(rng), _sentence(rng)],
        [f"Who {rng.choice(_VERBS)} {rng.choice(_OBJECTS)}?", "??", rng.choice(_PEOPLE)],
    ]
    return rng.choice(forms)


def _wiki(rng: random.Random) -> list[str]:
    target = rng.choice(_PEOPLE)
    return [f"* See [[{target}|{target.split()[-1]}]] and [[{rng.choice(_TERMS)}]]{_when(rng)}"]


def _table(rng: random.Random) -> list[str]:
    rows = ["| Year | Event |", "| ---- | ----- |"]
    for _ in range(rng.randrange(1, 6)):
        rows.append(f"| {rng.randrange(1900, 1950)} | {_sentence(rng)} |")
    return rows


def _hint(rng: random.Random) -> list[str]:
    style = rng.choice(["info", "warning", "danger", "success"])
    return [f'{{% hint style="{style}" %}}', _sentence(rng), "{% endhint %}"]


def _tabs(rng: random.Random) -> list[str]:
    lines = ["{% tabs %}"]
    for _ in range(rng.randrange(1, 4)):
        lines += [f'{{% tab title="{rng.choice(_PEOPLE)}" %}}', *_bullets(rng, 2), "{% endtab %}"]
    return [*lines, "{% endtabs %}"]


def _embeds(rng: random.Random) -> list[str]:
    return rng.choice(
        [
            [
                '{% embed url="https://www.youtube.com/watch?v=abc" %}',
                "Caption text",
                "{% endembed %}",
            ],
            ['{% content-ref url="stalin.md" %}', "[stalin.md](stalin.md)", "{% endcontent-ref %}"],
            ['{% file src="../.gitbook/assets/x.pdf" %}', "{% endfile %}"],
        ]
    )


def _html(rng: random.Random) -> list[str]:
    href = f"https://{HREF_MARKER}.example/{rng.choice(_TERMS).replace(' ', '_')}"
    return rng.choice(
        [
            [
                f'<a href="{href}" title="{HREF_MARKER} title">{rng.choice(_PEOPLE)}</a> '
                + _sentence(rng)
            ],
            [f"* {_sentence(rng)} (<a href='{href}'>source</a>)"],
            ['<div align="center" class="x">', "", _sentence(rng), "", "</div>"],
            ["<details>", "<summary>Answer</summary>", "", _sentence(rng), "</details>"],
            [f'<img src="{href}.png" alt="{HREF_MARKER} alt"> {_sentence(rng)}'],
            [f"<p>{_sentence(rng)}<br>{_sentence(rng)}</p>"],
            ["<script>alert(1)</script>", f"<!-- {HREF_MARKER} comment -->"],
            [
                '<figure><img src="x.png" alt=""><figcaption><p>'
                + f"{_sentence(rng)}</p></figcaption></figure>"
            ],
        ]
    )


def _extras(rng: random.Random) -> list[str]:
    return rng.choice(
        [
            ["```", "code = 1  # ## not a heading", "```"],
            [f"> {_sentence(rng)}", f"> - {_sentence(rng)}"],
            [f"* {rng.choice(_MOJIBAKE)} {_sentence(rng)}"],
            ["---"],
            [f"#### {rng.choice(_FACTORS)}", f"* {_sentence(rng)}"],
            [f"**{rng.choice(_FACTORS)}**", f"* {_sentence(rng)}"],
            [f"{_sentence(rng)}&#x20;", "&#x20;"],
        ]
    )


_BLOCKS: list[Callable[[random.Random], list[str]]] = [
    _explicit, _explicit, _wiki, _table, _hint, _tabs, _embeds, _html, _html, _extras, _extras,
]  # fmt: skip


# ---------------------------------------------------------------- hostile mutations


def _insert_chars(rng: random.Random, lines: list[str]) -> None:
    for _ in range(rng.randrange(1, 12)):
        if not lines:
            lines.append("")
        at = rng.randrange(len(lines))
        line = lines[at]
        cut = rng.randrange(len(line) + 1)
        lines[at] = line[:cut] + rng.choice(_HOSTILE_CHARS) + line[cut:]


def _random_unicode(rng: random.Random, lines: list[str]) -> None:
    text = "".join(chr(rng.choice([rng.randrange(0x20, 0x3000), rng.randrange(0x110000)]))
                   for _ in range(rng.randrange(1, 200)))  # fmt: skip
    lines.insert(rng.randrange(len(lines) + 1), rng.choice(["* ", "## ", "", "**S: "]) + text)


def _long_line(rng: random.Random, lines: list[str]) -> None:
    unit = rng.choice(
        ["Stalin ", "**1924** ", "a", "[[x|y]]", "==c== ", "&#x20;", "** ", "( ", "é", "🪖 ", "S: "]
    )
    # Mostly a few thousand characters; one in ten 50,000 or more (slow enough to time out
    # in notedeck 0.x, and costly in a campaign: each such note waits out the watchdog).
    size = rng.choice([2_000] * 5 + [5_000] * 3 + [10_000] + [rng.choice([50_000, 200_000])])
    lines.insert(
        rng.randrange(len(lines) + 1), rng.choice(["* ", "", "### "]) + unit * (size // len(unit))
    )


def _deep_nesting(rng: random.Random, lines: list[str]) -> None:
    depth = rng.choice([20, 60, 200, 600, 1500])
    kind = rng.randrange(6)
    if kind == 0:
        nested = ["  " * d + f"* {rng.choice(_PEOPLE)} {d}" for d in range(depth)]
    elif kind == 1:
        nested = [">" * depth + " " + _sentence(rng)]
    elif kind == 2:
        nested = ["<div>" * depth + _sentence(rng) + "</div>" * rng.choice([0, depth])]
    elif kind == 3:
        nested = (
            ["{% hint %}"] * depth + [_sentence(rng)] + ["{% endhint %}"] * rng.choice([0, depth])
        )
    elif kind == 4:
        nested = ["* " + "[" * depth + "x" + "]" * depth + " " + "*" * depth]
    else:
        nested = ["1. " * depth + _sentence(rng)]
    at = rng.randrange(len(lines) + 1)
    lines[at:at] = nested


def _unbalance(rng: random.Random, lines: list[str]) -> None:
    opener = rng.choice(
        ["**", "**S: ", "==", "{{c1::", "[[", "{% hint style=\"info\" %}", "{% tabs %}", "```",
         "<div>", "<a href=\"", "(", "---", "|", "{% tab title=\"", "::", "&#x", "<!--"]
    )  # fmt: skip
    for _ in range(rng.randrange(1, 4)):
        if not lines:
            lines.append("")
        at = rng.randrange(len(lines))
        cut = rng.randrange(len(lines[at]) + 1)
        lines[at] = lines[at][:cut] + opener + lines[at][cut:]


def _huge_numbers(rng: random.Random, lines: list[str]) -> None:
    number = rng.choice(
        [
            "9" * rng.randrange(20, 5000),
            "1e308",
            "1e999",
            "-0",
            "0000",
            "NaN",
            "٣٤٥",
            "１９２４",
            "²³",
        ]
    )
    lines.insert(
        rng.randrange(len(lines) + 1),
        rng.choice(
            [f"* In **{number}** {_sentence(rng)}", f"coverY: {number}", f"* {number} {number}%"]
        ),
    )


def _odd_dates(rng: random.Random, lines: list[str]) -> None:
    date = rng.choice(
        ["0 January 0000", "32 March 1933", "29 February 1900", "1933-13-45", "9999-99-99",
         "March 99999", "1 Jan -500", "2099-2000", "1900–1800", "1917/1918/1919", "12th of Never",
         "the 1920s-30s", "c.1066–c.1087", "1,933", "1933.5"]
    )  # fmt: skip
    lines.insert(
        rng.randrange(len(lines) + 1), f"* {rng.choice(_PEOPLE)} acted on {date}: {_sentence(rng)}"
    )


def _bad_yaml(rng: random.Random, lines: list[str]) -> None:
    head = rng.choice(
        [
            ["---", "description: 'unclosed", "---"],
            ["---", "description: : :", "\tcoverY: tab", "---"],
            ["---", f"x: !!python/object/apply:os.system ['touch {EXECUTED_MARKER}']", "---"],
            ["---", "x: !!python/name:os.system", "---"],
            ["---", f"cover: !!python/object/new:os.system ['touch {EXECUTED_MARKER}']", "---"],
            ["---", "- a", "- b", "---"],
            ["---", "just a string", "---"],
            ["---", "? [a, b]", ": c", "---"],
            ["---", "a: &a [1, 2]", "b: *a", "c: *nope", "---"],
            ["---", "a: &a ['x','x','x','x','x','x','x','x','x']",
             "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]", "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]",
             "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]", "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]",
             "description: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]", "cover: *f", "---"],
            ["---", "description: " + "[" * 3000 + "]" * 3000, "---"],
            ["---", "description: " + "{a: " * 2000 + "1" + "}" * 2000, "---"],
            ["---", "description: 2001-01-01", "coverY: 2001-01-01T00:00:00", "cover: [1]", "---"],
            ["---", "description: !!binary aGVsbG8=", "icon: !!set {a, b}", "---"],
            ["---", "description: !custom tag", "---"],
            ["---", "description: x", "..."],
            ["---", "description: never closed"],
            ["---", "<<: {description: merged}", "cover: null", "coverY: ~", "---"],
            ["---", "description:", "  - nested", "  - list", "icon: {a: b}", "---"],
            ["---", "1: 2", "null: 3", "true: 4", "1.5: 5", "---"],
        ]
    )  # fmt: skip
    start = 0
    if lines and lines[0] == "---":  # replace the note's own front matter
        try:
            start = lines.index("---", 1) + 1
        except ValueError:
            start = 0
    lines[:start] = head


def _duplicate(rng: random.Random, lines: list[str]) -> None:
    if not lines:
        return
    line = rng.choice(lines)
    at = rng.randrange(len(lines) + 1)
    copies = rng.choice([50, 500, 3000])
    lines[at:at] = [line] * min(copies, 1_000_000 // max(len(line), 1))  # a page of 1 MB at most


def _shuffle(rng: random.Random, lines: list[str]) -> None:
    rng.shuffle(lines)


def _only_headings(rng: random.Random, lines: list[str]) -> None:
    lines[:] = [
        rng.choice(["#", "##", "###", "####", "#######"])
        + rng.choice([" ", ""])
        + rng.choice([*_FACTORS, "", "#", "S:", "OR"])
        for _ in range(rng.randrange(1, 300))
    ]  # fmt: skip


def _truncate(rng: random.Random, lines: list[str]) -> None:
    if lines:
        del lines[rng.randrange(len(lines)) :]


_LINE_MUTATIONS: list[Callable[[random.Random, list[str]], None]] = [
    _insert_chars, _insert_chars, _insert_chars, _random_unicode, _long_line, _deep_nesting,
    _unbalance, _unbalance, _huge_numbers, _odd_dates, _bad_yaml, _bad_yaml, _duplicate,
    _shuffle, _only_headings, _truncate,
]  # fmt: skip


def _encode(rng: random.Random, text: str) -> bytes:
    """The note as bytes, sometimes with other line ends, a BOM, another encoding or bad bytes."""
    roll = rng.random()
    if roll < 0.1:
        text = text.replace("\n", "\r\n")
    elif roll < 0.13:
        text = text.replace("\n", "\r")
    elif roll < 0.16:
        text = "".join(c + ("\r\n" if c == "\n" and rng.random() < 0.5 else "") for c in text)
    roll = rng.random()
    if roll < 0.05:
        data = text.encode("cp1252", errors="replace")
    elif roll < 0.07:
        data = text.encode("utf-16", errors="surrogatepass")
    elif roll < 0.1:
        data = text.encode("latin-1", errors="replace")
    else:
        data = text.encode("utf-8", errors="surrogatepass")
    if rng.random() < 0.08:
        data = b"\xef\xbb\xbf" + data
    if data and rng.random() < 0.15:
        pieces = bytearray(data)
        for _ in range(rng.randrange(1, 8)):
            at = rng.randrange(len(pieces) + 1)
            pieces[at:at] = rng.choice(_BAD_BYTES)
        data = bytes(pieces)
    if data and rng.random() < 0.03:  # a NUL past the first 8 KB is not caught as binary
        at = rng.randrange(len(data) + 1)
        data = data[:at] + b"\x00" * rng.randrange(1, 4) + data[at:]
    return data
