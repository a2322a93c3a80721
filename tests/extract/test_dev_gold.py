"""The extraction bars of the dev gold (../shared/gold), scored by the project's scorer."""

import importlib.util
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from casetrail.present.cli import app

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
LOCAL_GOLD = Path(__file__).resolve().parents[1] / "data"


def _scorer():
    spec = importlib.util.spec_from_file_location("score", SHARED / "eval" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _extract(folder: Path, tmp_path: Path) -> Path:
    result = CliRunner().invoke(app, ["extract", str(folder), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    out = tmp_path / "pred.jsonl"
    out.write_text(result.stdout, encoding="utf-8")
    return out


@pytest.mark.skipif(not (SHARED / "gold" / "seeds.jsonl").exists(), reason="no shared dev gold")
def test_dev_gold_bars(tmp_path):
    score = _scorer()
    pred = _extract(SHARED / "corpus" / "seeds", tmp_path)
    out = score.score(score.load(SHARED / "gold" / "seeds.jsonl"), score.load(pred))
    print(json.dumps(out, indent=1))
    assert out["missing_documents"] == []
    assert out["concern"]["f1"] >= 0.92
    assert out["advocate"]["f1"] >= 0.95
    assert out["addressee"]["f1"] >= 0.85
    assert out["events"]["f1"] >= 0.80
    assert out["event_date_accuracy"] >= 0.90
    assert out["document_date_accuracy"] == 1.0
    assert out["document_kind_accuracy"] >= 0.80
