"""Finding person names: model entities are candidates, not answers.

A candidate is a run of capitalised tokens on one line. It becomes a name when enough evidence
speaks for it: the NER model's PERSON label, an honorific or role noun before it, a political
group or "MEP" after it, a name-shaped family name, a known given name, or a list of names it
stands in. Later surname-only mentions ("Mr Tokmadi", "Bokayev's") join the full name.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources

import yaml
from rapidfuzz.distance import JaroWinkler
from rigour.names import NameTypeTag, analyze_names
from rigour.territories import get_territories
from rigour.text.translit import ascii_text
from spacy.lang.en.stop_words import STOP_WORDS

from casetrail.extract.morph import NameInflection, Reading, is_cyrillic
from casetrail.extract.text import Segmented, Token
from casetrail.languages import LanguagePack, packs

ACCEPT_SCORE = 2.0
_PARTICLES = frozenset(
    [
        "de",
        "da",
        "di",
        "du",
        "del",
        "della",
        "der",
        "den",
        "van",
        "von",
        "ter",
        "ten",
        "'t",
        "’t",
        "le",
        "la",
        "bin",
        "ibn",
        "al",
        "el",
        "ní",
        "ó",
        "mac",
        # Cyrillic transcriptions: "Виола фон Крамон-Таубадель".
        "фон",
        "ван",
        "дер",
        "де",
        "ди",
        "дю",
        "ибн",
        "бин",
        "аль",
        "эль",
        # "Róża Thun und Hohenstein"; only where "und" is not the language's "and".
        "und",
    ]
)
# Particles written lower case inside a name ("Joris van den Berg", "Mateo de la Cruz"); the
# article after one of them too ("de la"), not alone ("Le Pen"); Irish and Arabic ones keep
# their capital ("Ní Aoláin", "Al Sabah").
_LOWER_PARTICLES = frozenset(
    [
        *("de", "da", "di", "du", "del", "della", "der", "den", "van", "von", "ter", "ten"),
        *("'t", "’t", "фон", "ван", "дер", "де", "ди", "дю", "und"),
    ]
)
_ARTICLES_AFTER_PARTICLE = frozenset(["la", "le", "las", "los"])
_NAME_TOKEN = re.compile(r"^[^\W\d_][\w'’\-]*$")
_PERSON_LABELS = frozenset({"PERSON", "PER"})
_NON_PERSON_LABELS = frozenset(
    {"ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "LAW", "WORK_OF_ART", "PRODUCT", "LANGUAGE"}
)
_QUOTES = "\"'«»“”‘’"
# A party's short name in brackets: capitals and digits, maybe one lower-case letter inside;
# an office in brackets may come first ("X (minister of ...) (CDA)").
_PARTY_AFTER = re.compile(
    r"\s*(?:\([^()]{1,80}\)\s*)?\(\s*((?:[A-Z][A-Za-z0-9&/.\-]{0,3}){1,3}[A-Z0-9])\s*\)"
)
_ADDRESS_AFTER = re.compile(r"\s*(?:st\.|str\.|street\b|avenue\b|ave\.|road\b|\d)", re.IGNORECASE)
# Evidence that the tokens have the shape of a person's name (model labels alone are not enough).
_SHAPE_EVIDENCE = frozenset(
    {
        "honorific",
        "MEP or group after",
        "family-name shape",
        "given name",
        "known name",
        "apposition",
        "surname first",
        "role noun (concern)",
        "party after",
    }
)


@cache
def _territory_words() -> frozenset[str]:
    return frozenset(t.name.lower() for t in get_territories() if " " not in t.name)


@cache
def _known_name_token(token: str) -> bool:
    """Whether rigour's name data knows the token as a personal name part."""
    names = analyze_names(NameTypeTag.PER, [token])
    return any(s.symbol.category.value == "NAME" for n in names for s in n.spans)


