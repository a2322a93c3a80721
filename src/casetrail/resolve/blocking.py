"""Candidate pairs by blocking keys, so that comparison cost grows near-linearly.

Each full name gets a few keys; two names are compared only when they share one. A block
(the names sharing a key) up to `max_block_size` is compared all against all; a larger
one, such as everyone with a common family name, only within a window of neighbours in
the order of their folded names.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterator, Sequence

from casetrail.resolve.names import ParsedName


def blocking_keys(name: ParsedName) -> frozenset[str]:
    """The blocking keys of one name; variants of one name share at least one."""
    keys = {f"t:{name.sorted_key}"}  # the same parts in any order
    given = name.given[0] if name.given else None
    for family in name.family_variants:
        keys.update(f"f:{root}" for root in family.roots)  # other readings too
        if given is None:
            continue
        if family.father is not None:  # "Nurlanuly" / "Nurlanov"
            keys.add(f"o:{given.fold[:3]}|{family.father[0]}")
        initial = given.fold[:1]
        keys.add(f"a:{initial}|{''.join(sorted(family.root))}")  # swapped or dropped letters
        keys.add(f"p:{initial}|{family.phonetic}")  # spellings that sound alike
        keys.add(f"e:{given.fold[:3]}|{family.root[1:]}")  # first letter differs ("Ua-"/"Va-")
        # Prefixes in sorted order meet a name written in the other order.
        keys.add("g:" + "|".join(sorted((given.fold[:3], family.root[:3]))))
        keys.update(f"s:{symbol}|{family.root[:3]}" for symbol in given.symbols)
    return frozenset(keys)


class CandidateIndex:
    """Blocks over a list of names; `pairs()` yields each candidate pair once."""

    def __init__(
        self,
        keys: Sequence[frozenset[str]],
        order: Sequence[str],
        max_block_size: int,
        window: int,
    ) -> None:
        """`keys[i]` are item i's blocking keys; `order[i]` sorts it inside large blocks."""
        self._keys = keys
        self._window = window
        self._max = max_block_size
        blocks: dict[str, list[int]] = defaultdict(list)
        for item, item_keys in enumerate(keys):
            for key in item_keys:
                blocks[key].append(item)
        self._blocks = dict(blocks)
        # Large blocks are kept sorted by (order, item) for the window look-up.
        self._sorted: dict[str, list[tuple[str, int]]] = {
            key: sorted((order[item], item) for item in members)
            for key, members in self._blocks.items()
            if len(members) > max_block_size
        }
        self._order = order

    def neighbours(self, item: int) -> set[int]:
        """Items sharing a block with `item`; symmetric, so each pair is found both ways."""
        found: set[int] = set()
        for key in self._keys[item]:
            members = self._blocks[key]
            if len(members) <= self._max:
                found.update(members)
                continue
            ranked = self._sorted[key]
            position = bisect_left(ranked, (self._order[item], item))
            low, high = max(0, position - self._window), position + self._window + 1
            found.update(other for _, other in ranked[low:high])
        found.discard(item)
        return found

    def pairs(self) -> Iterator[tuple[int, int]]:
        """Every candidate pair (i, j), i < j, once, in a deterministic order."""
        for item in range(len(self._keys)):
            for other in sorted(self.neighbours(item)):
                if other > item:
                    yield item, other
