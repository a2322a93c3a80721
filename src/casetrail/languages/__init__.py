"""Per-language knowledge behind one interface.

A language is a folder holding `lexicon.yaml` (cue words, honorifics, role nouns...); adding one
means adding such a folder, not touching the pipeline. `pack(code)` returns the knowledge of a
language, falling back to English where a language has no folder yet.
"""

from casetrail.languages.detect import SUPPORTED_LANGUAGES, detect_language
from casetrail.languages.pack import LanguagePack, pack

__all__ = ["SUPPORTED_LANGUAGES", "LanguagePack", "detect_language", "pack"]
