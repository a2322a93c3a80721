"""Finding persons by what a user types: an id, or a name in any case, with or without accents.

A name matches a person when its words are those of one of the person's names or aliases (in
any order: "NURLANOV Daulet"); failing that, when they are all among them ("Sokolova"). The
best level that matches decides; more than one person there is an ambiguity, never a guess.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

from casetrail.store import Store, read_model


class PersonLookupError(ValueError):
    """No person, or more than one, answers to a name; the message lists the candidates."""


def normalise(name: str) -> tuple[str, ...]:
    """The words of a name, case and diacritics folded, in sorted order."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    return tuple(sorted(re.findall(r"\w+", letters)))


def spellings(store: Store, person_ids: Iterable[str] | None = None) -> dict[str, list[str]]:
    """Every name and alias each person is given, the most frequent first."""
    wanted = None if person_ids is None else set(person_ids)
    return ranked_spellings(read_model.spellings(store, wanted))


def ranked_spellings(
    said: Iterable[tuple[str, str, Sequence[str], int]],
) -> dict[str, list[str]]:
    """Each person's spellings, the most frequent first, from (person id, name, aliases, how
    many records give them)."""
    counts: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for person_id, name, aliases, records in said:
        for spelling in (name, *aliases):
            counts[person_id][spelling] += records
    return {
        pid: sorted(found, key=lambda spelling: (-found[spelling], spelling))
        for pid, found in counts.items()
    }


def find_person(store: Store, query: str) -> str:
    """The id of the one person `query` names (an id or a name); PersonLookupError if not one."""
    canonical = store.canonical_person_id(query.strip())
    if canonical is not None:
        return canonical
    words = normalise(query)
    if not words:
        raise PersonLookupError(f"not a name: {query!r}")
    known = spellings(store)
    exact = {pid for pid, names in known.items() if any(normalise(n) == words for n in names)}
    partial = {
        pid for pid, names in known.items() if any(set(words) <= set(normalise(n)) for n in names)
    }
    found = exact or partial
    if len(found) == 1:
        return found.pop()
    if not found:
        raise PersonLookupError(f"no person is called {query!r} (try an id or another spelling)")
    listed = "; ".join(f"{pid} ({known[pid][0]})" for pid in sorted(found)[:10])
    more = f" and {len(found) - 10} more" if len(found) > 10 else ""
    raise PersonLookupError(f"{query!r} could be {len(found)} persons: {listed}{more}")


def find_persons(store: Store, queries: Iterable[str]) -> list[str]:
    """`find_person` for each query, in order, each person once."""
    return list(dict.fromkeys(find_person(store, query) for query in queries))
