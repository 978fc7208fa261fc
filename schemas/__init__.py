"""What a record is: the dataclasses and their explicit pyarrow schemas. Imports nothing of ours."""

from schemas.article import (
    ARTICLE_SCHEMA,
    CHANGES_TYPE,
    DEAD_LETTER_SCHEMA,
    Article,
    Caption,
    Changes,
    DeadLetter,
    Document,
    Embed,
    FactBox,
    Paragraph,
    to_row,
    to_table,
)
from schemas.tally import ClusterOf, InputRead, Skipped

__all__ = [
    "ARTICLE_SCHEMA",
    "CHANGES_TYPE",
    "DEAD_LETTER_SCHEMA",
    "Article",
    "Caption",
    "Changes",
    "ClusterOf",
    "DeadLetter",
    "Document",
    "Embed",
    "FactBox",
    "InputRead",
    "Paragraph",
    "Skipped",
    "to_row",
    "to_table",
]
