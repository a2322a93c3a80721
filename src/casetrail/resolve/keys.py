"""Keys that find, among stored names, those a new mention may be compared with.

Incremental resolution keeps every stored name's keys in the database; a new mention looks
up its own and is compared only with the names found (and their persons), so that the cost
of resolving one document does not grow with the database. A full name is found by its
blocking keys (as `CandidateIndex` pairs names) and by its first given and family names
(where a bare name such as "Petrov" looks); a bare name is found by its one part (where
a full name looks for bare names it may be).
"""

from __future__ import annotations

from dataclasses import dataclass

from casetrail.resolve.blocking import blocking_keys
from casetrail.resolve.mention import ResolvableMention, mention_names
from casetrail.resolve.names import ParsedName

_PART = "part:"  # a part of a full name
_BARE = "bare:"  # the one part of a bare name
_NAME = "name:"  # the name itself: whether the database knows it


@dataclass(frozen=True, slots=True)
class NameKeys:
    """What a mention is grouped, found and looked up by."""

    name: str  # the folded name the resolver groups the mention by ("" when it has none)
    keys: frozenset[str]  # the keys other mentions find it by
    lookups: frozenset[str]  # the keys it finds other mentions by

    @property
    def bare_lookups(self) -> frozenset[str]:
        """The lookups that find bare names (a full name's) or full names (a bare name's):
        a bare name's place depends on every name it may be, so these are always made."""
        if any(key.startswith(_BARE) for key in self.keys):
            return self.lookups
        return frozenset(key for key in self.lookups if key.startswith(_BARE))


def own_key(name: str) -> str:
    """The key a folded name is found by itself (every stored name has it)."""
    return _NAME + name


def _parts(name: ParsedName) -> set[str]:
    """A full name's first given and family names, folded: what a bare name may be."""
    return {key for part in name.given[:1] + name.family_variants for key in (part.fold, part.root)}


def name_keys(mention: ResolvableMention) -> NameKeys:
    """The keys of a mention (its name and aliases)."""
    names = mention_names(mention)
    if not names:
        return NameKeys("", frozenset(), frozenset())
    principal = names[0]
    if principal.single:
        assert principal.family is not None  # a bare name is kept as a family name
        parts = {principal.family.fold, principal.family.root}
        return NameKeys(
            principal.key,
            frozenset({own_key(principal.key), *(_BARE + part for part in parts)}),
            frozenset(_PART + part for part in parts),
        )
    blocking = frozenset().union(*(blocking_keys(name) for name in names))
    parts = set().union(*(_parts(name) for name in names))
    return NameKeys(
        principal.key,
        blocking | {own_key(principal.key), *(_PART + part for part in parts)},
        blocking | {_BARE + part for part in parts},
    )
