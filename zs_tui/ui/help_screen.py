"""`?`: the label legend, the keys (as configured) and the annotation rules (GUIDELINES)."""
from __future__ import annotations

from dataclasses import replace
from importlib import resources

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown, Static

from ..labels import Label
from ..safety import for_screen


def help_text(labels: list[Label], keys: list[tuple[str, str]]) -> Text:
    """The legend (each label in the styles it has on screen) and the key table."""
    out = Text()
    out.append("zs_tui help", "bold")
    out.append("   escape, ? or q closes it; j/k scroll\n\n")
    out.append("How spans look: ")
    out.append("suggestion", Style(underline=True))
    out.append(" underlined in its label's colour · ")
    out.append("accepted", Style(bold=True, reverse=True))
    out.append(" bold on its label's colour · ")
    out.append("current", Style(reverse=True, bold=True, underline=True))
    out.append(" reversed.\nAfter a, x or 1-9 the cursor goes to the next undecided span.\n\n")
    out.append("Labels\n", "bold underline")
    width = max(cell_len(lab.name) for lab in labels) + 2  # label names may be CJK
    for lab in labels:
        lab = replace(lab, name=for_screen(lab.name), help=for_screen(lab.help))
        pad = " " * (width - cell_len(lab.name))
        out.append(f" {lab.key}  ", "bold")
        out.append(f" {lab.name}{pad[1:]}", Style(bgcolor=lab.color, color="black", bold=True))
        out.append("  ")
        out.append(lab.name, Style(color=lab.color, underline=True))
        out.append(pad + f"{lab.help}\n")
    out.append("\nKeys\n", "bold underline")
    kw = max(cell_len(k) for k, _ in keys) + 2
    for k, what in keys:
        out.append(f" {k}", "bold")
        out.append(" " * (kw - cell_len(k)) + f"{what}\n")
    return out


def guidelines() -> str:
    return resources.files("zs_tui").joinpath("data/guidelines.md").read_text("utf-8")


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,question_mark,q", "dismiss", "Close"),
        Binding("j,down", "scroll(1)", "Down", show=False),
        Binding("k,up", "scroll(-1)", "Up", show=False),
        Binding("space,pagedown", "scroll(10)", "Page down", show=False),
        Binding("b,pageup", "scroll(-10)", "Page up", show=False),
    ]

    def __init__(self, labels: list[Label], keys: list[tuple[str, str]]) -> None:
        super().__init__()
        self.legend = help_text(labels, keys)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static(self.legend, id="help-keys")
            yield Markdown(guidelines(), id="help-rules")

    def action_scroll(self, lines: int) -> None:
        self.query_one("#help", VerticalScroll).scroll_relative(y=lines, animate=False, immediate=True)
