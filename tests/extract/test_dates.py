from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from casetrail.domain import PartialDate
from casetrail.extract.dates import days_after, find_dates, months_after, weekday_on_or_before


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
    # A comma between month and year: still that year's month, not the document's.
    assert only("attacked in November, 2016 on her way", PartialDate(2017, 2, 22)) == "2016-11"
    assert only("held since July, 2015.", PartialDate(2017, 2, 22)) == "2015-07"
    # A year alone at the end of a sentence.
    assert only("He was arrested in 2019. Then") == "2019"


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


# Dates relative to another: weekdays, "yesterday", "the next day".

THURSDAY = PartialDate(2022, 12, 8)


def resolved(
    text: str, reference: PartialDate | None, languages=("en",)
) -> list[tuple[str, str | None]]:
    return [
        (d.text, r.iso() if (r := d.resolve(reference)) else None)
        for d in find_dates(text, languages)
    ]


def test_a_weekday_is_the_latest_such_day_on_or_before_the_document_date():
    assert only("the court on Wednesday sentenced", THURSDAY) == "2022-12-07"
    assert only("his family said on Thursday", THURSDAY) == "2022-12-08"
    assert only("police came last Friday", THURSDAY) == "2022-12-02"


def test_a_weekday_needs_a_document_date_to_the_day():
    assert only("the court on Wednesday sentenced", None) is None
    assert only("the court on Wednesday sentenced", PartialDate(2022, 12)) is None


def test_weekdays_that_are_not_dates():
    # A weekday before a date is part of it; a range of opening hours is no date.
    assert only("On Saturday, 9th of March 2012, she") == "2012-03-09"
    assert find_dates("Office hours: Monday-Friday, 9.00-18.00") == []
    assert find_dates("Thursday's hearing") == []


def test_weekdays_in_every_language():
    for code, text in (
        ("fr", "Le tribunal l'a condamné jeudi à sept ans."),
        ("ru", "Суд в четверг приговорил его к семи годам."),
        ("de", "Das Gericht verurteilte ihn am Donnerstag zu sieben Jahren."),
        ("nl", "De rechtbank veroordeelde hem op donderdag tot zeven jaar."),
        ("nl", "De rechtbank veroordeelde hem donderdag tot zeven jaar."),
    ):
        [(_, found)] = resolved(text, THURSDAY, (code, "en"))
        assert found == "2022-12-08", (code, text)


def test_yesterday_counts_from_the_document_date():
    for code, word in (
        ("en", "yesterday"),
        ("ru", "вчера"),
        ("fr", "hier"),
        ("de", "gestern"),
        ("nl", "gisteren"),
    ):
        assert resolved(f"X {word} Y", THURSDAY, (code, "en")) == [(word, "2022-12-07")], code
        assert resolved(f"X {word} Y", None, (code, "en")) == [(word, None)], code
    assert resolved("avant-hier", THURSDAY, ("fr", "en")) == [("avant-hier", "2022-12-06")]


def test_the_next_day_counts_from_the_date_before_it_in_the_paragraph():
    for code, text, phrase in (
        ("en", "He was arrested on 5 May 2022. The next day he was charged.", "The next day"),
        ("fr", "Il a été arrêté le 5 mai 2022. Le lendemain, il a été inculpé.", "Le lendemain"),
        (
            "de",
            "Er wurde am 5. Mai 2022 festgenommen. Am nächsten Tag wurde er angeklagt.",
            "Am nächsten Tag",
        ),
        (
            "ru",
            "Его задержали 5 мая 2022 года. На следующий день ему предъявили обвинение.",
            "На следующий день",
        ),
        (
            "nl",
            "Hij werd op 5 mei 2022 gearresteerd. De volgende dag werd hij aangeklaagd.",
            "De volgende dag",
        ),
    ):
        found = resolved(text, None, (code, "en"))
        assert found[-1] == (phrase, "2022-05-06"), (code, found)


def test_the_next_day_after_a_yearless_date_takes_the_document_year():
    assert resolved("arrested on 30 April; the following day charged", THURSDAY)[-1] == (
        "the following day",
        "2022-05-01",
    )
    assert resolved("arrested on 30 April; the following day charged", None)[-1] == (
        "the following day",
        None,
    )


def test_the_next_day_in_a_chain_and_without_a_date_before_it():
    text = "Arrested on 5 May 2022. The next day he was charged. The next day he was beaten."
    assert [r for _, r in resolved(text, None)] == ["2022-05-05", "2022-05-06", "2022-05-07"]
    # The date before it is in another paragraph, or not known to the day: unknown.
    assert resolved("Arrested on 5 May 2022.\n\nThe next day he was charged.", None)[-1] == (
        "The next day",
        None,
    )
    assert resolved("Arrested in May 2022. The next day he was charged.", None)[-1] == (
        "The next day",
        None,
    )
    assert resolved("The next day he was charged.", THURSDAY) == [("The next day", None)]


