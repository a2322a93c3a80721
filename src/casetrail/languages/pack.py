"""Loading a language's lexicon into compiled patterns."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

FALLBACK_LANGUAGE = "en"


def _union(patterns: list[str], flags: int = re.IGNORECASE) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), flags)


def _words(words: list[str]) -> re.Pattern[str]:
    """Whole words or phrases; an entry with regex syntax in it is taken as a pattern."""
    terms = [
        w if re.search(r"[()\[\]\\?*+]", w) else re.escape(w)
        for w in sorted(words, key=len, reverse=True)
    ]
    return _union([rf"\b{t}(?!\w)" for t in terms])


@dataclass(frozen=True)
class LanguagePack:
    """What extraction needs to know about one language, compiled from its lexicon."""

    code: str
    ner_model: str | None
    backref_list_markers: re.Pattern[str]
    honorifics: frozenset[str]
    ranks: frozenset[str]
    name_suffixes: frozenset[str]
    role_nouns: dict[str, re.Pattern[str]]
    role_noun_words: dict[str, frozenset[str]]
    closings: re.Pattern[str]
    salutations: re.Pattern[str]
    copy_markers: re.Pattern[str]
    advocate_markers: re.Pattern[str]
    other_markers: re.Pattern[str]
    author_followers: re.Pattern[str]
    speech_verbs: re.Pattern[str]
    civil_society_words: re.Pattern[str]
    concern_list_markers: re.Pattern[str]
    demand_cues: re.Pattern[str]
    demand_scope_breaks: re.Pattern[str]
    presupposed_by_demands: frozenset[str]
    demand_actions: dict[str, re.Pattern[str]]
    negation_cues: re.Pattern[str]
    threat_cues: re.Pattern[str]
    event_cues: dict[str, re.Pattern[str]]
    cue_hides: dict[str, frozenset[str]]
    kind_cues: dict[str, list[tuple[re.Pattern[str], float]]]
    not_name_words: frozenset[str]
    address_words: re.Pattern[str]
    sender_office: re.Pattern[str]
    political_groups: frozenset[str]
    group_after: re.Pattern[str]


def _group_after(groups: list[str]) -> re.Pattern[str]:
    """A political group right after a name: "(S&D)", ", GUE/NGL", "(Italy, S&D)"."""
    names = "|".join(re.escape(g) for g in sorted(groups, key=len, reverse=True))
    return re.compile(
        rf"\s*(?:,|\(|-|–)\s*(?:[^\W\d_][\w .'-]{{1,30}},\s*)?(?:{names})\s*(?:\)|,|;|$)",
        re.IGNORECASE,
    )


def _load(code: str) -> dict:
    folder = resources.files("casetrail.languages").joinpath(code)
    return yaml.safe_load(folder.joinpath("lexicon.yaml").read_text("utf-8"))


def available_languages() -> list[str]:
    root = resources.files("casetrail.languages")
    return sorted(p.name for p in root.iterdir() if p.joinpath("lexicon.yaml").is_file())


@cache
def pack(code: str | None) -> LanguagePack:
    """The compiled knowledge of a language (English when the language has none of its own)."""
    code = code if code in available_languages() else FALLBACK_LANGUAGE
    lex = _load(code)
    shared = yaml.safe_load(
        resources.files("casetrail.languages").joinpath("shared.yaml").read_text("utf-8")
    )
    return LanguagePack(
        code=code,
        ner_model=lex.get("ner_model"),
        backref_list_markers=_union([rf"\b(?:{p})\b" for p in lex["backref_list_markers"]]),
        honorifics=frozenset(h.lower().rstrip(".") for h in lex["honorifics"]),
        ranks=frozenset(r.lower() for r in lex["ranks"]),
        name_suffixes=frozenset(lex["name_suffixes"]),
        role_nouns={role: _words(words) for role, words in lex["role_nouns"].items()},
        role_noun_words={
            role: frozenset(w.lower() for w in words) for role, words in lex["role_nouns"].items()
        },
        closings=_union([rf"^\s*(?:{p})\s*[,.!]?\s*$" for p in lex["closings"]]),
        salutations=_union([rf"^\s*(?:{p})" for p in lex["salutations"]]),
        copy_markers=_union([rf"^\s*(?:{p})\s*" for p in lex["copy_markers"]]),
        advocate_markers=_union(lex["advocate_markers"]),
        other_markers=_union(lex["other_markers"]),
        civil_society_words=_words(lex["civil_society_words"]),
        speech_verbs=_words(lex["speech_verbs"]),
        author_followers=_union([rf"^\s*(?:{p})" for p in lex["author_followers"]]),
        concern_list_markers=_union([rf"\b(?:{p})\b" for p in lex["concern_list_markers"]]),
        demand_cues=_union([rf"\b(?:{p})" for p in lex["demand_cues"]]),
        demand_scope_breaks=_union(lex["demand_scope_breaks"]),
        presupposed_by_demands=frozenset(lex["presupposed_by_demands"]),
        demand_actions={a: _union(p) for a, p in lex["demand_actions"].items()},
        negation_cues=_union(lex["negation_cues"]),
        threat_cues=_union(lex["threat_cues"]),
        event_cues={t: _union(p) for t, p in lex["event_cues"].items()},
        cue_hides={t: frozenset(h) for t, h in lex["cue_hides"].items()},
        kind_cues={
            kind: [(re.compile(p, re.IGNORECASE | re.MULTILINE), w) for p, w in cues.items()]
            for kind, cues in lex["kind_cues"].items()
        },
        not_name_words=frozenset(w.lower() for w in lex["not_name_words"])
        | frozenset(w.lower() for w in shared["not_name_words"]),
        address_words=_words(lex["address_words"]),
        sender_office=_union([rf"^\s*(?:{p})\b" for p in lex["sender_office"]]),
        political_groups=frozenset(g.lower() for g in shared["political_groups"]),
        group_after=_group_after(shared["political_groups"]),
    )
