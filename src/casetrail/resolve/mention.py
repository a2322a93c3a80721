"""What resolution reads: person mentions and the profiles the matcher compares."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

from casetrail.domain import Extraction
from casetrail.resolve.names import ParsedName, descriptor_words, parse_name


@dataclass(frozen=True, slots=True)
class ResolvableMention:
    """One person as one document presents them."""

    ref: Hashable  # the caller's id of this record, unique in one resolution
    name: str
    aliases: Sequence[str] = ()
    role: str | None = None
    descriptors: Sequence[str] = ()
    document: str | None = None
    co_mentions: Sequence[str] = ()  # names of the other persons of the same document
    person_id: str | None = None  # the id an earlier run gave; kept while it still fits


def mentions_from_extraction(document: str, extraction: Extraction) -> list[ResolvableMention]:
    """The persons of one document's extraction, with ref (document, record key)."""
    persons = extraction.persons
    return [
        ResolvableMention(
            ref=(document, person.key),
            name=person.name,
            aliases=tuple(person.aliases),
            role=person.role,
            descriptors=tuple(person.descriptors),
            document=document,
            co_mentions=tuple(other.name for other in persons if other is not person),
            person_id=person.person_id,
        )
        for person in persons
    ]


def mention_names(mention: ResolvableMention) -> tuple[ParsedName, ...]:
    """The distinct parsed names of a mention, fullest first (the name itself on a tie)."""
    seen: dict[str, ParsedName] = {}
    for text in (mention.name, *mention.aliases):
        parsed = parse_name(text)
        if not parsed.empty and parsed.key not in seen:
            seen[parsed.key] = parsed
    return tuple(sorted(seen.values(), key=lambda parsed: -len(parsed.parts)))


def co_mention_key(name: str) -> str:
    """A cheap key of a co-mentioned person: family root and given initial."""
    parsed = parse_name(name)
    if parsed.family is None:
        return ""
    initial = parsed.given[0].fold[:1] if parsed.given else ""
    return f"{parsed.family.root}|{initial}"


@dataclass(frozen=True, slots=True)
class Profile:
    """Names and context of one or more mentions, as the matcher compares them."""

    names: tuple[ParsedName, ...]  # fullest first
    documents: frozenset[str] = frozenset()
    roles: frozenset[str] = frozenset()
    descriptors: frozenset[str] = frozenset()  # content words of role descriptors
    co_mentions: frozenset[str] = frozenset()  # co_mention_key of other persons named

    @property
    def principal(self) -> ParsedName:
        """The fullest name; an empty one when the profile has no usable name."""
        return self.names[0] if self.names else parse_name("")

    @classmethod
    def of_name(cls, name: str) -> Profile:
        parsed = parse_name(name)
        return cls(names=() if parsed.empty else (parsed,))

    @classmethod
    def of_mentions(cls, mentions: Iterable[ResolvableMention]) -> Profile:
        names: dict[str, ParsedName] = {}
        documents: set[str] = set()
        roles: set[str] = set()
        descriptors: list[str] = []
        co_mentions: set[str] = set()
        for mention in mentions:
            for parsed in mention_names(mention):
                names.setdefault(parsed.key, parsed)
                descriptors.extend(parsed.descriptors)
            if mention.document is not None:
                documents.add(mention.document)
            if mention.role:
                roles.add(mention.role)
            descriptors.extend(mention.descriptors)
            co_mentions.update(co_mention_key(other) for other in mention.co_mentions)
        co_mentions.discard("")
        return cls(
            names=tuple(sorted(names.values(), key=lambda parsed: -len(parsed.parts))),
            documents=frozenset(documents),
            roles=frozenset(roles),
            descriptors=descriptor_words(descriptors),
            co_mentions=frozenset(co_mentions),
        )
