"""Persons across the whole database: resolution with the stored human judgements, and
the review workflow that records them.

`resolve_store` resolves every stored person record together, keeping the ids records
already carry and applying every active judgement; `judge`, `merge`, `split` and `undo`
record a human decision (append-only, with an audit row) and bring the stored ids in line;
`review_pairs` lists the pairs resolution could not decide.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Concatenate, Literal, ParamSpec, Protocol, TypeVar, cast

from casetrail.resolve import (
    DEFAULT_CONFIG,
    Explanation,
    JudgementConflict,
    Judgements,
    MatchScore,
    ResolutionStats,
    ResolvableMention,
    ResolveConfig,
    Resolver,
    ReviewCandidate,
    counted_display_name,
    display_name,
    fold,
    mention_names,
    name_keys,
    own_key,
    parse_name,
    slugify,
)
from casetrail.store import (
    Judgement,
    MentionEvidence,
    NewJudgement,
    PersonAction,
    PersonSummary,
    ResolutionRecord,
    ResolvingSession,
    Store,
    StoredJudgement,
    review_rows,
)
from casetrail.store.review_rows import KeptCandidate

_Params = ParamSpec("_Params")
_Result = TypeVar("_Result")


def changes_persons(
    function: Callable[Concatenate[Store, _Params], _Result],
) -> Callable[Concatenate[Store, _Params], _Result]:
    """Run `function(store, ...)` under the store's persons lock (`Store.persons_lock`): each
    change reads the stored ids, resolves and writes them, so two at once, in any threads or
    server processes, would undo each other's work."""

    @functools.wraps(function)
    def locked(store: Store, /, *args: _Params.args, **kwargs: _Params.kwargs) -> _Result:
        with store.persons_lock():
            return function(store, *args, **kwargs)

    return locked


class PersonError(Exception):
    """A request about persons that cannot be carried out; the message says why in a line."""


class AlreadyDecided(PersonError):
    """The judgement asked for is already made, or implied by earlier ones."""


class ContradictoryJudgement(PersonError):
    """The judgement asked for contradicts earlier ones (the message names them)."""


class _JudgementLike(Protocol):
    @property
    def left(self) -> str: ...
    @property
    def right(self) -> str: ...
    @property
    def judgement(self) -> Judgement: ...


def describe_judgement(judgement: _JudgementLike) -> str:
    """A judgement in a line: '#3 natalia-sokolova different nadezhda-sokolova (alice,
    2026-12-01 10:22)'; a judgement not recorded yet has no number, user or time."""
    text = f"{judgement.left} {judgement.judgement} {judgement.right}"
    if isinstance(judgement, StoredJudgement):
        when = judgement.created_at.strftime("%Y-%m-%d %H:%M")
        return f"#{judgement.id} {text} ({judgement.user}, {when})"
    return text


