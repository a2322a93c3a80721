"""The document and advocate pages, against a real server; and the pure pieces they are drawn
with (highlighting spans of hostile text, the network SVG) as units."""

from __future__ import annotations

import hashlib
import html
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import closing
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casetrail.derive import find_person
from casetrail.present.web.highlight import Highlight, highlight
from casetrail.present.web.network_svg import Edge, Node, bipartite_svg
from casetrail.present.web.pages_documents import content_disposition
from casetrail.store import Store
from casetrail.store.accounts import audit_log
from casetrail.store.read_model import events
from tests.derive.builders import SAMPLES, SEEDS, Person, ingest, write
from tests.web.conftest import PASSWORDS, Server, casetrail, start_server

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE_NAME = "<img src=x onerror=alert(1)> \"O'Brien\" & <script>alert('x')</script>"


class Tree(HTMLParser):
    """A page read as a browser would: tags must close in order; the text of the element with
    a given id, the marks and links seen."""

    VOID = frozenset({"meta", "link", "input", "br", "img", "hr"})

    def __init__(self, page: str, target_id: str = "evidence") -> None:
        super().__init__()
        self.stack: list[str] = []
        self.problems: list[str] = []
        self.target_id = target_id
        self.target_depth: int | None = None
        self.target_text = ""
        self.found_target = False
        self.starts: list[tuple[str, dict[str, str | None]]] = []
        self.text = ""
        # Plain text: pieces of a Markup string stay Markup, and would escape what is added.
        self.feed(str(page))
        self.close()
        if self.stack:
            self.problems.append(f"left open: {self.stack}")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.starts.append((tag, found))
        if tag in self.VOID:
            return
        if tag == "a" and "a" in self.stack:
            self.problems.append("a link inside a link")
        self.stack.append(tag)
        if found.get("id") == self.target_id and self.target_depth is None:
            self.target_depth = len(self.stack)
            self.found_target = True

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.starts.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if tag in self.VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.stack[-1:]}")
            return
        if self.target_depth == len(self.stack):
            self.target_depth = None
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text += data
        if self.target_depth is not None:
            self.target_text += data


def strip_tags(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]*>", "", markup))


# Units: highlighting


def test_highlight_escapes_text_and_attributes() -> None:
    text = 'Dear <b>Sir</b> & "friends" <script>alert(1)</script>'
    out = highlight(text, [Highlight(5, 15, "person", "/persons/x", 'a "title" <i>')])
    assert "<b>" not in out and "<script>" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert 'title="a &quot;title&quot; &lt;i&gt;"' in out
    assert '<mark class="person" title="a &quot;title&quot; &lt;i&gt;"><a href="/persons/x">' in out
    assert strip_tags(out) == text


def test_highlight_nests_overlapping_spans() -> None:
    text = "0123456789"
    out = highlight(text, [Highlight(0, 6, "person"), Highlight(3, 9, "event")])
    assert out == (
        '<mark class="person">012<mark class="event">345</mark></mark>'
        '<mark class="event">678</mark>9'
    )
    inner = highlight(text, [Highlight(2, 4, "date"), Highlight(0, 8, "event")])
    assert inner == '<mark class="event">01<mark class="date">23</mark>4567</mark>89'


def test_highlight_ignores_bad_spans_and_links() -> None:
    text = "abcdef"
    out = highlight(
        text,
        [
            Highlight(4, 2, "person"),  # reversed
            Highlight(10, 20, "person"),  # beyond the text
            Highlight(-3, 2, "date"),  # clamped to 0..2
            Highlight(3, 5, 'x" onclick="alert(1)'),  # not a kind
            Highlight(2, 3, "person", "javascript:alert(1)"),
            Highlight(3, 4, "person", "//evil.example/"),
        ],
    )
    assert out == (
        '<mark class="date">ab</mark><mark class="person">c</mark><mark class="person">d</mark>ef'
    )
    assert highlight("", [Highlight(0, 1, "person")]) == ""


def test_highlight_keeps_the_evidence_whole_and_links_unnested() -> None:
    text = "Mr Ivan Petrov was arrested"
    out = highlight(
        text,
        [
            Highlight(0, 14, "person", "/persons/ivan-petrov"),
            Highlight(3, 7, "person", "/persons/ivan"),  # inside the first link: no link
            Highlight(8, 27, "evidence"),
            Highlight(15, 27, "event", None, "arrested"),
        ],
    )
    tree = Tree(out)
    assert not tree.problems
    assert tree.target_text == text[8:27]
    assert out.count('id="evidence"') == 1
    assert out.count("<a ") == 2  # the outer person link, reopened after the evidence starts


