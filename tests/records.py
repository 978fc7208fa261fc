"""Records for tests: an Article with every required field filled, the rest as the test says."""

import datetime as dt

from schemas import Article

NOW = dt.datetime(2026, 11, 22, 12, 0, tzinfo=dt.UTC)


def article(**fields) -> Article:
    """A minimal valid Article; keyword arguments override or add fields."""
    required = {
        "article_id": "a",
        "story_id": "s",
        "content_hash": "h",
        "source": "x",
        "source_kind": "file",
        "run_id": "r",
        "ingested_at": NOW,
    }
    return Article(**(required | fields))