class Decisions:
    """The active judgements over current person ids, closed under transitivity: A = B and
    B != C decide A != C. Ids are read through the redirects merges leave.

    A person a same- or different-judgement names is kept whole: resolution may add records
    to it, never take its records apart. (The resolver joins records of one folded name as a
    chain; different-judgements between records of one name break the chain, and a fragment
    with a new id would be free of the judgement.) Only a split or an undo takes one apart.
    """

    def __init__(
        self, judgements: Iterable[_JudgementLike] = (), redirects: dict[str, str] | None = None
    ) -> None:
        self.redirects = dict(redirects or {})
        self.judgements = Judgements()  # what the resolver applies
        self.named: set[str] = set()  # every id a judgement names, as written
        self.ignored: list[_JudgementLike] = []  # contradicting earlier ones (should not be)
        self._same: defaultdict[str, list[tuple[str, _JudgementLike]]] = defaultdict(list)
        self._merged_by: dict[str, _JudgementLike] = {}  # retired id -> a same-judgement on it
        self._whole: set[str] = set()  # the persons kept whole
        self._different: list[tuple[str, str, _JudgementLike]] = []
        self._unsure: dict[frozenset[str], _JudgementLike] = {}
        for judgement in judgements:
            self.add(judgement)

    @classmethod
    def load(cls, store: Store | ResolvingSession) -> Decisions:
        """The store's active judgements."""
        return cls(store.judgements(), store.redirects())

    def canonical(self, person_id: str) -> str:
        return self.redirects.get(person_id, person_id)

    def add(self, judgement: _JudgementLike) -> None:
        self.named.update((judgement.left, judgement.right))
        a, b = self.canonical(judgement.left), self.canonical(judgement.right)
        try:
            if judgement.judgement == "same":
                self.judgements.add_same(a, b)
                for written, now in ((judgement.left, a), (judgement.right, b)):
                    if written != now:
                        self._merged_by.setdefault(written, judgement)
                self._same[a].append((b, judgement))
                self._same[b].append((a, judgement))
            elif judgement.judgement == "different":
                if a == b:  # the two have become one person since: cannot hold
                    raise JudgementConflict(f"{a} different from itself")
                self.judgements.add_different(a, b)
                self._different.append((a, b, judgement))
            else:
                self._unsure[frozenset((a, b))] = judgement
                return
        except JudgementConflict:
            self.ignored.append(judgement)
            return
        for person_id in (a, b):
            if person_id not in self._whole:
                self._whole.add(person_id)
                # A same-judgement of a person with itself: the resolver puts all the
                # records that carry the id into one cluster.
                self.judgements.add_same(person_id, person_id)

    def decided(self, left: str, right: str) -> bool | None:
        """True: the same person; False: different persons; None: not decided."""
        a, b = self.canonical(left), self.canonical(right)
        return True if a == b else self.judgements.decided(a, b)

    def unsure(self, left: str, right: str) -> _JudgementLike | None:
        """The unsure-judgement on the pair, if one was made."""
        return self._unsure.get(frozenset((self.canonical(left), self.canonical(right))))

    def judged_different(self, person_id: str) -> list[str]:
        """The persons a different-judgement names opposite `person_id` itself."""
        pid = self.canonical(person_id)
        return [b if a == pid else a for a, b, _ in self._different if pid in (a, b)]

    def why(self, left: str, right: str) -> list[_JudgementLike]:
        """The judgements that decide the pair (empty when undecided), with those that
        merged an id given into the person it now redirects to."""
        a, b = self.canonical(left), self.canonical(right)
        decided = self.decided(a, b)
        chain: list[_JudgementLike] = []
        if decided:
            chain = self._same_path(a, b)
        elif decided is False:
            for x, y, judgement in self._different:
                for near, far in ((x, y), (y, x)):
                    if not chain and self.decided(a, near) and self.decided(b, far):
                        chain = [*self._same_path(a, near), judgement, *self._same_path(far, b)]
        if decided is not None:
            merges = [self._merged_by.get(left), *chain, self._merged_by.get(right)]
            chain = list(dict.fromkeys(j for j in merges if j is not None))
        return chain

    def _same_path(self, a: str, b: str) -> list[_JudgementLike]:
        """The same-judgements linking a to b (breadth first: the shortest chain)."""
        came: dict[str, tuple[str, _JudgementLike] | None] = {a: None}
        queue = [a]
        for node in queue:
            if node == b:
                break
            for other, judgement in self._same[node]:
                if other not in came:
                    came[other] = (node, judgement)
                    queue.append(other)
        path: list[_JudgementLike] = []
        node = b
        while (step := came.get(node)) is not None:
            node, judgement = step
            path.append(judgement)
        return path[::-1]


@dataclass(slots=True)
class DatabaseResolution:
    """A resolution of every stored person record (refs are record ids)."""

    records: list[ResolutionRecord]
    ids: dict[int, str]  # record id -> person id
    assignments: dict[int, str]  # the records whose stored person id this changes
    review_candidates: list[ReviewCandidate]
    stats: ResolutionStats
    decisions: Decisions
    display: dict[str, str]  # person id -> display name (`resolve.display_name`)


def _stored_mentions(
    records: Sequence[ResolutionRecord],
    hints: Mapping[int, str],
    names: Mapping[int, Sequence[tuple[int, str]]] | None = None,
) -> list[ResolvableMention]:
    """Resolver input: a record's person id (or the hint for it) is the id to keep; `names`
    (document id -> its records' ids and names; default: from `records`) are co-mentions."""
    if names is None:
        by_document: defaultdict[int, list[tuple[int, str]]] = defaultdict(list)
        for record in records:
            by_document[record.document_id].append((record.id, record.name))
        names = by_document
    return [
        ResolvableMention(
            ref=record.id,
            name=record.name,
            aliases=record.aliases,
            role=record.role,
            descriptors=record.descriptors,
            document=str(record.document_id),
            co_mentions=tuple(
                name for other, name in names[record.document_id] if other != record.id
            ),
            person_id=hints.get(record.id, record.person_id),
        )
        for record in records
    ]


TakenAmong = Callable[[Collection[str]], set[str]]


