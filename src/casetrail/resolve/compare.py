"""Pairwise comparison of person mentions: a score in [0, 1] with its explanation.

The matcher is a list of features, as in nomenklatura's matchers: each feature turns the
evidence on a pair into a value in [0, 1]; the score is the sum of value x weight, clipped
to [0, 1]. The weights live in `ResolveConfig.weights`, one per feature name.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar, NamedTuple

from rapidfuzz.distance import OSA

from casetrail.resolve.config import DEFAULT_CONFIG, ResolveConfig
from casetrail.resolve.mention import Profile, ResolvableMention
from casetrail.resolve.names import ParsedName, PartKey


class Explanation(NamedTuple):
    """One feature's part in a score: its value in [0, 1] and its weight."""

    feature: str
    value: float
    weight: float


@dataclass(frozen=True, slots=True)
class MatchScore:
    """A score in [0, 1] and the features that made it (those with a non-zero value)."""

    score: float
    explanation: tuple[Explanation, ...]

    def value(self, feature: str) -> float:
        """The value a feature took (0.0 when it did not fire)."""
        return next((item.value for item in self.explanation if item.feature == feature), 0.0)

    def __str__(self) -> str:
        terms = " ".join(f"{e.feature}={e.value:.2f}x{e.weight:+.2f}" for e in self.explanation)
        return f"{self.score:.3f} [{terms}]"


@dataclass(slots=True)
class PairEvidence:
    """What the features read: part similarities of the best-aligned names, and context."""

    family: float | None = None  # similarity of family names; None when not compared
    given: float | None = None
    patronymic: float | None = None
    given_initial: bool = False  # the given names agree as an initial only ("N." / "Nina")
    patronymic_initial: bool = False
    gender_conflict: bool = False
    exact: bool = False
    swapped: bool = False
    single: bool = False
    shared_co_mentions: int = 0
    shared_descriptors: int = 0
    same_role: bool = False
    same_document: bool = False


def _initials_agree(a: PartKey, b: PartKey) -> bool:
    return (a.initial or b.initial) and a.fold[:1] == b.fold[:1]


def _edit_similarity(x: str, y: str) -> tuple[float, int, int]:
    """(1 - distance / longer length, distance, shorter length) of two folds."""
    distance = OSA.distance(x, y)
    return 1.0 - distance / max(len(x), len(y), 1), distance, min(len(x), len(y))


def part_similarity(a: PartKey, b: PartKey, config: ResolveConfig = DEFAULT_CONFIG) -> float:
    """Similarity in [0, 1] of two name parts, on folded keys.

    Edit distance (optimal string alignment) rather than Jaro-Winkler: Central Asian
    family names share long prefixes ("Serikbaev" / "Serikbolov") that Jaro-Winkler
    rewards. Agreements edit distance underrates are lifted to fixed similarities.
    """
    if a.fold == b.fold:
        return 1.0
    if a.initial or b.initial:
        return config.initial_similarity if _initials_agree(a, b) else 0.0
    if not a.readings.isdisjoint(b.readings):
        # One name under another system's reading; rigour's symbols may not know the
        # other language's form ("Aliaksandr"), so they do not cap this.
        return config.reading_similarity
    similarity, distance, shortest = max(_edit_similarity(x, y) for x in a.folds for y in b.folds)
    if distance == 1 and shortest >= config.min_typo_length:
        similarity = max(similarity, config.typo_similarity)
    if len(a.phonetic) >= config.min_phonetic_length and a.phonetic == b.phonetic:
        similarity = max(similarity, config.phonetic_similarity)
    if shortest >= config.min_anagram_length and a.anagram == b.anagram:
        similarity = max(similarity, config.anagram_similarity)
    if a.symbols and b.symbols:
        if a.symbols & b.symbols:
            return max(similarity, config.symbol_similarity)
        similarity = min(similarity, config.disjoint_symbols_cap)
    return similarity


def _one_father(a: PartKey, b: PartKey) -> bool:
    """The Turkic and the Russian form of a family name made from one father's name
    ("Nurlanuly" / "Nurlanov")."""
    if a.father is None or b.father is None:
        return False
    (name, turkic), (other_name, other_turkic) = a.father, b.father
    return name == other_name and turkic != other_turkic


def family_similarity(a: PartKey, b: PartKey, config: ResolveConfig) -> tuple[float, bool]:
    """Similarity of two family names and whether they are two genders' forms of one."""
    father = config.father_name_similarity if _one_father(a, b) else 0.0
    if a.gender is not None and b.gender is not None and a.gender != b.gender:
        similarity = _edit_similarity(a.root, b.root)[0]
        if not set(a.roots).isdisjoint(b.roots):
            similarity = max(similarity, config.reading_similarity)
        similarity = max(similarity, father)
        return similarity, similarity >= config.mismatch_below
    return max(part_similarity(a, b, config), father), False


