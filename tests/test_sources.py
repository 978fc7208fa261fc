"""Input expansion (files, folders, globs) and reading one source, including every sample input."""

from __future__ import annotations

from pathlib import Path

import pytest

from connectors.sources import (
    ARTICLE_EXTENSIONS,
    FEED_EXTENSIONS,
    Inputs,
    expand_inputs,
    read_source,
    sniff_feed,
)
from schemas.article import DeadLetter

SAMPLES = Path(__file__).parent.parent / "sample_feeds"
FEED_FIXTURES = Path(__file__).parent / "fixtures" / "feeds"
SEEDS = sorted(SAMPLES.glob("0*.txt"))
RSS = b'<?xml version="1.0"?>\n<rss version="2.0"><channel><title>t</title><item><title>a</title><description>A.</description></item></channel></rss>\n'


def _tree(root: Path, files: dict[str, bytes]) -> None:
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    _tree(
        tmp_path,
        {
            "a.txt": b"Tekst.\n",
            "feed.txt": RSS,  # a feed saved as .txt
            "b/c.rss": RSS,
            "b/page.html": b"<html><body><p>Side.</p></body></html>",
            "b/items.jsonl": b'{"body": "x"}\n',
            "b/image.png": b"\x89PNG\r\n\x1a\n\x00",
            "b/c.expected.json": b"{}",
            "b/noext": b"text",
            "README.md": b"# Notes\n",
            ".DS_Store": b"\x00\x01",
            ".git/config": b"[core]\n",
        },
    )
    return tmp_path


def test_folder_expansion_with_skipped_files_and_reasons(folder: Path):
    inputs = expand_inputs([str(folder)])
    assert inputs == Inputs(
        files=(
            (
                f"{folder}/README.md",
                "article",
            ),  # .md is an article format: a README in an input folder is read
            (f"{folder}/a.txt", "article"),
            (f"{folder}/b/c.rss", "feed"),
            (f"{folder}/b/items.jsonl", "article"),
            (f"{folder}/b/page.html", "article"),
            (f"{folder}/feed.txt", "feed"),
        ),
        skipped=(
            (f"{folder}/.DS_Store", "hidden"),
            (f"{folder}/.git", "hidden"),
            (f"{folder}/b/c.expected.json", "not an input format (.json)"),
            (f"{folder}/b/image.png", "not an input format (.png)"),
            (f"{folder}/b/noext", "not an input format (no extension)"),
        ),
        missing=(),
    )


def test_glob_expansion(folder: Path):
    inputs = expand_inputs([f"{folder}/b/*", f"{folder}/**/*.txt"])
    assert inputs.files == (
        (f"{folder}/a.txt", "article"),
        (f"{folder}/b/c.rss", "feed"),
        (f"{folder}/b/items.jsonl", "article"),
        (f"{folder}/b/page.html", "article"),
        (f"{folder}/feed.txt", "feed"),
    )
    assert [reason for _, reason in inputs.skipped] == [
        "not an input format (.json)",
        "not an input format (.png)",
        "not an input format (no extension)",
    ]
    assert inputs.missing == ()


def test_missing_inputs(folder: Path):
    inputs = expand_inputs(
        [str(folder / "nope.rss"), f"{folder}/*.atom", str(folder / "a.txt"), str(folder / "nope.rss")]
    )
    assert inputs.files == ((f"{folder}/a.txt", "article"),)
    assert inputs.missing == (str(folder / "nope.rss"), f"{folder}/*.atom")


def test_explicit_files_are_always_read(folder: Path):
    inputs = expand_inputs([str(folder / "b/noext"), str(folder / ".DS_Store"), str(folder / "b/image.png")])
    assert inputs.files == (
        (f"{folder}/.DS_Store", "article"),
        (f"{folder}/b/image.png", "article"),
        (f"{folder}/b/noext", "article"),
    )
    assert inputs.skipped == ()


def test_a_file_reached_twice_is_listed_once(folder: Path):
    inputs = expand_inputs([str(folder / "a.txt"), str(folder), f"{folder}/*.txt"])
    assert [path for path, _ in inputs.files].count(f"{folder}/a.txt") == 1
    assert inputs == expand_inputs([str(folder / "a.txt"), str(folder), f"{folder}/*.txt"])  # deterministic


