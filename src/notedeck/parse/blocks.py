"""CommonMark events from pyromark (pulldown-cmark), folded into a small node tree.

pulldown-cmark is fast (~0.1 ms for a seed-sized page) and heavily fuzzed upstream. We chose
it over markdown-it-pyrs, which is as fast but panics on inputs as small as "[`".
The outliner only needs each block's name, byte span and children, plus where the inline text
of a paragraph, heading or list item starts and ends, so that is all we keep: inline events
(most of a page's events) only widen that span and never become nodes.
"""

from __future__ import annotations

from typing import Any

import pyromark

BLOCK_NAMES = frozenset(
    {
        "paragraph",
        "bullet_list",
        "ordered_list",
        "list_item",
        "blockquote",
        "fence",
        "html_block",
        "heading",
        "hr",
        "table",
    }
)
_CONTAINERS = {
    "Paragraph": "paragraph",
    "Item": "list_item",
    "BlockQuote": "blockquote",
    "CodeBlock": "fence",
    "HtmlBlock": "html_block",
    "Heading": "heading",
    "Table": "table",
}
_OPTIONS = pyromark.Options.ENABLE_TABLES
# Names of the `Start` tags that are plain strings (`Item`, `Strong`, …), filled as met.
_STR_STARTS: dict[str, tuple[str, int]] = {}
_LEAVES = {"Rule": "hr", "SoftBreak": "softbreak", "HardBreak": "hardbreak"}
# Blocks whose inline children the outliner reads only as one span of source text.
_SPAN_PARENTS = frozenset({"paragraph", "heading", "list_item", "tablecell"})
# Blocks whose text events are their literal content.
_LITERAL_PARENTS = frozenset({"fence", "html_block"})


class Node:
    """One Markdown element: its kind, byte span in the source, and what it contains.

    Attributes:
        name: `heading`, `paragraph`, `bullet_list`, `list_item`, … or an inline kind.
        start, end: byte offsets into the UTF-8 source.
        level: heading level (1–6), 0 for other nodes.
        content: the literal text of a code or HTML block.
        children: child nodes. A paragraph, heading or list item keeps only its block
            children here; its inline children are summed up by `inline_start`/`inline_end`.
        inline_start, inline_end: byte span from the first inline child's start to the last
            one's end, or -1 when there is no inline child.
    """

    __slots__ = (
        "children",
        "content",
        "end",
        "inline_end",
        "inline_start",
        "level",
        "name",
        "start",
    )

    def __init__(self, name: str, start: int, end: int, level: int = 0) -> None:
        self.name = name
        self.start = start
        self.end = end
        self.level = level
        self.content = ""
        self.children: list[Node] = []
        self.inline_start = -1
        self.inline_end = -1

    def __repr__(self) -> str:
        return f"Node({self.name!r}, {self.start}, {self.end}, children={self.children!r})"


def parse_blocks(text: str) -> list[Node]:
    """Top-level nodes of a CommonMark document, in order."""
    root = Node("root", 0, 0)  # only its children are returned; its span is never read
    stack = [root]
    parent = root
    spans = False  # `parent` sums its inline children up as a span
    depth = 0  # how deep we are inside an inline container that `parent` summed up
    # Tables on: a pipe table is rows of cells, not a paragraph of pipes.
    events: Any = pyromark.events_with_range(text, options=_OPTIONS)  # dicts the stubs lack
    for event, span in events:
        if depth:  # inside bold, a link, …: only the nesting matters
            if "Start" in event:
                depth += 1
            elif "End" in event:
                depth -= 1
            continue
        if spans and "Text" in event:  # the commonest event: text of a point or heading
            if parent.inline_start < 0:
                parent.inline_start = span["start"]
            parent.inline_end = span["end"]
            continue
        if "Start" in event:
            name, level = _start_name(event["Start"])
            if spans and name not in BLOCK_NAMES:
                if parent.inline_start < 0:
                    parent.inline_start = span["start"]
                parent.inline_end = span["end"]
                depth = 1
                continue
            node = Node(name, span["start"], span["end"], level)
            parent.children.append(node)
            stack.append(node)
            parent = node
            spans = name in _SPAN_PARENTS
        elif "End" in event:
            if len(stack) > 1:
                stack.pop()
                parent = stack[-1]
                spans = parent.name in _SPAN_PARENTS
        else:  # a leaf: a rule or a break (a string), or text, code, HTML (a one-key dict)
            if isinstance(event, str):
                name = _LEAVES.get(event) or event.lower()
            else:
                kind, value = next(iter(event.items()))
                if parent.name in _LITERAL_PARENTS and isinstance(value, str):
                    parent.content += value
                    continue
                name = kind.lower()
            if spans and name not in BLOCK_NAMES:
                if parent.inline_start < 0:
                    parent.inline_start = span["start"]
                parent.inline_end = span["end"]
            else:
                parent.children.append(Node(name, span["start"], span["end"]))
    return root.children


def _start_name(tag: Any) -> tuple[str, int]:
    """Node name and heading level of a `Start` event's tag."""
    if isinstance(tag, str):
        known = _STR_STARTS.get(tag)
        if known is None:
            known = _STR_STARTS[tag] = (_CONTAINERS.get(tag) or tag.lower(), 0)
        return known
    kind, value = next(iter(tag.items()))
    if kind == "List":
        return ("bullet_list" if value is None else "ordered_list"), 0
    if kind == "Heading":
        return "heading", int(str(value["level"]).lstrip("H") or 1)
    return _CONTAINERS.get(kind) or kind.lower(), 0
