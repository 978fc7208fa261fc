"""The middle steps, the assembled graph and the command-line entry point."""

import logging


class _BeamImportNoise(logging.Filter):
    """Drops the one warning Beam logs on every import about Google Cloud clients we don't use."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("apitools not found")


# Installed here, before anything imports Beam: in the CLI, and in every Dask worker, which imports
# this package when it unpickles a step. Beam logs the warning on the root logger itself.
logging.getLogger().addFilter(_BeamImportNoise())
