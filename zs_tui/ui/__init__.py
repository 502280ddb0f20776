"""The Textual review app. Talks to storage only through zs_tui.review.session."""
