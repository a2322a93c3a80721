"""Loading a language's lexicon into compiled patterns."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from casetrail.languages.case_facts import CaseFactPatterns, compile_case_facts

FALLBACK_LANGUAGE = "en"


def _union(patterns: list[str], flags: int = re.IGNORECASE) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), flags)


def _terms(words: list[str]) -> list[str]:
    """Entries as patterns, longest first: an entry with regex syntax in it is kept as a
    pattern, any other is escaped."""
    return [
        w if re.search(r"[()\[\]\\?*+]", w) else re.escape(w)
        for w in sorted(words, key=len, reverse=True)
    ]


def _alternation(words: list[str]) -> str:
    """One alternation of the entries; one that never matches when there are none."""
    return "|".join(_terms(words)) or "(?!)"


def _words(words: list[str]) -> re.Pattern[str]:
    """Whole words or phrases; an entry with regex syntax in it is taken as a pattern."""
    return _union([rf"\b{t}(?!\w)" if re.match(r"\w", t) else rf"{t}(?!\w)" for t in _terms(words)])


_CASES = ("nom", "gen", "dat", "acc", "ins", "loc")


@dataclass(frozen=True)
class InflectionRule:
    """One ending of a declined name part: the form's ending, the nominative's, what it says."""

    form: re.Pattern[str]
    nominative: str
    gender: str  # m, f or ? (either)
    cases: frozenset[str]


def _expand_letters(pattern: str, letters: dict[str, str]) -> str:
    """{C} -> the letters of class C: bare inside a character class, bracketed outside one."""

    def replace(match: re.Match[str]) -> str:
        before = pattern[: match.start()]
        inside = before.rfind("[") > before.rfind("]")
        value = letters[match.group(1)]
        return value if inside else f"[{value}]"

    return re.sub(r"\{(\w+)\}", replace, pattern)


def _inflection(spec: dict) -> dict[str, tuple[InflectionRule, ...]]:
    """Rules "<ending> -> <nominative ending> : <gender> <cases>" by name part (given, family)."""
    letters = spec.get("letters", {})
    rules: dict[str, tuple[InflectionRule, ...]] = {}
    for part in ("given", "family"):
        compiled = []
        for rule in spec.get(part, []):
            ending, rest = rule.split(" -> ")
            nominative, about = rest.split(" : ")
            ending = _expand_letters(ending, letters)
            gender, *cases = about.split()
            assert set(cases) <= set(_CASES) and gender in ("m", "f", "?"), rule
            compiled.append(
                InflectionRule(
                    re.compile(f"{ending}$", re.IGNORECASE),
                    nominative.strip(),
                    gender,
                    frozenset(cases),
                )
            )
        rules[part] = tuple(compiled)
    return rules


@dataclass(frozen=True)
class LanguagePack:
    """What extraction needs to know about one language, compiled from its lexicon."""

    code: str
    ner_model: str | None
    search_stemmer: str  # snowballstemmer's algorithm for query words in this language
    backref_list_markers: re.Pattern[str]
    honorifics: frozenset[str]
    ranks: frozenset[str]
    surname_offices: frozenset[str]
    plural_offices: re.Pattern[str]
    question_openers: re.Pattern[str]
    name_designations: re.Pattern[str]
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
    # Reported letters and statements: before a recipient's name, before a list of authors,
    # and after the names of those who act for the cause.
    addressee_cues: re.Pattern[str]
    advocate_list_cues: re.Pattern[str]
    advocacy_verbs: re.Pattern[str]
    # "call on (President) X to ...": the verb and title words before the one asked to act,
    # and what follows that one's name.
    asked_before: re.Pattern[str]
    asked_after: re.Pattern[str]
    civil_society_words: re.Pattern[str]
    former_words: re.Pattern[str]
    concern_list_markers: re.Pattern[str]
    demand_cues: re.Pattern[str]
    demand_scope_breaks: re.Pattern[str]
    presupposed_by_demands: frozenset[str]
    earlier_than_date: re.Pattern[str]
    charge_withdrawals: re.Pattern[str]
    name_descriptions: re.Pattern[str]  # from a name to a cue that describes them
    demand_actions: dict[str, re.Pattern[str]]
    negation_cues: re.Pattern[str]
    threat_cues: re.Pattern[str]
    attributive_events: re.Pattern[str]
    future_markers: re.Pattern[str]
    # A death, release or acquittal sought, expected, rumoured or only partial: words before
    # it in its clause ("working towards the release of"), and right after it ("release date").
    unrealised_before: re.Pattern[str]
    unrealised_after: re.Pattern[str]
    event_cues: dict[str, re.Pattern[str]]
    status_nouns: re.Pattern[str]
    # A counted group of persons: the number (group `count`) and its value by number word.
    group_count: re.Pattern[str]
    count_words: dict[str, int]
    whole_group: re.Pattern[str]  # "all of them": the list just named
    detained_referents: re.Pattern[str]  # "those detained": everyone held and not yet freed
    until_before: re.Pattern[str]  # "until" right before a date
    time_shift_words: re.Pattern[str]
    later_words: re.Pattern[str]  # "later": a date before them is not of a cue after them
    later_after_cue: re.Pattern[str]  # "released (three days) later"
    others_words: re.Pattern[str]
    cue_hides: dict[str, frozenset[str]]
    cue_not_after: dict[str, re.Pattern[str]]
    kind_cues: dict[str, list[tuple[re.Pattern[str], float]]]
    # Document date and kind from the head (extract/metadata.py): cues of a kind that count
    # in the title and opening sentence only ("X condemns ..."); labels of a page's date
    # ("Last updated"); a heading that dates the document it names ("resolution of <date>");
    # what follows a letter's date run into its salutation.
    kind_heading_cues: dict[str, list[tuple[re.Pattern[str], float]]]
    date_labels: re.Pattern[str]
    dated_heading: re.Pattern[str]
    letter_date_followers: re.Pattern[str]
    not_name_words: frozenset[str]
    address_words: re.Pattern[str]
    sender_office: re.Pattern[str]
    political_groups: frozenset[str]
    group_after: re.Pattern[str]
    # Grammar: segmentation, name finding, event attachment, dates.
    abbreviations: frozenset[str]
    capitalised_nouns: bool
    body_name_before_cue: re.Pattern[str]  # "Working Group on Arbitrary <Detention>"
    date_before_cue: bool
    not_person_context: frozenset[str]
    named_after_nouns: frozenset[str]
    alias_before: re.Pattern[str]
    alias_after: re.Pattern[str]
    name_inflection: dict[str, tuple[InflectionRule, ...]]
    pronouns: re.Pattern[str]
    pronoun_genders: dict[str, str]
    honorific_genders: dict[str, str]
    relation_words: re.Pattern[str]
    subject_openers: frozenset[str]
    relative_pronouns: re.Pattern[str]
    # "My name is X": the author of a first-person appeal, whom "I" and "me" then stand for.
    self_introduction: re.Pattern[str]
    first_person: re.Pattern[str]
    subject_pronouns: re.Pattern[str]
    group_breaks: re.Pattern[str]
    possessor_before: re.Pattern[str]
    relation_after: re.Pattern[str]
    object_before: re.Pattern[str]
    # A noun cue's own object: its genitive preposition (or the cue ending in one), then the
    # object's first word.
    object_after: re.Pattern[str]
    preposition_end: re.Pattern[str]
    # A name right after an active verb's cue is its object ("questioned his colleague X").
    direct_object_gap: re.Pattern[str]
    # "the guards who beat the blogger X": a name that is the object inside a relative clause.
    object_in_relative: re.Pattern[str]
    reaction_before: re.Pattern[str]
    act_complement: re.Pattern[str]
    agent_before: re.Pattern[str]
    coordination: re.Pattern[str]
    clause_coordination: re.Pattern[str]
    negation_scope_ends: re.Pattern[str]
    attribution_before: re.Pattern[str]
    month_prepositions: tuple[str, ...]
    year_prepositions: tuple[str, ...]
    month_forms: dict[str, int]
    # Dates relative to another (extract/dates.py): weekday phrases ("on {weekday}") by the
    # days they stand at least before the document ("last {weekday}": 1), and phrases
    # counting days from the document's date ("yesterday": -1) or from the date before them
    # in the paragraph ("the next day": 1), as one alternation per count.
    weekday_phrases: dict[int, tuple[str, ...]]
    days_from_document: dict[int, str]
    months_from_document: dict[int, str]
    years_from_document: dict[int, str]
    days_from_previous_date: dict[int, str]
    # What advocates do in a news item's opening sentence ("MEPs submitted two written
    # questions"): that sentence's date is the date of the act the item reports.
    advocacy_acts: re.Pattern[str]
    case_facts: CaseFactPatterns  # charges, terms, courts, places... (extract/case_facts.py)
    codes: tuple[str, ...] = ()  # the languages merged into this pack (see `packs`)


def _group_after(groups: list[str]) -> re.Pattern[str]:
    """A political group right after a name: "(S&D)", ", GUE/NGL", "(Italy, S&D)"."""
    names = "|".join(re.escape(g) for g in sorted(groups, key=len, reverse=True))
    return re.compile(
        rf"\s*(?:,|\(|-|–)\s*(?:[^\W\d_][\w .'-]{{1,30}},\s*)?(?:{names})\s*(?:\)|,|;|$)",
        re.IGNORECASE,
    )


def _group_count(words: dict[int, list[str]], units: list[str]) -> re.Pattern[str]:
    """A number that counts persons: digits or a number word, not part of a decimal, a range
    or a compound ("2.5-hour"), and not followed (within a word) by a unit ("7 years"). A unit
    right before it is matched as `label` ("article 278", "part 3"): then it counts nothing."""
    forms = _alternation([w for forms in words.values() for w in forms])
    return re.compile(
        rf"(?:\b(?P<label>{_alternation(units)})\.?\s+)?"
        rf"(?<![\w.,-])(?P<count>\d{{1,3}}|{forms})(?![\w%/-]|[.,]\d)"
        rf"(?!\s+(?:[\w-]+\s+)?(?:{_alternation(units)})(?!\w))",
        re.IGNORECASE,
    )


def _shared() -> dict:
    text = resources.files("casetrail.languages").joinpath("shared.yaml").read_text("utf-8")
    return yaml.safe_load(text)


def _load(code: str) -> dict:
    folder = resources.files("casetrail.languages").joinpath(code)
    return yaml.safe_load(folder.joinpath("lexicon.yaml").read_text("utf-8"))


def available_languages() -> list[str]:
    root = resources.files("casetrail.languages")
    return sorted(p.name for p in root.iterdir() if p.joinpath("lexicon.yaml").is_file())


def pack_code(code: str | None) -> str:
    """The lexicon that serves a language: its own, a related one's (shared.yaml
    `language_fallbacks`: Kazakh documents here are mostly Russian), else English."""
    if code in available_languages():
        return code
    fallback = _shared().get("language_fallbacks", {}).get(code)
    return fallback if fallback in available_languages() else FALLBACK_LANGUAGE


def _merge(first, second):
    """Two lexicons as one: lists joined, mappings merged, the first one's single values."""
    if isinstance(first, dict) and isinstance(second, dict):
        merged = dict(first)
        for key, value in second.items():
            merged[key] = _merge(first[key], value) if key in first else value
        return merged
    if isinstance(first, list) and isinstance(second, list):
        return list(dict.fromkeys([*first, *second]))
    return first


