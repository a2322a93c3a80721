"""Each cleaning step alone, on fictional text of the genre; then the steps together."""

from __future__ import annotations

from collections.abc import Callable

from casetrail.clean import STEPS, Step, apply_edits, clean_text
from casetrail.clean.characters import normalise_characters, normalise_unicode
from casetrail.clean.footnotes import drop_footnotes
from casetrail.clean.furniture import drop_furniture
from casetrail.clean.joining import join_hyphenated, join_lines, tidy_whitespace
from casetrail.clean.markup import strip_bullets, strip_emphasis, strip_links
from casetrail.clean.ocr_noise import drop_stray_marks
from casetrail.domain import CleanText

Check = Callable[[str, CleanText], None]


def run(step: Step, text: str, offsets_consistent: Check | None = None) -> str:
    clean = apply_edits(text, step(text))
    if offsets_consistent:
        offsets_consistent(text, clean)
    return clean.text


def test_normalise_unicode_composes_only_what_needs_it(offsets_consistent: Check) -> None:
    text = "Ville Niinisto\u0308 and Jose\u0301 Ruiz wrote to \u1100\u1161 Kim."
    clean = apply_edits(text, normalise_unicode(text))
    assert clean.text == "Ville Niinistö and José Ruiz wrote to 가 Kim."
    offsets_consistent(text, clean)
    assert text[clean.offsets.to_original(clean.text.index("Ruiz"))] == "R"
    assert normalise_unicode("Already NFC: Niinistö") == []


def test_normalise_characters(offsets_consistent: Check) -> None:
    text = (
        "\u201cFree Aliya Bekova\u201d \u2013 said\u00a0Anna\tLind\u2019s office.\r\n"
        "Next\x00 line\u200b"
    )
    assert run(normalise_characters, text, offsets_consistent) == (
        '"Free Aliya Bekova" - said Anna Lind\'s office.\nNext line'
    )
    assert run(normalise_characters, "page one\fpage two") == "page one\fpage two"
    text = "The o\ufb03cial \ufb01ned him."
    clean = apply_edits(text, normalise_characters(text))
    assert clean.text == "The official fined him."
    offsets_consistent(text, clean)
    assert clean.offsets.to_original(clean.text.index("fined")) == text.index("\ufb01ned")


def test_drop_stray_marks_only_where_they_stand_alone(offsets_consistent: Check) -> None:
    text = "He was | sentenced ~ to four years.\n|\n¬ in prison |\nA|B and a_b stay."
    assert run(drop_stray_marks, text, offsets_consistent) == (
        "He was sentenced to four years.\n\nin prison \nA|B and a_b stay."
    )
    # A scan's specks read as a line of marks are furniture, for any text.
    assert clean_text("Arrested on 3 May.\n\n~ . |\n\nReleased.").text == (
        "Arrested on 3 May.\n\nReleased."
    )


def test_strip_emphasis(offsets_consistent: Check) -> None:
    text = (
        "**Mr Timur ISKAKOV** (Oral, *Asar* in Kazakh), __Olga Omarova__, <b>Kanat</b>, "
        "**200 incidents of torture**\u00b9\u2070 and ***Zhanna*** but snake__case__name, 5 * 3"
    )
    assert run(strip_emphasis, text, offsets_consistent) == (
        "Mr Timur ISKAKOV (Oral, Asar in Kazakh), Olga Omarova, Kanat, "
        "200 incidents of torture\u00b9\u2070 and Zhanna but snake__case__name, 5 * 3"
    )
    assert run(strip_emphasis, "**bold *and italic* here**") == "bold and italic here"
    # an unclosed marker, or one that would span a paragraph break, stays
    assert run(strip_emphasis, "**Marat\n\nBekov**") == "**Marat\n\nBekov**"


def test_strip_links(offsets_consistent: Check) -> None:
    text = (
        r"the letters [\[1\]](#), [Report on Serik Omarov](https://example.org/r) "
        r"![photo](p.png) \*"
    )
    assert run(strip_links, text, offsets_consistent) == (
        "the letters [1], Report on Serik Omarov photo *"
    )


