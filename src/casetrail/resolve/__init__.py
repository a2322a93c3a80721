"""Resolution: one person across documents, spellings and scripts.

`Resolver.resolve(mentions, judgements)` gives every `ResolvableMention` a person id and
lists the pairs it could not decide; `compare(a, b)` scores two names or mentions with an
explanation; `parse_name` splits a name into parts with matching keys.
"""

from casetrail.resolve.blocking import CandidateIndex, blocking_keys
from casetrail.resolve.compare import Explanation, MatchScore, NameMatcher, compare
from casetrail.resolve.config import DEFAULT_CONFIG, ResolveConfig, Weights
from casetrail.resolve.judgements import JudgementConflict, Judgements
from casetrail.resolve.keys import NameKeys, name_keys, own_key
from casetrail.resolve.mention import (
    Profile,
    ResolvableMention,
    mention_names,
    mentions_from_extraction,
)
from casetrail.resolve.names import (
    ParsedName,
    PartKey,
    fold,
    load_name_symbols,
    parse_name,
    part_key,
)
from casetrail.resolve.resolver import (
    Resolution,
    ResolutionStats,
    Resolver,
    ReviewCandidate,
    counted_display_name,
    display_name,
    slugify,
)

__all__ = [
    "DEFAULT_CONFIG",
    "CandidateIndex",
    "Explanation",
    "JudgementConflict",
    "Judgements",
    "MatchScore",
    "NameKeys",
    "NameMatcher",
    "ParsedName",
    "PartKey",
    "Profile",
    "Resolution",
    "ResolutionStats",
    "ResolvableMention",
    "ResolveConfig",
    "Resolver",
    "ReviewCandidate",
    "Weights",
    "blocking_keys",
    "compare",
    "counted_display_name",
    "display_name",
    "fold",
    "load_name_symbols",
    "mention_names",
    "mentions_from_extraction",
    "name_keys",
    "own_key",
    "parse_name",
    "part_key",
    "slugify",
]
