"""One module per ``zs-tui`` command."""
