"""Document structure: address block, salutation, closing, signatures, copies, author lists.

Roles that follow from where a name stands: names in the address block and copy list are
addressees, names after the closing or under an author heading are advocates.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from casetrail.extract.text import Segmented
from casetrail.languages import LanguagePack

_LONG_LINE_WORDS = 25
# An item of a list of names ("María Soraya Rodríguez Ramos"), and the words of a group's
# name after "on behalf of" ("the Verts/ALE Group").
_LIST_ITEM_WORDS = 5
_GROUP_WORDS = 6
# A salutation line that names its addressee ("Dear Minister Bekov,"), not one run into the body.
_SALUTATION_WORDS = 8
# The salutation itself at the start of a longer line: up to its first punctuation.
_SALUTATION_PHRASE = re.compile(r"[^,.:;!?\n]{1,80}[,.:;!]")
# A signature with its office and country ("Themis Kotsifakis, General Secretary of OLME").
_SIGNATURE_WORDS = _LONG_LINE_WORDS
# An official's postal address ("X | Prosecutor General | street | city | Fax: ..."): its
# lines, and the words of its name and office lines.
_ADDRESS_LINES = 9
_ADDRESS_HEAD_WORDS = 12
# The name line under a recipient's office ("B. N. Asylov").
_NAME_LINE_WORDS = 5
# Contact details in any language: an e-mail or handle, a telephone number, a postcode.
_CONTACT = re.compile(r"@\w|\+\s?\d[\d\s()/-]{6,}|\b\d{5,6}\b")


@dataclass(slots=True)
class Layout:
    """Line indices of each structural region of a document."""

    header: set[int] = field(default_factory=set)
    signatures: set[int] = field(default_factory=set)
    copies: set[int] = field(default_factory=set)
    authors: set[int] = field(default_factory=set)
    others: set[int] = field(default_factory=set)
    sender: set[int] = field(default_factory=set)
    addresses: set[int] = field(default_factory=set)
    # A salutation run into the body ("Dear Minister Bekov, we write ..."): its characters.
    salutation: tuple[int, int] | None = None

    @property
    def addressed(self) -> set[int]:
        """Lines that name addressees: the address block, copy lists, officials' addresses."""
        return self.header | self.copies | self.addresses

    @property
    def listed(self) -> set[int]:
        """Lines of lists of people: evidence that a capitalised run there is a name."""
        return (
            self.header | self.signatures | self.copies | self.authors | self.others
        ) | self.addresses


def _first_long_line(seg: Segmented) -> int:
    for index, line in enumerate(seg.lines):
        if line.is_prose(_LONG_LINE_WORDS):
            return index
    return len(seg.lines)


def analyse_layout(seg: Segmented, lang: LanguagePack) -> Layout:
    layout = Layout()
    lines = seg.lines
    body_start = _first_long_line(seg)
    # The salutation may follow a long title line ("Appeal of X to the Minister Y ...").
    salutation = next(
        (i for i, line in enumerate(lines[: body_start + 2]) if lang.salutations.match(line.text)),
        None,
    )
    if salutation is not None:
        # A title or subject line ("Subject: Detention of X", "2007: Country: X") names the
        # case, not the recipient, as does a long line before the salutation; a short
        # salutation line ("Dear President X") names them.
        layout.header = {
            i
            for i in range(salutation + 1)
            if not _titled(lines[i].text, lang)
            and (i == salutation or lines[i].words <= _LONG_LINE_WORDS)
        }
        if lines[salutation].words > _SALUTATION_WORDS:
            layout.header.discard(salutation)
            line = lines[salutation]
            phrase = _SALUTATION_PHRASE.match(line.text)
            if phrase:
                layout.salutation = (line.start, line.start + phrase.end())
        # A letterhead names its sender first, with the sender's office on the next line.
        if salutation > 1 and lang.sender_office.match(lines[1].text):
            layout.sender.add(0)
    else:
        layout.addresses = _recipient_lines(seg, lang, body_start)
    # Closings and copy lists stand after the letterhead: after the salutation, or the first
    # paragraph of prose when there is none.
    after_head = salutation + 1 if salutation is not None else min(body_start, len(lines) - 1)
    closing = next(
        (
            i
            for i in range(len(lines) - 1, after_head - 1, -1)
            if lang.closings.match(lines[i].text)
        ),
        None,
    )
    copy_start = next(
        (
            i
            for i in range(after_head, len(lines))
            if lang.copy_markers.match(lines[i].text)
            and lines[i].words <= 4 + len(lines[i].text.split(",")) * 4
        ),
        None,
    )
    if closing is not None:
        end = copy_start if copy_start is not None and copy_start > closing else len(lines)
        layout.signatures = {i for i in range(closing + 1, end) if _signature_line(lines[i].text)}
    if copy_start is not None:
        layout.copies = {i for i in range(copy_start, len(lines)) if i not in layout.signatures}
    _heading_blocks(seg, lang, layout)
    _author_lists(seg, lang, layout)
    _address_blocks(seg, lang, layout)
    return layout


