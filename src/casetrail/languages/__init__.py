"""Per-language knowledge behind one interface.

A language is a folder holding `lexicon.yaml` (cue words, honorifics, role nouns, and the
grammar words the rules need: pronouns, prepositions, conjunctions, name endings...); adding one
means adding such a folder, not touching the pipeline. `pack(code)` returns the knowledge of a
language, falling back to a related language's (shared.yaml `language_fallbacks`: Kazakh is
read with Russian) or to English where a language has no folder yet; `packs(codes)` joins the
knowledge of the languages of a document that mixes them, whose paragraphs `detect_blocks`
tells apart.
"""

from casetrail.languages.detect import SUPPORTED_LANGUAGES, detect_blocks, detect_language
from casetrail.languages.pack import LanguagePack, pack, pack_code, packs

__all__ = [
    "SUPPORTED_LANGUAGES",
    "LanguagePack",
    "detect_blocks",
    "detect_language",
    "pack",
    "pack_code",
    "packs",
]
