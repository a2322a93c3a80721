"""Resolution of the dev gold's persons, scored by the shared scorer's pairwise F1."""

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest

from casetrail.resolve import ResolvableMention, Resolver

SHARED = Path(__file__).resolve().parents[3] / "shared"
GOLD = SHARED / "gold" / "seeds.jsonl"
SCORER = SHARED / "eval" / "score.py"


def _scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("casetrail_shared_score", SCORER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(not GOLD.exists() or not SCORER.exists(), reason="no shared dev gold")
def test_dev_gold_resolution_f1() -> None:
    docs = [json.loads(line) for line in GOLD.read_text("utf-8").splitlines() if line.strip()]
    mentions = [
        ResolvableMention(
            ref=(doc["document"], index),
            name=person["name"],  # the name as a document gives it, never the gold id
            aliases=tuple(person.get("aliases") or ()),
            role=person.get("role"),
            descriptors=tuple(person.get("descriptors") or ()),
            document=doc["document"],
            co_mentions=tuple(other["name"] for other in doc["persons"] if other is not person),
        )
        for doc in docs
        for index, person in enumerate(doc["persons"])
    ]
    ids = Resolver().resolve(mentions).ids
    predicted = {
        doc["document"]: {
            **doc,
            "persons": [
                {**person, "id": ids[(doc["document"], index)]}
                for index, person in enumerate(doc["persons"])
            ],
        }
        for doc in docs
    }
    gold = {doc["document"]: doc for doc in docs}
    resolution = _scorer().score(gold, predicted)["resolution"]
    assert resolution["f1"] >= 0.97, resolution