@pytest.mark.parametrize(
    ("head", "is_feed"),
    [
        (RSS, True),
        (
            b'\xef\xbb\xbf<?xml version="1.0"?><!-- c --><feed xmlns="http://www.w3.org/2005/Atom"><title/>',
            True,
        ),
        (b'<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="x" xmlns="http://purl.org/rss/1.0/">', True),
        ("<rss version='2.0'>".encode("utf-16"), True),
        (b'<feed xmlns="http://example.org/not-atom">', False),
        (b"<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'><rdf:Description/>", False),
        (b'<!DOCTYPE html><html><link type="application/rss+xml" href="/rss"><p>&lt;rss</p>', False),
        (b"Plain text that mentions <rss> later.", False),
        (b"", False),
    ],
)
def test_sniff_feed(head: bytes, is_feed: bool):
    assert sniff_feed(head) is is_feed


@pytest.mark.parametrize("path", sorted(FEED_FIXTURES.iterdir()), ids=lambda p: p.name)
def test_feed_fixtures_sniff_as_feeds_unless_they_are_not(path: Path):
    not_feeds = {"not_xml.xml", "html_page.xml"}
    assert sniff_feed(path.read_bytes()[:4096]) is (path.name not in not_feeds)


def test_read_source_missing_file(tmp_path: Path):
    path = str(tmp_path / "gone.txt")
    (dead,) = read_source(path, "article")
    assert isinstance(dead, DeadLetter)
    assert (dead.step, dead.source, dead.payload) == ("read", path, "")
    assert dead.error == "cannot read file: No such file or directory"
    assert "FileNotFoundError" in dead.traceback


def test_read_source_directory(tmp_path: Path):
    (dead,) = read_source(str(tmp_path), "feed")
    assert isinstance(dead, DeadLetter)
    assert dead.error == "cannot read file: Is a directory"


def test_read_source_permission_denied(tmp_path: Path, monkeypatch):
    path = tmp_path / "secret.txt"
    path.write_text("x")
    real_open = open

    # chmod 0 does not stop root (CI runs as root), so the denial is simulated at open().
    def denied(file, *args, **kwargs):
        if str(file) == str(path):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr("builtins.open", denied)
    (dead,) = read_source(str(path), "article")
    assert dead.error == "cannot read file: Permission denied"


def test_read_source_rejects_an_unknown_kind():
    with pytest.raises(ValueError, match="kind"):
        list(read_source("x.txt", "podcast"))


def test_read_source_sniffed_feed(folder: Path):
    (document,) = read_source(str(folder / "feed.txt"), "feed")
    assert (document.source_kind, document.title, document.text) == ("feed", "a", "A.")


def test_extensions():
    assert FEED_EXTENSIONS == (".xml", ".rss", ".atom", ".rdf")
    assert ARTICLE_EXTENSIONS == (".txt", ".md", ".html", ".htm", ".jsonl", ".ndjson")


SAMPLE_INPUTS = expand_inputs([str(SAMPLES)])


@pytest.mark.parametrize(("path", "kind"), SAMPLE_INPUTS.files, ids=lambda v: Path(v).name)
def test_every_sample_input_reads_cleanly(path: str, kind: str):
    records = list(read_source(path, kind))
    assert [r for r in records if isinstance(r, DeadLetter)] == []
    assert records
    for document in records:
        assert document.text.strip()
        assert document.warnings == ()


def test_sample_inputs_cover_every_format():
    names = {Path(path).name: kind for path, kind in SAMPLE_INPUTS.files}
    for name, kind in {
        "nordic_wire.rss": "feed",
        "world_updates.atom": "feed",
        "ntb_rdf.rdf": "feed",
        "oslo_blackout.html": "article",
        "wire_items.jsonl": "article",
    }.items():
        assert names[name] == kind
    assert len(SEEDS) == 5
    assert {reason for _, reason in SAMPLE_INPUTS.skipped} <= {"not an input format (.json)"}


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name)
def test_seed_text_is_preserved(seed: Path):
    (document,) = read_source(str(seed), "article")
    raw = seed.read_bytes().decode("utf-8")
    assert document.text == raw.replace("\r\n", "\n").replace("\r", "\n")
    assert (document.source_kind, document.title, document.published_text) == ("file", None, None)
