"""Input paths -> the files to read, and one file -> its Documents (or DeadLetters).

`expand_inputs` turns what the user named (files, folders, globs) into a sorted list of input files,
each tagged "feed" or "article", and says what it skipped and why: nothing is dropped silently.
`read_source` reads one of them and never raises for bad input: it yields DeadLetters instead.

Rules: a file named explicitly is always read (as an article unless its content sniffs as a feed),
whatever its extension. Inside folders (searched recursively) and glob matches, a file is read when its
extension is a feed or article extension; anything else is skipped with the reason "not an input
format (.EXT)". `.md` is an article format, so a README.md inside an input folder IS read as an
article: keep notes outside input folders. Hidden files and folders (`.git`, `.DS_Store`) are skipped
with the reason "hidden". A `.txt` (or any article file) that is really a feed is read as a feed.
"""

from __future__ import annotations

import glob
import os
import re
import traceback
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime

from connectors.article_files import read_article_file
from connectors.feeds import read_feed
from schemas.article import DeadLetter, Document

FEED_EXTENSIONS = (".xml", ".rss", ".atom", ".rdf")
ARTICLE_EXTENSIONS = (".txt", ".md", ".html", ".htm", ".jsonl", ".ndjson")
KINDS = ("feed", "article")

SNIFF_BYTES = 4096
# The root element of a feed, after the XML declaration, comments, processing instructions and DOCTYPE.
_PROLOG = re.compile(rb"\A(?:\s+|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>)*", re.DOTALL | re.IGNORECASE)
_ROOT = re.compile(rb"<(?:[\w.-]+:)?(rss|feed|RDF)\b[^>]*", re.DOTALL)
_ATOM_NAMESPACES = (b"http://www.w3.org/2005/Atom", b"http://purl.org/atom/ns#")
_RSS1_NAMESPACES = (b"http://purl.org/rss/1.0/", b"http://my.netscape.com/rdf/simple/0.9/")


@dataclass(frozen=True, slots=True)
class Inputs:
    """The input files with their kind, what was skipped and why, and inputs that matched nothing."""

    files: tuple[tuple[str, str], ...]
    skipped: tuple[tuple[str, str], ...]
    missing: tuple[str, ...]


def sniff_feed(head: bytes) -> bool:
    """True when the first bytes of a file are an RSS 2.0, Atom or RSS 1.0 (RDF) document."""
    for bom, encoding in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if head.startswith(bom):
            head = head[2:].decode(encoding, errors="ignore").encode("utf-8")
    head = head.removeprefix(b"\xef\xbb\xbf")
    match = _ROOT.match(head, _PROLOG.match(head).end())  # type: ignore[union-attr]  # \A(...)* always matches
    if match is None:
        return False
    root = match.group(1)
    if root == b"rss":
        return True
    if root == b"feed":
        return any(ns in match.group(0) for ns in _ATOM_NAMESPACES)
    return any(ns in head for ns in _RSS1_NAMESPACES)


def _sniff_file(path: str) -> bool:
    """True when the file at `path` starts like a feed; an unreadable file is not sniffed (read reports it)."""
    try:
        with open(path, "rb") as file:
            return sniff_feed(file.read(SNIFF_BYTES))
    except OSError:
        return False


def _kind(path: str) -> str:
    """Returns "feed" for a feed extension or a file whose content is a feed, else "article"."""
    if path.lower().endswith(FEED_EXTENSIONS) or _sniff_file(path):
        return "feed"
    return "article"


def _is_hidden(name: str) -> bool:
    """True for dotfiles and dot-folders (`.git`, `.DS_Store`), not for `.` and `..`."""
    return name.startswith(".") and name not in (".", "..")


def _walk(folder: str, files: dict[str, tuple[str, str]], skipped: dict[str, str]) -> None:
    """Adds the input files under `folder` (recursively) and the skipped ones with their reason."""
    for root, dirs, names in os.walk(folder):
        for name in sorted(dirs):
            if _is_hidden(name):
                skipped[os.path.join(root, name)] = "hidden"
        dirs[:] = sorted(d for d in dirs if not _is_hidden(d))
        for name in sorted(names):
            _add_found(os.path.join(root, name), files, skipped)


def _add_found(path: str, files: dict[str, tuple[str, str]], skipped: dict[str, str]) -> None:
    """Adds a file found in a folder or by a glob, or records why it is skipped."""
    name = os.path.basename(path)
    extension = os.path.splitext(name)[1].lower()
    if _is_hidden(name):
        skipped[path] = "hidden"
    elif not os.path.isfile(path):
        skipped[path] = "not a regular file"
    elif extension not in FEED_EXTENSIONS + ARTICLE_EXTENSIONS:
        skipped[path] = f"not an input format ({extension or 'no extension'})"
    else:
        _add_file(path, files)


def _add_file(path: str, files: dict[str, tuple[str, str]]) -> None:
    """Adds a file once, however many inputs reach it (keyed by its real path)."""
    files.setdefault(os.path.realpath(path), (path, _kind(path)))


def expand_inputs(inputs: Sequence[str]) -> Inputs:
    """Returns the input files named by files, folders (recursive) and globs, with their kind.

    Files are sorted by path and listed once; `skipped` holds (path, reason) for files in folders and
    glob matches that are not inputs; `missing` the inputs that matched nothing (in the order given).
    """
    files: dict[str, tuple[str, str]] = {}
    skipped: dict[str, str] = {}
    missing: list[str] = []
    for given in inputs:
        path = os.path.expanduser(given)
        if os.path.isdir(path):
            _walk(path, files, skipped)
        elif os.path.isfile(path):
            _add_file(path, files)
        elif glob.has_magic(path):
            matches = sorted(glob.glob(path, recursive=True))
            for match in matches:
                if os.path.isdir(match):
                    _walk(match, files, skipped)
                else:
                    _add_found(match, files, skipped)
            if not matches and given not in missing:
                missing.append(given)
        elif given not in missing:
            missing.append(given)
    return Inputs(
        files=tuple(sorted(files.values())),
        skipped=tuple(sorted((p, r) for p, r in skipped.items() if os.path.realpath(p) not in files)),
        missing=tuple(missing),
    )


def read_source(
    path: str, kind: str, *, fetched_at: datetime | None = None
) -> Iterator[Document | DeadLetter]:
    """Yields the Documents of one input file; what cannot be read becomes a DeadLetter (step "read").

    Raises:
        ValueError: `kind` is not "feed" or "article" (a caller's mistake, not bad input).
    """
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, got {kind!r}")
    try:
        with open(path, "rb") as file:
            data = file.read()
    except OSError as error:
        yield DeadLetter(
            step="read",
            source=path,
            error=f"cannot read file: {error.strerror or error}",
            traceback=traceback.format_exc(),
            payload="",
        )
        return
    reader = read_feed if kind == "feed" else read_article_file
    try:
        yield from reader(path, data, fetched_at=fetched_at)
    except Exception as error:  # noqa: BLE001 - a reader bug on one file must not end the run; routed, never dropped
        yield DeadLetter(
            step="read",
            source=path,
            error=f"{type(error).__name__}: {error}",
            traceback=traceback.format_exc(),
            payload=DeadLetter.excerpt(data),
        )
