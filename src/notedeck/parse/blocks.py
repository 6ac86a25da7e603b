"""CommonMark events from pyromark (pulldown-cmark), folded into a small node tree.

pulldown-cmark is fast (~0.1 ms for a seed-sized page) and heavily fuzzed upstream. We chose
it over markdown-it-pyrs, which is as fast but panics on inputs as small as "[`".
The outliner only needs each node's name, byte span and children, so that is all we keep.
"""

from __future__ import annotations

from dataclasses import dataclass, field
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
_LEAVES = {"Rule": "hr", "SoftBreak": "softbreak", "HardBreak": "hardbreak"}


@dataclass(slots=True)
class Node:
    """One Markdown element: its kind, byte span in the source, and what it contains.

    Attributes:
        name: `heading`, `paragraph`, `bullet_list`, `list_item`, … or an inline kind.
        start, end: byte offsets into the UTF-8 source.
        level: heading level (1–6), 0 for other nodes.
        content: the literal text of a code or HTML block.
    """

    name: str
    start: int
    end: int
    level: int = 0
    content: str = ""
    children: list[Node] = field(default_factory=list)


def parse_blocks(text: str) -> list[Node]:
    """Top-level nodes of a CommonMark document, in order."""
    root = Node("root", 0, len(text.encode("utf-8")))
    stack = [root]
    events: Any = pyromark.events_with_range(text)  # the stubs do not describe the dicts
    for event, span in events:
        if "Start" in event:
            node = _start_node(event["Start"], span)
            stack[-1].children.append(node)
            stack.append(node)
        elif "End" in event:
            if len(stack) > 1:
                stack.pop()
        else:
            _add_leaf(stack[-1], event, span)
    return root.children


def _start_node(tag: Any, span: dict[str, int]) -> Node:
    start, end = span["start"], span["end"]
    if isinstance(tag, str):
        return Node(_CONTAINERS.get(tag, tag.lower()), start, end)
    kind, value = next(iter(tag.items()))
    if kind == "List":
        return Node("bullet_list" if value is None else "ordered_list", start, end)
    if kind == "Heading":
        return Node("heading", start, end, level=int(str(value["level"]).lstrip("H") or 1))
    return Node(_CONTAINERS.get(kind, kind.lower()), start, end)


def _add_leaf(parent: Node, event: Any, span: dict[str, int]) -> None:
    if isinstance(event, str):
        name = _LEAVES.get(event, event.lower())
        parent.children.append(Node(name, span["start"], span["end"]))
        return
    kind, value = next(iter(event.items()))
    if parent.name in ("fence", "html_block") and isinstance(value, str):
        parent.content += value
        return
    parent.children.append(Node(kind.lower(), span["start"], span["end"]))
