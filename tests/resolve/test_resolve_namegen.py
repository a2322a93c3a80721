"""The benchmark's synthetic corpus: names not taken from the dev gold, determinism, and a
floor on resolution quality."""

import importlib
import json
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest

from casetrail.resolve import Resolver
from casetrail.resolve.names import fold

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT.parent / "shared" / "gold" / "seeds.jsonl"


@pytest.fixture
def bench(monkeypatch: pytest.MonkeyPatch) -> tuple[ModuleType, ModuleType]:
    monkeypatch.syspath_prepend(str(ROOT))
    return importlib.import_module("benchmarks.namegen"), importlib.import_module(
        "benchmarks.bench_resolve"
    )


@pytest.mark.skipif(not GOLD.exists(), reason="no shared dev gold")
def test_names_are_not_taken_from_the_dev_gold(bench: tuple[ModuleType, ModuleType]) -> None:
    namegen, _ = bench
    seed_words = {
        fold(word)
        for line in GOLD.read_text("utf-8").splitlines()
        if line.strip()
        for person in json.loads(line)["persons"]
        for name in [person["name"], *person.get("aliases", [])]
        for word in name.replace("-", " ").split()
    }
    males, females, families = namegen._name_lists()
    ours = {fold(name) for name in [*males, *females]}
    ours |= {fold(form) for pair in families for form in pair}
    assert not ours & seed_words


def test_corpus_is_deterministic(bench: tuple[ModuleType, ModuleType]) -> None:
    namegen, _ = bench
    first, second = namegen.generate(600, seed=3), namegen.generate(600, seed=3)
    assert [m.name for m in first.mentions] == [m.name for m in second.mentions]
    assert len(first.mentions) == len(first.truth) == 600
    per_document = Counter(
        (m.document, person) for m, person in zip(first.mentions, first.truth, strict=True)
    )
    assert max(per_document.values()) == 1  # a document names each person once


def test_synthetic_resolution_quality(bench: tuple[ModuleType, ModuleType]) -> None:
    namegen, bench_resolve = bench
    corpus = namegen.generate(3000, seed=11)
    ids = Resolver().resolve(corpus.mentions).ids
    precision, recall, f1 = bench_resolve.pairwise_scores(
        corpus.truth, [ids[m.ref] for m in corpus.mentions]
    )
    assert precision >= 0.97 and recall >= 0.85 and f1 >= 0.9, (precision, recall, f1)
