"""The lock installs alone: `make install` runs `pip install --no-deps`, so every distribution
that anything installed requires must be pinned in `requirements.lock`, at a version that
satisfies every requirer. Nothing is left for pip to resolve against the registry's state."""

from __future__ import annotations

import re
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]


def locked() -> dict[str, str]:
    text = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    pins = re.findall(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s\\;]+)", text, re.M)
    return {canonicalize_name(name): version for name, version in pins}


def test_every_requirement_of_the_installed_tree_is_pinned_in_the_lock():
    pins = locked()
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = [(Requirement(r), "") for r in project["dependencies"]]
    wanted += [(Requirement(r), "dev") for r in project["optional-dependencies"]["dev"]]
    problems: list[str] = []
    seen: set[tuple[str, str]] = set()
    while wanted:
        requirement, parent_extra = wanted.pop()
        if requirement.marker and not requirement.marker.evaluate({"extra": parent_extra}):
            continue
        name = canonicalize_name(requirement.name)
        version = pins.get(name)
        if version is None:
            problems.append(f"{requirement} is not in the lock")
            continue
        if not requirement.specifier.contains(version, prereleases=True):
            problems.append(f"{requirement} is locked at {version}")
        for extra in ("", *requirement.extras):
            if (name, extra) in seen:
                continue
            seen.add((name, extra))
            for line in metadata.distribution(name).requires or []:
                wanted.append((Requirement(line), extra))
    assert problems == []


def test_the_project_pins_exactly_what_the_lock_holds():
    pins = locked()
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    for line in project["dependencies"] + project["optional-dependencies"]["dev"]:
        requirement = Requirement(line)
        assert str(requirement.specifier).startswith("=="), f"{line} is not pinned"
        assert pins[canonicalize_name(requirement.name)] == str(requirement.specifier)[2:], line


def test_what_is_installed_is_what_is_locked():
    pins = locked()
    for name, version in pins.items():
        assert metadata.version(name) == version, name
