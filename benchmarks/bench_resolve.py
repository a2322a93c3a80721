"""Benchmark of the resolve stage.

1. Quality and time on synthetic corpora of growing size (benchmarks/namegen.py):
   pairwise precision / recall / F1 over mentions, wall time and time per mention.
2. The casetrail matcher against nomenklatura's LogicV2 on the regression name pairs
   (tests/resolve/name_pairs.yaml), both read at the same 0.7 threshold.

Run: .venv/bin/python -m benchmarks.bench_resolve [--sizes 10000,100000,1000000]
"""

from __future__ import annotations

import argparse
import itertools
import time
from collections import Counter
from collections.abc import Callable, Hashable, Sequence
from pathlib import Path
from typing import Any

import yaml
from rich.console import Console
from rich.table import Table

from benchmarks.namegen import generate
from casetrail.resolve import ResolvableMention, Resolver, compare, parse_name

PAIRS_FILE = Path(__file__).resolve().parents[1] / "tests" / "resolve" / "name_pairs.yaml"
THRESHOLD = 0.7  # the cut-off both matchers are read at in the comparison table


def pairwise_scores(truth: Sequence[Hashable], predicted: Sequence[Hashable]) -> tuple[float, ...]:
    """Pairwise precision, recall, F1 of a clustering, from cluster sizes (linear time)."""

    def pairs(counts: Counter[Any]) -> int:
        return sum(n * (n - 1) // 2 for n in counts.values())

    true_pairs = pairs(Counter(zip(truth, predicted, strict=True)))
    gold_pairs, predicted_pairs = pairs(Counter(truth)), pairs(Counter(predicted))
    precision = true_pairs / predicted_pairs if predicted_pairs else 1.0
    recall = true_pairs / gold_pairs if gold_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def scaling_table(sizes: Sequence[int]) -> Table:
    """Resolve synthetic corpora of each size; quality, time and time per mention."""
    table = Table(title="Resolution of synthetic corpora (benchmarks/namegen.py)")
    for column in (
        "mentions",
        "persons",
        "found",
        "candidate pairs",
        "precision",
        "recall",
        "F1",
        "seconds",
        "µs / mention",
    ):
        table.add_column(column, justify="right")
    parse_name("Warm Up")  # rigour loads its name tagger once; keep that out of the timings
    for size in sizes:
        corpus = generate(size)
        started = time.perf_counter()
        resolution = Resolver().resolve(corpus.mentions)
        seconds = time.perf_counter() - started
        predicted = [resolution.ids[mention.ref] for mention in corpus.mentions]
        precision, recall, f1 = pairwise_scores(corpus.truth, predicted)
        table.add_row(
            f"{size:,}",
            f"{len(set(corpus.truth)):,}",
            f"{resolution.stats.persons:,}",
            f"{resolution.stats.candidate_pairs:,}",
            f"{precision:.4f}",
            f"{recall:.4f}",
            f"{f1:.4f}",
            f"{seconds:.1f}",
            f"{seconds / size * 1e6:.0f}",
        )
    return table


def logic_v2() -> Callable[[str, str], float] | None:
    """nomenklatura's LogicV2 on two names, or None when nomenklatura is not installed."""
    try:
        from followthemoney import model
        from nomenklatura.matching import LogicV2
    except ImportError:
        return None
    config = LogicV2.default_config()
    ids = itertools.count()

    def entity(name: str) -> Any:
        proxy = model.make_entity("Person")
        proxy.id = f"bench-{next(ids)}"  # LogicV2 caches by entity id: keep them unique
        proxy.add("name", name)
        return proxy

    return lambda a, b: LogicV2.compare(entity(a), entity(b), config).score


def _mentions(pair: dict[str, Any]) -> tuple[ResolvableMention, ResolvableMention]:
    shared = bool(pair.get("same_document"))
    return (
        ResolvableMention("left", pair["left"], document="doc" if shared else "doc-1"),
        ResolvableMention("right", pair["right"], document="doc" if shared else "doc-2"),
    )


def matcher_table(pairs: list[dict[str, Any]]) -> Table:
    """Each regression pair scored by both matchers, and how many each gets right."""
    other = logic_v2()
    table = Table(title=f"Regression name pairs at threshold {THRESHOLD}")
    for column in ("left", "right", "same", "casetrail", "ok", "LogicV2", "ok"):
        table.add_column(column)
    right_ours = right_theirs = 0
    for pair in pairs:
        ours = compare(*_mentions(pair)).score
        ours_ok = (ours >= THRESHOLD) == pair["same"]
        right_ours += ours_ok
        if other is None:
            theirs_text, theirs_ok_text = "-", "-"
        else:
            theirs = other(pair["left"], pair["right"])
            theirs_ok = (theirs >= THRESHOLD) == pair["same"]
            right_theirs += theirs_ok
            theirs_text, theirs_ok_text = f"{theirs:.2f}", "yes" if theirs_ok else "NO"
        where = " (same doc)" if pair.get("same_document") else ""
        table.add_row(
            pair["left"],
            pair["right"] + where,
            "same" if pair["same"] else "different",
            f"{ours:.2f}",
            "yes" if ours_ok else "NO",
            theirs_text,
            theirs_ok_text,
        )
    total = len(pairs)
    theirs_total = "nomenklatura not installed" if other is None else f"{right_theirs}/{total}"
    table.add_section()
    table.add_row("right at threshold", "", "", f"{right_ours}/{total}", "", theirs_total, "")
    return table


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", default="10000,100000", help="comma-separated corpus sizes in mentions"
    )
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",") if size.strip()]
    console = Console(width=150)  # wide enough for both tables when piped to a file
    console.print(scaling_table(sizes))
    console.print(matcher_table(yaml.safe_load(PAIRS_FILE.read_text("utf-8"))))


if __name__ == "__main__":
    main()