@cache
def _name_data() -> dict:
    text = resources.files("casetrail.extract").joinpath("names.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    data["given_names"] = frozenset(fold(n) for n in data["given_names"])
    data["surname_suffix"] = re.compile(
        "(?:" + "|".join(sorted(data["surname_suffixes"], key=len, reverse=True)) + r")$"
    )
    return data


def _given_name(word: str) -> bool:
    """A known given name, compared as ASCII ("Ерлан" is erlan; "Ержан" is yerzhan too:
    an initial E is written Ye or E)."""
    key = fold(word)
    given = _name_data()["given_names"]
    return key in given or (key[:1] == "e" and "y" + key in given)


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """A comparison key: ASCII, lower case, letters only."""
    text = ascii_text(unicodedata.normalize("NFC", text)).lower()
    return re.sub(r"[^a-z]+", "", text)


def _family_shaped(part: str) -> bool:
    """A family-name ending after a stem of two letters or more ("Ivanov"; not "Now")."""
    match = _name_data()["surname_suffix"].search(fold(part))
    return bool(match) and match.start() >= 2


def _labelled(token: Token, ents: list[tuple[int, int, str]], label: str) -> bool:
    """Whether the model gives the token alone the label."""
    return (token.start, token.end, label) in ents


@dataclass(slots=True)
class NameMention:
    start: int  # cleaned-text offsets of the name itself (no honorific)
    end: int
    parts: list[str]  # name parts in natural order, display case
    honorific: str | None = None
    score: float = 0.0
    evidence: list[str] = field(default_factory=list)
    possessive: bool = False
    surname_only: bool = False
    person: int = -1  # index of the person it belongs to
    # Nominative readings of a declined name (morph.py); empty where names do not decline.
    readings: list[Reading] = field(default_factory=list)
    surface: str = ""  # the name as written, where `parts` hold its nominative
    gender: str | None = None  # m or f, where the name's grammar tells it
    aliases: list[str] = field(default_factory=list)  # other names the mention gives
    cut_off: bool = False  # the text ends inside or right after it: the name may be partial

    @property
    def family_gender(self) -> str | None:
        """'m' or 'f' where the name's grammar or its family-name form tells it."""
        return self.gender or gendered_form(self.parts[-1])

    @property
    def forms(self) -> list[list[str]]:
        """The parts of every reading of the name (just `parts` where it does not decline)."""
        return [list(r.parts) for r in self.readings] or [self.parts]

    @property
    def name(self) -> str:
        return " ".join(self.parts)

    @property
    def surname_key(self) -> str:
        return fold(self.parts[-1])


def _display_case(token: str) -> str:
    if token.isupper() and len(token) > 1:
        return re.sub(r"[^\W\d_]+", lambda m: m.group().capitalize(), token)
    return token


def _is_caps(token: str) -> bool:
    letters = [c for c in token if c.isalpha()]
    return len(letters) > 1 and all(c.isupper() for c in letters)


_ELIDED = re.compile(r"^\w['’]")
_PRECEDING_WORD = re.compile(r"[\w/&'’.-]+")
_WORD_REACH = 40  # characters a word takes at most, for windows of a few words


def _name_like(token: Token, lang: LanguagePack) -> bool:
    text = token.text
    if not _NAME_TOKEN.match(text) or not text[0].isupper():
        return False
    lower = text.lower()
    bare = lower[:-2] if lower.endswith(("'s", "’s")) else lower
    # After an elided article ("L’INTÉRIEUR", "D’ÉTAT") the word itself is checked too.
    elided = _ELIDED.sub("", bare)
    if {lower, bare, elided} & (
        lang.not_name_words | lang.named_after_nouns
    ) or bare in _territory_words():
        return False
    if role_of(bare, lang):
        return False  # "Prosecutor", "Director", "Minister" are never parts of a name
    return not {lower, bare} & (lang.honorifics | lang.ranks) and text not in lang.name_suffixes


_COMPOUND_HEAD = 5  # letters: shorter role nouns are not looked for at a compound's end


def role_of(word: str, lang: LanguagePack) -> str | None:
    """The role a role noun suggests ("blogger" -> concern), or None. Where nouns are
    capitalised they also form compounds, whose last noun is their head:
    "Menschenrechtsanwältin" is an "Anwältin", "Investigativjournalisten" "Journalisten"."""
    lower = word.lower().replace("ё", "е")
    for role, words in lang.role_noun_words.items():
        if lower in words:
            return role
    if lang.capitalised_nouns:
        for role, words in lang.role_noun_words.items():
            if any(len(w) >= _COMPOUND_HEAD and lower.endswith(w) for w in words):
                return role
    return None


def _particle(token: Token, lang: LanguagePack) -> bool:
    """A name particle, unless the language uses the word for "and" (German "und")."""
    return token.lower in _PARTICLES and not lang.coordination.fullmatch(token.lower)


def _particles_then_name(tokens: list[Token], index: int, text: str, lang: LanguagePack) -> bool:
    """Whether tokens[index] opens particles ("van den", "de") that lead to a name part."""
    while index < len(tokens) and _particle(tokens[index], lang):
        if index + 1 < len(tokens) and text[tokens[index].end : tokens[index + 1].start] != " ":
            return False
        index += 1
    return index < len(tokens) and _name_like(tokens[index], lang)


def _seam_split(token: Token, lang: LanguagePack) -> list[Token]:
    """ "O'BrienThe", "SpringTo": text extraction lost the line break after a name and glued
    it to the next line's first word. Where a lower-case letter meets a capital and what
    follows is a function word of the language, the token is two."""
    text = token.text
    if text[2:] == text[2:].lower():  # no capital inside: nothing glued (most tokens)
        return [token]
    for cut in range(len(text) - 2, 1, -1):
        if (
            text[cut - 1].islower()
            and text[cut].isupper()
            and text[cut:].lower() in lang.not_name_words
        ):
            return [
                Token(text[:cut], token.start, token.start + cut),
                Token(text[cut:], token.start + cut, token.end),
            ]
    return [token]


# An initial: a capital, or a transliterated digraph ("Ye.", "Zh."), and its full stop.
_INITIAL = re.compile(r"(?:[^\W\d_]|[YZSKCT]h|Y[aeou])\.")
# Initials written together: "Ш.М.", "N.A.".
_INITIALS_RUN = re.compile(r"(?:[^\W\d_]\.){2,3}")
# Initials glued to a family name: "W.Middelthon".
_GLUED_INITIALS = re.compile(r"((?:[^\W\d_]\.)+)([^\W\d_][\w'’\-]+)")


_CUT_LINE_WORDS = 8  # a last line this long is prose, not a signature

# An elided article or conjunction glued to a capitalised word: "d'Ales", "qu’Anton".
_ELIDED_BEFORE_NAME = re.compile(r"((?:[a-zà-ÿ]|qu|jusqu|lorsqu|puisqu)['’])(?=[A-ZÀ-ÖØ-ÞА-ЯЁ])")


def _cut_off(seg: Segmented, last: Token, line: int) -> bool:
    """Whether a name ends where a text cut off in mid-sentence ends ("... sentenced his
    colleague Pavel Dro"): the rest of the name may be lost, and with it who the person is.
    A signature ends a text too, but on a short line of its own or a list line."""
    return (
        last.end >= len(seg.text.rstrip())
        and line == len(seg.lines) - 1
        and seg.lines[line].words >= _CUT_LINE_WORDS
    )


def _initial(token: Token) -> bool:
    return token.text[0].isupper() and bool(_INITIAL.fullmatch(token.text))


def _name_tokens(seg: Segmented, lang_at: Callable[[int], LanguagePack]) -> list[Token]:
    """The tokens of the text as name parts: an initial with its full stop ("B."), initials
    glued to a name apart ("W.Middelthon"), a name glued to the next word apart."""
    tokens: list[Token] = []
    for token in seg.tokens:
        previous = tokens[-1] if tokens else None
        if token.text == "." and previous and previous.end == token.start:
            joined = Token(previous.text + ".", previous.start, token.end)
            honorifics = lang_at(previous.start).honorifics
            if _initial(joined) and not {previous.lower, joined.lower} & honorifics:  # "M."
                tokens[-1] = joined
                continue
            if (
                _INITIALS_RUN.fullmatch(joined.text) and previous.lower not in honorifics
            ):  # "Ш.М.", "N.A.": an initial each; not "H.E."
                tokens[-1:] = [
                    Token(m.group(), joined.start + m.start(), joined.start + m.end())
                    for m in re.finditer(r"[^\W\d_]\.", joined.text)
                ]
                continue
        glued = _GLUED_INITIALS.fullmatch(token.text)
        if glued and token.text[0].isupper() and glued.group(2)[0].isupper():
            cut = token.start + glued.end(1)
            for initial in re.finditer(r"[^\W\d_]\.", glued.group(1)):
                tokens.append(
                    Token(
                        initial.group(), token.start + initial.start(), token.start + initial.end()
                    )
                )
            token = Token(glued.group(2), cut, token.end)
        elided = _ELIDED_BEFORE_NAME.match(token.text)
        if elided:  # "d'Ales", "l’Ukrainien": the article apart, the name on its own
            cut = token.start + elided.end(1)
            tokens.append(Token(elided.group(1), token.start, cut))
            token = Token(token.text[elided.end(1) :], cut, token.end)
        # A split token's second part is a function word, which ends the run.
        tokens.extend(_seam_split(token, lang_at(token.start)))
    return _without_nicknames(tokens, seg.text, lang_at)


# Another given name in brackets inside a name: "Maadanbek (Aktilek) Kaparov".
_NICKNAME_GAP = re.compile(r" \([^\W\d_][\w'’-]*\) ")


def _nickname_forms(text: str, run: list[Token]) -> list[str]:
    """ "Maadanbek (Aktilek) Kaparov" is also "Aktilek Kaparov"."""
    forms = []
    for index, (left, right) in enumerate(itertools.pairwise(run)):
        if _NICKNAME_GAP.fullmatch(text, left.end, right.start):
            nickname = text[left.end : right.start].strip(" ()")
            forms.append(" ".join([nickname] + [t.text for t in run[index + 1 :]]))
    return forms


def _without_nicknames(
    tokens: list[Token], text: str, lang_at: Callable[[int], LanguagePack]
) -> list[Token]:
    """The tokens without a bracketed name between two name parts, which the run then
    spans as a space."""
    kept: list[Token] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if (
            kept
            and token.text == "("
            and index + 3 < len(tokens)
            and _NICKNAME_GAP.fullmatch(text, kept[-1].end, tokens[index + 3].start)
            and _name_like(tokens[index + 1], lang_at(token.start))
            and _name_like(kept[-1], lang_at(token.start))
            and _name_like(tokens[index + 3], lang_at(token.start))
        ):
            index += 3
            continue
        kept.append(token)
        index += 1
    return kept


def _given_before_family(tokens: list[Token], index: int, text: str, lang: LanguagePack) -> bool:
    """ "Islam Karimov": a given name that is also a common word, before a family name."""
    token = tokens[index]
    if index + 1 == len(tokens) or not (token.text[0].isupper() and _given_name(token.text)):
        return False
    following = tokens[index + 1]
    return (
        text[token.end : following.start] == " "
        and _name_like(following, lang)
        and _family_shaped(following.text)
    )


def _surname_in_context(tokens: list[Token], index: int, text: str, lang: LanguagePack) -> bool:
    """A common word that is a surname where a title stands before it ("Lord German",
    "Baroness Cox") or a given name before and "MP" after it ("Damian Green MP")."""
    token = tokens[index]
    if (
        not index
        or not _NAME_TOKEN.match(token.text)
        or not token.text[0].isupper()
        or text[tokens[index - 1].end : token.start] != " "
        or role_of(token.lower, lang)
    ):
        return False
    previous = tokens[index - 1]
    following = tokens[index + 1] if index + 1 < len(tokens) else None
    spaced = following is not None and text[token.end : following.start] == " "
    if previous.lower.rstrip(".") in lang.honorifics:
        # The surname ends the name: not "Lord Justice Leveson".
        return not (spaced and following.text[:1].isupper())
    return _name_like(previous, lang) and spaced and following.text in _MEMBER_SUFFIXES


_MEMBER_SUFFIXES = frozenset({"MP", "MEP", "MdB", "MSP", "TD"})


def _runs(seg: Segmented, lang_at: Callable[[int], LanguagePack]) -> list[list[Token]]:
    """Maximal runs of name-like tokens separated only by spaces (and particles). A run may
    open with particles in capitals, as surname-first lists write them ("VAN DEN BERG Joris").
    `lang_at` gives the language pack of an offset."""
    runs: list[list[Token]] = []
    current: list[Token] = []
    tokens = _name_tokens(seg, lang_at)
    text = seg.text
    for index, token in enumerate(tokens):
        lang = lang_at(token.start)
        gap = text[current[-1].end : token.start] if current else ""
        contiguous = bool(current) and (gap in (" ", "") or bool(_NICKNAME_GAP.fullmatch(gap)))
        if (
            _name_like(token, lang)
            or _initial(token)
            or _given_before_family(tokens, index, text, lang)
            or _surname_in_context(tokens, index, text, lang)
        ) and not (not current and token.lower in STOP_WORDS):
            if current and not contiguous:
                runs.append(current)
                current = []
            current.append(token)
        elif (
            (contiguous or (not current and _is_caps(token.text)))
            and _particle(token, lang)
            and _particles_then_name(tokens, index, text, lang)
        ):
            current.append(token)
        else:
            if current:
                runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs


def _without_leading_nouns(run: list[Token], given_only: bool = False) -> list[Token]:
    """Where nouns are capitalised, the nouns before a name join its run ("Publizisten Boris
    X", "Paten von Andrei X"): the run starts at its first known name part (`given_only`:
    its first known given name)."""

    def known(token: Token) -> bool:
        if token.lower in _PARTICLES:
            return False  # a name may open with a particle only where nothing precedes it
        return _given_name(token.text) or (not given_only and _known_name_token(token.text))

    first = next((i for i, t in enumerate(run) if known(t)), 0)
    if first and len(run) - first >= 2:
        return run[first:]
    return run


def _declined_role(word: str, lang: LanguagePack) -> str | None:
    """The role of a role noun, also in the genitive where nouns are capitalised
    ("des Staatsministers")."""
    found = role_of(word, lang)
    if found is None and lang.capitalised_nouns and word.endswith("s"):
        found = role_of(word[:-1], lang)
    return found


def _without_leading_roles(run: list[Token], lang: LanguagePack) -> list[Token]:
    """ "des Staatsministers Tobias Lindner": an office before a name that no known given
    name marks."""
    while len(run) > 2 and _declined_role(run[0].text, lang):
        run = run[1:]
    return run


def _from_person_entity(run: list[Token], ents: list[tuple[int, int, str]]) -> list[Token]:
    """ "Депутат Европарламента Ханна фон X": where the model's person starts inside the run
    and lasts to its end, the words before it are not the name's, unless known as names."""
    for start, end, label in ents:
        if label not in _PERSON_LABELS or not (run[0].start < start and run[-1].end <= end):
            continue
        inside = [t for t in run if t.start >= start]
        before = run[: len(run) - len(inside)]
        if (
            len(inside) >= 2
            and inside[0].start == start
            and not any(_given_name(t.text) or _known_name_token(t.text) for t in before)
        ):
            return inside
    return run


def _natural_order(tokens: list[str]) -> list[str]:
    """'MURPHY Paul' -> Paul Murphy; 'Pier Antonio PANZERI' stays given-first; particles
    inside a name are lower case ('VAN DEN BERG Joris' -> Joris van den Berg)."""
    caps = [_is_caps(t) for t in tokens]
    if len(tokens) >= 2 and caps[0] and not all(caps):
        split = caps.index(False)
        if all(not c for c in caps[split:]):
            tokens = tokens[split:] + tokens[:split]
    shown: list[str] = []
    for index, token in enumerate(tokens):
        lower = token.lower()
        if index > 0 and (
            lower in _LOWER_PARTICLES
            or (lower in _ARTICLES_AFTER_PARTICLE and shown[-1] in _LOWER_PARTICLES)
        ):
            shown.append(lower)
        else:
            shown.append(_display_case(token))
    return shown


class NameFinder:
    """Finds the person names of one document."""

    def __init__(
        self,
        lang: LanguagePack,
        features: dict[int, tuple[str | None, str | None]] | None = None,
        blocks: Sequence[tuple[int, int, LanguagePack]] = (),
    ) -> None:
        self.lang = lang
        self.inflection = NameInflection(lang.name_inflection)
        self.features = features or {}  # what a tagger says of words, by start offset
        # Paragraphs in another language (start, end, the pack of both languages): their
        # capitalised words are checked against that language's words too.
        self.blocks = list(blocks)
        # A language in another script reads Latin-script words with English knowledge too:
        # "Human Rights Watch, Reporters Without Borders" in a Russian text.
        cyrillic = any(is_cyrillic(w) for w in lang.not_name_words)
        self.latin_lang = packs((lang.code, "en")) if cyrillic else lang
        self.text = ""

    def _lang_at(self, offset: int) -> LanguagePack:
        for start, end, lang in self.blocks:
            if start <= offset < end:
                return lang
        if offset < len(self.text) and self.text[offset].isascii():
            return self.latin_lang
        return self.lang

    def _preceding_words(self, seg: Segmented, start: int, count: int) -> list[str]:
        # Only the last few words count: read a window, not the whole paragraph before.
        window = max(seg.text.rfind("\n", 0, start) + 1, start - _WORD_REACH * (count + 1))
        words = _PRECEDING_WORD.findall(seg.text, window, start)
        return [w.lower().rstrip(".") for w in words[-count:]]

    def _score(
        self,
        seg: Segmented,
        run: list[Token],
        ents: list[tuple[int, int, str]],
        in_structure: bool,
        readings: list[Reading],
    ) -> tuple[float, list[str], str | None]:
        lang = self._lang_at(run[0].start)
        start, end = run[0].start, run[-1].end
        text = seg.text
        score, why = 0.0, []
        honorific = None
        before = self._preceding_words(seg, start, 4)
        # One-word or two-word titles: "Mr", "de heer", "het lid".
        for size in (2, 1):
            if len(before) >= size and " ".join(before[-size:]) in lang.honorifics:
                honorific = " ".join(before[-size:])
                score += 2.5
                why.append("honorific")
                break
        # A role noun right before the name: "the blogger X", "civil society activist X".
        nearest = before[: -len(honorific.split())] if honorific else before
        for role, pattern in lang.role_nouns.items():
            if role == "advocate" or not nearest:
                continue
            if (
                pattern.fullmatch(nearest[-1])
                or pattern.fullmatch(" ".join(nearest[-2:]))
                or _declined_role(nearest[-1], lang) == role
            ):
                score += 1.5
                why.append(f"role noun ({role})")
                break
        after = text[end : end + 60].split("\n", 1)[0].replace("*", "")
        if _ADDRESS_AFTER.match(after):
            score -= 3.0
            why.append("address")
        # "Heydar Aliyev International Airport", "the Zhana Tolkyn movement": a thing.
        next_words = re.findall(r"[^\W\d_][\w'’-]*", after)[:2]
        if any(w.lower() in lang.named_after_nouns for w in next_words[:1]) or (
            len(next_words) == 2
            and next_words[0][:1].isupper()
            and next_words[1].lower() in lang.named_after_nouns
        ):
            score -= 4.0
            why.append("named after")
        if self._party_after(text[end : end + 120].split("\n", 1)[0], run):
            score += 1.5
            why.append("party after")
        if re.match(r"\s*(?:,\s*)?(?:MEP|MP|MdB)\b", after) or self._group_after(after):
            score += 2.0
            why.append("MEP or group after")
        else:
            # ", a journalist", ", журналист", ", Vorsitzende des Netzwerks" (German nouns).
            # A capitalised title may open it: ", General Secretary of the union".
            lead_letter = re.match(r"\s*,\s*(?:a |an |the )?([^\W\d_])", after)
            lead = after.split(",")[1] if "," in after else ""
            if (
                lead_letter
                and (
                    lead_letter.group(1).islower()
                    or lang.capitalised_nouns
                    or any(p.match(lead.strip()) for p in lang.role_nouns.values())
                )
                and any(p.search(lead) for p in lang.role_nouns.values())
            ):
                score += 1.5
                why.append("apposition")
        # Name shape, on the name as written and on its nominative readings; not on a word
        # the model calls a nationality ("Norwegian PEN").
        nationality = {t.text for t in run if _labelled(t, ents, "NORP")}
        forms = [[t.text for t in run if t.text not in nationality]]
        forms = [form for form in forms + [list(r.parts) for r in readings] if form]
        if any(_family_shaped(p) for form in forms for p in form):
            score += 1.5
            why.append("family-name shape")
        if any(_given_name(form[0]) for form in forms) or (
            len(run) > 1 and _is_caps(run[0].text) and _given_name(run[-1].text)
        ):
            score += 1.5
            why.append("given name")
        elif len(run) > 1 and any(_known_name_token(form[0]) for form in forms):
            score += 1.0
            why.append("known name")
        if len(run) > 1 and run[0].text in nationality and not honorific:
            score -= 1.0
            why.append("nationality first")
        if len(run) > 1 and _is_caps(run[0].text) and not _is_caps(run[-1].text):
            why.append("surname first")
        if len(run) >= 2:
            score += 0.5
        for e_start, e_end, label in ents:
            if e_start < end and start < e_end:
                if label in _PERSON_LABELS:
                    score += 2.0
                    why.append("model PERSON")
                elif (
                    label in _NON_PERSON_LABELS
                    and e_start <= start
                    and end <= e_end
                    # The model takes names it does not know for organisations; a title, a
                    # known given name opening the run or a family name closing it say
                    # otherwise, as does a known name opening a signature or list line.
                    and not (
                        honorific
                        or (
                            len(run) > 1
                            and (
                                "given name" in why
                                or _family_shaped(run[-1].text)
                                or (in_structure and "known name" in why)
                            )
                        )
                    )
                ):
                    score -= 1.0
                    why.append(f"model {label}")
                break
        if in_structure:
            score += 1.0
            why.append("list line")
        if start > 0 and text[start - 1] in _QUOTES and end < len(text) and text[end] in _QUOTES:
            score -= 3.0
            why.append("quoted")
        if before and before[-1] in lang.not_person_context:
            score -= 2.5
            why.append(f"after '{before[-1]}'")
        return score, why, honorific

    def _after_thing(self, seg: Segmented, start: int) -> bool:
        before = self._preceding_words(seg, start, 1)
        return bool(before) and before[0] in self._lang_at(start).not_person_context

    def _after_honorific(self, seg: Segmented, start: int) -> bool:
        before = self._preceding_words(seg, start, 2)
        honorifics = self._lang_at(start).honorifics
        return bool(before) and (before[-1] in honorifics or " ".join(before[-2:]) in honorifics)

    def _after_office(self, seg: Segmented, token: Token) -> bool:
        """A family-shaped word right after an office written as a title ("President
        Nazarbaev"); not a rank ("Secretary General Nordic")."""
        before = self._preceding_words(seg, token.start, 1)
        offices = self._lang_at(token.start).surname_offices
        return bool(before) and before[-1] in offices and _family_shaped(token.text)

    def _readings(self, parts: list[str], run: list[Token]) -> list[Reading]:
        """Nominative readings of a declined name ([] where names do not decline)."""
        if not any(self.inflection.declines(p) for p in parts):
            return []
        by_text = {t.text.lower(): self.features.get(t.start) for t in run}
        features = [by_text.get(p.lower()) for p in parts]
        if len(parts) == 1:
            forms = self.inflection.family_forms(parts[0])
            return [Reading((form,), "?", 1 / len(forms)) for form in forms]
        return self.inflection.readings(parts, features)

    @staticmethod
    def _party_after(after: str, run: list[Token]) -> bool:
        """ "(D66)", "(CDU)": a party's short name in brackets right after a name; not the
        initials of the run itself ("Human Rights Watch (HRW)")."""
        match = _PARTY_AFTER.match(after)
        if not match:
            return False
        initials = "".join(t.text[0] for t in run).upper()
        return not re.sub(r"[^A-Z]", "", match.group(1).upper()).startswith(initials)

    def _group_after(self, after: str) -> bool:
        """ "(S&D)", ", GUE/NGL", "(Italy, S&D)", ", Germany, SOC": a political group follows."""
        return bool(self.lang.group_after.match(after))

    def find(
        self,
        seg: Segmented,
        ents: list[tuple[int, int, str]],
        structured_lines: set[int],
        ends_in_word: bool = False,
    ) -> list[NameMention]:
        """Full-name mentions (two or more parts, or one part after an honorific).
        `ends_in_word`: the original text stops right after a word, maybe inside it."""
        mentions: list[NameMention] = []
        self.text = seg.text
        for run in _runs(seg, self._lang_at):
            while run and (
                run[-1].text in self._lang_at(run[-1].start).name_suffixes or _initial(run[-1])
            ):
                run = run[:-1]
            # Nouns before a name join its run where nouns are capitalised, and after an
            # article or a noun of a thing ("of the Senate Kairat X"), where a known given
            # name tells where the name starts.
            if run and self._lang_at(run[0].start).capitalised_nouns:
                run = _without_leading_roles(
                    _without_leading_nouns(run), self._lang_at(run[0].start)
                )
            elif run and self._after_thing(seg, run[0].start):
                run = _without_leading_nouns(run, given_only=True)
            run = _from_person_entity(run, ents) if run else run
            if not run or len(run) > 5:
                continue
            line = seg.line_at(run[0].start)
            if seg.lines[line].is_banner:
                continue
            titled = len(run) == 1 and self._after_office(seg, run[0])
            if len(run) == 1 and not (titled or self._after_honorific(seg, run[0].start)):
                continue
            parts = _natural_order([t.text for t in run])
            possessive = parts[-1].endswith(("'s", "’s"))
            if possessive:
                parts[-1] = parts[-1][:-2]
            readings = self._readings(parts, run)
            score, why, honorific = self._score(seg, run, ents, line in structured_lines, readings)
            if titled:
                score += 1.0
                why.append("office title")
            if not _SHAPE_EVIDENCE.intersection(why):
                score = min(score, ACCEPT_SCORE - 0.5)
            if len(run) == 1 and honorific is None and not titled:
                continue
            end = run[-1].end - 2 if possessive else run[-1].end
            mention = NameMention(
                run[0].start,
                end,
                parts,
                honorific,
                score,
                why,
                possessive,
                surname_only=len(run) == 1,
                readings=readings,
                surface=" ".join(parts),
                aliases=_nickname_forms(seg.text, run),
                cut_off=ends_in_word
                and line not in structured_lines
                and _cut_off(seg, run[-1], line),
            )
            mentions.append(mention)
        self._support_lists(seg, mentions)
        return [m for m in mentions if m.score >= ACCEPT_SCORE]

    def _support_lists(self, seg: Segmented, mentions: list[NameMention]) -> None:
        """A candidate in a comma/'and' list of accepted names is a name too: any candidate
        next to a strong name, one that has a known name part next to any accepted name. The
        support runs along the list ("A, B, C and D")."""
        ordered = sorted(mentions, key=lambda m: m.start)
        changed = True
        while changed:
            changed = False
            for left, right in itertools.pairwise(ordered):
                between = seg.text[left.end : right.start].strip()
                coordination = self._lang_at(left.end).coordination.pattern
                if not re.fullmatch(rf"(?:(?:{coordination})\s*)+", between):
                    continue
                for a, b in ((left, right), (right, left)):
                    known = {"known name", "given name"} & set(a.evidence)
                    if (
                        b.score >= (ACCEPT_SCORE if known else ACCEPT_SCORE + 1)
                        and 0 < a.score < ACCEPT_SCORE
                        and len(a.parts) > 1
                    ):
                        a.score = ACCEPT_SCORE
                        a.evidence.append("in a list of names")
                        changed = True

    def surname_mentions(
        self, seg: Segmented, persons: list[list[NameMention]], taken: list[tuple[int, int]]
    ) -> list[NameMention]:
        """Bare surname mentions ("Bokayev", "Dzhakishev's") of persons named in full."""
        by_surname: dict[str, set[int]] = {}
        for index, group in enumerate(persons):
            for mention in group:
                if len(mention.parts) > 1:
                    by_surname.setdefault(mention.surname_key, set()).add(index)
        # The family name each person's full mentions give (its nominative, for declined ones).
        family = {m.surname_key: m.parts[-1] for g in persons for m in g if len(m.parts) > 1}
        genders = [next((m.gender for m in g if m.gender), None) for g in persons]
        introduced = [min((m.start for m in g if len(m.parts) > 1), default=-1) for g in persons]
        parts = [{fold(p) for m in g for p in m.parts} for g in persons]
        found = []
        for token in seg.tokens:
            if not token.text[:1].isupper() or any(s <= token.start < e for s, e in taken):
                continue
            word = token.text
            possessive = word.endswith(("'s", "’s"))
            key = fold(word[:-2] if possessive else word)
            owners = by_surname.get(key)
            declined = False
            if owners is None and self.inflection.declines(word):
                # A declined family name: "Касымову", "Сапаровой".
                for form in self.inflection.family_forms(word):
                    if fold(form) in by_surname:
                        key, owners, declined = fold(form), by_surname[fold(form)], True
                        break
            if owners is None:
                near = [
                    k for k in by_surname if len(key) > 4 and JaroWinkler.similarity(k, key) > 0.93
                ]
                owners = by_surname[near[0]] if len(near) == 1 else None
            if owners and len(owners) > 1:
                # Relatives share a family name: a bare one before the second is named in
                # full can only be the first ("A Kaszewicz was sentenced. Kaszewicz ... Her
                # husband, B Kaszewicz").
                owners = {i for i in owners if 0 <= introduced[i] < token.start}
            goes_on = _NEXT_WORD.match(seg.text, token.end)
            if (
                owners
                and goes_on
                and goes_on.group()[1].isupper()
                and not any(fold(goes_on.group(1)) in parts[i] for i in owners)
            ):
                continue  # part of another proper name: "Temirov Live", "Navalny Foundation"
            if owners and len(owners) == 1:
                end = token.end - 2 if possessive else token.end
                surface = _display_case(word[: end - token.start])
                mention = NameMention(
                    token.start,
                    end,
                    [family[key] if declined else surface],
                    score=ACCEPT_SCORE,
                    evidence=["surname of a named person"],
                    possessive=possessive,
                    surname_only=True,
                    surface=surface,
                )
                mention.person = next(iter(owners))
                mention.gender = genders[mention.person]
                found.append(mention)
        return found


# The word right after a family name, on the same line.
_NEXT_WORD = re.compile(r" ([^\W\d_][\w'’-]*)")

# (German and Dutch transliterations write -ow, -ew: "Kalijew", "Karimowa".)
_FEMININE_FAMILY = re.compile(r"(?:ova|eva|yeva|owa|ewa|ina|yna|aya|skaya|tskaya|kyzy|qyzy)$")
_MASCULINE_FAMILY = re.compile(r"(?:ov|ev|yev|ow|ew|in|yn|sky|skiy|skii|iy|uly|uli)$")


def gendered_form(family_name: str) -> str | None:
    """'f' or 'm' where a (post-Soviet) family name has a gendered ending, else None."""
    key = fold(family_name)
    if _FEMININE_FAMILY.search(key):
        return "f"
    return "m" if _MASCULINE_FAMILY.search(key) else None


def same_person(a: NameMention, b: NameMention) -> bool:
    """Whether two mentions in one document name one person (spelling variants allowed; a
    declined name matches by any of its nominative readings)."""
    return any(
        _same_parts(pa, pb, a.surname_only, b.surname_only) for pa in a.forms for pb in b.forms
    )


def _same_parts(
    parts_a: list[str], parts_b: list[str], a_surname_only: bool, b_surname_only: bool
) -> bool:
    fa, fb = [fold(p) for p in parts_a], [fold(p) for p in parts_b]
    if a_surname_only or b_surname_only:
        short, full = (fa, fb) if a_surname_only else (fb, fa)
        return JaroWinkler.similarity(short[-1], full[-1]) > 0.93
    if sorted(fa) == sorted(fb):
        return True
    if len(fa) != len(fb):
        longer, shorter = (parts_a, parts_b) if len(fa) > len(fb) else (parts_b, parts_a)
        return all(any(_parts_agree(s, x, 0.93) for x in longer) for s in shorter)
    return (
        _parts_agree(parts_a[0], parts_b[0], 0.9)
        and JaroWinkler.similarity(fa[-1], fb[-1]) > 0.9
        and fa[0][:1] == fb[0][:1]
    )


def _parts_agree(a: str, b: str, threshold: float) -> bool:
    """Spelling variants of a name part, or an initial and a part it may stand for ("M.",
    "Marat")."""
    fa, fb = fold(a), fold(b)
    if a.endswith(".") or b.endswith("."):
        return bool(fa and fb) and (fa.startswith(fb) or fb.startswith(fa))
    return JaroWinkler.similarity(fa, fb) > threshold
