"""HTML extraction is optional at run time: without trafilatura, HTML inputs become dead letters that
name the missing package, and every other input is still read and written."""

from __future__ import annotations

import builtins
import json
import sys
from pathlib import Path

import duckdb
import pytest

from connectors.article_files import read_article_file
from pipelines.cli import main
from schemas.article import DeadLetter, Document

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_feeds"
PAGE = SAMPLES / "oslo_blackout.html"

_real_import = builtins.__import__


def _lxml_clean_split(name, *args, **kwargs):
    """What Python 3.11's bundled pip (23.2) leaves behind: jusText's `lxml.html.clean` is gone."""
    if name == "trafilatura":
        raise ImportError(
            "lxml.html.clean module is now a separate project lxml_html_clean.\n"
            "Install lxml[html-clean] or lxml_html_clean directly."
        )
    return _real_import(name, *args, **kwargs)


def _block(patch: pytest.MonkeyPatch, how: str) -> str:
    """Makes `import trafilatura` fail as `how` says; returns the package name the error must carry."""
    if how == "not-installed":
        # None in sys.modules makes `import trafilatura` raise ModuleNotFoundError(name='trafilatura').
        patch.setitem(sys.modules, "trafilatura", None)
        return "'trafilatura'"
    patch.setattr(builtins, "__import__", _lxml_clean_split)
    return "lxml_html_clean"


HOW = ["not-installed", "lxml-clean-split"]


@pytest.fixture(params=HOW)
def no_extractor(request, monkeypatch):
    """trafilatura cannot be imported; gives the package name the dead letter must carry."""
    return _block(monkeypatch, request.param)


def test_an_html_page_raises_an_error_naming_the_package(no_extractor):
    with pytest.raises(ImportError, match=no_extractor):
        list(read_article_file(str(PAGE), PAGE.read_bytes()))


def test_json_lines_after_an_html_page_are_still_read(no_extractor):
    page = {"html": PAGE.read_text(encoding="utf-8")}
    text = {"title": "Plain", "body": "A plain paragraph of wire text."}
    data = "\n".join(json.dumps(record) for record in (page, text)).encode()
    dead, document = list(read_article_file("wire.jsonl", data))
    assert isinstance(dead, DeadLetter) and dead.error.startswith("line 1: cannot read HTML")
    assert no_extractor in dead.error
    assert isinstance(document, Document) and document.position == 2 and document.title == "Plain"


@pytest.fixture(scope="module")
def with_extractor(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("with")
    assert main(["ingest", str(SAMPLES), "--output", str(out)]) == 0
    return out


@pytest.mark.parametrize("how", HOW)
def test_ingest_goes_on_without_trafilatura(how, with_extractor, tmp_path, monkeypatch):
    package = _block(monkeypatch, how)
    out = tmp_path / "without"
    assert main(["ingest", str(SAMPLES), "--output", str(out)]) == 0
    monkeypatch.undo()
    con = duckdb.connect()

    def sources(lake: Path) -> list[str]:
        rows = con.execute(
            f"SELECT DISTINCT source FROM read_parquet('{lake}/articles/**/*.parquet') ORDER BY 1"
        ).fetchall()
        return [Path(s).name for (s,) in rows]

    assert PAGE.name in sources(with_extractor)
    assert sources(out) == [s for s in sources(with_extractor) if s != PAGE.name]
    dead = con.execute(
        f"SELECT step, source, error FROM read_parquet('{out}/dead_letters/*.parquet')"
    ).fetchall()
    assert len(dead) == 1
    step, source, error = dead[0]
    assert (step, Path(source).name) == ("read", PAGE.name)
    assert error.startswith("ExtractorMissing: cannot read HTML") and package in error
