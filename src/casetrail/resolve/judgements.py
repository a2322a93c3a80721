"""Human judgements on pairs (same person / different persons), closed under transitivity.

A = B and B = C give A = C; A = B and B != C give A != C. A node is a mention ref or a
person id from an earlier run (the Resolver expands an id to the mentions that carry it).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable


class JudgementConflict(ValueError):
    """A judgement contradicts what earlier ones already decide."""


class Judgements:
    """Same / different decisions on pairs of nodes."""

    def __init__(
        self,
        same: Iterable[tuple[Hashable, Hashable]] = (),
        different: Iterable[tuple[Hashable, Hashable]] = (),
    ) -> None:
        self._parent: dict[Hashable, Hashable] = {}
        self._same: list[tuple[Hashable, Hashable]] = []
        self._different: list[tuple[Hashable, Hashable]] = []
        for a, b in same:
            self.add_same(a, b)
        for a, b in different:
            self.add_different(a, b)

    def _find(self, node: Hashable) -> Hashable:
        root = node
        while (parent := self._parent.get(root, root)) != root:
            root = parent
        while node != root:  # path compression
            self._parent[node], node = root, self._parent[node]
        return root

    def decided(self, a: Hashable, b: Hashable) -> bool | None:
        """True: judged (or implied) the same; False: different; None: undecided.

        Scans the different-judgements: they are few, human-made.
        """
        root_a, root_b = self._find(a), self._find(b)
        if root_a == root_b:
            return True
        for x, y in self._different:
            if {self._find(x), self._find(y)} == {root_a, root_b}:
                return False
        return None

    def add_same(self, a: Hashable, b: Hashable) -> None:
        if self.decided(a, b) is False:
            raise JudgementConflict(f"{a!r} and {b!r} were judged different")
        self._same.append((a, b))
        self._parent[self._find(a)] = self._find(b)

    def add_different(self, a: Hashable, b: Hashable) -> None:
        if self.decided(a, b) is True:
            raise JudgementConflict(f"{a!r} and {b!r} were judged the same")
        self._different.append((a, b))

    @property
    def same(self) -> tuple[tuple[Hashable, Hashable], ...]:
        """The same-person judgements as given."""
        return tuple(self._same)

    @property
    def different(self) -> tuple[tuple[Hashable, Hashable], ...]:
        """The different-person judgements as given."""
        return tuple(self._different)