def test_the_day_after_an_event_is_not_the_next_day():
    assert find_dates("the day after his arrest") == []
    assert find_dates("le lendemain de son arrestation", ("fr", "en")) == []
    found = resolved(
        "arrêté le 5 mai 2022 et inculpé le lendemain de « participation »", None, ("fr", "en")
    )
    assert found[-1] == ("le lendemain", "2022-05-06")


_DAYS = st.dates(min_value=date(1900, 1, 8), max_value=date(2099, 12, 24))


@settings(max_examples=300, deadline=None)
@given(_DAYS, st.integers(min_value=0, max_value=6))
def test_a_weekday_resolves_to_that_weekday_within_six_days_before(day, weekday):
    found = weekday_on_or_before(PartialDate(day.year, day.month, day.day), weekday)
    assert found is not None
    as_date = date(found.year, found.month, found.day)
    assert as_date.weekday() == weekday
    assert 0 <= (day - as_date).days <= 6


@settings(max_examples=200, deadline=None)
@given(
    st.integers(min_value=1900, max_value=2099),
    st.one_of(st.none(), st.integers(min_value=1, max_value=12)),
    st.integers(min_value=0, max_value=6),
)
def test_a_weekday_against_a_partial_date_is_unknown(year, month, weekday):
    assert weekday_on_or_before(PartialDate(year, month), weekday) is None
    assert weekday_on_or_before(None, weekday) is None


@settings(max_examples=300, deadline=None)
@given(_DAYS, st.integers(min_value=-3, max_value=3))
def test_days_after_moves_by_that_many_days(day, days):
    found = days_after(PartialDate(day.year, day.month, day.day), days)
    assert found is not None
    assert date(found.year, found.month, found.day) - day == timedelta(days=days)
    assert days_after(PartialDate(day.year, day.month), days) is None


@settings(max_examples=200, deadline=None)
@given(
    _DAYS,
    st.sampled_from(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]),
)
def test_on_a_weekday_in_text_resolves_to_that_weekday(day, name):
    [mention] = find_dates(f"police said on {name} that")
    found = mention.resolve(PartialDate(day.year, day.month, day.day))
    as_date = date(found.year, found.month, found.day)
    assert as_date.strftime("%A") == name and 0 <= (day - as_date).days <= 6


def test_last_weekday_is_never_the_document_day_itself():
    assert only("police came last Thursday", THURSDAY) == "2022-12-01"
    for code, text in (
        ("fr", "La police est venue jeudi dernier."),
        ("de", "Die Polizei kam am vergangenen Donnerstag."),
        ("nl", "De politie kwam afgelopen donderdag."),
        ("ru", "Полиция пришла в прошлый четверг."),
    ):
        [(_, found)] = resolved(text, THURSDAY, (code, "en"))
        assert found == "2022-12-01", (code, text)


@settings(max_examples=300, deadline=None)
@given(_DAYS, st.integers(min_value=-30, max_value=30))
def test_months_after_moves_by_that_many_months(day, months):
    found = months_after(PartialDate(day.year, day.month, day.day), months)
    assert found is not None and found.day is None
    assert (found.year * 12 + found.month) - (day.year * 12 + day.month) == months
    assert months_after(PartialDate(day.year), months) is None


def test_last_month_and_last_year_count_from_the_document_date():
    reference = PartialDate(2009, 10, 20)
    assert only("He was jailed last month for", reference) == "2009-09"
    assert only("jailed last month", PartialDate(2010, 1, 5)) == "2009-12"
    assert only("arrested last year in", reference) == "2008"
    assert only("detained in January last year", reference) == "2008-01"
    assert only("on 5 March of this year", reference) == "2009-03-05"
    assert only("jailed last month") is None
    for code, text, iso in (
        ("ru", "задержан в январе прошлого года", "2008-01"),
        ("de", "im vergangenen Jahr verhaftet", "2008"),
        ("fr", "arrêté le mois dernier", "2009-09"),
        ("pl", "aresztowany w marcu ubiegłego roku", "2008-03"),
        ("nl", "vorig jaar gearresteerd", "2008"),
    ):
        [mention] = find_dates(text, (code,))
        assert mention.resolve(reference).iso() == iso, (code, text)


def test_a_german_year_after_the_auxiliary_is_a_date():
    # German often drops "im Jahr": "wurde 2014 ... verurteilt", "Ende 2014".
    for text in ("Er wurde 2014 zu elf Jahren Haft verurteilt.", "Ende 2014 kam er frei."):
        [mention] = find_dates(text, ("de",))
        assert mention.resolve(None).iso() == "2014", text