def _avoid_taken_ids(
    ids: Mapping[Hashable, str], mentions: Sequence[ResolvableMention], taken_among: TakenAmong
) -> dict[int, str]:
    """A person new to the database must not get an id the database knows (a retired id
    redirects to someone else; a judgement may name it): it gets a free numbered one.
    `taken_among(ids)` says which of some ids the database knows."""
    carried: defaultdict[str, set[str]] = defaultdict(set)
    for mention in mentions:
        if mention.person_id:
            carried[ids[mention.ref]].add(mention.person_id)
    fresh = sorted(pid for pid in set(ids.values()) if pid not in carried[pid])
    taken = taken_among(fresh)
    used = set(ids.values()) | taken
    renamed: dict[str, str] = {}
    for person_id in fresh:
        if person_id in taken:
            renamed[person_id] = _free_id(person_id, used, taken_among)
            used.add(renamed[person_id])
    return {cast(int, ref): renamed.get(person_id, person_id) for ref, person_id in ids.items()}


_ID_BATCH = 20  # numbered ids asked about at once


def _free_id(person_id: str, used: Collection[str], taken_among: TakenAmong) -> str:
    """The first numbered variant of an id ("anna-berg-2") neither used nor taken."""
    base, number = re.sub(r"-\d+$", "", person_id) or person_id, 2
    while True:
        batch = [f"{base}-{n}" for n in range(number, number + _ID_BATCH)]
        taken = taken_among([candidate for candidate in batch if candidate not in used])
        for candidate in batch:
            if candidate not in used and candidate not in taken:
                return candidate
        number += _ID_BATCH


def _taken_in(taken: set[str]) -> TakenAmong:
    return lambda ids: taken.intersection(ids)


def _resolve_database(
    store: Store,
    decisions: Decisions,
    records: list[ResolutionRecord] | None = None,
    hints: dict[int, str] | None = None,
    config: ResolveConfig = DEFAULT_CONFIG,
) -> DatabaseResolution:
    """Resolve every stored record with the judgements of `decisions`; `hints` give records
    the id to keep (a merge's, a split's, an undo's) in place of the stored one."""
    if records is None:
        records = list(store.resolution_records())
    hints = hints or {}
    mentions = _stored_mentions(records, hints)
    try:
        resolution = Resolver(config).resolve(mentions, decisions.judgements)
    except JudgementConflict as error:
        raise PersonError(f"the stored judgements contradict each other: {error}") from None
    taken = _taken_in(store.taken_person_ids() | decisions.named)
    ids = _avoid_taken_ids(resolution.ids, mentions, taken)
    return DatabaseResolution(
        records=records,
        ids=ids,
        assignments={r.id: ids[r.id] for r in records if ids[r.id] != r.person_id},
        review_candidates=resolution.review_candidates,
        stats=resolution.stats,
        decisions=decisions,
        display=_display_names(ids, mentions),
    )


def _display_names(ids: Mapping[int, str], mentions: Iterable[ResolvableMention]) -> dict[str, str]:
    """Each person's name as shown (`resolve.display_name`) over their mentions."""
    members: defaultdict[str, list[ResolvableMention]] = defaultdict(list)
    for mention in mentions:
        members[ids[cast(int, mention.ref)]].append(mention)
    return {person_id: display_name(found)[1] for person_id, found in members.items()}


@dataclass(frozen=True, slots=True)
class StoreResolution:
    """What `resolve_store` did."""

    persons: int
    records: int
    changed: int  # records whose person id changed
    open_pairs: int  # pairs left for review (`casetrail review`)


@changes_persons
def resolve_store(store: Store, config: ResolveConfig = DEFAULT_CONFIG) -> StoreResolution:
    """Resolve every stored person record together, keeping the ids records carry and
    applying every active judgement, and store the ids (retired ids redirect)."""
    decisions = Decisions.load(store)
    result = _resolve_database(store, decisions, config=config)
    keys: defaultdict[str, set[str]] = defaultdict(set)
    names: dict[int, str] = {}
    for mention, record in zip(
        _stored_mentions(result.records, {}, _NO_CO_MENTIONS), result.records, strict=True
    ):
        found = name_keys(mention)
        keys[found.name] |= found.keys
        if record.name_key != found.name:
            names[record.id] = found.name
    store.save_resolution(result.assignments, names, keys, result.display)
    _keep_candidates(store, result)
    return StoreResolution(
        persons=len(set(result.ids.values())),
        records=len(result.records),
        changed=len(result.assignments),
        open_pairs=len(_open_pairs(_candidates(result), decisions, include_unsure=False)),
    )


_NO_CO_MENTIONS: Mapping[int, Sequence[tuple[int, str]]] = defaultdict(list)


# Incremental resolution: the records of each new document with the stored persons they may
# be, found by keys kept in the database, so that its cost does not grow with the database.

SAMPLE_PER_NAME = 5  # the latest records of a stored name a new document is compared with