def test_strip_bullets_keeps_list_items(offsets_consistent: Check) -> None:
    text = "\uf0b7 The release of Gulnara Sadykova\n  \u2022 No restrictions\nWord\uf0a7glyph"
    assert run(strip_bullets, text, offsets_consistent) == (
        "- The release of Gulnara Sadykova\n  - No restrictions\nWord glyph"
    )


def test_drop_furniture_lines(offsets_consistent: Check) -> None:
    text = (
        "Aidar Tokhtarov was arrested.\n\nPage 2 of 3\n\nHe was charged.\n"
        "Seite 2 von 2 Seiten des Schreibens vom 22.03.2012\nPage 2/3\n- 3 -\n"
        "Страница 3 из 4\n\n7\n\nWe demand:\n1\n2\nEnd."
    )
    assert run(drop_furniture, text, offsets_consistent) == (
        "Aidar Tokhtarov was arrested.\n\n\nHe was charged.\n\n\nWe demand:\n1\n2\nEnd."
    )


def test_drop_furniture_page_breaks_and_running_headers(offsets_consistent: Check) -> None:
    page = "Fictional Helsinki Committee | Briefing 2021\nThe trial of Saule Abenova, day {n}.\n{n}"
    text = "\n\f\n".join(page.format(n=n) for n in (1, 2, 3))
    assert run(drop_furniture, text, offsets_consistent) == (
        "The trial of Saule Abenova, day 1.\nThe trial of Saule Abenova, day 2.\n"
        "The trial of Saule Abenova, day 3.\n"
    )
    assert run(drop_furniture, "end of one\fstart of two") == "end of one\nstart of two"


def test_drop_furniture_running_lines_without_page_breaks() -> None:
    body = "\n".join(f"Line {n} about the case of Bakyt Iskakov." for n in range(12))
    text = "\n".join(["ODF briefing RE 2020/17", body] * 3)
    assert "ODF briefing" not in run(drop_furniture, text)
    # short lines repeated close together, as in a signature list, stay
    signatures = "Ingrid HALVORSEN\nMEP\nPieter DE VRIES\nMEP\nAnna LINDQVIST\nMEP"
    assert run(drop_furniture, signatures) == signatures


def test_drop_footnotes(offsets_consistent: Check) -> None:
    text = (
        "the Telegram group of the party, which provided an\n\n"
        "\u00b9 https://example.org/koshe?s=20\n\n"
        "\u00b2 The list of cases is\nattached to this letter.\n\n"
        "[3] https://example.org/b\n4 https://example.org/c\n\n"
        "online space for discussion.\n"
        "Aidar Tokhtarov,\u00b2 was detained.\u00b3 A cell of 6 m\u00b2 [see 4]. "
        "Agadil\u00b9\u2070 text[5]."
    )
    assert run(drop_footnotes, text, offsets_consistent) == (
        "the Telegram group of the party, which provided an\n\n\n\n\n"
        "online space for discussion.\n"
        "Aidar Tokhtarov, was detained. A cell of 6 m\u00b2 [see 4]. Agadil text."
    )


def test_drop_footnotes_leaves_the_paragraph_that_resumes_after_a_note() -> None:
    text = "\u00b9 https://example.org/a\nonline space for discussion."
    assert run(drop_footnotes, text) == "online space for discussion."


def test_join_hyphenated(offsets_consistent: Check) -> None:
    text = (
        "his in-\ncarceration, KILL-\nNIELSEN and Kill-\nNielsen, twenty-\nfive (twenty-five), "
        "incar\u00adceration, re\u00ad\nlease, 2011-\n2012"
    )
    assert run(join_hyphenated, text, offsets_consistent) == (
        "his incarceration, KILL-NIELSEN and Kill-Nielsen, twenty-five (twenty-five), "
        "incarceration, release, 2011-\n2012"
    )


