"""``python -m zs_tui``: the same as the ``zs-tui`` command."""
from .cli import main

raise SystemExit(main())
