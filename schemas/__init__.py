"""What a record is: the dataclasses and their explicit pyarrow schemas. Imports nothing of ours."""

from schemas.article import (
    ARTICLE_SCHEMA,
    DEAD_LETTER_SCHEMA,
    Article,
    Caption,
    DeadLetter,
    Document,
    Embed,
    FactBox,
    Paragraph,
    to_row,
    to_table,
)
from schemas.tally import InputRead, Skipped

__all__ = [
    "ARTICLE_SCHEMA",
    "DEAD_LETTER_SCHEMA",
    "Article",
    "Caption",
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
