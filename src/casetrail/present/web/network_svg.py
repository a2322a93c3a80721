"""A bipartite network drawn as SVG on the server: two columns of linked nodes.

Deterministic (the same graph always gives the same picture), no script, no style attribute
(the look is in CSS classes), every name escaped: node labels come from documents.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass
from html import escape

from markupsafe import Markup

from casetrail.present.web.highlight import is_local_href

WIDTH = 960
ROW = 24  # vertical distance between two nodes of a column
MARGIN = 30
LEFT_X, RIGHT_X = 300, WIDTH - 300
RADIUS = 6
LABEL_CHARACTERS = 36
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True, slots=True)
class Node:
    """A node: `key` is unique within its column; `href` a link to its page."""

    key: str
    label: str
    href: str | None = None
    tooltip: str | None = None


@dataclass(frozen=True, slots=True)
class Edge:
    left: str  # a left node's key
    right: str  # a right node's key
    weight: int  # e.g. the number of documents the two share
    tooltip: str | None = None


def _text(value: str) -> str:
    # Control characters are not allowed in XML, and mean nothing in a name.
    return escape(_CONTROL.sub("", value))


def _label(value: str) -> str:
    value = " ".join(value.split())
    if len(value) > LABEL_CHARACTERS:
        value = value[: LABEL_CHARACTERS - 1] + "…"
    return _text(value)


def _weight_class(weight: int, heaviest: int) -> str:
    """One of five stroke classes, w1 to w5, by the weight's share of the heaviest's (log)."""
    if heaviest <= 1:
        return "w1"
    share = math.log(max(weight, 1)) / math.log(heaviest)
    return f"w{1 + min(4, int(share * 4))}"


def _by_neighbours(
    nodes: list[Node], fixed: list[Node], pairs: list[tuple[str, str]]
) -> list[Node]:
    """`nodes` sorted by the mean place of their neighbours in the column `fixed` (`pairs`
    of a fixed node's key and a node's key); nodes without any come last, ties keep order."""
    place = {node.key: i for i, node in enumerate(fixed)}
    neighbours: defaultdict[str, list[int]] = defaultdict(list)
    for fixed_key, key in pairs:
        if fixed_key in place:
            neighbours[key].append(place[fixed_key])
    ranked = sorted(
        enumerate(nodes),
        key=lambda item: (
            sum(neighbours[item[1].key]) / len(neighbours[item[1].key])
            if neighbours[item[1].key]
            else math.inf,
            item[0],
        ),
    )
    return [node for _, node in ranked]


def _order(left: list[Node], right: list[Node], edges: list[Edge]) -> tuple[list[Node], list[Node]]:
    """The right column sorted by the mean place of its neighbours on the left (fewer
    crossings), then the left by its neighbours' places on the right; ties keep order."""
    right = _by_neighbours(right, left, [(edge.left, edge.right) for edge in edges])
    left = _by_neighbours(left, right, [(edge.right, edge.left) for edge in edges])
    return left, right


def _positions(nodes: list[Node], rows: int) -> dict[str, float]:
    """The heights of a column's nodes, spread evenly over `rows` rows (a shorter column
    stretched to the height of the longer one, so that its edges fan out less)."""
    top = MARGIN + ROW / 2
    if len(nodes) <= 1:
        return {node.key: top + (rows - 1) * ROW / 2 for node in nodes}
    step = (rows - 1) * ROW / (len(nodes) - 1)
    return {node.key: top + i * step for i, node in enumerate(nodes)}


def _node(node: Node, x: int, y: float, side: str) -> str:
    anchor = "end" if side == "left" else "start"
    label_x = x - 2 * RADIUS if side == "left" else x + 2 * RADIUS
    tooltip = f"<title>{_text(node.tooltip or node.label)}</title>"
    shape = (
        f'<circle class="node {side}" cx="{x}" cy="{y:.1f}" r="{RADIUS}"/>'
        f'<text class="label" x="{label_x}" y="{y:.1f}" dy="0.35em" text-anchor="{anchor}">'
        f"{_label(node.label)}</text>"
    )
    if node.href is None or not is_local_href(node.href):
        return f"<g>{tooltip}{shape}</g>"
    return f'<a href="{_text(node.href)}">{tooltip}{shape}</a>'


def bipartite_svg(
    left: list[Node],
    right: list[Node],
    edges: list[Edge],
    *,
    title: str,
    headings: tuple[str, str] = ("", ""),
) -> Markup:
    """An SVG of `left` and `right` nodes in two columns, `edges` between them drawn thicker
    the heavier they are; edges to unknown nodes are left out."""
    left, right = _order(left, right, edges)
    rows = max(len(left), len(right), 1)
    height = 2 * MARGIN + rows * ROW
    ys_left, ys_right = _positions(left, rows), _positions(right, rows)
    heaviest = max((edge.weight for edge in edges), default=1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="network" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}">',
        f"<title>{_text(title)}</title>",
        f'<text class="heading" x="{LEFT_X}" y="{MARGIN / 2 + 4:.0f}" text-anchor="end">'
        f"{_text(headings[0])}</text>",
        f'<text class="heading" x="{RIGHT_X}" y="{MARGIN / 2 + 4:.0f}">{_text(headings[1])}</text>',
        '<g class="edges">',
    ]
    middle = (LEFT_X + RIGHT_X) / 2
    for edge in edges:
        if edge.left not in ys_left or edge.right not in ys_right:
            continue
        y1, y2 = ys_left[edge.left], ys_right[edge.right]
        parts.append(
            f'<path class="edge {_weight_class(edge.weight, heaviest)}" '
            f'd="M{LEFT_X},{y1:.1f} C{middle:.0f},{y1:.1f} {middle:.0f},{y2:.1f} '
            f'{RIGHT_X},{y2:.1f}">'
            f"<title>{_text(edge.tooltip or str(edge.weight))}</title></path>"
        )
    parts.append("</g>")
    parts += (_node(node, LEFT_X, ys_left[node.key], "left") for node in left)
    parts += (_node(node, RIGHT_X, ys_right[node.key], "right") for node in right)
    parts.append("</svg>")
    return Markup("".join(parts))
