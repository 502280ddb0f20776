"""Round trip: review through the app, export, import the export as gold, export again."""
import json

from zs_tui.labels import load_labels
from zs_tui.storage import Store
from zs_tui.ui.app import ReviewApp


async def test_reviewed_article_survives_export_and_gold_import(cli, tmp_path, seeds_dir):
    db, again_db = tmp_path / "a.db", tmp_path / "b.db"
    first, second = tmp_path / "gold.jsonl", tmp_path / "again.jsonl"

    def run(*args):
        code, _, err = cli(*args)
        assert code == 0, err

    run("import", seeds_dir, "--db", db)
    with Store(db) as st:
        app = ReviewApp(st, "alice", load_labels())
        async with app.run_test(size=(160, 48)) as pilot:
            reviewed = app.session.article.id
            await pilot.press("a")  # accept the first suggestion
            await pilot.press("x")  # reject the next one
            await pilot.press("A")  # accept the rest
            await pilot.press("d")  # done
            await pilot.pause()
        spans = st.spans(reviewed)
        accepted = {(s.start, s.end, s.label) for s in spans if s.state == "accepted"}
        assert [s.state for s in spans].count("rejected") == 1
        assert st.article(reviewed).status == "done"

    run("export", "--db", db, "--output", first)
    records = [json.loads(line) for line in first.read_text("utf-8").splitlines()]
    assert len(records) == 1  # only the reviewed article is gold
    assert {(s["start"], s["end"], s["label"]) for s in records[0]["spans"]} == accepted
    assert records[0]["meta"]["annotator"] == "alice"

    run("import", first, "--as-gold", "--db", again_db)
    run("export", "--db", again_db, "--output", second)
    assert second.read_bytes() == first.read_bytes()
