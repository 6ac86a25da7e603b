"""Whether a word the dictionary lacks is a slip of the keyboard, and what was meant.

Technical notes are full of words no dictionary knows (gcloud, keypair, refetch); a slip
(persmissions, retreive) is told apart from them by what it sits next to: one edit from a
common word, and not built regularly from common words.
"""

from __future__ import annotations

from functools import lru_cache

from notedeck.derive import dictionary

# British spellings that pyspellchecker's American dictionary does not know.
_BRITISH = (
    ("is", "iz"), ("ys", "yz"), ("our", "or"), ("tre", "ter"), ("ence", "ense"), ("ll", "l"),
    ("ogue", "og"), ("mme", "m"), ("ae", "e"), ("oe", "e"),
)  # fmt: skip
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def likely_meant(word: str) -> str | None:
    """The common word a slip of the keyboard made into `word`; None when `word` is more
    likely a term the writer meant (a name, jargon, a coinage like `keypair` or `refetch`).

    On 500 unknown words of ten real GitBook spaces, a slip almost always sits one edit
    from a common word (capitaize, persmissions, incremenet), while jargon sits one edit from
    nothing or from a rare word (regex/remex, tuple/tulle, realtime/mealtime), is a common
    word with a letter in front (gcloud, iframe, sindex), or is built regularly from common
    words (sandboxed, probers, whitespaces). Words under six letters are one edit from some
    word by chance (sudo/judo, wifi/wife, intro/into) and are never taken for slips.
    """
    if len(word) < _SHORTEST_SLIP:
        return None
    guess = suggest(word)
    if guess is None or guess == word[1:]:
        return None
    # A plural is as common as its singular (the list counts parliaments 75, parliament 2.8k).
    forms = dictionary.frequencies({guess, *regular_forms_of(guess)}, as_written=True)
    if max(forms.values(), default=0) < _COMMON_GUESS:
        return None
    return None if coined(word) else guess


_SHORTEST_SLIP = 6
_COMMON_GUESS = 1_000
"""A suggestion rarer than this (pyspellchecker counts: tulle 169, naively 245, judo 1052;
fraudulent 1.7k, viewing 4k) says more about jargon than about a slip."""
_COINAGE_PART = 300
"""How common each part of a coinage must be: login 405, sandbox 557."""
_PREFIXES = (
    "re", "de", "un", "pre", "sub", "non", "mis", "multi", "inter", "over", "under", "super",
    "auto", "micro", "co", "dis", "anti", "cross", "self", "post",
)  # fmt: skip
_PARTICLES = ("up", "in", "on", "out", "off", "by")
_ENDINGS = (
    "s", "es", "ed", "d", "ing", "er", "ers", "r", "rs", "ly", "able", "ability", "abilities",
    "ize", "izes", "ized", "izing", "ise", "ised", "ising", "ization", "isation", "ation",
    "ations", "ity", "ities", "less", "ness", "ful", "ify", "ified", "ifies", "al", "ally",
    "ism", "ist", "ists", "ish",
)  # fmt: skip


def coined(word: str) -> bool:
    """Whether an unknown word is built regularly from common words: a compound (keypair,
    whitespaces), a prefix (refetch, deregister) or an ending (sandboxed, probers, natively).
    Technical writing coins such words all the time; a slip rarely lands on one."""
    readings: list[tuple[str, ...]] = [(word[:i], word[i:]) for i in range(3, len(word) - 2)]
    for particle in _PARTICLES:  # lookup, checkin, setup
        if word.endswith(particle) and len(word) - len(particle) >= 3:
            readings.append((word[: -len(particle)],))
    for prefix in _PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 4:
            readings.append((word[len(prefix) :],))
    for ending in _ENDINGS:
        stem = word[: -len(ending)]
        if word.endswith(ending) and len(stem) >= 3:
            readings += [(stem,), (stem + "e",)]
            if len(stem) > 3 and stem[-1] == stem[-2]:
                readings.append((stem[:-1],))  # planned
            if stem.endswith("i"):
                readings.append((stem[:-1] + "y",))  # parties
    # Only the last part may be a plural or British form (whitespaces, not pers-mission).
    wanted = {part for reading in readings for part in reading}
    wanted |= {form for reading in readings for form in regular_forms_of(reading[-1])}
    known = dictionary.frequencies(wanted, as_written=True)

    def common(part: str, *, last: bool) -> bool:
        forms = (part, *regular_forms_of(part)) if last else (part,)
        return any(known.get(form, 0) >= _COINAGE_PART for form in forms)

    return any(
        all(common(part, last=n == len(reading) - 1) for n, part in enumerate(reading))
        for reading in readings
    )


@lru_cache(maxsize=4096)
def suggest(word: str) -> str | None:
    """The most common dictionary word one edit away (pyspellchecker's rule, 15x faster)."""
    if len(word) > 14:
        return None
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    edits = {a + b[1:] for a, b in splits if b}
    edits |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    edits |= {a + c + b[1:] for a, b in splits if b for c in _LETTERS}
    edits |= {a + c + b for a, b in splits for c in _LETTERS}
    edits.discard(word)
    known = dictionary.frequencies(edits, as_written=True)
    return max(known, key=lambda w: (known[w], w)) if known else None


@lru_cache(maxsize=65_536)  # the same names and terms come back on page after page
def regular_forms_of(word: str) -> tuple[str, ...]:
    """Words this one may be a regular form of: its singular (blackshirts, armies, marches),
    and the American spelling of either (organisations), which the dictionary knows where
    it lacks the plural or the British spelling."""
    singulars = [word[:-1]] if word.endswith("s") and not word.endswith("ss") else []
    if word.endswith("es"):
        singulars.append(word[:-2])
    if word.endswith("ies"):
        singulars.append(word[:-3] + "y")
    forms = list(singulars)
    for base in (word, *singulars):
        forms.extend(_american_spellings(base))
    return tuple(forms)


def _american_spellings(word: str) -> list[str]:
    """The word with one British spelling swapped for the American one, each way there is."""
    spellings = []
    for british, american in _BRITISH:
        start = word.find(british)
        while start >= 0:
            spellings.append(word[:start] + american + word[start + len(british) :])
            start = word.find(british, start + 1)
    return spellings
