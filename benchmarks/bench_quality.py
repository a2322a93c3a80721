"""Extraction quality on the real documents: the shared scorer, overall, by genre and language.

    .venv/bin/python -m benchmarks.bench_quality [--dev2 .dev2] [--save PRED.jsonl]

Scores the seeds (../shared/corpus/seeds) and, when retrieved, the dev2 texts (`.dev2/`, see
../shared/corpus/dev2/INDEX.md) against ../shared/gold with ../shared/eval/score.py, and the
precision of the status-ending events (died, released, acquitted) of persons of concern over
all of them. Prints tables; asserts nothing.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
from collections import defaultdict
from pathlib import Path

from rich.console import Console
from rich.table import Table

from casetrail import pipeline
from casetrail.extract import to_contract

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
MEASURES = ("concern", "advocate", "addressee", "events")
RATES = ("event_date_accuracy", "document_date_accuracy", "document_kind_accuracy")
STATUS_ENDING = ("died", "released", "acquitted")


def _scorer():
    spec = importlib.util.spec_from_file_location("score", SHARED / "eval" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _extract(folder: Path) -> dict[str, dict]:
    files = sorted(folder.glob("*.txt"))
    results = [r for r in pipeline.process(files, 20 * 1024 * 1024) if r.extraction]
    pipeline.resolve(results)
    return {r.path.name: to_contract(r.path.name, r.extraction) for r in results}


def _row(table: Table, label: str, score, gold: dict, pred: dict) -> None:
    out = score.score(gold, pred)
    cells = [f"{out[m]['f1']:.2f}" for m in MEASURES]
    cells += ["-" if out[m] is None else f"{out[m]:.2f}" for m in RATES]
    table.add_row(label, str(len(gold)), *cells)


def _truth(score, gold: dict, pred: dict) -> dict[str, list[int]]:
    """Per status-ending type: [predicted on a matched person of concern, of them in gold]."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for name, gold_doc in gold.items():
        persons = pred.get(name, {}).get("persons", [])
        pairs = score.match_persons(gold_doc["persons"], persons)
        for index, person in enumerate(persons):
            if person.get("role") != "concern":
                continue
            wanted = (
                score.event_types(gold_doc["persons"][pairs[index]]) if index in pairs else set()
            )
            for kind in score.event_types(person) & set(STATUS_ENDING):
                counts[kind][0] += 1
                counts[kind][1] += int(kind in wanted)
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dev2", type=Path, default=ROOT / ".dev2")
    parser.add_argument("--save", type=Path, help="also write the predictions (JSON Lines)")
    args = parser.parse_args()
    console = Console()
    if not (SHARED / "eval" / "score.py").exists():
        console.print("no ../shared/eval/score.py: nothing to score against")
        return
    score = _scorer()
    sets = {"seeds": (SHARED / "corpus" / "seeds", SHARED / "gold" / "seeds.jsonl")}
    if args.dev2.is_dir() and any(args.dev2.glob("*.txt")):
        sets["dev2"] = (args.dev2, SHARED / "gold" / "dev2.jsonl")
    else:
        console.print(f"no dev2 texts in {args.dev2}: see ../shared/corpus/dev2/INDEX.md")
    index_path = SHARED / "corpus" / "dev2" / "index.jsonl"
    index = (
        {row["file"]: row for row in map(json.loads, index_path.open(encoding="utf-8"))}
        if index_path.exists()
        else {}
    )
    table = Table(title="Extraction against the gold (F1; accuracy for the rates)")
    table.add_column("set", no_wrap=True)
    for column in ("docs", "concern", "advoc.", "addr.", "events", "ev.date", "doc date", "kind"):
        table.add_column(column, justify="right", no_wrap=True)
    all_gold: dict[str, dict] = {}
    all_pred: dict[str, dict] = {}
    for label, (folder, gold_path) in sets.items():
        pred = _extract(folder)
        gold = {k: v for k, v in score.load(gold_path).items() if k in pred}
        all_gold |= gold
        all_pred |= pred
        _row(table, label, score, gold, pred)
        if label != "dev2":
            continue
        for key in ("kind", "language"):
            for value in sorted({index[name][key] for name in gold if name in index}):
                subset = {n: g for n, g in gold.items() if index.get(n, {}).get(key) == value}
                _row(table, f"  {value}", score, subset, pred)
    console.print(table)
    truth = Table(title="Status-ending events of persons of concern, all sets")
    for column in ("type", "predicted", "in gold", "precision"):
        truth.add_column(column, justify="right")
    for kind, (predicted, right) in sorted(_truth(score, all_gold, all_pred).items()):
        truth.add_row(kind, str(predicted), str(right), f"{right / predicted:.2f}")
    console.print(truth)
    if args.save:
        with args.save.open("w", encoding="utf-8") as out:
            for contract in all_pred.values():
                out.write(json.dumps(contract, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
