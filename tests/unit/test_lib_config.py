"""`zs_tui.storage.opening.database_settings` / `change_setting` (zs-tui config) as library calls."""
from __future__ import annotations

import os

import pytest
from review_data import seed_store

from zs_tui.errors import ZsError
from zs_tui.storage import Store
from zs_tui.storage.opening import change_setting, database_settings


def test_a_setting_changed_is_the_value_read_back_and_kept(db_path):
    seed_store(db_path).close()
    assert database_settings(db_path) == {"overlap": 0.0}
    assert change_setting(db_path, "overlap", "0.5") == 0.5  # the number stored, not the text given
    assert database_settings(db_path, "overlap") == {"overlap": 0.5}
    with Store(db_path) as st:  # what the assignment reads
        assert st.setting("overlap") == 0.5


@pytest.mark.parametrize("name, value, words", [
    ("overlap", "2", "overlap must be from 0 to 1"),
    ("overlap", "", "overlap must be a number"),
    ("overlap", "nan", "overlap must be"),
    ("colour", "red", "no setting 'colour'"),
])
def test_a_refused_setting_is_a_zs_error_and_the_database_is_unchanged(db_path, name, value, words):
    seed_store(db_path).close()
    change_setting(db_path, "overlap", "0.25")
    before = db_path.read_bytes()
    with pytest.raises(ZsError) as e:
        change_setting(db_path, name, value)
    assert words in str(e.value) and "nothing was changed" in str(e.value) and e.value.exit_code == 2
    assert db_path.read_bytes() == before
    assert database_settings(db_path) == {"overlap": 0.25}


def test_reading_an_unknown_setting_or_a_missing_database_is_a_zs_error(db_path, tmp_path):
    seed_store(db_path).close()
    with pytest.raises(ZsError, match="no setting 'colour' \\(settings: overlap\\)"):
        database_settings(db_path, "colour")
    with pytest.raises(ZsError, match="no database"):
        database_settings(tmp_path / "none.db")
    with pytest.raises(ZsError, match="no database"):
        change_setting(tmp_path / "none.db", "overlap", "0.5")
    assert not (tmp_path / "none.db").exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes read-only files")
def test_settings_of_a_read_only_database_are_read_and_not_changed(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    seed_store(folder / "a.db").close()
    folder.chmod(0o555)
    try:
        assert database_settings(folder / "a.db") == {"overlap": 0.0}
        with pytest.raises(ZsError):
            change_setting(folder / "a.db", "overlap", "0.5")
        assert sorted(p.name for p in folder.iterdir()) == ["a.db"]
    finally:
        folder.chmod(0o755)
    assert database_settings(folder / "a.db") == {"overlap": 0.0}
