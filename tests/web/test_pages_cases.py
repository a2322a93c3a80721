"""The case pages (search, persons table and CSV, person page) against a real server; and the
pieces they are drawn with (search snippets, the timeline SVG, CSV cells) as units."""

from __future__ import annotations

import csv
import html
import io
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casetrail import resolution
from casetrail.derive import ALERT_KINDS, build_timeline
from casetrail.domain import Extractor, PartialDate
from casetrail.present.web import pages_cases
from casetrail.present.web.pages_cases import (
    conflict_claims,
    csv_cell,
    highlight_snippet,
    new_markers,
)
from casetrail.present.web.pages_work import ALERT_TITLES
from casetrail.present.web.templating import options
from casetrail.present.web.timeline_svg import kept_timeline_svg, timeline_svg
from casetrail.store import Store
from casetrail.store.read_model import DocumentRef, EventFact, Source
from tests.derive.builders import SEEDS, Person, write
from tests.web.conftest import PASSWORDS, Server, casetrail, start_server

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = "<script>alert(1)</script> ]]> <img src=x onerror=alert(2)> \"q\" & 'a'"
EVIDENCE_LINK = re.compile(r'href="/documents/(\d+)\?start=(\d+)&amp;end=(\d+)#evidence"')
needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason="the dev documents are not here")