KINDS = ["person", "event", "date", "organisation", "evidence", "Bad Kind", 'x"y']
HREFS = [None, "/persons/a?b=1&c=2", "//evil", "javascript:alert(1)", '/x"><script>']


@settings(max_examples=400, deadline=None)
@given(
    text=st.text(
        alphabet=st.sampled_from("ab <>&\"'\n;#x/=\u00e9\u0416") | st.characters(), max_size=60
    ),
    spans=st.lists(
        st.builds(
            Highlight,
            st.integers(-5, 70),
            st.integers(-5, 70),
            st.sampled_from(KINDS),
            st.sampled_from(HREFS),
            st.none() | st.text(max_size=8),
        ),
        max_size=12,
    ),
)
def test_highlight_gives_back_the_text_well_nested(text: str, spans: list[Highlight]) -> None:
    out = highlight(text, spans)
    assert strip_tags(out) == text
    tree = Tree(out)
    assert not tree.problems, tree.problems
    assert all(tag in ("mark", "a") for tag, _ in tree.starts)
    for tag, attributes in tree.starts:
        if tag == "a":
            assert attributes["href"] in ("/persons/a?b=1&c=2", '/x"><script>')  # local only
    evidence = [
        (max(s.start, 0), min(s.end, len(text)))
        for s in spans
        if s.kind == "evidence" and max(s.start, 0) < min(s.end, len(text))
    ]
    assert tree.found_target == bool(evidence)
    if evidence:
        start, end = evidence[0]
        assert tree.target_text == text[start:end]


# Units: the network


def test_network_escapes_hostile_names() -> None:
    left = [Node("adv", HOSTILE_NAME + "\x00\x07", "/advocates/adv", f"tip {HOSTILE_NAME}")]
    right = [
        Node("p1", "Ivan Petrov", "/persons/p1"),
        Node("p2", "<b>bold</b>", "javascript:alert(1)"),
    ]
    edges = [Edge("adv", "p1", 3, HOSTILE_NAME), Edge("adv", "p2", 1), Edge("adv", "nobody", 9)]
    svg = bipartite_svg(left, right, edges, title=HOSTILE_NAME, headings=("<A>", "<B>"))
    assert "<script" not in svg and "<img" not in svg and "<b>" not in svg
    root = ET.fromstring(svg)  # well-formed XML, whatever the names
    assert root.tag == f"{SVG}svg"
    assert root.find(f"{SVG}title").text == HOSTILE_NAME
    links = root.findall(f".//{SVG}a")
    assert [link.get("href") for link in links] == ["/advocates/adv", "/persons/p1"]
    assert links[0].find(f"{SVG}title").text == f"tip {HOSTILE_NAME}"
    label = links[0].find(f"{SVG}text").text
    assert "\x00" not in label and label.startswith("<img src=x")
    assert len(root.findall(f".//{SVG}path")) == 2  # the edge to an unknown node is left out
    assert svg == bipartite_svg(left, right, edges, title=HOSTILE_NAME, headings=("<A>", "<B>"))


def test_network_draws_heavier_edges_thicker() -> None:
    left = [Node("a", "A"), Node("b", "B")]
    right = [Node("x", "X"), Node("y", "Y")]
    svg = bipartite_svg(left, right, [Edge("a", "x", 1), Edge("b", "y", 16)], title="t")
    classes = [path.get("class") for path in ET.fromstring(svg).iter(f"{SVG}path")]
    assert classes == ["edge w1", "edge w5"]


def test_content_disposition() -> None:
    assert content_disposition("letter.pdf") == 'attachment; filename="letter.pdf"'
    header = content_disposition('письмо "<i>"\r\n.txt')
    assert header.startswith("attachment; filename=\"i.txt\"; filename*=UTF-8''")
    assert unquote(header.split("''", 1)[1]) == 'письмо "<i>"\r\n.txt'
    assert "\r" not in header and "\n" not in header
    assert content_disposition("письмо.pdf").startswith('attachment; filename="document.pdf";')
    assert content_disposition("письмо.пдф").startswith('attachment; filename="document";')
    assert content_disposition("../../etc/passwd") == 'attachment; filename="passwd"'
    assert content_disposition("Zürich notes.md").startswith(
        'attachment; filename="Zurich_notes.md"'
    )


