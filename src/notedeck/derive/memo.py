"""Where derived values may outlive the process: a protocol the page cache implements.

Deriving the cards of thousands of pages takes a minute, so a new process should derive only
the pages that changed. `derive/` stays free of I/O: it asks the `DerivedMemo` it is given,
and works the same, only slower, without one.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any, Protocol


class DerivedMemo(Protocol):
    def stored(self, kind: str) -> set[str]:
        """The keys this kind has values remembered under."""
        ...

    def recall(self, kind: str, keys: Sequence[str]) -> dict[str, Any]:
        """The values remembered under these keys; a key with none is left out."""
        ...

    def remember(
        self, kind: str, values: Mapping[str, Any], *, keep: Collection[str] | None = None
    ) -> None:
        """Remember `values`; with `keep`, forget every other key of this kind."""
        ...
