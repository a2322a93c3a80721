"""Run every benchmark in turn: `python -m benchmarks` (or `make bench`)."""

import importlib
import pkgutil
import sys
from pathlib import Path

for module in sorted(pkgutil.iter_modules([str(Path(__file__).parent)]), key=lambda m: m.name):
    if module.name.startswith("bench_"):
        print(f"\n=== {module.name}", flush=True)
        sys.argv = [module.name]
        importlib.import_module(f"benchmarks.{module.name}").main()
