"""Cross-document resolution: which mentions are one person, and a stable id for each.

Steps: mentions with the same folded full name form a profile; blocking proposes profile
pairs; the matcher scores them; pairs at or above the match threshold are merged, best
first, by a union-find that refuses a merge a different-judgement forbids or that would
make one person of two differently named persons of one document. Bare names ("Mr
Petrov") attach last, only to a unique compatible cluster. Pairs in the uncertain band
come back as review candidates.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from rigour.text.translit import ascii_text

from casetrail.resolve.blocking import CandidateIndex, blocking_keys
from casetrail.resolve.compare import MatchScore, NameMatcher
from casetrail.resolve.config import DEFAULT_CONFIG, ResolveConfig
from casetrail.resolve.judgements import JudgementConflict, Judgements
from casetrail.resolve.mention import Profile, ResolvableMention, mention_names
from casetrail.resolve.names import parse_name


@dataclass(frozen=True, slots=True)
class ReviewCandidate:
    """Two mentions the matcher could not decide on, for a human to judge."""

    left: Hashable  # a mention ref
    right: Hashable
    score: MatchScore


@dataclass(frozen=True, slots=True)
class ResolutionStats:
    """Sizes of one resolution run (for benchmarks and logs)."""

    mentions: int
    profiles: int  # distinct full names
    bare_names: int
    candidate_pairs: int
    persons: int


@dataclass(frozen=True, slots=True)
class Resolution:
    """A person id for every mention ref, and the pairs left for review."""

    ids: dict[Hashable, str]
    review_candidates: list[ReviewCandidate]
    stats: ResolutionStats


def slugify(text: str) -> str:
    """An ASCII slug ("Bairbre de Brún" -> "bairbre-de-brun"); "person" if nothing is left."""
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text(text).lower()).strip("-")
    return slug or "person"


def display_name(mentions: Iterable[ResolvableMention]) -> tuple[str, str]:
    """A person's name from their mentions: the most frequent full spelling (ties go to
    the alphabetically first), else the most frequent bare one; and, of the mentions so
    spelled, the name most often written (ties alike), as shown. A person's new id is the
    slug of the spelling, in a full resolution and incrementally (`casetrail.resolution`).
    Returns (spelling, as written); empty strings when no mention has a name."""
    return counted_display_name((mention, 1) for mention in mentions)


def counted_display_name(spellings: Iterable[tuple[ResolvableMention, int]]) -> tuple[str, str]:
    """`display_name` of mentions given once per distinct spelling, each with how many
    mentions write it."""
    full: Counter[str] = Counter()
    bare: Counter[str] = Counter()
    written: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for mention, count in spellings:
        read = _spelling(mention.name, tuple(mention.aliases))
        if read is None:
            continue
        single, spelling, shown = read
        (bare if single else full)[spelling] += count
        written[spelling][shown] += count
    counted = full or bare
    if not counted:
        return "", ""
    spelling = _most_frequent(counted)
    return spelling, _most_frequent(written[spelling])


@lru_cache(maxsize=1 << 16)
def _spelling(name: str, aliases: tuple[str, ...]) -> tuple[bool, str, str] | None:
    """How a mention so named counts for a display name: whether its principal name is bare,
    its spelling, and the name it writes (its own, not an alias's); None without a name.
    Cached: a person's spellings are counted again whenever a document joins them."""
    names = mention_names(ResolvableMention(ref=0, name=name, aliases=aliases))
    if not names:
        return None
    principal = names[0]
    own = parse_name(name).key == principal.key
    return principal.single, principal.display, name if own else principal.display


def _most_frequent(counted: Counter[str]) -> str:
    return min(counted.items(), key=lambda entry: (-entry[1], entry[0]))[0]


class _Clusters:
    """Union-find over mentions that refuses merges judgements or documents forbid."""

    def __init__(self, documents: Sequence[str | None], compatible: Callable[[int, int], bool]):
        count = len(documents)
        self._parent = list(range(count))
        self.members: list[list[int]] = [[item] for item in range(count)]
        self._by_document: list[dict[str, list[int]]] = [
            {document: [item]} if document is not None else {}
            for item, document in enumerate(documents)
        ]
        self._forbidden: list[set[int]] = [set() for _ in range(count)]
        self._compatible = compatible

    def find(self, item: int) -> int:
        root = item
        while self._parent[root] != root:
            root = self._parent[root]
        while self._parent[item] != root:  # path compression
            self._parent[item], item = root, self._parent[item]
        return root

    def has_document(self, root: int, document: str | None) -> bool:
        return document is not None and document in self._by_document[root]

    def forbid(self, a: int, b: int) -> None:
        """Never put mentions a and b in one cluster."""
        self._forbidden[self.find(a)].add(b)
        self._forbidden[self.find(b)].add(a)

    def _documents_allow(self, a: int, b: int) -> bool:
        small, large = sorted((self._by_document[a], self._by_document[b]), key=len)
        for document, items in small.items():
            others = large.get(document, ())
            if any(not self._compatible(x, y) for x in items for y in others):
                return False
        return True

    def merge(self, a: int, b: int, check_documents: bool = True) -> bool:
        """Join the clusters of a and b unless forbidden; True when they are one after."""
        root_a, root_b = self.find(a), self.find(b)
        if root_a == root_b:
            return True
        if len(self._forbidden[root_a]) > len(self._forbidden[root_b]):
            root_a, root_b = root_b, root_a
        if any(self.find(item) == root_b for item in self._forbidden[root_a]):
            return False
        if check_documents and not self._documents_allow(root_a, root_b):
            return False
        if len(self.members[root_a]) > len(self.members[root_b]):
            root_a, root_b = root_b, root_a
        self._parent[root_a] = root_b  # the smaller cluster joins the larger one
        self.members[root_b].extend(self.members[root_a])
        self.members[root_a] = []
        for document, items in self._by_document[root_a].items():
            self._by_document[root_b].setdefault(document, []).extend(items)
        self._by_document[root_a] = {}
        self._forbidden[root_b] |= self._forbidden[root_a]
        self._forbidden[root_a] = set()
        return True


class Resolver:
    """Resolves person mentions across documents into person ids."""

    def __init__(self, config: ResolveConfig = DEFAULT_CONFIG) -> None:
        self.config = config
        self.matcher = NameMatcher(config)

    def resolve(
        self, mentions: Sequence[ResolvableMention], judgements: Judgements | None = None
    ) -> Resolution:
        """Person ids for `mentions` (deterministic for the same input) and review pairs."""
        return _Run(self, mentions, judgements or Judgements()).run()


class _Run:
    """The state of one resolution."""

    def __init__(
        self, resolver: Resolver, mentions: Sequence[ResolvableMention], judgements: Judgements
    ) -> None:
        self.config = resolver.config
        self.matcher = resolver.matcher
        self.mentions = mentions
        self.judgements = judgements
        self.index = {mention.ref: item for item, mention in enumerate(mentions)}
        if len(self.index) != len(mentions):
            raise ValueError("mention refs must be unique")
        self.carrying: dict[str, list[int]] = {}  # earlier person id -> mentions with it
        for item, mention in enumerate(mentions):
            if mention.person_id:
                self.carrying.setdefault(mention.person_id, []).append(item)
        self.names = [mention_names(mention) for mention in mentions]
        # Mentions with one folded full name make one group; a bare or empty name is
        # a group of its own.
        self.group_of: list[int] = []
        self.groups: list[list[int]] = []
        by_key: dict[str, int] = {}
        for item, names in enumerate(self.names):
            full = bool(names) and not names[0].single
            group = by_key.get(names[0].key) if full else None
            if group is None:
                group = len(self.groups)
                self.groups.append([])
                if full:
                    by_key[names[0].key] = group
            self.groups[group].append(item)
            self.group_of.append(group)
        self.profiles = [
            Profile.of_mentions(mentions[item] for item in members) for members in self.groups
        ]
        self._compatible_cache: dict[tuple[int, int], bool] = {}
        self.clusters = _Clusters([m.document for m in mentions], self._compatible)
        self.reviews: dict[tuple[int, int], ReviewCandidate] = {}
        self.candidate_pairs = 0

    def _spelling_order(self, item: int) -> tuple[str, int]:
        return " ".join(self.mentions[item].name.split()).casefold(), item

    def _is_full(self, group: int) -> bool:
        principal = self.profiles[group].principal
        return not principal.empty and not principal.single

    def _compatible(self, a: int, b: int) -> bool:
        group_a, group_b = sorted((self.group_of[a], self.group_of[b]))
        if group_a == group_b:
            return True
        key = (group_a, group_b)
        if key not in self._compatible_cache:
            self._compatible_cache[key] = self.matcher.compatible(
                self.profiles[group_a].principal, self.profiles[group_b].principal
            )
        return self._compatible_cache[key]

    def run(self) -> Resolution:
        self._apply_judgements()
        for members in self.groups:
            # One spelling's mentions are chained first: when a judgement breaks the chain
            # (two persons of one folded name), a mention joins the one spelled like it.
            for a, b in pairwise(sorted(members, key=self._spelling_order)):
                self.clusters.merge(a, b)
        self._merge_scored_pairs()
        bare = [item for item, names in enumerate(self.names) if names and names[0].single]
        index = self._part_index() if bare else {}
        for item in bare:
            self._attach_bare_name(item, self._bare_candidates(item, index))
        ids = self._assign_ids()
        stats = ResolutionStats(
            mentions=len(self.mentions),
            profiles=sum(1 for group in range(len(self.groups)) if self._is_full(group)),
            bare_names=len(bare),
            candidate_pairs=self.candidate_pairs,
            persons=len(set(ids.values())),
        )
        return Resolution(ids, self._open_reviews(), stats)

    def _expand(self, node: Hashable) -> list[int]:
        """The mentions a judgement node stands for: a ref, else an earlier person id."""
        if node in self.index:
            return [self.index[node]]
        return self.carrying.get(node, [])

    def _apply_judgements(self) -> None:
        for a, b in self.judgements.different:
            for x in self._expand(a):
                for y in self._expand(b):
                    self.clusters.forbid(x, y)
        for a, b in self.judgements.same:
            items = self._expand(a) + self._expand(b)
            for other in items[1:]:
                # A human decision outranks the one-person-per-document rule.
                if not self.clusters.merge(items[0], other, check_documents=False):
                    raise JudgementConflict(f"{a!r} = {b!r} contradicts a different-judgement")

    def _merge_groups(self, group_a: int, group_b: int) -> None:
        roots_a = sorted({self.clusters.find(item) for item in self.groups[group_a]})
        roots_b = sorted({self.clusters.find(item) for item in self.groups[group_b]})
        for a in roots_a:
            for b in roots_b:
                self.clusters.merge(a, b)

    def _merge_scored_pairs(self) -> None:
        full = [group for group in range(len(self.groups)) if self._is_full(group)]
        keys = [
            frozenset().union(*(blocking_keys(name) for name in self.profiles[group].names))
            for group in full
        ]
        order = [self.profiles[group].principal.key for group in full]
        index = CandidateIndex(keys, order, self.config.max_block_size, self.config.block_window)
        scored: list[tuple[float, int, int, MatchScore]] = []
        for x, y in index.pairs():
            self.candidate_pairs += 1
            a, b = full[x], full[y]
            result = self.matcher.score(self.profiles[a], self.profiles[b])
            if result.score >= self.config.review_threshold:
                scored.append((result.score, a, b, result))
        scored.sort(key=lambda entry: (-entry[0], entry[1], entry[2]))
        for score, a, b, result in scored:
            if score >= self.config.match_threshold:
                self._merge_groups(a, b)
            else:
                self._add_review(self.groups[a][0], self.groups[b][0], result)

    def _add_review(self, a: int, b: int, score: MatchScore) -> None:
        key = (min(a, b), max(a, b))
        if key not in self.reviews:
            self.reviews[key] = ReviewCandidate(
                self.mentions[key[0]].ref, self.mentions[key[1]].ref, score
            )

    def _part_index(self) -> dict[str, list[int]]:
        """Full-name groups by the folded keys of their first given and family names."""
        index: dict[str, list[int]] = {}
        for group in range(len(self.groups)):
            if not self._is_full(group):
                continue
            keys = {
                key
                for name in self.profiles[group].names
                for part in name.given[:1] + name.family_variants
                for key in (part.fold, part.root)
            }
            for key in keys:
                index.setdefault(key, []).append(group)
        return index

    def _bare_candidates(self, item: int, index: dict[str, list[int]]) -> list[int]:
        """Clusters (roots) holding a full name the bare name of `item` fits. Only names
        with a part folding to the same key are looked at: bare names get no fuzziness."""
        bare = self.names[item][0]
        assert bare.family is not None  # a bare name is kept as a family name
        groups = set(index.get(bare.family.fold, ())) | set(index.get(bare.family.root, ()))
        return sorted(
            {
                self.clusters.find(member)
                for group in groups
                if any(self.matcher.compatible(bare, name) for name in self.profiles[group].names)
                for member in self.groups[group]
            }
        )

    def _attach_bare_name(self, item: int, roots: list[int]) -> None:
        """Attach a bare name to the one cluster (of `roots`, those it fits) named in its
        document, or else to the one naming the same other people; otherwise keep it
        apart and list the candidates for review."""
        document = self.mentions[item].document
        in_document = [root for root in roots if self.clusters.has_document(root, document)]
        if in_document:
            if len(in_document) == 1 and self.clusters.merge(item, in_document[0]):
                return
            self._review_bare(item, in_document)
            return
        profile = self.profiles[self.group_of[item]]
        shared = {
            root: len(profile.co_mentions & self._cluster_co_mentions(root)) for root in roots
        }
        related = [
            root for root in roots if shared[root] >= self.config.single_min_shared_co_mentions
        ]
        if len(related) == 1 and self.clusters.merge(item, related[0]):
            return
        self._review_bare(item, sorted(roots, key=lambda root: (-shared[root], root)))

    def _cluster_co_mentions(self, root: int) -> frozenset[str]:
        groups = {self.group_of[member] for member in self.clusters.members[root]}
        return frozenset().union(*(self.profiles[group].co_mentions for group in groups))

    def _review_bare(self, item: int, roots: list[int]) -> None:
        profile = self.profiles[self.group_of[item]]
        for root in roots[: self.config.max_single_reviews]:
            other = min(self.clusters.members[root])
            score = self.matcher.score(profile, self.profiles[self.group_of[other]])
            self._add_review(item, other, score)

    def _open_reviews(self) -> list[ReviewCandidate]:
        """Review pairs still apart after clustering and not decided by a judgement."""
        open_reviews = [
            review
            for (a, b), review in self.reviews.items()
            if self.clusters.find(a) != self.clusters.find(b)
            and self.judgements.decided(review.left, review.right) is None
        ]
        return sorted(open_reviews, key=lambda r: (-r.score.score, self.index[r.left]))

    def _assign_ids(self) -> dict[Hashable, str]:
        """Ids: an earlier run's id the cluster's mentions carry, else a slug of its name
        with a numeric suffix on collision; clusters in order of first mention."""
        roots = sorted(
            {self.clusters.find(item) for item in range(len(self.mentions))},
            key=lambda root: min(self.clusters.members[root]),
        )
        ids: dict[int, str] = {}
        used: set[str] = set()
        for root in roots:
            earlier = Counter(
                self.mentions[m].person_id
                for m in self.clusters.members[root]
                if self.mentions[m].person_id
            )
            for person_id, _ in sorted(earlier.items(), key=lambda e: (-e[1], e[0])):
                if person_id not in used:
                    ids[root] = person_id
                    used.add(person_id)
                    break
        for root in roots:
            if root in ids:
                continue
            members = self.clusters.members[root]
            spelling, _ = display_name(self.mentions[m] for m in members)
            slug = candidate = slugify(spelling)
            suffix = 2
            while candidate in used:
                candidate, suffix = f"{slug}-{suffix}", suffix + 1
            ids[root] = candidate
            used.add(candidate)
        return {
            mention.ref: ids[self.clusters.find(item)] for item, mention in enumerate(self.mentions)
        }
