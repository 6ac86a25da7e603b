"""Cards of every kind with history content, built directly, with stable ids."""

from __future__ import annotations

from notedeck.model import Card, CardKind, Source

NOTEBOOK = "Modern History"
PAGE_TITLES = {
    "weimar-republic.md": "🇩🇪 Weimar Republic",
    "mussolini-italy.md": "Mussolini's Italy",
    "rise-of-hitler.md": "Rise of Hitler",
}
WEIMAR = "weimar-republic.md"
STRESEMANN = "Stresemann's recovery"
CRISIS = "Crisis years 1919–1923"


def _card(
    card_id: str,
    kind: CardKind,
    front: str,
    back: str,
    *,
    page: str = WEIMAR,
    section: str | None = STRESEMANN,
    factor: str | None = None,
    line: int = 10,
) -> Card:
    tags = tuple(t for t in (page.removesuffix(".md"), section, factor) if t)
    return Card(card_id, kind, front, back, Source(page, section, factor, line), tags=tags)


def sample_cards() -> list[Card]:
    """Nine notes that make eleven Anki cards (a reversed note gives 2, a c1+c2 cloze 2)."""
    return [
        _card(
            "nd-basic-dawes",
            CardKind.BASIC,
            "What was the **Dawes Plan**?",
            "1924: US loans to Germany and reparations rescheduled",
            factor="Economic recovery",
            line=12,
        ),
        _card("nd-rev-reichstag", CardKind.REVERSED, "Reichstag", "the German parliament", line=14),
        _card(
            "nd-cloze-ruhr",
            CardKind.CLOZE,
            "In {{c1::1923}} French and Belgian troops occupied the {{c2::Ruhr}}",
            "1923; Ruhr",
            section=CRISIS,
            line=20,
        ),
        _card(
            "nd-date-chancellor",
            CardKind.DATE_CLOZE,
            "[...]: Hitler is appointed Chancellor",
            "January **1933**",
            page="rise-of-hitler.md",
            section="Hitler in power",
            line=5,
        ),
        _card(
            "nd-term-enabling",
            CardKind.TERM_CLOZE,
            "The {{c1::Enabling Act}} let Hitler make laws without the Reichstag",
            "Enabling Act",
            page="rise-of-hitler.md",
            section="Hitler in power",
            line=7,
        ),
        _card(
            "nd-factor-acerbo",
            CardKind.FACTOR,
            "How did Mussolini consolidate power? Factor: **Acerbo Law**",
            "- passed in 1923\n- two-thirds of seats to the largest party",
            page="mussolini-italy.md",
            section="Consolidation of power",
            factor="Acerbo Law",
            line=30,
        ),
        _card(
            "nd-seq-1920s",
            CardKind.SEQUENCE,
            "Put in order: Wall Street Crash, Munich Putsch, Dawes Plan",
            "1. Munich Putsch (1923)\n2. Dawes Plan (1924)\n3. Wall Street Crash (1929)",
            line=40,
        ),
        _card(
            "nd-basic-hyper",
            CardKind.BASIC,
            "Hyperinflation peak <script>alert(1)</script>",
            "<img src=x onerror=alert(1)> 4.2 trillion marks to the dollar",
            section=CRISIS,
            line=22,
        ),
        _card(
            "nd-basic-truman",
            CardKind.BASIC,
            "What was the Truman Doctrine?",
            "1947 promise to support\nfree peoples against communism",
            page="cold-war-cards.md",
            section=None,
            line=3,
        ),
    ]


def edited_cards() -> list[Card]:
    """The next build: one back edited, the sequence card gone, one new card."""
    cards = [c for c in sample_cards() if c.id != "nd-seq-1920s"]
    dawes = next(i for i, c in enumerate(cards) if c.id == "nd-basic-dawes")
    old = cards[dawes]
    cards[dawes] = Card(
        old.id,
        old.kind,
        old.front,
        "1924: $800m of US loans; reparations cut",
        old.source,
        old.tags,
    )
    cards.append(
        _card(
            "nd-basic-young",
            CardKind.BASIC,
            "What did the **Young Plan** (1929) change?",
            "Reparations cut to £1.85 billion, paid over 59 years",
            factor="Economic recovery",
            line=16,
        )
    )
    return cards