@dataclass(frozen=True, slots=True)
class NewResolution:
    """What `resolve_new` did."""

    documents: int  # documents whose records were resolved
    records: int
    changed: int  # stored records that changed person (persons a new document joined)
    open_pairs: frozenset[frozenset[str]]  # new pairs of persons left for review


def resolve_new(
    store: Store, document_ids: Iterable[int] | None = None, config: ResolveConfig = DEFAULT_CONFIG
) -> NewResolution:
    """Resolve the records not resolved yet (of `document_ids`, else of every document),
    one document per transaction (as `resolve_document`). `resolve_store` resolves
    everything again from scratch."""
    done: list[NewResolution] = []
    pending = iter(document_ids) if document_ids is not None else None
    while True:
        with store.resolving() as session:
            if pending is None:
                document_id = next(iter(session.unresolved_documents(1)), None)
            else:
                document_id = next(pending, None)
            if document_id is None:
                break
            done.append(resolve_document(session, document_id, config))
    return _total(done)


def _total(done: Iterable[NewResolution]) -> NewResolution:
    done = list(done)
    return NewResolution(
        sum(each.documents for each in done),
        sum(each.records for each in done),
        sum(each.changed for each in done),
        frozenset().union(*(each.open_pairs for each in done)),
    )


def resolve_document(
    session: ResolvingSession, document_id: int, config: ResolveConfig = DEFAULT_CONFIG
) -> NewResolution:
    """Resolve a document's records not resolved yet, in the transaction of `session`
    (`Store.resolving`, or `Store.add_document`'s): each is compared with the stored
    persons that share a resolution key with it, and joins one, makes a new person, or
    joins persons together. A stored person is never taken apart here (only a split does
    that), and every active judgement holds."""
    records = session.document_records([document_id])
    new = [record for record in records if record.name_key is None]
    if not new:
        return NewResolution(0, 0, 0, frozenset())
    keys = {
        mention.ref: name_keys(mention) for mention in _stored_mentions(new, {}, _NO_CO_MENTIONS)
    }
    # A name the database knows was compared with its neighbours when it came: its
    # records suffice, and the bare names it may be (those depend on the whole database).
    # A new name is compared with the stored names sharing a key with it.
    names = {found.name for found in keys.values() if found.name}
    known = session.known_names([own_key(name) for name in names])
    lookups = {
        (key, found.name)
        for found in keys.values()
        for key in (found.lookups if found.name not in known else found.bare_lookups)
    }
    names |= session.names_with_keys(lookups, config.max_block_size, config.block_window)
    stored = [
        record
        for record in session.records_named(names, SAMPLE_PER_NAME)
        if record.document_id != document_id
    ]
    subset = sorted({record.id: record for record in [*records, *stored]}.values(), key=_by_id)
    by_document = session.document_names({record.document_id for record in subset})
    mentions = _stored_mentions(subset, {}, by_document)
    decisions = Decisions.load(session)
    judgements = Judgements(decisions.judgements.same, decisions.judgements.different)
    for person_id in sorted({record.person_id for record in subset if record.person_id}):
        judgements.add_same(person_id, person_id)  # a stored person stays whole
    try:
        resolution = Resolver(config).resolve(mentions, judgements)
    except JudgementConflict as error:
        raise PersonError(f"the stored judgements contradict each other: {error}") from None
    named = decisions.named
    ids = _avoid_taken_ids(
        resolution.ids, mentions, lambda wanted: session.taken_among(wanted) | (named & set(wanted))
    )
    assignments = {
        record.id: ids[record.id] for record in subset if ids[record.id] != record.person_id
    }
    # A stored person the new records joined to another: all its records move, not the sample.
    moved = {
        record.person_id: ids[record.id]
        for record in subset
        if record.person_id and record.id in assignments
    }
    changed = [record for record in subset if record.id in assignments]
    for record in session.person_records(moved):
        assert record.person_id is not None  # found by it
        assignments[record.id] = moved[record.person_id]
        changed.append(record)
    found_keys: defaultdict[str, set[str]] = defaultdict(set)
    for found in keys.values():
        found_keys[found.name] |= found.keys
    session.save(assignments, {ref: found.name for ref, found in keys.items()}, found_keys)
    joined: defaultdict[str, list[ResolvableMention]] = defaultdict(list)
    for mention in _stored_mentions(changed, {}, _NO_CO_MENTIONS):
        joined[assignments[cast(int, mention.ref)]].append(mention)
    renamed = _follow_display_names(session, joined, decisions)
    ids = {ref: renamed.get(person_id, person_id) for ref, person_id in ids.items()}
    new_ids = {record.id for record in new}
    session.add_review_candidates(
        _candidate_rows(
            candidate
            for candidate in resolution.review_candidates
            if new_ids & {candidate.left, candidate.right}
        )
    )
    open_pairs = frozenset(
        frozenset((ids[candidate.left], ids[candidate.right]))
        for candidate in resolution.review_candidates
        if new_ids & {candidate.left, candidate.right}
        and decisions.decided(ids[candidate.left], ids[candidate.right]) is None
        and not decisions.unsure(ids[candidate.left], ids[candidate.right])
    )
    return NewResolution(1, len(new), len(assignments.keys() - new_ids), open_pairs)


