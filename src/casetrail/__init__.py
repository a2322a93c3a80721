"""casetrail: a sourced case database of political prisoners, built from advocacy documents."""

__version__ = "0.1.0"
