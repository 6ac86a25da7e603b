"""The app in real Chromium: what a student sees and does, screen by screen.

Each test saves screenshots into its temp folder, and a failing assertion says what the
browser showed instead.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from notedeck.study.store import CardStatus, Store


def _store(live: Any) -> Store:
    return Store.open(live.db_url)


def test_reader_shows_cover_emoji_hint_table_and_tabs(serve, gitbook_notes, tab) -> None:
    page, watched, shot = tab
    live = serve(gitbook_notes, watch=False)
    page.goto(f"{live.url}/page/gitbook-page.md")
    shot("reader")

    cover = page.locator(".cover img")
    assert cover.is_visible(), "no cover image on a page with `cover:`"
    loaded = cover.evaluate("img => img.complete && img.naturalWidth")
    assert loaded, f"the cover did not load from {cover.get_attribute('src')!r}"
    position = cover.evaluate("img => img.style.objectPosition")
    assert "40px" in position, f"coverY 40 not applied; object-position is {position!r}"
    emoji = page.locator(".page-title .emoji").inner_text()
    assert emoji == "🏭", f"title emoji shown as {emoji!r}"
    hint = page.locator(".hint.hint-warning")
    assert hint.is_visible(), "the warning hint is not shown as a call-out"
    assert "inflated" in hint.inner_text()
    table = page.locator(".body table")
    assert table.is_visible(), "the table is not shown"
    assert "Second Five-Year Plan" in table.inner_text(), table.inner_text()

    failures = page.get_by_role("tab", name="Failures")
    failures.click()
    assert page.get_by_text("Consumer goods were scarce").is_visible()
    assert not page.get_by_text("Magnitogorsk was built from nothing").is_visible()
    embed = page.locator(".embed a")
    assert embed.get_attribute("href") == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    ref = page.locator(".content-ref a")
    assert ref.get_attribute("href") == "/page/hostile.md", ref.get_attribute("href")
    assert ref.inner_text() == "Hostile page"
    assert page.locator(".to-write").inner_text() == "Still to write"
    assert watched.errors == [], f"script errors: {watched.errors}"


def test_each_factor_shows_its_link_and_weak_badge_and_each_point_its_cards(
    serve, gitbook_notes, tab
) -> None:
    page, _watched, shot = tab
    live = serve(gitbook_notes, watch=False)
    page.goto(f"{live.url}/page/gitbook-page.md")
    links = page.locator(".factor-extras .links")
    assert "Fear of attack pushed Stalin" in links.first.inner_text()
    weak = page.locator(".badge.weak")
    assert weak.count() == 1 and "not really good for essay" in weak.inner_text()

    button = page.locator("li", has_text="fifty or a hundred years").locator("button.reveal")
    cards = page.locator(f"#cards-{button.get_attribute('data-line')}")
    assert not cards.is_visible()
    button.click()
    shot("cards-revealed")
    assert cards.is_visible(), "the point's cards did not appear"
    assert "1931" in cards.inner_text(), f"cards shown: {cards.inner_text()!r}"


def test_self_test_hides_dates_and_names_until_clicked(serve, example, tab) -> None:
    page, _watched, shot = tab
    live = serve(example, watch=False)
    page.goto(f"{live.url}/page/weimar-republic.md")
    year = page.locator(".body .st", has_text="1921").first
    colour = year.evaluate("el => getComputedStyle(el).color")
    assert colour != "rgba(0, 0, 0, 0)", "a year is hidden before self-test is on"

    page.locator("#selftest").click()
    shot("self-test-on")
    assert page.locator("#selftest").inner_text() == "Self-test: on"
    colour = year.evaluate("el => getComputedStyle(el).color")
    assert colour == "rgba(0, 0, 0, 0)", f"with self-test on, 1921 is drawn in {colour}"
    year.click()
    colour = year.evaluate("el => getComputedStyle(el).color")
    assert colour != "rgba(0, 0, 0, 0)", "clicking a hidden year did not show it"

    page.reload()
    assert page.locator("#selftest").inner_text() == "Self-test: on", "the toggle was not kept"
    page.locator("#selftest").click()
    assert page.locator("#selftest").inner_text() == "Self-test: off"


def test_three_cards_by_keyboard_then_reload_keeps_them(serve, example, tab) -> None:
    page, _watched, shot = tab
    live = serve(example, watch=False)
    page.goto(f"{live.url}/review")
    answered = []
    for n in range(1, 4):
        progress = page.locator("#position").inner_text()
        assert progress.startswith(f"Card {n} of "), f"card {n} shows {progress!r}"
        card = page.locator("section.review").get_attribute("data-card")
        assert not page.locator("#back").is_visible()
        page.keyboard.press(" ")
        assert page.locator("#back").is_visible(), "space did not reveal the answer"
        shot(f"review-{n}")
        with page.expect_navigation():
            page.keyboard.press("3")
        answered.append(card)
    page.reload()
    shot("review-after-reload")
    progress = page.locator("#position").inner_text()
    assert progress.startswith("Card 4 of "), f"after a reload the review shows {progress!r}"
    assert page.locator("section.review").get_attribute("data-card") not in answered

    with _store(live) as store:
        logged = [r.card_id for r in store.review_history()]
    assert sorted(logged) == sorted(answered), f"log has {logged}, answered {answered}"

    with page.expect_navigation():
        page.keyboard.press("u")
    with _store(live) as store:
        left = [r.card_id for r in store.review_history()]
    assert sorted(left) == sorted(answered[:2]), f"after undo the log has {left}"


def test_review_shows_counts_source_and_a_summary_at_the_end(serve, example, tab) -> None:
    page, _watched, shot = tab
    live = serve(example, watch=False, new_limit=2)
    page.goto(f"{live.url}/review")
    counts = page.locator(".progress").inner_text()
    assert "new" in counts and "learning" in counts and "due" in counts, counts
    source = page.locator("#source")
    href = source.get_attribute("href") or ""
    assert href.startswith("/page/") and "#L" in href, f"source links to {href!r}"
    for _ in range(2):
        page.keyboard.press(" ")
        with page.expect_navigation():
            page.keyboard.press("4")
    shot("review-summary")
    summary = page.locator("#summary")
    assert summary.is_visible(), "no summary after the last card"
    assert "Reviewed 2 cards" in summary.inner_text(), summary.inner_text()

    page.goto(f"{live.url}{href}")
    line = href.split("#L")[1]
    target = page.locator(f'[id="L{line}"]')
    assert target.is_visible() and target.evaluate("el => el.matches(':target')")


def test_suspend_a_card_with_s(serve, example, tab) -> None:
    page, _watched, shot = tab
    live = serve(example, watch=False)
    page.goto(f"{live.url}/review")
    card = page.locator("section.review").get_attribute("data-card")
    with page.expect_navigation():
        page.keyboard.press("s")
    shot("after-suspend")
    assert page.locator("section.review").get_attribute("data-card") != card
    with _store(live) as store:
        suspended = [s.card.id for s in store.stored_cards() if s.suspended_at is not None]
        statuses = {s.card.id: s.status for s in store.stored_cards()}
    assert suspended == [card], f"suspended in the store: {suspended}"
    assert statuses[card] is CardStatus.ACTIVE


def test_follow_a_health_finding_to_its_line(serve, example, tab) -> None:
    page, _watched, shot = tab
    live = serve(example, watch=False)
    page.goto(f"{live.url}/health")
    shot("health")
    to_write = page.locator(".to-write-list a")
    assert to_write.count() == 3, f"still to write: {to_write.all_inner_texts()}"
    finding = page.locator("li.finding", has_text="'the the'")
    assert finding.count() == 1, f"findings shown: {page.locator('li.finding').all_inner_texts()}"
    with page.expect_navigation():
        finding.locator("a.finding-link").click()
    shot("health-followed")
    anchor = page.url.split("#", 1)[1]
    target = page.locator(f'[id="{anchor}"]')
    assert target.evaluate("el => el.matches(':target')"), f"{page.url} has no target"
    box = target.bounding_box()
    assert box is not None and 0 <= box["y"] < 900, f"the line is off screen at {box}"
    assert "for the the Whites" in target.inner_text(), f"{anchor} shows {target.inner_text()!r}"


def test_a_hostile_note_runs_nothing(serve, gitbook_notes, tab) -> None:
    page, watched, shot = tab
    live = serve(gitbook_notes, watch=False)
    page.goto(f"{live.url}/page/hostile.md")
    for link in page.locator(".body a").all():
        link.click(modifiers=["Alt"], no_wait_after=True)  # alt-click: no navigation away
    page.locator(".body b, .body strong").first.hover()
    page.goto(f"{live.url}/page/hostile.md")
    shot("hostile")
    pwned = page.evaluate("() => window.__pwned === undefined ? null : String(window.__pwned)")
    assert pwned is None, f"a script from the note ran: {pwned}"
    assert watched.dialogs == [], f"dialogs fired: {watched.dialogs}"
    assert watched.errors == [], f"script errors: {watched.errors}"
    body = page.locator(".body").inner_html()
    for bad in ("<script", "onerror", "javascript:", "onload", "<iframe", "onclick"):
        assert bad not in body, f"{bad!r} reached the page: {body}"


def test_editing_a_note_updates_the_open_page(serve, example, tab) -> None:
    page, _watched, shot = tab
    live = serve(example)
    page.goto(f"{live.url}/page/weimar-republic.md")
    before = {c["id"]: c for c in page.request.get(f"{live.url}/api/cards").json()["cards"]}
    note = Path(example) / "weimar-republic.md"
    text = note.read_text(encoding="utf-8")
    note.write_text(
        text.replace(
            "* Article 231, the",
            "* The Reichstag fire of 1933 came long after this\n* Article 231, the",
        ),
        encoding="utf-8",
    )
    added = page.get_by_text("The Reichstag fire of 1933 came long after this")
    added.wait_for(timeout=10_000)
    shot("live-reloaded")
    after = {c["id"]: c for c in page.request.get(f"{live.url}/api/cards").json()["cards"]}
    kept = set(before) & set(after)
    assert len(kept) >= len(before) - 1, f"{len(before) - len(kept)} cards lost their id"
    assert any("Reichstag fire" in c["front"] + c["back"] for c in after.values())


def test_timeline_draws_the_example_years_in_order_and_links_to_points(serve, example, tab) -> None:
    page, _watched, shot = tab
    live = serve(example, watch=False)
    page.goto(f"{live.url}/timeline")
    shot("timeline")
    years = [int(t) for t in page.locator("#timeline svg text.year").all_text_contents()]
    assert years == sorted(years) and len(set(years)) == len(years), f"years drawn: {years}"
    for year in (1917, 1919, 1923, 1929, 1933, 1945):
        assert year in years, f"{year} from the example is missing; drawn: {years}"

    page.locator("select[name=page]").select_option("weimar-republic.md")
    with page.expect_navigation():
        page.get_by_role("button", name="Show").click()
    shot("timeline-weimar")
    only = [int(t) for t in page.locator("#timeline svg text.year").all_text_contents()]
    assert only and set(only) < set(years) and 1945 not in only, f"weimar years: {only}"

    event = page.locator("#timeline svg a").first
    href = event.get_attribute("href") or ""
    with page.expect_navigation():
        event.click()
    assert page.url.endswith(href), f"clicking an event went to {page.url}, not {href}"
    target = page.locator(f'[id="{href.split("#")[1]}"]')
    assert target.evaluate("el => el.matches(':target')")


def test_every_screen_shows_without_script_errors(serve, example, tab) -> None:
    page, watched, shot = tab
    live = serve(example, watch=False)
    violations: list[str] = []
    page.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    screens = {
        "read": ("/", "article.page"),
        "review": ("/review", "section.review"),
        "health": ("/health", ".health-page"),
        "timeline": ("/timeline", "#timeline svg"),
        "people": ("/people", "section.person"),
        "stats": ("/stats", "#due-chart svg"),
        "exams": ("/exams", "#add-exam"),
        "plan": ("/plan?question=Why+was+Stalin+able+to+take+power+by+1929%3F", "#plan"),
    }
    for name, (path, selector) in screens.items():
        page.goto(f"{live.url}{path}")
        shot(name)
        assert page.locator(selector).first.is_visible(), f"{name}: no {selector} at {page.url}"
    assert "Trotsky" in page.locator("#plan").inner_text()
    page.fill("#essay", "Stalin won because he controlled the party. " * 20)
    with page.expect_navigation():
        page.get_by_role("button", name="Get feedback").click()
    shot("feedback")
    assert "Estimated level" in page.locator("#feedback").inner_text()
    assert watched.errors == [] and violations == [], f"{watched.errors} {violations}"


def test_add_an_exam_see_its_recall_and_workload_then_remove_it(serve, example, tab) -> None:
    page, watched, shot = tab
    live = serve(example, watch=False)
    page.goto(f"{live.url}/")
    with page.expect_navigation():
        page.locator("nav.screens").get_by_role("link", name="Exams").click()
    assert page.locator("#no-exams").is_visible(), "a fresh store already lists exams"

    page.fill("#exam-name", "Paper 1")
    page.fill("#exam-day", "2001-01-01")
    with page.expect_navigation():
        page.locator("#add-exam-button").click()
    shot("exam-refused")
    error = page.locator(".form-error")
    assert error.is_visible() and "is in the past" in error.inner_text(), error.inner_text()
    assert page.locator("#exam-name").input_value() == "Paper 1", "the name typed was lost"

    day = date.today() + timedelta(days=21)
    page.fill("#exam-day", day.isoformat())
    page.fill("#exam-pages", "weimar*\nrise-of-hitler")
    page.fill("#exam-minutes", "20")
    page.locator("input[name=sat]").fill("0")
    with page.expect_navigation():
        page.locator("#add-exam-button").click()
    shot("exam-status")
    assert page.url.endswith("/exam?name=Paper+1"), page.url
    assert page.locator("h1").inner_text() == "Paper 1"
    assert "sat 0" in page.locator(".exam-when").inner_text()
    recall = page.locator("#recall").inner_text()
    assert recall.endswith("%") and 0 <= int(recall[:-1]) <= 100, recall
    assert page.locator("#advice").inner_text().startswith("At "), "no budget truth line"
    sections = page.locator("#by-section tr").all_inner_texts()[1:]
    links = page.locator("#by-section td:first-child a")
    pages = {links.nth(n).get_attribute("href") for n in range(links.count())}
    assert pages == {"/page/weimar-republic.md", "/page/rise-of-hitler.md"}, sections
    assert "Why the Weimar Republic was weak 1919–23" in "".join(sections), sections
    assert all(row.rstrip().endswith("%") for row in sections), sections
    assert page.locator("#by-factor tr").count() > len(sections), "no per-factor recall"
    bars = page.locator("#workload-chart svg g.bar")
    assert bars.count() == 21, f"{bars.count()} bars for 21 days to the exam"
    first_saturday = date.today() + timedelta(days=(5 - date.today().weekday()) % 7)
    saturday = page.locator(f'#workload-chart g.bar[data-label="{first_saturday:%a %d %b}"]')
    assert saturday.get_attribute("data-value") == "0", "minutes planned on a day with none"

    with page.expect_navigation():
        page.get_by_role("link", name="All exams").click()
    row = page.locator("#exams tr.exam", has_text="Paper 1")
    assert row.is_visible() and "sat 0" in row.inner_text(), row.inner_text()
    with page.expect_navigation():
        row.get_by_role("button", name="Remove").click()
    shot("exam-removed")
    assert page.locator("#no-exams").is_visible(), "the exam is still listed after Remove"
    with _store(live) as store:
        assert store.for_notebook(Path(example)).exams() == ()
    assert watched.errors == [], f"script errors: {watched.errors}"
