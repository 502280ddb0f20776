"""`?`: keys, the label legend and the annotation rules."""
from __future__ import annotations

from importlib import resources

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

from ..labels import Label


def help_markdown(labels: list[Label], keys: list[tuple[str, str]]) -> str:
    legend = "\n".join(f"| {lab.key} | **{lab.name}** | {lab.help} |" for lab in labels)
    keytab = "\n".join(f"| `{k}` | {d} |" for k, d in keys)
    rules = resources.files("zs_tui").joinpath("data/guidelines.md").read_text("utf-8")
    return (
        "# zs_tui help\n\n"
        "Suggestions are *underlined in their label's colour*; accepted spans have a coloured "
        "background; the current span is reversed. Press `escape` or `?` to close.\n\n"
        "## Labels\n\n| key | label | what |\n|---|---|---|\n" + legend + "\n\n"
        "## Keys\n\n| key | action |\n|---|---|\n" + keytab + "\n\n" + rules
    )


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,question_mark,q", "dismiss", "Close")]

    def __init__(self, markdown: str) -> None:
        super().__init__()
        self.markdown = markdown

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Markdown(self.markdown)
