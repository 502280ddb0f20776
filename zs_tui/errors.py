"""The one error type the library raises for anything the user must fix.

Library code (import, export, eval, sessions, replay, suggest, train, the
storage and label/key loaders) raises ``ZsError`` - or a subclass, where a
caller has to tell kinds apart (``StoreBusy`` is retried, ``SchemaError`` is
tested for) - with a message that says what is wrong and, when there is
one, a hint that says what to do.  Nothing below the CLI prints an error or
returns an exit code: ``zs_tui.cli`` catches ``ZsError`` once, prints it
once through ``zs_tui.output`` and exits with ``exit_code`` (2: bad input,
nothing changed; 1: the work itself could not be done, e.g. a replay that
diverges).
"""
from __future__ import annotations


class ZsError(Exception):
    """What went wrong (``message``), what to do about it (``hint``), the exit code."""

    exit_code: int = 2

    def __init__(self, message: str, hint: str | None = None, exit_code: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        if exit_code is not None:
            self.exit_code = exit_code

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message