def _by_id(record: ResolutionRecord) -> int:
    return record.id


def _follow_display_names(
    session: ResolvingSession,
    joined: Mapping[str, Sequence[ResolvableMention]],
    decisions: Decisions,
) -> dict[str, str]:
    """Name the persons that records `joined`, and give them ids, as a full resolution
    does: by `resolve.display_name` over all their records, so that the order of documents
    does not matter. A person whose spelling changes takes the new spelling's slug as id
    when it is free (or was its own), its old id redirecting (links keep working); a
    person a judgement names keeps its id. Returns the ids changed."""
    shown = session.person_names(joined)
    unchanged = {
        person_id
        for person_id, mentions in joined.items()
        if person_id in shown and all(_keeps_name(shown[person_id], m) for m in mentions)
    }
    # Counted over the distinct spellings of their records, a handful however many records.
    display = {
        person_id: counted_display_name(
            (ResolvableMention(ref=0, name=name, aliases=aliases), count)
            for name, aliases, count in spellings
        )
        for person_id, spellings in session.person_spellings(joined.keys() - unchanged).items()
    }
    judged = {decisions.canonical(person_id) for person_id in decisions.named}
    wanted = {
        person_id: slugify(spelling)
        for person_id, (spelling, _) in display.items()
        if person_id not in judged and slugify(spelling) != person_id
    }
    taken = session.taken_among(wanted.values())
    renamed: dict[str, str] = {}
    for person_id, slug in sorted(wanted.items()):
        ours = decisions.redirects.get(slug) == person_id
        if (slug not in taken or ours) and slug not in renamed.values():
            renamed[person_id] = slug
    names = {renamed.get(person_id, person_id): shown for person_id, (_, shown) in display.items()}
    if renamed:
        session.rename_persons(renamed, names)
    session.save({}, {}, {}, names)
    return renamed


def _keeps_name(shown: str, mention: ResolvableMention) -> bool:
    """Whether a record joining a person shown as `shown` leaves its name as it is: it is
    written so (and spelled so), or a bare name beside a full one (full names come first)."""
    names = mention_names(mention)
    if not names:
        return True
    principal, current = names[0], parse_name(shown)
    if mention.name == shown and principal.key == current.key:
        return True
    return principal.single and not current.single


# Review: the pairs resolution could not decide, with what a person needs to decide them.


@dataclass(frozen=True, slots=True)
class PersonCard:
    """A person as review shows them: names, spellings, roles, and sentences naming them."""

    person: PersonSummary
    evidence: tuple[MentionEvidence, ...]


@dataclass(frozen=True, slots=True)
class ReviewPair:
    left: PersonCard
    right: PersonCard
    score: MatchScore  # with its explanation: features, values, weights


@dataclass(frozen=True, slots=True)
class ReviewList:
    pairs: list[ReviewPair]
    total: int  # open pairs before the limit


@dataclass(frozen=True, slots=True)
class _OpenPair:
    left: str
    right: str
    score: MatchScore
    left_record: int
    right_record: int


def _candidate_rows(candidates: Iterable[ReviewCandidate]) -> list[dict[str, object]]:
    """Review candidates as `review_candidates` rows."""
    return [
        {
            "left_record": candidate.left,
            "right_record": candidate.right,
            "score": candidate.score.score,
            "explanation": [list(item) for item in candidate.score.explanation],
        }
        for candidate in candidates
    ]


def _keep_candidates(store: Store, result: DatabaseResolution) -> None:
    """Keep a full resolution's candidates in place of those kept before."""
    review_rows.replace(store, _candidate_rows(result.review_candidates))


def _candidates(result: DatabaseResolution) -> list[KeptCandidate]:
    """A full resolution's candidates as the persons its ids give the records."""
    return [
        KeptCandidate(
            cast(int, candidate.left),
            cast(int, candidate.right),
            result.ids[cast(int, candidate.left)],
            result.ids[cast(int, candidate.right)],
            candidate.score.score,
            [list(item) for item in candidate.score.explanation],
        )
        for candidate in result.review_candidates
    ]