class Page(HTMLParser):
    """A page as a browser reads it: every start tag with its attributes, and the text."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text = ""
        self.feed(page)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text += data

    def problems(self) -> list[str]:
        """Markup that document text could have smuggled in."""
        found = []
        for tag, attributes in self.tags:
            if tag == "script" and attributes.get("src") != "/static/app.js":
                found.append(f"a script: {attributes}")
            if tag in ("img", "iframe", "object", "embed"):
                found.append(f"an {tag}")
            found += [f"{tag} has {name}" for name in attributes if name.startswith("on")]
            if "style" in attributes or tag == "style":
                found.append(f"an inline style on {tag}")
        return found


# Units: search snippets ---------------------------------------------------------------------


def test_a_snippet_is_escaped_and_only_the_markers_become_marks() -> None:
    start, end = markers = new_markers()
    snippet = f"…{start}<script>alert(1)</script>{end} ]]> <b>{start}Sokolova{end}&amp;…"
    found = highlight_snippet(snippet, markers)
    assert found == (
        "…<mark>&lt;script&gt;alert(1)&lt;/script&gt;</mark> ]]&gt; &lt;b&gt;"
        "<mark>Sokolova</mark>&amp;amp;…"
    )


def test_snippet_markers_are_balanced_whatever_their_order() -> None:
    start, end = markers = new_markers()
    assert highlight_snippet(f"{end}a{start}b{start}c", markers) == "a<mark>bc</mark>"


def test_document_text_cannot_forge_a_mark() -> None:
    markers = new_markers()
    assert markers != new_markers()
    assert highlight_snippet("<mark>x</mark>", markers) == "&lt;mark&gt;x&lt;/mark&gt;"


@settings(max_examples=300)
@given(
    st.lists(
        st.one_of(
            st.text(),
            st.sampled_from(["<", ">", "&", "<mark>", "</mark>", "]]>", "<script>"]),
            st.just("START"),
            st.just("END"),
        )
    )
)
def test_a_highlighted_snippet_holds_no_markup_but_marks(pieces: list[str]) -> None:
    start, end = markers = new_markers()
    snippet = "".join(start if p == "START" else end if p == "END" else p for p in pieces)
    found = str(highlight_snippet(snippet, markers))
    bare = found.replace("<mark>", "").replace("</mark>", "")
    assert "<" not in bare and ">" not in bare
    assert html.unescape(bare) == "".join(p for p in pieces if p not in ("START", "END"))
    assert found.count("<mark>") == found.count("</mark>")


def test_the_options_of_a_review_form_are_escaped_and_made_once() -> None:
    found = options(["ill_treated", "<b>"])
    assert found == (
        '<option value="ill_treated">ill treated</option>'
        '<option value="&lt;b&gt;">&lt;b&gt;</option>'
    )
    assert options(iter(["ill_treated", "<b>"])) is found  # one string for every form


def test_csv_cells_that_a_spreadsheet_would_run_are_defused() -> None:
    assert [csv_cell(v) for v in ("=1+2", "+1", "-1", "@SUM(A1)", "Anna", None, 3)] == [
        "'=1+2",
        "'+1",
        "'-1",
        "'@SUM(A1)",
        "Anna",
        "",
        "3",
    ]


# Units: the timeline SVG ---------------------------------------------------------------------


def _event(
    id_: int,
    type_: str,
    when: str | None,
    quote: str,
    *,
    document_date: str | None = "2021-06-01",
    from_document: bool = False,
) -> EventFact:
    document = DocumentRef(
        id_,
        f"{HOSTILE} title",
        PartialDate.parse(document_date) if document_date else None,
        "letter",
        "/x.txt",
    )
    return EventFact(
        id_,
        "p",
        id_,
        document,
        type_,  # type: ignore[arg-type]
        PartialDate.parse(when) if when else None,
        from_document,
        quote,
        10 * id_,
        10 * id_ + len(quote),
        quote,
        Extractor("test", "1"),
        None,
    )


def _link(source: Source) -> str:
    return f"/documents/{source.document.id}?start={source.start}&end={source.end}#evidence"


def test_the_timeline_svg_escapes_every_text_and_marks_dates_by_kind() -> None:
    events = [
        _event(1, "arrested", "2020-05-14", HOSTILE),
        _event(2, "sentenced", "2020-11", "sentenced to 6 years"),
        _event(3, "harassed", "2021-06-01", "summoned", from_document=True),
        _event(4, "imprisoned", None, "in prison ]]>", document_date=None),
        _event(5, "released", "2021-03-02", "freed\x00 \x1b"),
    ]
    timeline = build_timeline("p", HOSTILE, events)
    svg = timeline_svg(timeline, date(2021, 1, 1), _link)
    assert svg is not None
    root = ET.fromstring(svg)  # well-formed XML: nothing broke out of a text or an attribute
    assert root.tag == f"{SVG}svg"
    every = list(root.iter())
    assert not [e for e in every if e.tag in (f"{SVG}script", f"{SVG}style", f"{SVG}foreignObject")]
    assert not [
        e for e in every if "style" in e.attrib or any(a.startswith("on") for a in e.attrib)
    ]
    assert "<script" not in svg and "]]>" not in svg and "<img" not in svg
    assert root.find(f"{SVG}title").text == f"Timeline of {HOSTILE}"
    links = root.findall(f"{SVG}a")
    assert [a.get("href") for a in links] == [_link(e.source) for e in timeline_entries(events)]
    tooltips = [a.find(f"{SVG}title").text for a in links]
    assert any(HOSTILE in text for text in tooltips)
    marks = {
        next(c for c in ("tl-dated", "tl-document-date", "tl-undated") if c in m.get("class"))
        for a in links
        for m in a.iter()
        if "tl-mark" in (m.get("class") or "")
    }
    assert marks == {"tl-dated", "tl-document-date", "tl-undated"}
    # A date known to the month is drawn as a bar over the month.
    assert any("tl-range" in (e.get("class") or "") for e in links[1].iter())
    assert "\x00" not in svg and "\x1b" not in svg


def timeline_entries(events: list[EventFact]) -> list[EventFact]:
    return [entry.event for entry in build_timeline("p", "P", events).entries]


def test_the_timeline_svg_draws_one_mark_per_spot_however_many_events() -> None:
    """2,000 events on 50 days of two lanes: one mark per day and lane, linking to the first
    event's quote and counting the others, not 2,000 marks (a prisoner named in thousands
    of documents has as many events)."""
    days = [date(2020, 1, 1).toordinal() + 15 * i for i in range(50)]
    events = [
        _event(
            id_,
            ("arrested", "sentenced")[id_ // 50 % 2],
            date.fromordinal(days[id_ % 50]).isoformat(),
            f"quote {id_}",
        )
        for id_ in range(1, 2001)
    ]
    timeline = build_timeline("p", "P", events)
    svg = timeline_svg(timeline, date(2022, 6, 1), _link)
    assert svg is not None
    links = ET.fromstring(svg).findall(f"{SVG}a")
    assert len(links) <= 100
    first: dict[tuple[str, PartialDate | None], EventFact] = {}
    for entry in timeline.entries:
        first.setdefault((entry.event.type, entry.date), entry.event)
    assert {a.get("href") for a in links} == {_link(e.source) for e in first.values()}
    tooltips = [a.find(f"{SVG}title").text for a in links]
    assert all(text.startswith("20 events here") for text in tooltips)
    assert all(f"“{e.quote}”" in " ".join(tooltips) for e in first.values())
    assert len(svg) < 250_000  # 2,000 tooltips with their documents' titles: 800 kB


def test_the_drawing_of_a_long_timeline_is_kept_until_it_is_built_again() -> None:
    """A prisoner named in thousands of documents: their page drew the timeline on each
    request (0.1-0.4 s); it is drawn again for another day or another timeline only."""
    events = [
        _event(id_, "arrested", date.fromordinal(737425 + 7 * (id_ % 60)).isoformat(), "held")
        for id_ in range(1, 1201)
    ]
    timeline = build_timeline("p", "P", events)
    day, later = date(2020, 6, 1), date(2020, 9, 1)  # within the events: drawn as a line
    drawn = kept_timeline_svg(timeline, day, _link)
    assert drawn is not None and drawn == timeline_svg(timeline, day, _link)
    assert kept_timeline_svg(timeline, day, _link) is drawn
    assert kept_timeline_svg(timeline, later, _link) == timeline_svg(timeline, later, _link)
    assert timeline_svg(timeline, later, _link) != drawn  # the day's line moved
    fewer = build_timeline("p", "P", events[:-1])
    assert kept_timeline_svg(fewer, day, _link) == timeline_svg(fewer, day, _link) != drawn


def test_a_mark_standing_for_several_events_is_ringed_when_one_is_in_conflict() -> None:
    events = [
        _event(1, "arrested", "2020-05-14", "held"),
        _event(2, "arrested", "2020-05-14", "held again"),
        _event(3, "arrested", "2020-05-15", "detained on the 15th"),
        _event(4, "sentenced", "2021-01-10", "sentenced"),
    ]
    timeline = build_timeline("p", "P", events)
    assert {3} <= timeline.conflicting_event_ids
    svg = timeline_svg(timeline, date(2022, 1, 1), _link)
    assert svg is not None
    links = ET.fromstring(svg).findall(f"{SVG}a")
    rings = [a for a in links if any(m.get("class") == "tl-conflict" for m in a.iter())]
    assert {a.get("href") for a in links} == {_link(events[0].source), _link(events[3].source)}
    [ringed] = rings
    assert ringed.get("href") == _link(events[0].source)
    assert "3 events here" in ringed.find(f"{SVG}title").text


def test_a_conflict_of_hundreds_of_events_quotes_each_claim_and_counts_the_rest() -> None:
    """400 documents dating an arrest 14 May and one the 20th: the page quotes both dates,
    not 401 quotes side by side; the conflict itself names every document."""
    events = [_event(id_, "arrested", "2020-05-14", f"held {id_}") for id_ in range(1, 401)]
    events.append(_event(401, "arrested", "2020-05-20", "held on the 20th"))
    [conflict] = build_timeline("p", "P", events).conflicts
    assert len(conflict.events) == 401 and "#401" in conflict.message and "#1," in conflict.message
    shown, others = conflict_claims(conflict)
    assert len(shown) == 10 and others == 391
    assert {e.date for e in shown} == {PartialDate(2020, 5, 14), PartialDate(2020, 5, 20)}
    assert shown == [e for e in conflict.events if e in shown]  # in the conflict's order
    few = [e for e in events[:3]] + [events[-1]]
    [small] = build_timeline("p", "P", few).conflicts
    assert conflict_claims(small) == (list(small.events), 0)
    terms = [_event(i, "sentenced", None, "sentenced to 6 years") for i in range(1, 30)]
    terms.append(_event(30, "sentenced", None, "sentenced to 7 years"))
    [disputed] = build_timeline("p", "P", terms).conflicts
    shown, others = conflict_claims(disputed)
    assert disputed.kind == "term" and others == 20 and shown[-1].quote == "sentenced to 7 years"


def test_an_empty_timeline_draws_nothing() -> None:
    assert timeline_svg(build_timeline("p", "P", []), date(2021, 1, 1), _link) is None


# Against the real server ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def vera(server: Server) -> Iterator[httpx.Client]:
    client = server.browser_session("vera")
    yield client
    client.close()


@pytest.mark.parametrize(
    "path", ["/", "/search?q=Sokolova", "/persons", "/persons.csv", "/persons/natalia-sokolova"]
)
def test_every_case_page_needs_a_login(server: Server, path: str) -> None:
    with server.client() as client:
        response = client.get(path)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login?next=")


def test_the_start_redirects_to_search_which_shows_what_the_database_holds(
    vera: httpx.Client,
) -> None:
    response = vera.get("/")
    assert response.status_code == 303 and response.headers["location"] == "/search"
    page = vera.get("/search")
    assert page.status_code == 200
    assert re.search(r"<strong>[\d,]+</strong> documents", page.text)
    assert re.search(r"Counted at \d\d:\d\d:\d\d UTC", page.text)


def test_the_start_counts_are_counted_again_once_they_are_older_than_the_window(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Store.open(f"sqlite:///{tmp_path / 'cases.db'}") as store:
        write(store, "A letter", "2024-03-02", [Person("Ilse Marven", "ilse-marven")])
        counted_at, counts = pages_cases._start_counts(store)
        assert counts["documents"] == 1 and counts["persons"] == 1
        write(store, "Another", "2024-03-03", [Person("Oren Talvik", "oren-talvik")])
        assert pages_cases._start_counts(store) == (counted_at, counts)  # within the window
        monkeypatch.setattr(pages_cases, "START_COUNTS_SECONDS", 0.0)
        recounted_at, recounted = pages_cases._start_counts(store)
        assert recounted_at > counted_at
        assert recounted["documents"] == 2 and recounted["persons"] == 2


@needs_seeds
def test_search_finds_the_person_and_documents_with_highlights(vera: httpx.Client) -> None:
    response = vera.get("/search", params={"q": "Sokolova"})
    assert response.status_code == 200
    assert 'href="/persons/natalia-sokolova"' in response.text
    # Taken as the person: her mentions are marked, whatever the spelling.
    assert re.search(r"Taken to mean\s*<a href=\"/persons/natalia-sokolova\">", response.text)
    assert {"<mark>Natalya Sokolova</mark>", "<mark>Natalia Sokolova</mark>"} <= set(
        re.findall(r"<mark>[^<]*</mark>", response.text)
    )
    assert len(re.findall(r'<article class="card cases-hit">', response.text)) >= 2
    assert not Page(response.text).problems()
    # The words as written, on request.
    literal = vera.get("/search", params={"q": "Sokolova", "literal": "1"}).text
    assert "<mark>Sokolova</mark>" in literal and "Taken to mean" not in literal
    assert 'href="/search?q=Sokolova">Search for the person' in literal


@needs_seeds
@pytest.mark.parametrize("query", ["Natalia Sokolova", "Наталья Соколова", "Соколовой"])
def test_search_by_any_spelling_lists_the_same_documents(vera: httpx.Client, query: str) -> None:
    page = vera.get("/search", params={"q": query}).text
    assert _hits(page) == _hits(vera.get("/search", params={"q": "Natalya Sokolova"}).text)
    assert len(_hits(page)) >= 2


def test_search_finds_a_name_written_in_another_script(vera: httpx.Client) -> None:
    page = vera.get("/search", params={"q": "Shulga"}).text
    assert re.search(r'<a href="/persons/[^"]+">Виталий Шульга</a>', page)
    table = vera.get("/persons", params={"q": "shulga"}).text
    assert [row[1] for row in _rows(table)] == ["Виталий Шульга"]


def _hits(page: str) -> list[str]:
    """The meta line (#id · date · kind) of each document listed."""
    return re.findall(r'<p class="muted small">(#\d+ · [^<]*)</p>', page)


def _facet_links(page: str, facet: str) -> dict[str, str]:
    return {
        html.unescape(value): html.unescape(link)
        for link, value in re.findall(
            rf'<a href="(/search\?[^"]*{facet}=[^"]*)"[^>]*>([^<]+)</a>', page
        )
    }


@needs_seeds
def test_facets_count_and_filter_the_results(vera: httpx.Client) -> None:
    page = vera.get("/search", params={"q": "Sokolova"}).text
    everything = _hits(page)
    years = _facet_links(page, "year")
    assert "2012" in years and "undated" in years
    for year, link in years.items():
        count = int(re.search(rf">{year}</a> <span class=\"count\">(\d+)<", page)[1])
        narrowed = vera.get(link).text
        hits = _hits(narrowed)
        assert hits and all(f" · {year} · " in hit or f" · {year}-" in hit for hit in hits)
        assert set(hits) < set(everything)
        persons = len(re.findall(r'<li>\s*<a href="/persons/', narrowed))
        assert count == len(hits) + persons
        # The chosen value is marked, and choosing it again removes the filter.
        assert 'class="selected"' in narrowed
    kinds = _facet_links(page, "kind")
    narrowed = vera.get(kinds["resolution"]).text
    assert _hits(narrowed) and all(hit.endswith("· resolution") for hit in _hits(narrowed))


def test_search_rejects_unknown_facet_values(vera: httpx.Client) -> None:
    response = vera.get("/search", params={"q": "x", "status": "<b>free</b>"})
    assert response.status_code == 400
    assert "status must be one of" in response.text and "<b>free" not in response.text


def _rows(page: str) -> list[tuple[str, str, str, str, str, str]]:
    """(person id, name, status, last mention, interventions, since) of each table row."""
    return [
        (pid, name, status, last, count, since)
        for pid, name, status, since, last, count in re.findall(
            r'<tr>\s*<td><a href="/persons/([^"]+)">([^<]*)</a></td>\s*<td>[^<]*</td>\s*'
            r'<td><span class="badge status-([a-z_]+)">[^<]*</span></td>\s*'
            r'<td[^>]*>([^<]*)</td>\s*<td[^>]*>([^<]*)</td>\s*<td class="number">(\d+)</td>',
            page,
        )
    ]


def _all_pages(client: httpx.Client, params: dict[str, str]) -> list[tuple[str, ...]]:
    found: list[tuple[str, ...]] = []
    page = 1
    while True:
        response = client.get("/persons", params=params | {"page": str(page)})
        assert response.status_code == 200
        rows = _rows(response.text)
        if not rows:
            return found
        found += rows
        page += 1


def test_the_persons_table_sorts_and_pages(vera: httpx.Client) -> None:
    params = {"role": "concern", "per_page": "7", "as_of": "2021-01-01"}
    by_name = _all_pages(vera, params)
    assert len(by_name) > 14
    names = [html.unescape(row[1]).casefold() for row in by_name]
    assert names == sorted(names)
    assert len({row[0] for row in by_name}) == len(by_name)  # pages do not overlap
    first = vera.get("/persons", params=params).text
    total = int(re.search(r"(\d+) persons?;", first)[1])
    assert total == len(by_name) and len(_rows(first)) == 7
    assert 'rel="next"' in first and 'rel="prev"' not in first

    descending = _all_pages(vera, params | {"order": "desc"})
    assert [row[0] for row in descending] == [row[0] for row in reversed(by_name)]
    counts = [
        int(row[4]) for row in _all_pages(vera, params | {"sort": "interventions", "order": "desc"})
    ]
    assert counts == sorted(counts, reverse=True)
    mentions = [row[3] for row in _all_pages(vera, params | {"sort": "last_mention"})]
    known = [m for m in mentions if m != "—"]
    assert known == sorted(known) and mentions == known + ["—"] * (len(mentions) - len(known))
    assert all(m <= "2021-01-01" for m in known)
    by_status = _all_pages(vera, params | {"sort": "status"})
    order = ["imprisoned", "house_arrest", "charged", "released", "deceased", "unknown"]
    ranks = [order.index(row[2]) for row in by_status]
    assert ranks == sorted(ranks) and sorted(by_status) == sorted(by_name)
    since = [row[5] for row in _all_pages(vera, params | {"sort": "since", "order": "desc"})]
    dated = [day for day in since if day != "—"]
    assert dated == sorted(dated, reverse=True) and since[len(dated) :] == ["—"] * (
        len(since) - len(dated)
    )
    imprisoned = _all_pages(vera, params | {"status": "imprisoned"})
    assert imprisoned and {row[2] for row in imprisoned} == {"imprisoned"}
    assert len(imprisoned) == ranks.count(0)


def test_the_persons_table_filters_by_name(vera: httpx.Client) -> None:
    rows = _rows(vera.get("/persons", params={"q": "bokayev"}).text)
    assert rows and all("bokayev" in html.unescape(row[1]).casefold() for row in rows)


def test_the_csv_has_every_row_of_the_view(vera: httpx.Client) -> None:
    params = {"role": "concern", "as_of": "2021-01-01", "sort": "status", "order": "desc"}
    shown = _all_pages(vera, params | {"per_page": "5"})
    response = vera.get("/persons.csv", params=params)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert response.headers["content-disposition"].startswith("attachment;")
    table = list(csv.reader(io.StringIO(response.text)))
    assert table[0] == [
        "id",
        "name",
        "roles",
        "status",
        "as_of",
        "since",
        "last_confirmed",
        "last_mention",
        "interventions",
        "article",
        "term",
        "regime",
        "place",
        "expected_release",
    ]
    assert [(r[0], r[3], r[8]) for r in table[1:]] == [(r[0], r[2], r[4]) for r in shown]
    assert {r[4] for r in table[1:]} == {"2021-01-01"}


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"as_of": "2012-13-01"}, "as_of must be a day written YYYY-MM-DD"),
        ({"as_of": "yesterday"}, "as_of must be a day written YYYY-MM-DD"),
        ({"sort": "age"}, "sort must be one of"),
        ({"status": "free"}, "status must be one of"),
        ({"page": "0"}, "page: Input should be greater than or equal to 1"),
        ({"per_page": "100000"}, "per_page must be between 1 and"),
        ({"page": "two"}, "page"),
        ({"article": "four hundred"}, "article must be written like 405 or 405.2"),
        ({"release": "next year"}, "release must be written like 2025 or 2025-01"),
    ],
)
def test_bad_parameters_get_a_clear_400_page(
    vera: httpx.Client, params: dict[str, str], message: str
) -> None:
    for path in ("/persons", "/persons.csv"):
        if path.endswith(".csv") and "page" in str(params):
            continue
        response = vera.get(path, params=params)
        assert response.status_code == 400, path
        assert message in html.unescape(response.text)
        assert "Traceback" not in response.text


