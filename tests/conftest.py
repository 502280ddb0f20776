"""Shared fixtures: paths to the seeds and gold, and a fresh database per test."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
GOLD = ROOT / "tests" / "data" / "gold_seeds.jsonl"


@pytest.fixture
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture
def gold_path() -> Path:
    return GOLD


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "annotations.db"