def test_join_lines_rejoins_wrapped_sentences(offsets_consistent: Check) -> None:
    text = (
        "We, as Members of the European Parliament, condemn the threats made by the\n"
        "Kazakhstan authorities to arrest Aidar Tokhtarov and other leaders of the\n"
        "movement. We call on the authorities to drop the charges against him and to\n"
        "release him at once."
    )
    assert run(join_lines, text, offsets_consistent) == " ".join(text.split("\n"))


def test_join_lines_keeps_address_signature_and_list_lines_apart() -> None:
    for kept in (
        "Yours sincerely,\nHALVORSEN Ingrid MEP\nDE VRIES Pieter MEP\nLINDQVIST Anna MEP",
        "The Minister of Justice\nH.E. Marat Sadykov\nMangilik Yel st. 8\n010000 Astana",
        "We call for:\n- the release of Serik Omarov;\n- an end to the trials;\n1. Urges",
        " No repressive measures against the campaign of Aliya Bekova this year\n"
        " No restrictions on the right of Timur Iskakov to travel abroad to speak",
        "# Heading\nthe text below",
        # a list of long entries, each as wide as a wrapped line
        "H.E. Mr Kanat Sadykov, Minister of Foreign Affairs of the Republic of Kazakhstan\n"
        "H.E. Ms Dinara Abenova, Ambassador of the Republic of Kazakhstan to the Kingdom\n"
        "Mr Pieter de Vries, Head of the Delegation of the European Union to Kazakhstan",
        # paragraphs of a parliamentary record, each opened by a section sign
        "§ Mr. WinterbourneTo ask the Secretary of State what representations he will make\n"
        "§ Mr. Peter HallowellThe sentence passed on him is the latest example of it all.",
    ):
        assert run(join_lines, kept) == kept


def test_join_lines_across_blank_lines() -> None:
    broken = "took part in an unauthorised protest in Almaty against the\n\nrepression of unions."
    assert run(join_lines, broken) == (
        "took part in an unauthorised protest in Almaty against the repression of unions."
    )
    for kept in (
        "Dear Minister,\n\nwe are writing to you about Dinara Bekova.",
        "The court in Aktau sentenced Nurlan Omarov to five years.\n\nthen more",
        "The court in Aktau sentenced Nurlan Omarov to five years in\n\nThe Next Paragraph",
    ):
        assert run(join_lines, kept) == kept


def test_tidy_whitespace(offsets_consistent: Check) -> None:
    text = "\n  Free   Serik  \n\n\n\n  Omarov  \n \n"
    assert run(tidy_whitespace, text, offsets_consistent) == "Free Serik\n\nOmarov"


def test_steps_are_the_documented_order() -> None:
    assert [step.__name__ for step in STEPS] == [
        "normalise_unicode",
        "normalise_characters",
        "strip_emphasis",
        "strip_links",
        "strip_bullets",
        "drop_furniture",
        "drop_footnotes",
        "join_lines",
        "join_hyphenated",
        "tidy_whitespace",
    ]


def test_clean_text_rejoins_a_sentence_split_by_a_note_block_and_a_page(
    offsets_consistent: Check,
) -> None:
    original = (
        "The \u201cKoshe Party\u201d \u2013 a **peaceful** movement \u2013 which provided an\n\n"
        "\u00b9 https://example.org/a\n\n\u00b2 https://example.org/b\n\n"
        "online space for dis-\ncussion, was banned.\u00b2\n\f\nPage 1 of 2\n"
        "Its leader Zhanna Ospanova\u00b9 was de-\ntained."
    )
    clean = clean_text(original)
    assert clean.text == (
        'The "Koshe Party" - a peaceful movement - which provided an online space for '
        "discussion, was banned.\nIts leader Zhanna Ospanova was detained."
    )
    offsets_consistent(original, clean)
    start = clean.text.index("Zhanna")
    span = clean.offsets.span_to_original(start, start + len("Zhanna Ospanova"))
    assert original[span.start : span.end] == "Zhanna Ospanova"
