"""The extraction stage: persons, roles, events, dates and document kind from a cleaned text."""

from casetrail.extract.contract import to_contract
from casetrail.extract.pipeline import EXTRACTOR, RuleExtractor

__all__ = ["EXTRACTOR", "RuleExtractor", "to_contract"]