# Against the server of the shared database


@pytest.fixture(scope="module")
def store(server: Server) -> Iterator[Store]:
    with Store.open(server.db) as opened:
        yield opened


def test_pages_need_a_login(server: Server) -> None:
    with server.client() as client:
        for path in ("/documents", "/documents/1", "/documents/1/original", "/advocates"):
            response = client.get(path)
            assert response.status_code == 303, path
            assert response.headers["location"].startswith("/login?next=")


def test_documents_list_filters_and_pages(server: Server, store: Store) -> None:
    stored = store.documents()
    letters = {d.id for d in stored if d.kind == "letter"}
    with closing(server.client("vera")) as client:
        page = client.get("/documents", params={"kind": "letter", "year": "", "q": ""}).text
        listed = {int(i) for i in re.findall(r'<td><a href="/documents/(\d+)">\1</a>', page)}
        assert listed == letters
        assert f"{len(letters)} documents match" in page
        first = client.get("/documents", params={"per_page": 4}).text
        second = client.get("/documents", params={"per_page": 4, "page": 2}).text
        ids = [re.findall(r'<td><a href="/documents/(\d+)">\1</a>', p) for p in (first, second)]
        assert len(ids[0]) == len(ids[1]) == 4 and not set(ids[0]) & set(ids[1])
        assert 'href="/documents?page=2&amp;per_page=4"' in first
        undated = next(d for d in stored if d.date is None)
        assert re.search(
            rf'<td><a href="/documents/{undated.id}">{undated.id}</a></td>\s*'
            r'<td class="nowrap">date unknown</td>',
            client.get("/documents", params={"per_page": 500}).text,
        )
        dated = next(d for d in stored if d.date is not None)
        in_year = client.get("/documents", params={"year": dated.date.year}).text
        assert f'href="/documents/{dated.id}"' in in_year
        assert f'href="/documents/{undated.id}"' not in in_year
        bad = client.get("/documents", params={"year": "20x1"})
        assert bad.status_code == 400 and "year must be four digits" in bad.text
        assert client.get("/documents", params={"kind": "<x>"}).status_code == 400


def test_document_page_links_persons(server: Server, store: Store) -> None:
    seeds = [d for d in store.documents() if d.source.startswith(str(SEEDS))]
    if not seeds:
        pytest.skip("the dev documents are not here")
    persons = {p.id for p in store.persons()}
    with closing(server.client("vera")) as client:
        for summary in seeds:
            stored = store.document(summary.id)
            page = client.get(f"/documents/{summary.id}").text
            tree = Tree(page)
            assert not tree.problems, tree.problems
            text = page.split('<div class="doc-text">', 1)[1].split("</div>", 1)[0]
            assert strip_tags(text) == stored.document.raw.text
            linked = set(re.findall(r'<mark class="person"[^>]*><a href="/persons/([^"]+)">', text))
            expected = {r.record.person_id for r in stored.records if r.record.mentions} - {None}
            assert linked and linked <= persons
            assert linked == expected
    sokolova = find_person(store, "Natalia Sokolova")
    document = next(e.document.id for e in events(store, [sokolova]))
    with closing(server.client("vera")) as client:
        page = client.get(f"/documents/{document}").text
    assert re.search(rf'<mark class="person"[^>]*><a href="/persons/{sokolova}">', page)
    assert '<mark class="event" title="' in page


def test_evidence_link_highlights_the_quote(server: Server, store: Store) -> None:
    facts = events(store)[:25]
    assert facts
    with closing(server.client("vera")) as client:
        for fact in facts:
            response = client.get(
                f"/documents/{fact.document.id}", params={"start": fact.start, "end": fact.end}
            )
            assert response.status_code == 200
            tree = Tree(response.text)
            assert tree.found_target and not tree.problems
            assert tree.target_text == fact.quote
        outside = client.get(f"/documents/{facts[0].document.id}?start=5&end=999999999")
        assert outside.status_code == 200 and 'id="evidence"' not in outside.text
        assert "is not within this document" in outside.text
        assert client.get(f"/documents/{facts[0].document.id}?start=5").status_code == 400
        assert client.get(f"/documents/{facts[0].document.id}?start=-1&end=3").status_code == 400
        missing = client.get("/documents/987654")
        assert missing.status_code == 404 and "no document 987654" in missing.text


