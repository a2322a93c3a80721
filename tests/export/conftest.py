"""The derive tests' fixtures: the corpora are ingested once per run for both packages."""

from tests.derive.conftest import samples, samples_url, seeds, seeds_url, store  # noqa: F401
