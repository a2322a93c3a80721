"""The extraction stage: persons, roles, events, dates and document kind from a cleaned text."""

from casetrail.extract.contract import to_contract
from casetrail.extract.ner import Analysis
from casetrail.extract.pipeline import EXTRACTOR, RuleExtractor, recognise

__all__ = ["EXTRACTOR", "Analysis", "RuleExtractor", "recognise", "to_contract"]