def test_original_download(server: Server, store: Store) -> None:
    on_disk = [d for d in store.documents() if d.source.startswith((str(SAMPLES), str(SEEDS)))]
    assert any(d.source.endswith(".pdf") for d in on_disk)
    with closing(server.client("vera")) as client:
        for summary in on_disk:
            response = client.get(f"/documents/{summary.id}/original")
            assert response.status_code == 200
            expected = hashlib.sha256(Path(summary.source).read_bytes()).hexdigest()
            assert hashlib.sha256(response.content).hexdigest() == expected, summary.source
            assert response.headers["content-disposition"].startswith("attachment; filename=")
            assert response.headers["x-content-type-options"] == "nosniff"
        pdf = next(d for d in on_disk if d.source.endswith(".pdf"))
        response = client.get(f"/documents/{pdf.id}/original")
        assert response.headers["content-type"] == "application/pdf"
        assert response.headers["content-disposition"] == (
            f'attachment; filename="{Path(pdf.source).name}"'
        )
        missing = client.get("/documents/987654/original")
        assert missing.status_code == 404 and "no document 987654" in missing.text
    _, entries = audit_log(store, limit=500)
    downloads = {(e.user, e.target) for e in entries if e.action == "download"}
    assert ("vera", f"document:{pdf.id}") in downloads


def test_advocates_page_draws_the_network(server: Server, store: Store) -> None:
    scholz = find_person(store, "Helmut Scholz")
    with closing(server.client("vera")) as client:
        page = client.get("/advocates").text
    assert not Tree(page).problems
    svg = ET.fromstring(re.search(r"<svg.*?</svg>", page, re.S).group(0))
    hrefs = [link.get("href") for link in svg.iter(f"{SVG}a")]
    assert f"/advocates/{scholz}" in hrefs
    assert any(href.startswith("/persons/") for href in hrefs)
    names = [text.text for text in svg.iter(f"{SVG}text")]
    assert "Helmut Scholz" in names
    assert re.search(rf'<td><a href="/advocates/{scholz}">Helmut Scholz</a></td>', page)
    total = int(re.search(r"All advocates \((\d+)\)", page).group(1))
    listed = re.findall(r'<td><a href="/advocates/([^"]+)">', page)
    assert len(listed) == min(total, 50) and scholz in listed
    with closing(server.client("vera")) as client:
        second = client.get("/advocates", params={"page": 2, "per_page": 3}).text
    assert len(re.findall(r'<td><a href="/advocates/([^"]+)">', second)) == min(3, total - 3)


def test_advocate_page_lists_whom_they_wrote_about(server: Server, store: Store) -> None:
    scholz = find_person(store, "Helmut Scholz")
    bokayev = find_person(store, "Maks Bokayev")
    with closing(server.client("vera")) as client:
        page = client.get(f"/advocates/{scholz}").text
        assert client.get("/advocates/nobody-at-all").status_code == 404
    written = page.split("Has written about", 1)[1].split("Who could co-sign", 1)[0]
    assert f'<a href="/persons/{bokayev}">Maks Bokayev</a>' in written
    assert re.search(r'<a href="/documents/\d+"', written)
    cosign = page.split("Who could co-sign", 1)[1]
    assert re.search(r'<a href="/advocates/[^"]+">', cosign)
    assert f'<a href="/advocates/{scholz}">' not in cosign


# Against a server of hostile documents


