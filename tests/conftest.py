"""Fixtures several test modules share."""

import pytest

from tests.local_server import LocalServer


@pytest.fixture
def server():
    """A local HTTP server on 127.0.0.1 with no routes yet; closed after the test."""
    local = LocalServer()
    yield local
    local.close()
