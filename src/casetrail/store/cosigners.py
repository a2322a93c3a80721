"""Co-signers kept on write: for each pair of advocates, the number of persons of concern
both wrote about (`advocate_cosigners`, both ways round), changed in the transaction that
changes their links (`advocate_concerns`), so that an advocate's page reads its co-signers
as a few hundred rows of one index range rather than joining the links of every person
they wrote about (a hundred thousand at 100,000 documents).

Every change of the links goes through `links_changed` (`casetrail.store.aggregates`),
`unlink` (the retirement of persons in `casetrail.store.store`) or, for everyone at once,
`count_all`. So too the number of persons each advocate wrote about, which the advocates
list shows (`count_concerns`): counting an advocate's thousands of links on each read
would cost more than the rest of the page.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection

from sqlalchemy import Connection, and_, bindparam, delete, func, select, update
from sqlalchemy.dialects import postgresql, sqlite

from casetrail.store.schema import AdvocateConcernRow, AdvocateCosignerRow, AdvocateSummaryRow

_CHUNK = 1000  # ids per IN (...) list: within every database's limit on parameters
_LOCK_KEY = 0x636F7369  # PostgreSQL advisory lock of changes to the links ("cosi")

_LINKS = AdvocateConcernRow.__table__
_COSIGNERS = AdvocateCosignerRow.__table__
_SUMMARIES = AdvocateSummaryRow.__table__

Link = tuple[str, str]  # (advocate, person of concern)


def links_changed(connection: Connection, added: Collection[Link], gone: Collection[Link]) -> None:
    """Count the co-signers again for links about to be `added` and `gone` (the links table
    still as before): only the pairs of advocates of the persons concerned change, by the
    advocates who gain or lose them. The caller changes the links next, in this transaction.
    Links already there are not added again, nor are links already gone taken away, so
    lists read before another transaction changed the links count right."""
    _lock(connection)
    gained: defaultdict[str, set[str]] = defaultdict(set)
    lost: defaultdict[str, set[str]] = defaultdict(set)
    for advocate, concern in added:
        gained[concern].add(advocate)
    for advocate, concern in gone:
        lost[concern].add(advocate)
    concerns = sorted(gained.keys() | lost.keys())
    before: defaultdict[str, set[str]] = defaultdict(set)
    for start in range(0, len(concerns), _CHUNK):
        linked = select(_LINKS.c.concern_id, _LINKS.c.advocate_id).where(
            _LINKS.c.concern_id.in_(concerns[start : start + _CHUNK])
        )
        for concern, advocate in connection.execute(linked):
            before[concern].add(advocate)
    change: Counter[Link] = Counter()
    for concern in concerns:
        kept = before[concern] - lost[concern]
        steps = ((gained[concern] - before[concern], 1), (lost[concern] & before[concern], -1))
        for changed, step in steps:
            for advocate in changed:
                for other in kept:
                    change[advocate, other] += step
                    change[other, advocate] += step
                for other in changed - {advocate}:  # both gain (or lose) it together
                    change[advocate, other] += step
    _apply(connection, {pair: step for pair, step in change.items() if step})


def unlink(connection: Connection, person_ids: Collection[str]) -> None:
    """Delete the links of these persons (about to be retired), as advocates and as persons
    of concern, with the co-signers they counted."""
    _lock(connection)
    ids = sorted(person_ids)
    gone: set[Link] = set()
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        for column in (_LINKS.c.advocate_id, _LINKS.c.concern_id):  # one index each
            linked = select(_LINKS.c.advocate_id, _LINKS.c.concern_id).where(column.in_(chunk))
            gone.update((advocate, concern) for advocate, concern in connection.execute(linked))
    if not gone:
        return
    links_changed(connection, (), gone)
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        for column in (_LINKS.c.advocate_id, _LINKS.c.concern_id):
            connection.execute(delete(_LINKS).where(column.in_(chunk)))
    count_concerns(connection, {advocate for advocate, _ in gone})


def count_concerns(connection: Connection, advocate_ids: Collection[str] | None) -> None:
    """Count again the persons of concern these advocates (everyone when None) wrote about,
    from their links as they are now (`advocate_summaries.concerns`): after the links
    changed, in their transaction."""
    linked = (
        select(func.count())
        .select_from(_LINKS)
        .where(_LINKS.c.advocate_id == _SUMMARIES.c.person_id)
        .scalar_subquery()
    )
    counting = update(_SUMMARIES).values(concerns=linked)
    if advocate_ids is None:
        connection.execute(counting)
        return
    ids = sorted(advocate_ids)
    for start in range(0, len(ids), _CHUNK):
        connection.execute(counting.where(_SUMMARIES.c.person_id.in_(ids[start : start + _CHUNK])))


def _lock(connection: Connection) -> None:
    """PostgreSQL: one transaction at a time changes the links (SQLite's writers take turns
    anyway), until it ends. A lock of its own: the resolution that retires persons has
    written rows that a refresh of the statuses, holding its lock, may wait for."""
    if connection.dialect.name == "postgresql":
        connection.execute(select(func.pg_advisory_xact_lock(_LOCK_KEY)))


def _apply(connection: Connection, change: dict[Link, int]) -> None:
    """Add these steps to the counts of these pairs; a pair sharing no one is deleted."""
    if not change:
        return
    dialect = {"sqlite": sqlite, "postgresql": postgresql}[connection.dialect.name]
    statement = dialect.insert(_COSIGNERS)
    statement = statement.on_conflict_do_update(
        index_elements=[_COSIGNERS.c.advocate_id, _COSIGNERS.c.other_id],
        set_={"shared": _COSIGNERS.c.shared + statement.excluded.shared},
    )
    rows = [{"advocate_id": a, "other_id": o, "shared": n} for (a, o), n in sorted(change.items())]
    connection.execute(statement, rows)
    fewer = [{"advocate": a, "other": o} for (a, o), step in change.items() if step < 0]
    if fewer:
        pair = and_(
            _COSIGNERS.c.advocate_id == bindparam("advocate"),
            _COSIGNERS.c.other_id == bindparam("other"),
        )
        connection.execute(delete(_COSIGNERS).where(pair, _COSIGNERS.c.shared <= 0), fewer)


def count_all(connection: Connection) -> None:
    """Count everyone's co-signers again from the links: each advocate's persons of concern
    as the bits of one integer, so that a pair's shared persons are the bits both have (a
    second at 100,000 documents, where joining the links in the database takes minutes)."""
    _lock(connection)
    connection.execute(delete(_COSIGNERS))
    numbers: dict[str, int] = {}
    persons: defaultdict[str, list[int]] = defaultdict(list)
    for advocate, concern in connection.execute(select(_LINKS.c.advocate_id, _LINKS.c.concern_id)):
        persons[advocate].append(numbers.setdefault(concern, len(numbers)))
    bits = {}
    for advocate, found in persons.items():
        flags = bytearray(len(numbers) // 8 + 1)
        for number in found:
            flags[number >> 3] |= 1 << (number & 7)
        bits[advocate] = int.from_bytes(flags, "little")
    advocates = sorted(bits)
    rows = []
    for index, advocate in enumerate(advocates):
        for other in advocates[index + 1 :]:
            if shared := (bits[advocate] & bits[other]).bit_count():
                rows.append({"advocate_id": advocate, "other_id": other, "shared": shared})
                rows.append({"advocate_id": other, "other_id": advocate, "shared": shared})
    for start in range(0, len(rows), 10_000):
        connection.execute(_COSIGNERS.insert(), rows[start : start + 10_000])
