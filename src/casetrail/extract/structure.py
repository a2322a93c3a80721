"""Document structure: address block, salutation, closing, signatures, copies, author lists.

Roles that follow from where a name stands: names in the address block and copy list are
addressees, names after the closing or under an author heading are advocates.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from casetrail.extract.text import Segmented
from casetrail.languages import LanguagePack

_LONG_LINE_WORDS = 25


@dataclass(slots=True)
class Layout:
    """Line indices of each structural region of a document."""

    header: set[int] = field(default_factory=set)
    signatures: set[int] = field(default_factory=set)
    copies: set[int] = field(default_factory=set)
    authors: set[int] = field(default_factory=set)
    others: set[int] = field(default_factory=set)
    sender: set[int] = field(default_factory=set)

    @property
    def listed(self) -> set[int]:
        """Lines of lists of people: evidence that a capitalised run there is a name."""
        return self.header | self.signatures | self.copies | self.authors | self.others


def _first_long_line(seg: Segmented) -> int:
    for index, line in enumerate(seg.lines):
        if line.is_prose(_LONG_LINE_WORDS):
            return index
    return len(seg.lines)


def analyse_layout(seg: Segmented, lang: LanguagePack) -> Layout:
    layout = Layout()
    lines = seg.lines
    body_start = _first_long_line(seg)
    salutation = next(
        (i for i, line in enumerate(lines[: body_start + 1]) if lang.salutations.match(line.text)),
        None,
    )
    if salutation is not None:
        layout.header = set(range(salutation))
        # A letterhead names its sender first, with the sender's office on the next line.
        if salutation > 1 and lang.sender_office.match(lines[1].text):
            layout.sender.add(0)
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
        layout.signatures = {
            i for i in range(closing + 1, end) if lines[i].words < _LONG_LINE_WORDS
        }
    if copy_start is not None:
        layout.copies = {i for i in range(copy_start, len(lines)) if i not in layout.signatures}
    _heading_blocks(seg, lang, layout)
    # "Name, Name, Name" over "on behalf of the S&D Group": the authors of a motion.
    for index in range(1, len(lines)):
        if lang.author_followers.match(lines[index].text) and lines[index - 1].words <= 20:
            layout.authors.add(index - 1)
    return layout


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
