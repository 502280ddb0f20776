"""`zs_tui.storage.opening.database_stats` (zs-tui stats) as a library call."""
from __future__ import annotations

import os

import pytest
from review_data import seed_store

from zs_tui.errors import ZsError
from zs_tui.storage import SchemaError
from zs_tui.storage.opening import database_stats


def test_stats_count_articles_and_spans(db_path):
    seed_store(db_path, articles=2).close()
    st = database_stats(db_path)
    assert st["articles"] == 2 and st["by_status"]["todo"] == 2
    assert sum(d["pending"] for d in st["spans_by_label"].values()) > 0


def test_stats_of_a_missing_database_is_a_zs_error(tmp_path):
    with pytest.raises(SchemaError) as e:
        database_stats(tmp_path / "none.db")
    assert isinstance(e.value, ZsError) and e.value.exit_code == 2 and "no database" in str(e.value)
    assert not (tmp_path / "none.db").exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes read-only folders")
def test_stats_read_a_read_only_database_without_writing_beside_it(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    seed_store(folder / "a.db").close()
    folder.chmod(0o555)
    try:
        assert database_stats(folder / "a.db")["articles"] == 1
        assert sorted(p.name for p in folder.iterdir()) == ["a.db"]
    finally:
        folder.chmod(0o755)
