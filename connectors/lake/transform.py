"""The Beam leaf that writes a run into the lake's staging folder (see `writer.py`)."""

from __future__ import annotations

import apache_beam as beam

from connectors.lake import layout
from connectors.lake.writer import MAX_ROWS, group_of, write_group


class WriteLake(beam.PTransform):
    """Articles, dead letters and tallies -> a run's staged Parquet files and manifests (the leaf)."""

    def __init__(self, *, output: str, run_id: str, shards: int = 1, max_rows: int = MAX_ROWS):
        super().__init__()
        if not output:
            raise ValueError("WriteLake needs an output directory")
        layout.check_run_id(run_id)
        if shards < 1 or max_rows < 1:
            raise ValueError("shards and max_rows must be at least 1")
        self._output = output
        self._run_id = run_id
        self._shards = shards
        self._max_rows = max_rows

    def expand(self, records):
        shards, output, run_id, max_rows = self._shards, self._output, self._run_id, self._max_rows
        return (
            records
            | "KeyByGroup" >> beam.Map(lambda r: (group_of(r, shards), r))
            | "GroupByFile" >> beam.GroupByKey()
            | "WriteFiles"
            >> beam.MapTuple(
                lambda group, rs: write_group(group, rs, output=output, run_id=run_id, max_rows=max_rows)
            )
        )