def _recipient_lines(seg: Segmented, lang: LanguagePack, end: int) -> set[int]:
    """A letter without a salutation may still open with its recipients: short lines before
    the body that open with an address word and name an office ("To the Prosecutor General
    of X"), each with the short name line under it ("B. N. Asylov")."""
    lines = seg.lines
    official = lang.role_nouns["official"]
    found: set[int] = set()
    for index in range(min(end, len(lines))):
        text = lines[index].text
        if (
            lines[index].words > _ADDRESS_HEAD_WORDS
            or not lang.address_words.match(text)
            or _titled(text, lang)
            or not official.search(text)
        ):
            continue
        found.add(index)
        below = index + 1
        if (
            below < end
            and lines[below].words <= _NAME_LINE_WORDS
            and not lang.address_words.match(lines[below].text)
        ):
            found.add(below)
    return found


def _signature_line(text: str) -> bool:
    """A short line, or signatures run into one line between semicolons ("X, MP, Germany; Y,
    union secretary, UK; ...")."""
    return all(len(part.split()) < _SIGNATURE_WORDS for part in text.split(";"))


def _titled(text: str, lang: LanguagePack) -> bool:
    """A line that opens with a label and a colon other than an address word or a copy
    marker ("To:", "Copy:"), or one that names a case or a demand ("Open letter on the
    case of X", "Appeal for the release of X"): a title, not an address."""
    label = re.match(r"([^:]{1,40}):\s*\S", text)
    return bool(
        label
        and not lang.address_words.fullmatch(label.group(1).strip())
        and not lang.copy_markers.match(text)
    ) or bool(lang.concern_list_markers.search(text) or lang.demand_cues.search(text))


def _name_list(text: str, lang: LanguagePack) -> bool:
    """Short capitalised items between commas or "and": "Anna Nowak, Jan Kowal and Eva Lind"."""
    items = [item.strip() for item in lang.coordination.split(text.strip(" ,;"))]
    return all(item[:1].isupper() and len(item.split()) <= _LIST_ITEM_WORDS for item in items)


def _author_lists(seg: Segmented, lang: LanguagePack, layout: Layout) -> None:
    """Names before "on behalf of the S&D Group": the authors of a motion. The names may
    share the line with it or stand on the lines above, a line ending in a comma carrying
    the list over from the line before."""
    lines = seg.lines
    for index, line in enumerate(lines):
        follower = lang.author_followers.search(line.text)
        if follower is None or len(line.text[follower.end() :].split()) > _GROUP_WORDS:
            continue
        before = line.text[: follower.start()]
        if before.strip():
            if not _name_list(before, lang):
                continue
            layout.authors.add(index)
        elif index and _name_list(lines[index - 1].text, lang):
            index -= 1
            layout.authors.add(index)
        else:
            continue
        while (
            index
            and lines[index - 1].text.endswith(",")
            and _name_list(lines[index - 1].text, lang)
        ):
            index -= 1
            layout.authors.add(index)


def _heading_blocks(seg: Segmented, lang: LanguagePack, layout: Layout) -> None:
    """Short heading lines ("Responsible MEPs", "Contact person") own the short lines below."""
    lines = seg.lines
    for index, line in enumerate(lines):
        if line.words > 4:
            continue
        if lang.advocate_markers.fullmatch(line.text.strip(" :")):
            target = layout.authors
        elif lang.other_markers.match(line.text.strip()):
            target = layout.others
        else:
            continue
        for follower in range(index + 1, min(index + 12, len(lines))):
            text = lines[follower].text.strip(" :")
            if (
                lines[follower].words > 8
                or lang.advocate_markers.fullmatch(text)
                or (lang.other_markers.match(text))
            ):
                break
            target.add(follower)


def _address_blocks(seg: Segmented, lang: LanguagePack, layout: Layout) -> None:
    """Short lines that open with a name and an office and go on to contact details ("X |
    Prosecutor General of Y | street | Fax: ..."), after a paragraph break, a sentence or the
    contact details of the address before: where an appeal asks its readers to write, the
    first lines name an addressee."""
    lines = seg.lines
    official = lang.role_nouns["official"]
    for index, line in enumerate(lines):
        previous = lines[index - 1] if index else None
        if not (
            previous is None
            or previous.paragraph != line.paragraph
            or previous.words > _ADDRESS_HEAD_WORDS
            or previous.text.rstrip().endswith((".", "!", "?", ":"))
            or _CONTACT.search(previous.text)
        ):
            continue
        block = lines[index : index + _ADDRESS_LINES]
        paragraph = [b for b in block if b.paragraph == line.paragraph]
        short = list(itertools.takewhile(lambda b: b.words <= _ADDRESS_HEAD_WORDS, paragraph))
        head = [index + k for k, b in enumerate(short[:2]) if not _CONTACT.search(b.text)]
        if (
            head
            and not set(head) & layout.signatures
            and any(_CONTACT.search(b.text) for b in short[1:])
            and any(official.search(lines[i].text) for i in head)
        ):
            layout.addresses.update(head)