HOSTILE_TEXT = """Open letter on the case of <script>alert(1)</script>

Brussels, 3 March 2021

We, Members of the European Parliament, are deeply concerned about the journalist
Ivan Petrov, who was arrested on 1 February 2021 after writing "<img src=x onerror=alert(2)>".
<script>alert(1)</script> <a href="javascript:alert(3)">click</a>
We call for the immediate release of Ivan Petrov.

Anna Schmidt, Member of the European Parliament
"""
HOSTILE_HTML = """<html><head><title>Hostile &lt;script&gt;alert(4)&lt;/script&gt;</title>
<script>alert(5)</script><style>body{}</style></head>
<body><p onclick="alert(6)">The journalist Ivan Petrov was arrested on 1 February 2021.
&lt;script&gt;alert(7)&lt;/script&gt; <img src=x onerror=alert(8)></p></body></html>
"""
HOSTILE_FILE_NAME = 'письмо "<i>".txt'


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, dict[str, int]]]:
    folder = tmp_path_factory.mktemp("hostile")
    files = folder / "files"
    files.mkdir()
    (files / HOSTILE_FILE_NAME).write_text(HOSTILE_TEXT, encoding="utf-8")
    (files / "hostile.html").write_text(HOSTILE_HTML, encoding="utf-8")
    url = f"sqlite:///{folder / 'hostile.db'}"
    ingest([files], url)
    with Store.open(url) as opened:
        written = write(
            opened,
            "Not <b>kept</b>",
            "2021-03-04",
            [
                Person(HOSTILE_NAME, "hostile-advocate", "advocate", descriptors=["<b>S&D</b>"]),
                Person("Ivan <i>Petrov</i>", "ivan-petrov-hostile", "concern"),
            ],
            demands=[("release", [1], "We demand <script>alert(9)</script> his release.")],
        )
        ids = {Path(summary.source).name: summary.id for summary in opened.documents()}
        ids["written"] = written
    role, password = PASSWORDS["vera"]
    result = casetrail("user", "add", "vera", "--role", role, "--db", url, stdin=password + "\n")
    assert result.returncode == 0, result.stderr
    runner = start_server(url)
    yield Server(next(runner), url), ids
    runner.close()


def _only_own_script(page: str) -> None:
    assert re.findall(r"<script\b[^>]*>", page, re.I) == ['<script src="/static/app.js" defer>']
    tree = Tree(page)
    assert not tree.problems, tree.problems
    for tag, attributes in tree.starts:
        assert not any(name.startswith("on") or name == "style" for name in attributes), tag
        assert not any(
            (value or "").strip().lower().startswith("javascript:") for value in attributes.values()
        ), tag
        assert tag not in ("img", "iframe", "object", "embed", "style")


def test_hostile_text_renders_escaped(hostile: tuple[Server, dict[str, int]]) -> None:
    server, ids = hostile
    with closing(server.client("vera")) as client:
        for key in (HOSTILE_FILE_NAME, "hostile.html", "written"):
            page = client.get(f"/documents/{ids[key]}").text
            _only_own_script(page)
        text_page = client.get(f"/documents/{ids[HOSTILE_FILE_NAME]}").text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text_page
        assert "&lt;img src=x onerror=alert(2)&gt;" in text_page
        html_page = client.get(f"/documents/{ids['hostile.html']}").text
        assert "&lt;script&gt;alert(7)&lt;/script&gt;" in html_page
        written_page = client.get(f"/documents/{ids['written']}").text
        assert html.escape(HOSTILE_NAME) in written_page
        assert "We demand &lt;script&gt;alert(9)&lt;/script&gt; his release." in written_page
        for path in ("/documents", "/advocates", "/advocates/hostile-advocate"):
            page = client.get(path).text
            _only_own_script(page)
        advocates = client.get("/advocates").text
        svg = ET.fromstring(re.search(r"<svg.*?</svg>", advocates, re.S).group(0))
        assert any(HOSTILE_NAME in (title.text or "") for title in svg.iter(f"{SVG}title"))


def test_hostile_downloads_are_attachments(hostile: tuple[Server, dict[str, int]]) -> None:
    server, ids = hostile
    with closing(server.client("vera")) as client:
        response = client.get(f"/documents/{ids['hostile.html']}/original")
        assert response.status_code == 200
        assert response.content == HOSTILE_HTML.encode()
        assert response.headers["content-type"] == "text/html"
        assert response.headers["content-disposition"] == 'attachment; filename="hostile.html"'
        assert response.headers["x-content-type-options"] == "nosniff"
        named = client.get(f"/documents/{ids[HOSTILE_FILE_NAME]}/original")
        disposition = named.headers["content-disposition"]
        assert re.fullmatch(
            r'attachment; filename="[\w.-]+\.txt"; filename\*=UTF-8\'\'\S+', disposition
        )
        assert unquote(disposition.split("''", 1)[1]) == HOSTILE_FILE_NAME
        missing = client.get(f"/documents/{ids['written']}/original")
        assert missing.status_code == 404
        assert "was not kept" in missing.text
