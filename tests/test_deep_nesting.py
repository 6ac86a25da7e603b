"""Lists nested hundreds of levels deep: kept, flattened past a cap with a finding, and no
command runs out of stack on them."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from notedeck.cli import app
from notedeck.derive.health import check_page
from notedeck.model import Factor, Page, Point, Section
from notedeck.notebook import build_page, load_notebook
from notedeck.parse.outline import MAX_DEPTH
from tests.helpers import write_notes

runner = CliRunner()


def nested_list(levels: int) -> str:
    lines = ["# Deep", "", "## Rise", "", "### Control of the party", "", "* **S: It mattered.**"]
    lines += [
        "  " * level + f"* level {level}: Stalin spoke in {1500 + level}" for level in range(levels)
    ]
    return "\n".join(lines) + "\n"


def depth_of(point: Point) -> int:
    depth = 1
    while point.children:
        point, depth = point.children[-1], depth + 1
    return depth


def test_nesting_past_the_cap_is_flattened_with_a_finding_and_nothing_is_lost() -> None:
    page = build_page("deep.md", Path("deep.md"), nested_list(400).encode()).page
    [top] = page.sections[0].factors[0].points
    assert depth_of(top) == MAX_DEPTH
    texts = [point.text for point in top.walk()]
    assert texts == [f"level {level}: Stalin spoke in {1500 + level}" for level in range(400)]
    [finding] = [f for f in page.findings if f.code == "DEEP_NESTING"]
    assert (finding.page, finding.line) == ("deep.md", 8 + MAX_DEPTH)
    assert f"more than {MAX_DEPTH} levels deep" in finding.message


def test_nesting_within_the_cap_is_kept_as_written() -> None:
    page = build_page("ok.md", Path("ok.md"), nested_list(MAX_DEPTH).encode()).page
    assert depth_of(page.sections[0].factors[0].points[0]) == MAX_DEPTH
    assert not [f for f in page.findings if f.code == "DEEP_NESTING"]


def test_quotes_nested_thousands_deep_are_read() -> None:
    text = "# Quotes\n\n" + "\n".join(">" * n + f" quote {n}" for n in range(1, 3000)) + "\n"
    page = build_page("q.md", Path("q.md"), text.encode()).page
    assert "DEEP_NESTING" in {f.code for f in page.findings}
    assert "quote 2999" in page.sections[0].points[-1].text


def test_health_check_walks_a_hand_built_deep_page_without_recursion() -> None:
    point = Point("the deepest point, in 1924", 700, years=(1924,))
    for line in range(699, 99, -1):
        point = Point("no evidence here", line, children=(point,))
    factor = Factor("Control", 5, points=(point,))
    page = Page("deep.md", Path("deep.md"), "Deep", sections=(Section("Rise", 3, (factor,)),))
    codes = {f.code for f in check_page(page)}
    assert "NO_EVIDENCE" not in codes  # the year 600 levels down was found
    assert "NO_LINK_STATEMENT" in codes


def test_every_command_works_on_a_page_nested_400_deep(tmp_path: Path) -> None:
    root = write_notes(tmp_path / "notes", {"deep.md": nested_list(400)})
    db = ["--db", f"sqlite:///{tmp_path / 'cards.sqlite'}"]
    result = runner.invoke(app, ["check", str(root)])
    assert result.exit_code == 0, result.output
    assert "DEEP_NESTING" in result.stdout and "deep.md" in result.stdout
    result = runner.invoke(app, ["show", "--json", str(root)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["pages"][0]["id"] == "deep.md"
    result = runner.invoke(app, ["build", str(root), *db])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["cards", "--json", str(root), *db])
    assert result.exit_code == 0, result.output
    fronts = [card["front"] for card in json.loads(result.stdout)["cards"]]
    assert any("Stalin spoke in 1899" in front for front in fronts)  # the deepest point
    out = tmp_path / "deep.csv"
    result = runner.invoke(app, ["export", "csv", str(out), str(root), *db])
    assert result.exit_code == 0, result.output
    assert "Stalin spoke in 1899" in out.read_text(encoding="utf-8")
    warm = load_notebook(root)  # from the page cache written above
    assert depth_of(warm.pages[0].sections[0].factors[0].points[0]) == MAX_DEPTH