@cache
def pack(code: str | None) -> LanguagePack:
    """The compiled knowledge of a language (English when the language has none of its own)."""
    code = pack_code(code)
    return _compile((code,), _load(code))


@cache
def packs(codes: tuple[str, ...]) -> LanguagePack:
    """The knowledge of several languages at once, for a document written in more than one:
    word lists are joined; single settings (NER model, flags) are the first language's."""
    served = tuple(dict.fromkeys(pack_code(c) for c in codes)) or (FALLBACK_LANGUAGE,)
    if len(served) == 1:
        return pack(served[0])
    lex = _load(served[0])
    for other in served[1:]:
        lex = _merge(lex, _load(other))
    return _compile(served, lex)


def _pronouns(spec: dict[str, list[str]]) -> tuple[re.Pattern[str], dict[str, str]]:
    genders = {
        word.lower(): gender[0]
        for gender in ("neutral", "feminine", "masculine")
        for word in spec.get(gender, [])
    }
    return _words(list(genders)), genders


def _preposition_before(preps: list[str], tail: str) -> str:
    """ "<preposition> " before a name; an elided one ("d'") needs no space after it."""
    options = [rf"(?:{t})" + ("" if t.endswith(("'", "’", "]")) else r"\s+") for t in _terms(preps)]
    return rf"(?:{'|'.join(options) or '(?!)'}){tail}"


