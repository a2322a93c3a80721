"""Every threshold and weight of the resolve stage, in one typed, frozen configuration."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Weights:
    """Weight of each matcher feature; the score is the clipped sum of value x weight.

    The field names are the feature names of `compare.NameMatcher`. Name weights add up to
    1.0 for two identical full names; penalties are large enough that one clear conflict
    (a different given name, a different family name, the other gender's form of the
    family name, a different patronymic) alone keeps a pair below the review threshold.
    """

    # The family name carries most of a person's identity in advocacy documents.
    family_name: float = 0.5
    # Given names are fewer and repeat more across people, so they count a little less.
    given_name: float = 0.4
    # All parts fold to the same keys: removes the doubt fuzzy features leave.
    exact_name: float = 0.1
    # Family names that do not match are two families: nearly always two people.
    family_mismatch: float = -0.7
    # One family, two given names: relatives or namesakes ("Petr" and "Pavel Petrov").
    given_mismatch: float = -0.6
    # "Petrov" and "Petrova" share a family root but are a man and a woman.
    gender_conflict: float = -0.7
    # Two patronymics that differ are two fathers.
    patronymic_mismatch: float = -0.6
    # Given name matched against family name: fine ("PETROV Ivan"), but a little less sure.
    swapped_order: float = -0.05
    # A bare surname or given name: never enough alone (see Resolver for bare names).
    single_name: float = -0.05
    # Two mentions that name the same other people are likely about the same case.
    shared_co_mentions: float = 0.1
    # The same role word ("lawyer", "blogger") in both mentions.
    shared_descriptors: float = 0.05
    # The same role (concern / advocate / ...) in both mentions.
    same_role: float = 0.03
    # One document names each person once: two full names in it are likely two people.
    same_document: float = -0.25
    # A bare name next to a full name it fits, in one document, is most often that
    # person named again ("Ivan Petrov ... Mr Petrov"); uniqueness is the Resolver's job.
    bare_name_in_document: float = 0.4


@dataclass(frozen=True, slots=True)
class ResolveConfig:
    """Thresholds, part-similarity constants, blocking limits and feature weights."""

    # Pairs at or above this score are merged; 0.7 is also the benchmark's cut-off.
    match_threshold: float = 0.7
    # Pairs in [review_threshold, match_threshold) are returned for a human to judge.
    review_threshold: float = 0.45
    # Two records of one document are one person only if their names score this high.
    same_document_threshold: float = 0.9

    # Part similarity: raw similarities below `similarity_floor` count as nothing and
    # the rest is stretched to [0, 1]; below `mismatch_below` a part is a conflict.
    similarity_floor: float = 0.5
    mismatch_below: float = 0.85
    # Similarity granted to agreements that edit distance underrates.
    symbol_similarity: float = 0.95  # rigour gives both given names one name symbol
    phonetic_similarity: float = 0.9  # same metaphone code (long codes only)
    anagram_similarity: float = 0.9  # same letters in another order ("Animov")
    typo_similarity: float = 0.9  # one edit in a long part ("Akhzanat")
    initial_similarity: float = 0.7  # "N." against "Natalia": compatible, not proof
    # One fold equals a fold of another reading (German "Jerlan" / "Yerlan").
    reading_similarity: float = 0.95
    # "Nurlanuly" / "Nurlanov": one father's name in Kazakh and in Russian form. A weak
    # sign (a Russian-form family name may come from a grandfather, and many fathers
    # share a name): just clear of a mismatch, so that only given names that agree carry
    # the pair over the match threshold.
    father_name_similarity: float = 0.85
    # Two given names that rigour knows as different names ("Nurlan", "Nurzhan") are
    # at most this similar, however close their spelling.
    disjoint_symbols_cap: float = 0.75
    min_phonetic_length: int = 4  # shorter codes ("AST") collide too often
    min_anagram_length: int = 5
    min_typo_length: int = 7  # shorter names differing by a letter are other names

    # Bare names: attach to a cluster in another document only when the mentions share
    # this many co-mentioned people, and list at most this many review candidates.
    single_min_shared_co_mentions: int = 2
    max_single_reviews: int = 5

    # Blocking: a block up to this size is compared all against all; a larger one only
    # within a sliding window of this many neighbours, which keeps cost near-linear.
    max_block_size: int = 20
    block_window: int = 5

    weights: Weights = field(default_factory=Weights)


DEFAULT_CONFIG = ResolveConfig()
