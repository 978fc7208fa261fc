"""The edges: bytes in -> records (article files, feeds); records -> files (Parquet)."""
