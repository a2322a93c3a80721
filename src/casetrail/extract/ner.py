"""Named-entity recognisers whose entities are name candidates (see names.py).

A language's lexicon names its recogniser in `ner_model`: a spaCy model (a package name) or
`natasha`, the Russian recogniser, which also tags each word's case and gender (used to put
declined names back in the nominative, see morph.py). Models load lazily, once per process.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

NATASHA = "natasha"
_CASES = {"Nom": "nom", "Gen": "gen", "Dat": "dat", "Acc": "acc", "Ins": "ins", "Loc": "loc"}
_GENDERS = {"Masc": "m", "Fem": "f"}


@dataclass(slots=True)
class Analysis:
    """Entities (start, end, label) of a text, and what a tagger says of its words."""

    entities: list[tuple[int, int, str]] = field(default_factory=list)
    # Start offset of a word -> (case, gender), each None when the tagger does not say.
    features: dict[int, tuple[str | None, str | None]] = field(default_factory=dict)


def analyse(text: str, model: str | None) -> Analysis:
    """The entities of `text` by the recogniser `model` (none when it is None)."""
    if not model:
        return Analysis()
    if model == NATASHA:
        return _natasha(text)
    doc = _spacy(model)(text)
    return Analysis([(e.start_char, e.end_char, e.label_) for e in doc.ents])


@cache
def _spacy(model: str) -> Any:
    import spacy

    # Only the entity recogniser: its entities are name candidates.
    return spacy.load(
        model,
        exclude=["parser", "lemmatizer", "attribute_ruler", "tagger", "senter", "morphologizer"],
    )


@cache
def _natasha_models() -> tuple[Any, Any, Any]:
    from natasha import NewsEmbedding, NewsMorphTagger, NewsNERTagger, Segmenter

    embedding = NewsEmbedding()
    return Segmenter(), NewsNERTagger(embedding), NewsMorphTagger(embedding)


def _natasha(text: str) -> Analysis:
    from natasha import Doc

    segmenter, ner, morph = _natasha_models()
    doc = Doc(text)
    doc.segment(segmenter)
    doc.tag_ner(ner)
    doc.tag_morph(morph)
    entities = []
    for span in doc.spans:
        # A span never runs over a line break ("Азизу Юлдашеву\n\nКопия").
        surface = text[span.start : span.stop].split("\n", 1)[0].rstrip()
        if surface:
            entities.append((span.start, span.start + len(surface), span.type))
    features = {
        token.start: (
            _CASES.get((token.feats or {}).get("Case", "")),
            _GENDERS.get((token.feats or {}).get("Gender", "")),
        )
        for token in doc.tokens
        if token.pos == "PROPN"
    }
    return Analysis(entities, features)