def _kind_cues(spec: dict[str, dict[str, float]]) -> dict[str, list[tuple[re.Pattern[str], float]]]:
    return {
        kind: [(re.compile(p, re.IGNORECASE | re.MULTILINE), w) for p, w in cues.items()]
        for kind, cues in spec.items()
    }


def _dated_heading(lex: dict) -> re.Pattern[str]:
    """A document noun, then words that are not a topic ("on Belarus"), then the word that
    introduces the date right after: "resolution of", "Pressemitteilung der X e.V. vom"."""
    nouns, topics = _alternation(lex["document_nouns"]), _alternation(lex["topic_prepositions"])
    introducers = _alternation(lex["heading_date_introducers"])
    return re.compile(
        rf"\b(?:{nouns})\b(?:(?!\b(?:{topics})\b)[^:;!?])*?\b(?:{introducers})\s*$",
        re.IGNORECASE,
    )


def _counts(spec: dict[int, list[str]] | None) -> dict[int, str]:
    """Phrases by the number (of days, months or years) they count, each count's phrases as
    one alternation."""
    return {int(days): _alternation(phrases) for days, phrases in (spec or {}).items()}


def _compile(codes: tuple[str, ...], lex: dict) -> LanguagePack:
    code = codes[0]
    shared = _shared()
    pronouns, pronoun_genders = _pronouns(lex["pronouns"])
    relations = _alternation(lex["relation_nouns"])
    return LanguagePack(
        code=code,
        ner_model=lex.get("ner_model"),
        search_stemmer=lex["search_stemmer"],
        backref_list_markers=_union([rf"\b(?:{p})\b" for p in lex["backref_list_markers"]]),
        honorifics=frozenset(h.lower().rstrip(".") for h in lex["honorifics"]),
        ranks=frozenset(r.lower() for r in lex["ranks"]),
        surname_offices=frozenset(o.lower() for o in lex["surname_offices"]),
        name_designations=re.compile(
            rf"^\s*(?:{_alternation(lex['name_designations'])})(?=\s*(?:,|and\b|$))"
        ),
        question_openers=_union([rf"\s*(?:{p})\b" for p in lex["question_openers"]] or ["(?!)"]),
        plural_offices=_union([rf"(?<!\w)(?:{p})\s*[,:]?\s*$" for p in lex["plural_offices"]]),
        name_suffixes=frozenset(lex["name_suffixes"]),
        role_nouns={role: _words(words) for role, words in lex["role_nouns"].items()},
        # Lower case, with ё written е as most Russian texts do.
        role_noun_words={
            role: frozenset(w.lower().replace("ё", "е") for w in words)
            for role, words in lex["role_nouns"].items()
        },
        closings=_union([rf"^\s*(?:{p})\s*[,.!]?\s*$" for p in lex["closings"]]),
        salutations=_union([rf"^\s*(?:{p})" for p in lex["salutations"]]),
        copy_markers=_union([rf"^\s*(?:{p})\s*" for p in lex["copy_markers"]]),
        advocate_markers=_union(lex["advocate_markers"]),
        other_markers=_union(lex["other_markers"]),
        civil_society_words=_words(lex["civil_society_words"]),
        # Before an office, or joined to it ("ex-minister"): an office no longer held.
        former_words=_union([rf"(?<!\w)(?:{p})[\s-]*$" for p in lex["former_words"]]),
        speech_verbs=_words(lex["speech_verbs"]),
        addressee_cues=_union([rf"(?<!\w)(?:{p})(?!\w)" for p in lex["addressee_cues"]]),
        advocate_list_cues=_union([rf"(?<!\w)(?:{p})(?!\w)" for p in lex["advocate_list_cues"]]),
        advocacy_verbs=_words(lex["advocacy_verbs"]),
        asked_before=re.compile(
            rf"(?<!\w)(?:{'|'.join(lex['asking_verbs'])})\s+(?:[^\W\d_][\w.'’-]*\s+){{0,3}}$",
            re.IGNORECASE,
        ),
        asked_after=_union(lex["asked_followers"]),
        author_followers=_union([rf"(?<!\w)(?:{p})" for p in lex["author_followers"]]),
        concern_list_markers=_union([rf"\b(?:{p})\b" for p in lex["concern_list_markers"]]),
        demand_cues=_union([rf"\b(?:{p})" for p in lex["demand_cues"]]),
        demand_scope_breaks=_union(lex["demand_scope_breaks"]),
        presupposed_by_demands=frozenset(lex["presupposed_by_demands"]),
        earlier_than_date=_union(lex["earlier_than_date"] or ["(?!)"]),
        charge_withdrawals=_union(lex["charge_withdrawals"]),
        name_descriptions=_union(lex["name_descriptions"]),
        demand_actions={a: _union(p) for a, p in lex["demand_actions"].items()},
        negation_cues=_union(lex["negation_cues"]),
        threat_cues=_union(lex["threat_cues"]),
        attributive_events=_union(lex["attributive_events"] or ["(?!)"]),
        future_markers=_union(lex["future_markers"]),
        unrealised_before=_union(lex["unrealised_before"]),
        unrealised_after=_union(lex["unrealised_after"]),
        event_cues={t: _union(p) for t, p in lex["event_cues"].items()},
        status_nouns=_words(lex["status_nouns"]),
        group_count=_group_count(lex["count_words"], lex["count_units"]),
        count_words={w.lower(): int(n) for n, forms in lex["count_words"].items() for w in forms},
        time_shift_words=_words(lex["time_shift_words"]),
        later_words=_words(lex["later_words"]),
        later_after_cue=re.compile(
            rf"(?:\s+[^\W\d_]+|\s+\d+){{0,3}}?\s+(?:{_alternation(lex['later_words'])})\b",
            re.IGNORECASE,
        ),
        others_words=_words(lex["others_words"]),
        whole_group=_words(lex["whole_group"]),
        detained_referents=_words(lex["detained_referents"]),
        until_before=re.compile(
            rf"(?<!\w)(?:{_alternation(lex['until_words'])})\s+(?:the\s+)?$", re.IGNORECASE
        ),
        cue_hides={t: frozenset(h) for t, h in lex["cue_hides"].items()},
        cue_not_after={
            t: re.compile(rf"\b(?:{'|'.join(w)})\b[^.;:]{{0,60}}$", re.IGNORECASE)
            for t, w in lex["cue_not_after"].items()
        },
        kind_cues=_kind_cues(lex["kind_cues"]),
        kind_heading_cues=_kind_cues(lex["kind_heading_cues"]),
        date_labels=_union([rf"(?<!\w)(?:{p})(?!\w)" for p in lex["date_labels"]]),
        dated_heading=_dated_heading(lex),
        letter_date_followers=_union([rf"[\s.,]*(?:{p})" for p in lex["letter_date_followers"]]),
        not_name_words=frozenset(w.lower() for w in lex["not_name_words"])
        | frozenset(w.lower() for w in shared["not_name_words"]),
        address_words=_words(lex["address_words"]),
        sender_office=_union([rf"^\s*(?:{p})\b" for p in lex["sender_office"]]),
        political_groups=frozenset(g.lower() for g in shared["political_groups"]),
        group_after=_group_after(shared["political_groups"]),
        abbreviations=frozenset(a.lower().rstrip(".") for a in lex["abbreviations"]),
        capitalised_nouns=bool(lex["capitalised_nouns"]),
        body_name_before_cue=_union([rf"(?:{p})$" for p in lex["body_name_before_cue"]]),
        date_before_cue=bool(lex["date_before_cue"]),
        not_person_context=frozenset(w.lower() for w in lex["not_person_context"]),
        named_after_nouns=frozenset(w.lower() for w in lex["named_after_nouns"]),
        # The bracket and its words before the other spelling, and after it.
        alias_before=re.compile(
            rf"\s*[(\[]\s*(?:(?:{_alternation(lex['alias_phrases'])})\s*:?\s*)?", re.IGNORECASE
        ),
        alias_after=re.compile(
            rf"\s*,?\s*(?:(?:{_alternation(lex['alias_phrases'])})\s*)?[)\]]", re.IGNORECASE
        ),
        name_inflection=_inflection(lex["name_inflection"] or {}),
        pronouns=pronouns,
        pronoun_genders=pronoun_genders,
        honorific_genders={
            w.rstrip("."): g for w, g in _pronouns(lex["gendered_honorifics"])[1].items()
        },
        relation_words=_words(lex["relation_nouns"]),
        relative_pronouns=_words(lex["relative_pronouns"]),
        subject_openers=frozenset(w.lower() for w in lex["subject_openers"]),
        self_introduction=re.compile(
            rf"(?:{_alternation(lex['self_introductions'])})\s+$", re.IGNORECASE
        ),
        first_person=_words(lex["first_person_pronouns"]),
        subject_pronouns=_words(lex["subject_pronouns"]),
        group_breaks=_words(lex["group_breaks"]),
        possessor_before=re.compile(
            rf"\b(?:{relations})\s+"
            # "the relatives of the detained poet X": up to three lower-case words between.
            + _preposition_before(
                lex["possessor_prepositions"], r"(?P<described>(?:(?-i:[a-zß-ÿ])[\w'’-]*\s+){0,3})$"
            )
            + rf"|\b(?:{_alternation(lex['beneficiary_phrases'])})\s+$",
            re.IGNORECASE,
        ),
        relation_after=re.compile(
            rf"['’]s\s+(?:\w+\s+)?(?:{_alternation(lex['possessive_relations'])})\b",
            re.IGNORECASE,
        ),
        object_after=re.compile(
            r"^\s*"
            + _preposition_before(lex["genitive_prepositions"], r"(?P<word>[^\W\d_][\w'’-]*)"),
            re.IGNORECASE,
        ),
        preposition_end=re.compile(
            rf"(?<!\w)(?:{_alternation(lex['genitive_prepositions'])})$", re.IGNORECASE
        ),
        object_before=re.compile(
            r"^\s*" + _preposition_before(lex["object_prepositions"], r"(?:[\w'’-]+\s+){0,4}$"),
            re.IGNORECASE,
        ),
        direct_object_gap=_union(lex["direct_object_gap"] or ["(?!)"]),
        object_in_relative=re.compile(
            rf"\b(?:{_alternation(lex['subject_relatives']) or '(?!)'})\s+[^\W\d_][\w'’-]*"
            rf"(?:{'|'.join(lex['direct_object_gap']) or '(?!)'})$",
            re.IGNORECASE,
        ),
        # the reaction verb, then at most an article or possessive and one adjective
        reaction_before=re.compile(
            rf"(?<!\w)(?:{'|'.join(lex['reaction_verbs'])})\s+(?:[^\W\d_]+\s+){{0,2}}$",
            re.IGNORECASE,
        ),
        act_complement=_union(lex["act_complement"] or ["(?!)"]),
        agent_before=re.compile(
            r"\b" + _preposition_before(lex["agent_prepositions"], r"(?:\w+\s+){0,2}$"),
            re.IGNORECASE,
        ),
        coordination=re.compile(rf",|&|\b(?:{_alternation(lex['coordination'])})\b"),
        clause_coordination=re.compile(rf",\s*(?:{_alternation(lex['clause_coordination'])})\b|;"),
        negation_scope_ends=re.compile(rf"\b(?:{_alternation(lex['negation_scope_ends'])})\b|,"),
        # The source right after the marker ("according to lawyer X") or in apposition to
        # its noun ("according to his lawyer, Ms X,": the comma closing the apposition is
        # checked where this is used).
        attribution_before=re.compile(
            rf"\b(?P<marker>{_alternation(lex['attribution_markers'])})\s+(?:[\w'’.-]+\s+){{0,3}}"
            r"(?:(?P<apposition>[\w'’.-]+,\s+)(?:[\w'’.-]+\s+)?)?$",
            re.IGNORECASE,
        ),
        month_prepositions=tuple(lex["month_prepositions"]),
        year_prepositions=tuple(lex["year_prepositions"]),
        month_forms={
            form.lower(): int(month)
            for month, forms in (lex["month_forms"] or {}).items()
            for form in forms
        },
        weekday_phrases={
            int(days): tuple(phrases) for days, phrases in lex["weekday_phrases"].items()
        },
        days_from_document=_counts(lex["days_from_document"]),
        months_from_document=_counts(lex["months_from_document"]),
        years_from_document=_counts(lex["years_from_document"]),
        days_from_previous_date=_counts(lex["days_from_previous_date"]),
        advocacy_acts=_union([rf"\b(?:{p})(?!\w)" for p in lex["advocacy_acts"]]),
        case_facts=compile_case_facts(lex["case_facts"], lex["coordination"]),
        codes=codes,
    )
