"""The footer: the keys of the focused pane and its screen, as one line of text.

Textual's ``Footer`` is a container of one widget per key, recomposed
whenever the active bindings change: before the first frame it was composed
three times and the screen laid out once more for it, about a third of the
app's start-up (a footer-less screen drew 0.25 s of CPU sooner).  Here the
keys are one line, drawn again (never recomposed) only when what it shows
changes.  A click on a key presses it, as with Textual's footer.
"""
from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.app import App
from textual.screen import Screen
from textual.widget import Widget

from ..safety import for_screen


@dataclass(frozen=True)
class FooterItem:
    key: str  # what simulate_key presses
    shown: str  # the key as the footer writes it
    description: str
    enabled: bool


def footer_items(screen: Screen, app: App) -> tuple[list[FooterItem], FooterItem | None]:
    """The keys the footer shows, in binding order, one per action (the first
    binding of an action that several keys share); and the command palette's
    key, drawn at the right end."""
    seen: set[str] = set()
    items = []
    palette = None
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if key == app.COMMAND_PALETTE_BINDING and app.ENABLE_COMMAND_PALETTE:
            palette = FooterItem(key, app.get_key_display(binding), binding.description, active.enabled)
            continue
        if not binding.show or binding.action in seen:
            continue
        seen.add(binding.action)
        items.append(FooterItem(key, for_screen(app.get_key_display(binding)), for_screen(binding.description),
                                active.enabled))
    return items, palette


class KeyFooter(Widget, can_focus=False):
    COMPONENT_CLASSES = {"key-footer--key", "key-footer--description", "key-footer--hover"}
    ALLOW_SELECT = False

    def __init__(self, **kwargs) -> None:  # noqa: ANN003
        super().__init__(**kwargs)
        self._shown: tuple[list[FooterItem], FooterItem | None] | None = None
        self._cells: list[tuple[int, int, FooterItem]] = []  # each item's columns [a, b), as last drawn
        self._hover: FooterItem | None = None

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen) -> None:
        if self.is_attached and screen is self.screen and footer_items(screen, self.app) != self._shown:
            self.refresh()

    def render(self) -> Text:
        self._shown = items, palette = footer_items(self.screen, self.app)
        key_style = self.get_component_rich_style("key-footer--key")
        desc_style = self.get_component_rich_style("key-footer--description")
        hover_style = self.get_component_rich_style("key-footer--hover")
        width = self.size.width
        tail = f" {palette.shown} {palette.description}" if palette else ""
        room = width - cell_len(tail) - 1 if palette else width
        out = Text(no_wrap=True, overflow="crop", end="")
        self._cells = []
        col = 0
        for item in items:
            cells = cell_len(item.shown) + 1 + cell_len(item.description)
            if col + cells > room:
                break  # a key is shown whole or not at all
            extra = hover_style if item == self._hover else Style(dim=not item.enabled)
            out.append(item.shown, key_style + extra)
            out.append(" " + item.description, desc_style + extra)
            out.append(" ")
            self._cells.append((col, col + cells, item))
            col += cells + 1
        if palette:
            out.append(" " * max(0, width - col - cell_len(tail)))
            start = max(col, width - cell_len(tail))
            extra = hover_style if palette == self._hover else Style()
            out.append(f" {palette.shown}", key_style + extra)
            out.append(f" {palette.description}", desc_style + extra)
            self._cells.append((start + 1, width, palette))
        return out

    def _item_at(self, x: int) -> FooterItem | None:
        return next((item for a, b, item in self._cells if a <= x < b), None)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        item = self._item_at(event.x)
        if item != self._hover:
            self._hover = item
            self.refresh()

    def on_leave(self) -> None:
        if self._hover is not None:
            self._hover = None
            self.refresh()

    def on_click(self, event: events.Click) -> None:
        item = self._item_at(event.x)
        if item is None:
            return
        if item.enabled:
            self.app.simulate_key(item.key)
        else:
            self.app.bell()