def _case_cells(page: str) -> dict[str, list[str]]:
    """The case columns (article, term, regime, place, expected release) by person id."""
    rows = re.findall(r'<tr>\s*<td><a href="/persons/([^"]+)">.*?</tr>', page, re.S)
    cells = re.findall(
        r'<tr>\s*<td><a href="/persons/[^"]+">.*?<td class="number">\d+</td>(.*?)</tr>', page, re.S
    )
    return {
        pid: [html.unescape(c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        for pid, row in zip(rows, cells, strict=True)
    }


def test_the_persons_table_filters_and_sorts_by_the_case(vera: httpx.Client) -> None:
    found = _case_cells(vera.get("/persons", params={"article": "405"}).text)
    assert found and all("405" in cells[0] for cells in found.values()), found
    assert any(cells[1] == "5 years" for cells in found.values()), found
    params = {"sort": "expected_release", "per_page": "100"}
    ending = _case_cells(
        vera.get("/persons", params=params | {"release": "2025", "order": "desc"}).text
    )
    releases = [cells[4] for cells in ending.values()]
    assert releases and all(r.startswith("2025") for r in releases)
    assert releases == sorted(releases, reverse=True)
    everyone = _case_cells(vera.get("/persons", params=params | {"release": ""}).text)
    known = [cells[4] for cells in everyone.values() if cells[4] != "—"]
    assert known == sorted(known) and list(everyone.values())[-1][4] == "—"


def test_the_person_page_shows_the_case_with_its_sources(vera: httpx.Client) -> None:
    page = html.unescape(vera.get("/persons/mikalai-hrynkevich").text)
    assert "Expected end of the sentence" in page and "estimate: verdict of" in page
    assert re.search(r"4 years, imprisonment, general regime[^<]*<a class=\"cite\"", page)


def _status(client: httpx.Client, as_of: str) -> str:
    page = client.get("/persons/natalia-sokolova", params={"as_of": as_of})
    assert page.status_code == 200
    return re.search(r'<p class="cases-status"><span class="badge status-([a-z_]+)"', page.text)[1]


@needs_seeds
def test_the_person_page_gives_the_status_as_of_a_day(vera: httpx.Client) -> None:
    assert _status(vera, "2012-04-01") == "released"
    assert _status(vera, "2012-01-01") == "imprisoned"


@needs_seeds
def test_the_person_page_draws_the_timeline_and_links_every_quote(vera: httpx.Client) -> None:
    response = vera.get("/persons/natalia-sokolova", params={"as_of": "2012-04-01"})
    page = response.text
    svg = re.search(
        r"<svg xmlns=\"http://www.w3.org/2000/svg\"[^>]*class=\"timeline\".*?</svg>", page, re.S
    )
    assert svg is not None
    root = ET.fromstring(svg[0])
    assert len(root.findall(f"{SVG}a")) >= 5
    links = EVIDENCE_LINK.findall(page)
    assert len(links) >= 5 and all(int(start) < int(end) for _, start, end in links)
    # The deciding evidence of "released" is the release on 9 March 2012, quoted and linked.
    deciding = page.split("Deciding evidence", 1)[1].split("</ol>", 1)[0]
    assert "2012-03-09" in deciding and EVIDENCE_LINK.search(deciding)
    assert "Natalia Sokolova" in page and "Natalya Sokolova" in page  # both spellings
    assert 'href="/advocates/' in page  # the advocacy record names its advocates
    assert not Page(page).problems()


@needs_seeds
def test_the_person_page_opens_on_the_status_and_folds_the_long_sections(
    vera: httpx.Client,
) -> None:
    page = vera.get("/persons/natalia-sokolova").text
    sections = re.findall(
        r'<details class="card cases-section"( open)?>\s*<summary><h2 id="(\w+)"', page
    )
    assert [name for _, name in sections][:2] == ["status", "alerts"]
    folded = {name for opened, name in sections if not opened}
    assert {"advocacy", "names"} <= folded and "status" not in folded
    assert "<script>" not in page and " style=" not in page  # folding needs neither


def test_an_unknown_person_is_404(vera: httpx.Client) -> None:
    response = vera.get("/persons/no-such-person")
    assert response.status_code == 404
    assert "no person" in html.unescape(response.text)


# A database of hostile text -------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server over fictional documents whose names, titles and quotes are markup and
    formulas; one person merged into another."""
    folder: Path = tmp_path_factory.mktemp("hostile")
    url = f"sqlite:///{folder / 'cases.db'}"
    with Store.open(url) as store:
        write(
            store,
            f"Appeal {HOSTILE}",
            "2020-03-01",
            [
                Person(
                    f"=cmd|' /C calc'!A0 {HOSTILE} Zorro",
                    "hostile-person",
                    events=[("arrested", "2020-01-02", f"arrested {HOSTILE} on 2 January")],
                ),
                Person("Agatha Writer", "agatha-writer", role="advocate"),
            ],
            demands=[("release", [0], f"We demand the release {HOSTILE}")],
        )
        write(store, "Later note", "2020-06-01", [Person("Zorro Twin", "zorro-twin")])
        resolution.merge(store, "hostile-person", "zorro-twin", "tester")
    role, password = PASSWORDS["vera"]
    added = casetrail("user", "add", "vera", "--role", role, "--db", url, stdin=password + "\n")
    assert added.returncode == 0, added.stderr
    runner = start_server(url)
    yield Server(next(runner), url)
    runner.close()


@pytest.fixture(scope="module")
def hostile_vera(hostile: Server) -> Iterator[httpx.Client]:
    client = hostile.browser_session("vera")
    yield client
    client.close()


@pytest.mark.parametrize(
    "path",
    [
        "/persons/hostile-person",
        "/persons?q=zorro",
        "/search?q=Zorro",
        "/search?q=alert+script",
        "/search?q=script&role=concern",
    ],
)
def test_hostile_names_titles_and_quotes_are_escaped(hostile_vera: httpx.Client, path: str) -> None:
    response = hostile_vera.get(path)
    assert response.status_code == 200
    assert not Page(response.text).problems()
    assert "<script>alert(1)" not in response.text and "<img src=x" not in response.text
    assert "Zorro" in response.text or "alert" in response.text


def test_hostile_search_hits_are_marked_but_escaped(hostile_vera: httpx.Client) -> None:
    page = hostile_vera.get("/search", params={"q": "alert"}).text
    assert "&lt;script&gt;<mark>alert</mark>(1)&lt;/script&gt;" in page


def test_the_csv_defuses_formulas_from_documents(hostile_vera: httpx.Client) -> None:
    table = list(csv.reader(io.StringIO(hostile_vera.get("/persons.csv").text)))
    names = {row[0]: row[1] for row in table[1:]}
    assert names["hostile-person"].startswith("'=cmd|")


def test_a_merged_person_id_redirects_to_the_person(hostile_vera: httpx.Client) -> None:
    response = hostile_vera.get("/persons/zorro-twin", params={"as_of": "2020-02-01"})
    assert response.status_code in (301, 307, 308)
    assert response.headers["location"] == "/persons/hostile-person?as_of=2020-02-01"
    page = hostile_vera.get(response.headers["location"]).text
    assert 'class="badge status-imprisoned"' in page


def test_status_views_follow_changes_to_the_database(
    hostile: Server, hostile_vera: httpx.Client
) -> None:
    def status(**params: str) -> dict[str, str]:
        page = hostile_vera.get("/persons", params={"as_of": "2020-12-31", **params}).text
        return {row[0]: row[2] for row in _rows(page)}

    assert status(sort="status")["hostile-person"] == "imprisoned"
    assert status(sort="status", status="imprisoned").keys() == {"hostile-person"}
    with Store.open(hostile.db) as store:
        write(
            store,
            "Release note",
            "2020-09-01",
            [Person("Zorro", "hostile-person", events=[("released", "2020-08-01", "freed")])],
        )
    assert status(sort="status")["hostile-person"] == "released"
    assert status(sort="status", status="imprisoned") == {}


def test_every_alert_kind_has_a_title_on_the_alerts_page() -> None:
    assert set(ALERT_TITLES) == set(ALERT_KINDS)


# A person named in many documents: the long lists come a page at a time -----------------------

PROLIFIC_LETTERS = 23  # past a page of documents (20), their facts and 3 events each (69 > 50)


@pytest.fixture(scope="module")
def prolific(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server over letters about one fictional prisoner, each signed by one advocate."""
    url = f"sqlite:///{tmp_path_factory.mktemp('prolific') / 'cases.db'}"
    with Store.open(url) as store:
        for n in range(PROLIFIC_LETTERS):
            day = f"2020-{n % 12 + 1:02d}-{n + 1:02d}"
            events = [
                ("arrested", day, f"Mira Tosk was arrested again, time {n}."),
                ("charged", day, f"Mira Tosk was charged, time {n}."),
                ("hearing", day, f"Mira Tosk had a hearing, time {n}."),
            ]
            write(
                store,
                f"Letter {n}",
                day,
                [
                    Person("Mira Tosk", "mira-tosk", events=events),
                    Person(f"Fellow Prisoner {n}", f"fellow-{n:02d}"),
                    Person("Agatha Writer", "agatha-writer", role="advocate"),
                ],
            )
    role, password = PASSWORDS["vera"]
    added = casetrail("user", "add", "vera", "--role", role, "--db", url, stdin=password + "\n")
    assert added.returncode == 0, added.stderr
    runner = start_server(url)
    yield Server(next(runner), url)
    runner.close()


def _every_page(client: httpx.Client, path: str, next_link: str) -> list[str]:
    """The page at `path` and each page its `next_link` (a rel="next" pattern) leads to."""
    pages = [client.get(path).text]
    while found := re.search(next_link, pages[-1]):
        pages.append(client.get(html.unescape(found.group(1))).text)
    return pages


def test_a_long_person_page_lists_everything_a_page_at_a_time(prolific: Server) -> None:
    client = prolific.browser_session("vera")
    every = prolific.client("vera").get("/api/v1/persons/mira-tosk/facts").json()
    first = client.get("/persons/mira-tosk").text
    assert "arrested" in first.split("Deciding evidence", 1)[1].split("</ol>", 1)[0]
    # The documents' facts: 20 documents, then the 3 left, every fact of the API once.
    pages = _every_page(client, "/persons/mira-tosk", r'href="([^"]*#other-facts)" rel="next"')
    assert len(pages) == 2 and "documents 1–20 of 23" in pages[0]
    assert "documents 21–23 of 23" in pages[1]
    assert '<details class="card cases-section" id="other-facts" open>' in pages[1]
    shown = [
        fact
        for page in pages
        for fact in re.findall(r'data-fact="((?:role|demand|document-\w+):\d+)"', page)
    ]
    assert shown == [other["fact_id"] for other in every["others"]]
    # The events: 50, then 19, in timeline order, the status still decided by them all.
    pages = _every_page(client, "/persons/mira-tosk", r'href="([^"]*#timeline)" rel="next"')
    assert len(pages) == 2
    events = [f"event:{i}" for page in pages for i in re.findall(r'data-fact="(\d+)"', page)]
    assert events == [event["fact_id"] for event in every["events"]]
    assert len(events) == 3 * PROLIFIC_LETTERS
    assert all(Page(page).problems() == [] for page in pages)


def test_an_advocates_persons_are_counted_and_paged(prolific: Server) -> None:
    client = prolific.browser_session("vera")
    page = client.get("/advocates/agatha-writer").text
    assert f"Has written about ({PROLIFIC_LETTERS + 1})" in page
    rows = re.findall(r'<td><a href="/persons/([\w-]+)">', page)
    assert rows[0] == "mira-tosk" and len(rows) == PROLIFIC_LETTERS + 1
    assert page.count('href="/documents/') >= 2 * PROLIFIC_LETTERS  # each person's letters
    assert f"{PROLIFIC_LETTERS} naming them as author or signatory" in page
    person = client.get("/persons/agatha-writer").text
    assert "has written about (24)" in person
    assert "All 24 on the advocate page</a>" in person
