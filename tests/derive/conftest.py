"""Fixtures of the derive tests: an empty database, and the corpora ingested once per run."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from casetrail.store import Store
from tests.derive.builders import SAMPLES, SEEDS, ingested


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(f"sqlite:///{tmp_path / 'cases.db'}") as opened:
        yield opened


@pytest.fixture(scope="session")
def samples_url() -> str:
    return ingested(SAMPLES)


@pytest.fixture(scope="session")
def seeds_url() -> str:
    if not SEEDS.is_dir():
        pytest.skip(f"the dev documents are not in {SEEDS}")
    return ingested(SEEDS)


@pytest.fixture(scope="session")
def samples(samples_url: str) -> Iterator[Store]:
    with Store.open(samples_url) as opened:
        yield opened


@pytest.fixture(scope="session")
def seeds(seeds_url: str) -> Iterator[Store]:
    with Store.open(seeds_url) as opened:
        yield opened