def _best_family(
    left: tuple[PartKey, ...], right: tuple[PartKey, ...], config: ResolveConfig
) -> tuple[float, bool]:
    return max(family_similarity(a, b, config) for a in left for b in right)


def _best_part(
    left: tuple[PartKey, ...], right: tuple[PartKey, ...], config: ResolveConfig
) -> tuple[float, bool]:
    """Best similarity over part pairs, and whether it rests on an initial only."""
    return max((part_similarity(a, b, config), _initials_agree(a, b)) for a in left for b in right)


def _patronymic_parts(name: ParsedName, other: ParsedName) -> tuple[PartKey, ...]:
    """Patronymics, or the middle names that may stand for them ("Ivan P. Sidorov")."""
    if name.patronymic or not other.patronymic:
        return name.patronymic
    return name.given[1:]


def _name_evidence(a: ParsedName, b: ParsedName, config: ResolveConfig) -> PairEvidence:
    evidence = PairEvidence(exact=a.sorted_key == b.sorted_key)
    if a.single or b.single:
        # A bare name is read as whichever part of the other name it fits best.
        bare, other = (a, b) if a.single else (b, a)
        evidence.single = True
        family, conflict = _best_family(bare.family_variants, other.family_variants, config)
        if other.given:
            given, initial = _best_part(bare.family_variants, other.given, config)
            if given > family:
                evidence.given, evidence.given_initial = given, initial
                return evidence
        evidence.family, evidence.gender_conflict = family, conflict
        return evidence
    family, conflict = _best_family(a.family_variants, b.family_variants, config)
    given, initial = _best_part(a.given, b.given, config)
    assert a.family is not None and b.family is not None  # not single, not empty
    # The other reading of word order: a's first given name is b's family name.
    swapped_family, swapped_conflict = family_similarity(a.given[0], b.family, config)
    swapped_given = part_similarity(a.family, b.given[0], config)
    if swapped_family + swapped_given > family + given:
        family, conflict, given, initial = swapped_family, swapped_conflict, swapped_given, False
        evidence.swapped = True
    evidence.family, evidence.gender_conflict = family, conflict
    evidence.given, evidence.given_initial = given, initial
    left, right = _patronymic_parts(a, b), _patronymic_parts(b, a)
    if left and right:
        evidence.patronymic, evidence.patronymic_initial = _best_part(left, right, config)
    return evidence


def _stretch(similarity: float | None, config: ResolveConfig) -> float:
    if similarity is None:
        return 0.0
    floor = config.similarity_floor
    return min(1.0, max(0.0, (similarity - floor) / (1.0 - floor)))


def _below(similarity: float | None, config: ResolveConfig) -> bool:
    return similarity is not None and similarity < config.mismatch_below


def family_name(e: PairEvidence, c: ResolveConfig) -> float:
    """Family-name similarity, stretched from [similarity_floor, 1] to [0, 1]."""
    return _stretch(e.family, c)


def given_name(e: PairEvidence, c: ResolveConfig) -> float:
    """Best given-name similarity (rigour symbols, folded spelling, initials), stretched."""
    return _stretch(e.given, c)


def exact_name(e: PairEvidence, c: ResolveConfig) -> float:
    """1 when all parts fold to the same keys, in any order."""
    return float(e.exact)


def family_mismatch(e: PairEvidence, c: ResolveConfig) -> float:
    """1 when the family names are compared and differ."""
    return float(_below(e.family, c))


def given_mismatch(e: PairEvidence, c: ResolveConfig) -> float:
    """1 when the given names are compared and differ (a matching initial is no conflict)."""
    return float(_below(e.given, c) and not e.given_initial)


def gender_conflict(e: PairEvidence, c: ResolveConfig) -> float:
    """1 when one family name is the feminine form of the other."""
    return float(e.gender_conflict)


def patronymic_mismatch(e: PairEvidence, c: ResolveConfig) -> float:
    """1 when both names give a patronymic and they differ."""
    return float(_below(e.patronymic, c) and not e.patronymic_initial)


def swapped_order(e: PairEvidence, c: ResolveConfig) -> float:
    """1 when the names match only with one read family name first."""
    return float(e.swapped)


def single_name(e: PairEvidence, c: ResolveConfig) -> float:
    """1 when one side is a bare surname or given name."""
    return float(e.single)


def shared_co_mentions(e: PairEvidence, c: ResolveConfig) -> float:
    """Other persons both mentions' documents name: 1 from two on."""
    return min(1.0, e.shared_co_mentions / 2)


def shared_descriptors(e: PairEvidence, c: ResolveConfig) -> float:
    """1 when the descriptors share a content word ("lawyer")."""
    return float(e.shared_descriptors > 0)


