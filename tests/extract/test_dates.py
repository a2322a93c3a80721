from hypothesis import given, settings
from hypothesis import strategies as st

from casetrail.domain import PartialDate
from casetrail.extract.dates import find_dates


def only(text: str, reference: PartialDate | None = None) -> str | None:
    found = find_dates(text)
    assert len(found) == 1, found
    resolved = found[0].resolve(reference)
    return resolved.iso() if resolved else None


def test_full_dates_in_many_forms():
    assert only("on 16 December 2011 in the city") == "2011-12-16"
    assert only("On Saturday, 9th of March 2012, she") == "2012-03-09"
    assert only("dated 20.03.2012") == "2012-03-20"
    assert only("after 12/16/2011") == "2011-12-16"
    assert only("On November 13, 2017, MEPs") == "2017-11-13"
    assert only("since 2019-04-02") == "2019-04-02"


def test_day_first_numeric_dates():
    # European usage: 07.03.2012 is the 7th of March, not July 3rd.
    assert only("Publication | 07.03.2012") == "2012-03-07"


def test_partial_dates_keep_their_precision():
    assert only("in February 2020 a delegation") == "2020-02"
    assert only("in prison since the end of January", PartialDate(2012, 3, 20)) == "2012-01"


def test_year_from_the_document_most_recent_not_after():
    reference = PartialDate(2012, 3, 7)
    assert only("on 23 January members", reference) == "2012-01-23"
    assert only("on 2 December police", reference) == "2011-12-02"


def test_no_year_is_invented_without_a_document_date():
    assert only("on 23 January members") is None


def test_false_dates_are_not_dates():
    for text in (
        "We may go",
        "Telefon: 030 227 79133",
        "ref. 2019/2345(RSP)",
        "Article 405, part 2",
        "May we ask",
    ):
        assert find_dates(text) == [], text


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_any_text_gives_valid_dates(text):
    for mention in find_dates(text):
        assert text[mention.start : mention.end] == mention.text
        resolved = mention.resolve(PartialDate(2020, 6, 1))
        if resolved is not None:
            assert PartialDate.parse(resolved.iso()) == resolved
