"""README's command table is the user's reference: every command and every
option of `zs-tui --help` is in it, and its label-file example loads."""
from __future__ import annotations

import json
import re
from pathlib import Path

import click
import pytest

from zs_tui.cli import COMMANDS, cli
from zs_tui.labels import load_labels

README = (Path(__file__).resolve().parents[2] / "README.md").read_text("utf-8")


def command_rows() -> dict[str, str]:
    table = README[README.index("## Commands"):README.index("## Reviewing")]
    rows: dict[str, str] = {}
    for line in table.splitlines():
        m = re.match(r"\| `zs-tui ?([a-z]*)", line)
        if m:
            rows[m.group(1)] = rows.get(m.group(1), "") + line
    return rows


def test_every_command_and_option_is_in_the_commands_table():
    ctx = click.Context(cli)
    rows = command_rows()
    commands = {"": cli, **{name: cli.get_command(ctx, name) for name in cli.list_commands(ctx)}}
    for name, cmd in commands.items():
        assert name in rows, f"`zs-tui {name}` is not in README's commands table"
        for param in cmd.params:
            longs = [o for o in param.opts if o.startswith("--") and o not in ("--help", "--version")]
            for opt in longs[:1]:
                assert opt in rows[name], f"`zs-tui {name} {opt}` is not in README's commands table"


def test_the_check_sees_an_undocumented_command(monkeypatch):
    # The walk above reads click's command tree: a command added there and not
    # to README is caught.
    monkeypatch.setitem(COMMANDS, "frobnicate", ("stats", "a command nobody documented"))
    with pytest.raises(AssertionError, match="zs-tui frobnicate"):
        test_every_command_and_option_is_in_the_commands_table()


def test_the_label_file_example_loads(tmp_path):
    example = README[README.index("The label set (`--labels"):]
    block = example[example.index("```json") + len("```json"):]
    path = tmp_path / "labels.json"
    path.write_text(block[:block.index("```")], "utf-8")
    labels = load_labels(path)
    assert [(lab.name, lab.key) for lab in labels] == [("PER", "1"), ("ORG", "2")]
    assert json.loads(path.read_text("utf-8"))["labels"][0]["help"] == labels[0].help