def same_role(e: PairEvidence, c: ResolveConfig) -> float:
    """1 when both mentions have one role (concern, advocate, ...)."""
    return float(e.same_role)


def same_document(e: PairEvidence, c: ResolveConfig) -> float:
    """1 when two full names come from one document."""
    return float(e.same_document and not e.single)


def _bare_name_fits(e: PairEvidence, c: ResolveConfig) -> bool:
    """A bare name is close to the part of the other name it was read as."""
    fits = e.family if e.given is None else e.given
    return e.single and not _below(fits, c) and not e.gender_conflict


def bare_name_in_document(e: PairEvidence, c: ResolveConfig) -> float:
    """1 when a bare name fits a name of its own document."""
    return float(e.same_document and _bare_name_fits(e, c))


class Feature(NamedTuple):
    """A named function from pair evidence to a value in [0, 1]; `context` ones use more
    than the names."""

    name: str
    func: Callable[[PairEvidence, ResolveConfig], float]
    context: bool = False


class NameMatcher:
    """Scores two profiles by their best-aligned names, then by their context."""

    NAME = "casetrail-names-v1"
    FEATURES: ClassVar[tuple[Feature, ...]] = (
        Feature("family_name", family_name),
        Feature("given_name", given_name),
        Feature("exact_name", exact_name),
        Feature("family_mismatch", family_mismatch),
        Feature("given_mismatch", given_mismatch),
        Feature("gender_conflict", gender_conflict),
        Feature("patronymic_mismatch", patronymic_mismatch),
        Feature("swapped_order", swapped_order),
        Feature("single_name", single_name),
        Feature("shared_co_mentions", shared_co_mentions, context=True),
        Feature("shared_descriptors", shared_descriptors, context=True),
        Feature("same_role", same_role, context=True),
        Feature("same_document", same_document, context=True),
        Feature("bare_name_in_document", bare_name_in_document, context=True),
    )

    def __init__(self, config: ResolveConfig = DEFAULT_CONFIG) -> None:
        self.config = config
        weights = config.weights
        self._weighted = tuple((f, getattr(weights, f.name)) for f in self.FEATURES)
        self._name_weighted = tuple((f, w) for f, w in self._weighted if not f.context)

    def _sum(self, evidence: PairEvidence, weighted: tuple[tuple[Feature, float], ...]) -> float:
        total = sum(weight * feature.func(evidence, self.config) for feature, weight in weighted)
        return min(1.0, max(0.0, total))

    def name_score(self, a: ParsedName, b: ParsedName) -> float:
        """The score of two names alone, without context."""
        if a.empty or b.empty:
            return 0.0
        return self._sum(_name_evidence(a, b, self.config), self._name_weighted)

    def compatible(self, a: ParsedName, b: ParsedName) -> bool:
        """Names that may be one person in one document: a bare name that fits the
        other, or two names scoring `same_document_threshold` or more."""
        if a.empty or b.empty:
            return False
        evidence = _name_evidence(a, b, self.config)
        if evidence.single:
            return _bare_name_fits(evidence, self.config)
        return self._sum(evidence, self._name_weighted) >= self.config.same_document_threshold

    def evidence(self, a: Profile, b: Profile) -> PairEvidence:
        """Evidence of the best-scoring pair of names, plus the profiles' context."""
        if not a.names or not b.names:
            return PairEvidence()
        candidates = [_name_evidence(x, y, self.config) for x in a.names for y in b.names]
        evidence = candidates[0]
        if len(candidates) > 1:
            evidence = max(candidates, key=lambda e: self._sum(e, self._name_weighted))
        evidence.shared_co_mentions = len(a.co_mentions & b.co_mentions)
        evidence.shared_descriptors = len(a.descriptors & b.descriptors)
        evidence.same_role = bool(a.roles & b.roles)
        evidence.same_document = bool(a.documents & b.documents)
        return evidence

    def score(self, a: Profile, b: Profile) -> MatchScore:
        """Score and explanation of two profiles."""
        evidence = self.evidence(a, b)
        explanation = tuple(
            Explanation(feature.name, value, weight)
            for feature, weight in self._weighted
            if (value := feature.func(evidence, self.config))
        )
        total = sum(item.value * item.weight for item in explanation)
        return MatchScore(min(1.0, max(0.0, total)), explanation)


def _profile(item: str | ResolvableMention | Profile) -> Profile:
    if isinstance(item, Profile):
        return item
    if isinstance(item, ResolvableMention):
        return Profile.of_mentions([item])
    return Profile.of_name(item)


def compare(
    a: str | ResolvableMention | Profile,
    b: str | ResolvableMention | Profile,
    config: ResolveConfig = DEFAULT_CONFIG,
) -> MatchScore:
    """Compare two person names or mentions: score in [0, 1] and explanation."""
    return NameMatcher(config).score(_profile(a), _profile(b))