def _open_pairs(
    candidates: Iterable[KeptCandidate], decisions: Decisions, include_unsure: bool
) -> list[_OpenPair]:
    """Review candidates (best first) as pairs of persons, once each, without the pairs a
    judgement decides (directly or by transitivity) or, unless asked, judged unsure."""
    pairs: list[_OpenPair] = []
    seen: set[frozenset[str]] = set()
    for candidate in candidates:
        left, right = candidate.left, candidate.right
        key = frozenset((left, right))
        if left == right or key in seen:
            continue
        seen.add(key)
        if decisions.decided(left, right) is not None:
            continue
        if not include_unsure and decisions.unsure(left, right):
            continue
        score = MatchScore(
            candidate.score, tuple(Explanation(*item) for item in candidate.explanation)
        )
        pairs.append(_OpenPair(left, right, score, candidate.left_record, candidate.right_record))
    return pairs


@changes_persons
def _sweep(store: Store, config: ResolveConfig) -> None:
    """Resolve every record once and keep the review candidates, unless done already (in
    another thread or process, while this one waited for the lock)."""
    if review_rows.swept(store):
        return
    result = _resolve_database(store, Decisions.load(store), config=config)
    if result.assignments:
        store.set_person_ids(result.assignments, result.display)
    _keep_candidates(store, result)


def review_pairs(
    store: Store,
    limit: int | None = None,
    include_unsure: bool = False,
    sentences: int = 3,
    config: ResolveConfig = DEFAULT_CONFIG,
) -> ReviewList:
    """The undecided pairs of persons, best score first, each person with up to
    `sentences` sentences naming them (from different documents when there are).

    The pairs are those resolution kept (`casetrail.store.review_rows`), with the persons
    their records belong to now; the first time, every record is resolved to find them."""
    if not review_rows.swept(store):
        _sweep(store, config)
    pairs = _open_pairs(review_rows.listed(store), Decisions.load(store), include_unsure)
    shown = pairs if limit is None else pairs[:limit]
    wanted: dict[str, list[int]] = {}
    for pair in shown:
        wanted.setdefault(pair.left, []).append(pair.left_record)
        wanted.setdefault(pair.right, []).append(pair.right_record)
    cards = _person_cards(store, wanted, sentences)
    return ReviewList(
        [ReviewPair(cards[p.left], cards[p.right], p.score) for p in shown], total=len(pairs)
    )


def _person_cards(
    store: Store, wanted: dict[str, list[int]], sentences: int
) -> dict[str, PersonCard]:
    """Cards of the persons of `wanted` (id -> records to quote first)."""
    records_of: defaultdict[str, list[ResolutionRecord]] = defaultdict(list)
    for record in review_rows.records_of(store, wanted):
        records_of[cast(str, record.person_id)].append(record)
    chosen: dict[str, list[int]] = {}
    for person_id, first in wanted.items():
        by_id = {record.id: record for record in records_of[person_id]}
        picked: list[int] = []
        documents: set[int] = set()
        for record_id in [*first, *by_id]:
            record = by_id.get(record_id)
            if record is None or record.document_id in documents or record_id in picked:
                continue
            picked.append(record_id)
            documents.add(record.document_id)
            if len(picked) == sentences:
                break
        chosen[person_id] = picked
    evidence = {
        found.record_id: found
        for found in store.mention_evidence([rid for ids in chosen.values() for rid in ids])
    }
    summaries = {summary.id: summary for summary in store.persons(wanted)}
    return {
        person_id: PersonCard(
            summaries[person_id],
            tuple(evidence[rid] for rid in chosen[person_id] if rid in evidence),
        )
        for person_id in wanted
    }


def persons(store: Store, role: str | None = None, name: str | None = None) -> list[PersonSummary]:
    """The stored persons, those with a record of `role` and a spelling containing `name`
    (compared folded: case, accents, script and common spelling variants aside)."""
    found = store.persons()
    if role:
        found = [person for person in found if role in person.roles]
    if name:
        wanted = fold(name)
        found = [
            person
            for person in found
            if any(wanted in fold(spelling) for spelling in person.spellings)
        ]
    return found


# Human decisions: each is one audit row with its judgements, and brings the ids in line.


@dataclass(frozen=True, slots=True)
class Judged:
    action: PersonAction
    left: str  # the current ids of the persons judged
    right: str
    judgement: Judgement
    person_id: str | None  # after a same-judgement: the id of the one person


