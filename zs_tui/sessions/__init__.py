"""Recorded review sessions: the session file, replay onto another database and
(``zs_tui.sessions.testing``) replay through the app in tests.

Empty on purpose: importing ``zs_tui.sessions.replay`` must not load Textual."""
