"""``python -m zs_tui.cli``: the ``zs-tui`` command."""
import sys

from zs_tui.cli import main

sys.exit(main())
