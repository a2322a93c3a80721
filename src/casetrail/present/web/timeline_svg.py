"""A person's timeline as an inline SVG drawn on the server: one lane per event type, every
event a mark on a date axis that links to its quote in the document.

Names, details and quotes come from documents, which are hostile input: the drawing is built
with ElementTree, which escapes every text and attribute value, and characters XML cannot
carry are dropped. There is no script and no `style` attribute (the Content-Security-Policy
forbids inline styles): colours are SVG presentation attributes, the rest are class names
styled from /static.

Marks: a filled circle is dated by the text itself; a hollow dashed circle is placed at its
document's date (the text gives none); a hollow diamond in the right-hand column has no date
at all. A date known only to the month or year is drawn as a bar over that interval.

Events of one lane and kind that fall on the same spot (within `_SPOT` pixels) are one mark,
linking to the first one's quote, its tooltip giving how many there are and quoting the first
few: a person named in thousands of documents gets a drawing bounded by its width and lanes,
not thousands of marks (the table of events lists every one).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import get_args
from xml.etree import ElementTree as ET

from casetrail.derive.dates import first_day, last_day
from casetrail.derive.timeline import KEEP_FROM_EVENTS, Timeline, TimelineEntry
from casetrail.domain import EventType, PartialDate
from casetrail.store.read_model import Source

EVENT_TYPES: tuple[str, ...] = get_args(EventType)
COLOURS: dict[str, str] = {
    "arrested": "#b03a2e",
    "charged": "#d35400",
    "threatened": "#e08e0b",
    "tried": "#9a7d0a",
    "sentenced": "#78281f",
    "imprisoned": "#943126",
    "house_arrest": "#af601a",
    "released": "#1e8449",
    "acquitted": "#117a65",
    "died": "#1c2833",
    "ill_treated": "#6c3483",
    "harassed": "#2471a3",
}
_FALLBACK_COLOUR = "#5d6773"

WIDTH = 960
_LABELS = 120  # the lane labels, left of the plot
_UNDATED = 110  # the column of undated events, right of the plot
_TOP = 16
_LANE = 30
_AXIS = 34
_LEGEND = 26
_RADIUS = 6
_PLOT_LEFT = _LABELS + 12
_PLOT_RIGHT = WIDTH - _UNDATED - 16
# Pixels: events of a lane this close are one mark (closer marks would mostly cover each other).
_SPOT = float(_RADIUS)
_LISTED = 3  # the events a mark standing for several quotes in its tooltip
_UNDATED_SPOTS = 6  # places in a lane of the column of undated events
# Characters XML 1.0 cannot hold: an SVG holding them would not parse outside HTML.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _text(value: object) -> str:
    if isinstance(value, int | float):  # most attributes: nothing to drop
        return str(value)
    return _NOT_XML.sub("", str(value))


def _element(
    parent: ET.Element, tag: str, text: str | None = None, **attributes: object
) -> ET.Element:
    """A child element; attribute names use `_` for `-` (stroke_width -> stroke-width)."""
    child = ET.SubElement(
        parent,
        tag,
        {name.rstrip("_").replace("_", "-"): _text(v) for name, v in attributes.items()},
    )
    if text is not None:
        child.text = _text(text)
    return child


def _date_text(item: TimelineEntry) -> str:
    if item.date is None:
        return "date unknown"
    return f"by {item.date} (document's date)" if item.date_from_document else str(item.date)


def _tooltip(item: TimelineEntry, in_conflict: bool) -> str:
    event = item.event
    document = event.document
    lines = [
        f"{_date_text(item)}: {event.type.replace('_', ' ')}",
        f"“{event.quote}”",
        f"document #{document.id}: {document.title or document.source}"
        f" ({document.date or 'undated'})",
    ]
    if event.detail and event.detail != event.quote:
        lines.insert(2, event.detail)
    if in_conflict:
        lines.append("documents disagree about this event")
    return "\n".join(lines)


@dataclass(slots=True)
class _Spot:
    """The events of one lane drawn as one mark: where (the first one's place), and the span
    of their dates known to the month or year, drawn as a bar."""

    x: float
    left: float
    right: float
    items: list[TimelineEntry] = field(default_factory=list)


def _spot_tooltip(items: list[TimelineEntry], conflicting: frozenset[int]) -> str:
    if len(items) == 1:
        return _tooltip(items[0], items[0].event.id in conflicting)
    disputed = sum(item.event.id in conflicting for item in items)
    head = f"{len(items)} events here; the mark links to the first one's quote"
    if disputed:
        head += f"\ndocuments disagree about {disputed} of them"
    listed = [_tooltip(item, item.event.id in conflicting) for item in items[:_LISTED]]
    if len(items) > _LISTED:
        listed.append(f"and {len(items) - _LISTED} more (see the table of events)")
    return "\n\n".join([head, *listed])


class _Axis:
    """Days to x positions over the span of the dated entries (and the day of reference)."""

    def __init__(self, dates: list[PartialDate], as_of: date) -> None:
        start = min(first_day(d) for d in dates)
        end = max(last_day(d) for d in dates)
        # The day of reference joins the axis when that does not squash the events.
        if start <= as_of and (as_of - end).days <= max(365, (end - start).days // 4):
            end = max(end, as_of)
        margin = max(15, (end - start).days // 30)
        self.start = date.fromordinal(max(1, start.toordinal() - margin))
        self.end = date.fromordinal(min(date.max.toordinal(), end.toordinal() + margin))
        self.days = max(1, (self.end - self.start).days)

    def x(self, day: date) -> float:
        fraction = (day - self.start).days / self.days
        return round(_PLOT_LEFT + fraction * (_PLOT_RIGHT - _PLOT_LEFT), 1)

    def ticks(self) -> list[tuple[date, str]]:
        """Years, or months when the span is short, at most about a dozen labels."""
        years = self.end.year - self.start.year
        if years >= 2:
            step = max(1, -(-years // 12))
            first = self.start.year + 1
            return [(date(y, 1, 1), str(y)) for y in range(first, self.end.year + 1, step)]
        months = (self.end.year - self.start.year) * 12 + self.end.month - self.start.month
        step = max(1, -(-months // 12))
        found = []
        index = self.start.year * 12 + self.start.month  # the month after the start
        while index < self.end.year * 12 + self.end.month:
            year, month = divmod(index, 12)
            found.append((date(year, month + 1, 1), f"{year}-{month + 1:02d}"))
            index += step
        return found


def _shape(parent: ET.Element, kind: str, x: float, y: float, colour: str, **extra: object) -> None:
    """The mark of an event of a kind: a diamond when no date is known, a dashed ring when
    the date is its document's, else a dot; `extra` attributes follow the shape's own."""
    if kind == "undated":
        r = _RADIUS + 1
        points = f"{x},{y - r} {x + r},{y} {x},{y + r} {x - r},{y}"
        _element(
            parent,
            "polygon",
            points=points,
            fill="#ffffff",
            stroke=colour,
            stroke_width=2,
            **extra,
        )
    elif kind == "document-date":
        _element(
            parent,
            "circle",
            cx=x,
            cy=y,
            r=_RADIUS,
            fill="#ffffff",
            stroke=colour,
            stroke_width=2,
            stroke_dasharray="3 2",
            **extra,
        )
    else:
        _element(parent, "circle", cx=x, cy=y, r=_RADIUS, fill=colour, **extra)


def _mark(
    parent: ET.Element, item: TimelineEntry, x: float, y: float, colour: str, in_conflict: bool
) -> None:
    kind = (
        "undated" if item.date is None else "document-date" if item.date_from_document else "dated"
    )
    shape_class = f"tl-mark tl-{kind} tl-type-{item.event.type}"
    if in_conflict:
        _element(
            parent,
            "circle",
            cx=x,
            cy=y,
            r=_RADIUS + 4,
            fill="none",
            stroke="#c0392b",
            stroke_width=2,
            class_="tl-conflict",
        )
    # On the timeline (not in the legend) a dot is outlined in white.
    outline = {"stroke": "#ffffff", "stroke_width": 1} if kind == "dated" else {}
    _shape(parent, kind, x, y, colour, **outline, class_=shape_class)


def _legend(svg: ET.Element, y: float) -> None:
    x = float(_PLOT_LEFT)
    for kind, label in (
        ("dated", "date in the text"),
        ("document-date", "document's date (the text gives none)"),
        ("undated", "no date known"),
    ):
        _shape(svg, kind, x, y, _FALLBACK_COLOUR)
        _element(svg, "text", label, x=x + 12, y=y + 4, class_="tl-legend")
        x += 24 + 6.5 * len(label)
    _element(
        svg, "circle", cx=x, cy=y, r=_RADIUS + 4, fill="none", stroke="#c0392b", stroke_width=2
    )
    _element(svg, "text", "documents disagree", x=x + 14, y=y + 4, class_="tl-legend")


def timeline_svg(timeline: Timeline, as_of: date, link: Callable[[Source], str]) -> str | None:
    """The SVG markup of a timeline (None when it has no entries); `link` gives each event's
    evidence address, `as_of` the day of reference drawn as a vertical line."""
    if not timeline.entries:
        return None
    present = {item.event.type for item in timeline.entries}
    lanes = [t for t in EVENT_TYPES if t in present] + sorted(present - set(EVENT_TYPES))
    lane_y = {t: _TOP + _LANE * index + _LANE / 2 for index, t in enumerate(lanes)}
    plot_bottom = _TOP + _LANE * len(lanes)
    height = plot_bottom + _AXIS + _LEGEND
    svg = ET.Element(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "viewBox": f"0 0 {WIDTH} {height}",
            "width": "100%",
            "role": "img",
            "aria-labelledby": "timeline-title",
            "class": "timeline",
            "font-family": "system-ui, sans-serif",
            "font-size": "12",
        },
    )
    _element(svg, "title", f"Timeline of {timeline.name}", id="timeline-title")
    dated = [item.date for item in timeline.entries if item.date is not None]
    axis = _Axis(dated, as_of) if dated else None

    for index, lane in enumerate(lanes):
        y = lane_y[lane]
        if index % 2 == 0:
            _element(
                svg,
                "rect",
                x=0,
                y=y - _LANE / 2,
                width=WIDTH,
                height=_LANE,
                fill="#f4f6f8",
                class_="tl-lane",
            )
        _element(
            svg, "rect", x=8, y=y - 5, width=10, height=10, fill=COLOURS.get(lane, _FALLBACK_COLOUR)
        )
        _element(svg, "text", lane.replace("_", " "), x=24, y=y + 4, class_="tl-label")
    undated_left = _PLOT_RIGHT + 16
    _element(
        svg,
        "line",
        x1=undated_left - 8,
        y1=_TOP,
        x2=undated_left - 8,
        y2=plot_bottom,
        stroke="#d8dde3",
        stroke_width=1,
    )
    _element(svg, "text", "no date", x=undated_left, y=plot_bottom + 18, class_="tl-tick")

    if axis is not None:
        _element(
            svg,
            "line",
            x1=_PLOT_LEFT,
            y1=plot_bottom,
            x2=_PLOT_RIGHT,
            y2=plot_bottom,
            stroke="#5d6773",
            stroke_width=1,
        )
        for day, label in axis.ticks():
            x = axis.x(day)
            _element(
                svg,
                "line",
                x1=x,
                y1=_TOP,
                x2=x,
                y2=plot_bottom + 4,
                stroke="#d8dde3",
                stroke_width=1,
                class_="tl-grid",
            )
            _element(
                svg, "text", label, x=x, y=plot_bottom + 18, text_anchor="middle", class_="tl-tick"
            )
        if axis.start <= as_of <= axis.end:
            x = axis.x(as_of)
            _element(
                svg,
                "line",
                x1=x,
                y1=_TOP - 6,
                x2=x,
                y2=plot_bottom,
                stroke="#1f5fa8",
                stroke_width=1.5,
                stroke_dasharray="4 3",
                class_="tl-as-of",
            )
            _element(
                svg,
                "text",
                f"as of {as_of}",
                x=x + 4,
                y=_TOP - 6 + 10,
                fill="#1f5fa8",
                class_="tl-as-of-label",
            )

    conflicting = timeline.conflicting_event_ids
    spots: dict[tuple[object, ...], _Spot] = {}  # in the order of their first events
    last: dict[tuple[object, ...], _Spot] = {}  # the latest spot of each lane, kind and span
    undated_count: dict[str, int] = {}
    for item in timeline.entries:
        type_ = item.event.type
        if item.date is None or axis is None:
            count = undated_count.get(type_, 0)
            undated_count[type_] = count + 1
            # Drawn on a few places only: the events of one place are one mark.
            place = count % _UNDATED_SPOTS
            x = undated_left + 4 + place * 16
            spots.setdefault((type_, "undated", place), _Spot(x, x, x)).items.append(item)
            continue
        left, right = axis.x(first_day(item.date)), axis.x(last_day(item.date))
        x = round((left + right) / 2, 1)
        # Entries come in date order, so of one lane, kind and precision in order of x.
        kind = (type_, item.date_from_document, item.date.precision)
        spot = last.get(kind)
        if spot is None or x - spot.x > _SPOT:
            spot = last[kind] = spots[(*kind, x)] = _Spot(x, left, right)
        spot.right = max(spot.right, right)
        spot.items.append(item)

    near_by: dict[tuple[str, int], list[float]] = {}  # placed dated marks, by lane and 12 px
    for spot in spots.values():
        first = spot.items[0]
        event = first.event
        colour = COLOURS.get(event.type, _FALLBACK_COLOUR)
        y = lane_y[event.type]
        in_conflict = any(item.event.id in conflicting for item in spot.items)
        anchor = _element(svg, "a", href=link(event.source), class_="tl-event")
        _element(anchor, "title", _spot_tooltip(spot.items, conflicting))
        x = spot.x
        if first.date is not None and axis is not None:
            if first.date.precision != "day":
                _element(
                    anchor,
                    "line",
                    x1=spot.left,
                    y1=y,
                    x2=spot.right,
                    y2=y,
                    stroke=colour,
                    stroke_width=4,
                    stroke_opacity=0.35,
                    stroke_linecap="round",
                    class_="tl-range",
                )
            # Marks on the same spot of a lane move up or down a little, to stay visible.
            cell = int(x // (2 * _RADIUS))
            near = sum(
                abs(x - other) < 2 * _RADIUS
                for c in (cell - 1, cell, cell + 1)
                for other in near_by.get((event.type, c), ())
            )
            near_by.setdefault((event.type, cell), []).append(x)
            y += (0, -7, 7)[near % 3]
        _mark(anchor, first, x, y, colour, in_conflict)

    _legend(svg, plot_bottom + _AXIS + _LEGEND / 2 - 4)
    return ET.tostring(svg, encoding="unicode")


def kept_timeline_svg(timeline: Timeline, as_of: date, link: Callable[[Source], str]) -> str | None:
    """`timeline_svg`, drawn again for a timeline of `KEEP_FROM_EVENTS` entries or more
    (those `casetrail.derive.timeline.kept_timeline` keeps) only when the timeline, the day
    or the links differ: a heavily named prisoner's drawing took 0.1-0.4 s on each request
    of their page; hashing their timeline takes some 30 ms."""
    if len(timeline.entries) < KEEP_FROM_EVENTS:
        return timeline_svg(timeline, as_of, link)
    return _kept_svg(timeline, as_of, link)


_kept_svg = lru_cache(maxsize=8)(timeline_svg)