def _known(store: Store, decisions: Decisions, person_id: str) -> str:
    """The current id of a person; PersonError if the database does not know the id."""
    taken = store.taken_person_ids()
    if person_id not in taken:
        close = difflib.get_close_matches(person_id, sorted(taken), n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else " (see casetrail persons)"
        raise PersonError(f"no person with id {person_id!r}{hint}")
    return decisions.canonical(person_id)


def _shown(written: str, now: str) -> str:
    return written if written == now else f"{written} (now {now})"


def _described(judgements: Sequence[_JudgementLike]) -> str:
    label = "judgement" if len(judgements) == 1 else "judgements"
    return f"{label} " + "; ".join(describe_judgement(j) for j in judgements)


@changes_persons
def judge(
    store: Store,
    left: str,
    right: str,
    judgement: Judgement,
    user: str,
    action: str = "judge",
    config: ResolveConfig = DEFAULT_CONFIG,
) -> Judged:
    """Record that two persons are the same, different, or that one cannot tell.

    Same merges them at once: the older id is kept, the other redirects to it. Raises
    AlreadyDecided when earlier judgements already say so, ContradictoryJudgement (naming
    them) when they say otherwise, PersonError for an unknown id.
    """
    if judgement not in ("same", "different", "unsure"):
        raise PersonError(f"a judgement is same, different or unsure, not {judgement!r}")
    decisions = Decisions.load(store)
    a, b = _known(store, decisions, left), _known(store, decisions, right)
    if a == b:
        shown = f"{left} and {right} are" if left != right else f"{left} is"
        if judgement == "same":
            raise AlreadyDecided(f"{shown} already one person ({a})")
        raise PersonError(
            f"{shown} one person ({a}); to separate its records use: casetrail split {a}"
        )
    decided = decisions.decided(a, b)
    if decided is not None:
        said = "the same person" if decided else "different persons"
        earlier = _described(decisions.why(left, right))
        shown_left, shown_right = _shown(left, a), _shown(right, b)
        if judgement != "unsure" and (judgement == "same") == decided:
            raise AlreadyDecided(
                f"{shown_left} and {shown_right} are already judged {said} by {earlier}"
            )
        raise ContradictoryJudgement(
            f"{shown_left} {judgement} {shown_right} contradicts {earlier}, by which they are"
            f" {said}; undo that first (casetrail undo ID)"
        )
    if judgement == "unsure" and (earlier_unsure := decisions.unsure(a, b)):
        raise AlreadyDecided(
            f"{a} and {b} are already judged unsure by {_described([earlier_unsure])}"
        )
    if judgement != "same":
        # Two persons apart stay apart: nothing to resolve again.
        new = NewJudgement(a, b, judgement)
        recorded = store.record_action(action, user, persons=[a, b], judgements=[new])
        return Judged(recorded, a, b, judgement, None)
    keep, other = _older_first(store, a, b)
    new = NewJudgement(keep, other, "same")
    decisions.add(new)
    records = list(store.resolution_records())
    hints = {record.id: keep for record in records if record.person_id == other}
    result = _resolve_database(store, decisions, records, hints, config)
    recorded = store.record_action(
        action,
        user,
        persons=[keep, other],
        judgements=[new],
        assignments=result.assignments,
        display=result.display,
        note=f"{other} merged into {keep}",
    )
    _keep_candidates(store, result)
    merged = next((result.ids[rid] for rid in hints), keep)
    return Judged(recorded, keep, other, "same", merged)


def merge(
    store: Store, left: str, right: str, user: str, config: ResolveConfig = DEFAULT_CONFIG
) -> Judged:
    """A same-judgement and the merge it makes: the older id stays, the other redirects."""
    return judge(store, left, right, "same", user, action="merge", config=config)


def _older_first(store: Store, a: str, b: str) -> tuple[str, str]:
    """The two ids, the person created first first. Persons one resolution created together
    may share the instant: then the fuller name first ("Natalia Sokolova" before "Sokolova"),
    and `a` on a full tie."""
    found = {person.id: person for person in store.persons([a, b])}
    when_a = found[a].created_at if a in found else None
    when_b = found[b].created_at if b in found else None
    if when_b is None:
        return a, b
    if when_a is None or when_b < when_a:
        return b, a
    if when_b == when_a and len(found[b].name.split()) > len(found[a].name.split()):
        return b, a
    return a, b


SplitBy = Literal["spelling", "document"]


@dataclass(frozen=True, slots=True)
class SplitPart:
    person_id: str
    records: tuple[int, ...]
    spellings: tuple[str, ...]
    documents: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Split:
    action: PersonAction
    person_id: str
    parts: list[SplitPart]  # the first keeps the person's id


def _spelling(name: str) -> str:
    return " ".join(name.split()).casefold()


@changes_persons
def split(
    store: Store,
    person_id: str,
    user: str,
    by: SplitBy = "spelling",
    config: ResolveConfig = DEFAULT_CONFIG,
) -> Split:
    """Separate a person's records into persons, one per spelling or per document, and
    record that they are different persons (so that resolution does not join them again).
    The largest part keeps the id; a different-judgement on the person holds for every part.
    """
    if by not in ("spelling", "document"):
        raise PersonError(f"split by spelling or document, not {by!r}")
    decisions = Decisions.load(store)
    pid = _known(store, decisions, person_id)
    records = list(store.resolution_records())
    groups: dict[object, list[ResolutionRecord]] = {}
    for record in records:
        if record.person_id == pid:
            key = _spelling(record.name) if by == "spelling" else record.document_id
            groups.setdefault(key, []).append(record)
    if len(groups) < 2:
        what = "one spelling" if by == "spelling" else "records from one document"
        other = "document" if by == "spelling" else "spelling"
        raise PersonError(f"{pid} has {what} only: nothing to split (try --by {other})")
    parts = sorted(groups.values(), key=lambda part: (-len(part), part[0].id))

    # Ids for the new parts: a spelling's own earlier id when a merge retired it into this
    # person and no judgement names it; else a fresh slug.
    retired_here = {old for old, new in decisions.redirects.items() if new == pid}
    used = store.taken_person_ids() | decisions.named
    ids = [pid]
    for part in parts[1:]:
        names = Counter(record.name for record in part)
        slug = slugify(min(names.items(), key=lambda entry: (-entry[1], entry[0]))[0])
        if slug in retired_here and slug not in decisions.named and slug not in ids:
            decisions.redirects.pop(slug)
            ids.append(slug)
        else:
            free = slug not in used and slug not in ids
            ids.append(slug if free else _free_id(slug, used, _taken_in(set())))
        used.add(ids[-1])

    new = [
        NewJudgement(ids[i], ids[j], "different")
        for i in range(len(ids))
        for j in range(i + 1, len(ids))
    ]
    for other in decisions.judged_different(pid):
        new += [NewJudgement(part_id, other, "different") for part_id in ids[1:]]
    for judgement in new:
        decisions.add(judgement)
    hints = {record.id: ids[index] for index, part in enumerate(parts) for record in part}
    result = _resolve_database(store, decisions, records, hints, config)
    recorded = store.record_action(
        "split",
        user,
        persons=ids,
        judgements=new,
        assignments=result.assignments,
        display=result.display,
        note=f"{pid} split by {by} into {', '.join(ids)}",
    )
    _keep_candidates(store, result)
    return Split(
        recorded,
        pid,
        [
            SplitPart(
                result.ids[part[0].id],
                tuple(record.id for record in part),
                tuple(dict.fromkeys(record.name for record in part)),
                tuple(sorted({record.document_id for record in part})),
            )
            for part in parts
        ],
    )


@dataclass(frozen=True, slots=True)
class Undone:
    action: PersonAction  # the undo's audit row
    undone: PersonAction  # the action undone
    judgements: list[StoredJudgement]  # the judgements it undid


@changes_persons
def undo(
    store: Store, judgement_id: int, user: str, config: ResolveConfig = DEFAULT_CONFIG
) -> Undone:
    """Undo a judgement (all those of its action: a split makes several) and what its
    action changed: records it moved get their earlier ids back, then resolution runs
    again without the judgement. The judgement row stays, marked undone."""
    found = store.judgement(judgement_id)
    if found is None:
        raise PersonError(f"no judgement #{judgement_id} (see casetrail judgements --all)")
    if not found.active:
        assert found.deleted_at is not None
        when = found.deleted_at.strftime("%Y-%m-%d %H:%M")
        raise PersonError(
            f"judgement #{judgement_id} was already undone ({found.deleted_by}, {when})"
        )
    action = store.action(found.action_id)
    assert action is not None  # a foreign key
    active = store.judgements()
    undone = [j for j in active if j.action_id == action.id]
    redirects = store.redirects()
    records = list(store.resolution_records())
    current = {record.id: record.person_id for record in records}
    hints: dict[int, str] = {}
    for record_id, (old, new) in action.changes.items():
        if old is None or new is None or record_id not in current:
            continue
        if current[record_id] == redirects.get(new, new):
            hints[record_id] = old
    # Ids given back live again: judgements naming them mean them, not their successor.
    revived = set(hints.values())
    decisions = Decisions(
        [j for j in active if j.action_id != action.id],
        {old: new for old, new in redirects.items() if old not in revived},
    )
    result = _resolve_database(store, decisions, records, hints, config)
    recorded = store.record_action(
        "undo",
        user,
        persons=action.persons,
        undo=action.id,
        assignments=result.assignments,
        display=result.display,
        note=f"undo of {action.action} #{action.id}",
    )
    _keep_candidates(store, result)
    return Undone(recorded, action, undone)
