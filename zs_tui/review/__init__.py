"""What the review keys do (session, undo, learning), the action registry and word boundaries.

No Textual and no SQL here: the UI calls it, storage persists."""
