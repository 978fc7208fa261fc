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

Live feeds: an `http(s)://` input is a feed URL (kind "feed", the URL as its path); an OPML file
(`.opml`, or any file whose root is `<opml>`) and a URL list (`.urls`/`.list`, or a `.txt` whose every
line is a URL; `#` comments) stand for the feed URLs they name. A list that cannot be read becomes a
dead letter (step "list") in `Inputs.errors`. `read_source` fetches a URL (connectors/http.py) and
reads its bytes as a feed, stamped with the fetch time; a failed fetch is a dead letter (step "fetch").
Saved feeds and article files may be gzip-compressed (`.xml.gz`, `.jsonl.gz`, or any file that starts
with the gzip magic): they are decompressed, up to `MAX_DECOMPRESSED` bytes.
"""

from __future__ import annotations

import dataclasses
import glob
import gzip
import os
import re
import traceback
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from connectors.article_files import decode, read_article_file
from connectors.feed_bytes import GZIP_MAGIC
from connectors.feeds import read_feed
from connectors.http import FetchResult, FetchSettings, fetch, fetch_failure
from connectors.opml import is_url, looks_like_url_list, read_opml, read_url_list, sniff_opml
from schemas.article import DeadLetter, Document

FEED_EXTENSIONS = (".xml", ".rss", ".atom", ".rdf")
ARTICLE_EXTENSIONS = (".txt", ".md", ".html", ".htm", ".jsonl", ".ndjson")
LIST_EXTENSIONS = (".opml", ".urls", ".list")
KINDS = ("feed", "article")
# Decompressed size cap for a gzip-compressed input (a 200 KB gzip bomb expands to gigabytes).
MAX_DECOMPRESSED = 200_000_000
# A URL list bigger than this is not sniffed as one (it is read as whatever its extension says).
MAX_LIST_BYTES = 1_000_000

# A server's Date further than this from our clock is reported on each item: relative stamps ("2 hours
# ago") are read against fetched_at, and one of the two clocks is wrong.
CLOCK_SKEW = timedelta(minutes=5)

SNIFF_BYTES = 4096
# The root element of a feed, after the XML declaration, comments, processing instructions and DOCTYPE
# (with an internal subset, whose declarations contain `>`).
_PROLOG = re.compile(
    rb"\A\s*(?>(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE(?:[^>\[]|\[.*?\])*>)\s*)*", re.DOTALL | re.IGNORECASE
)
_ROOT = re.compile(rb"<(?:[\w.-]+:)?(rss|feed|RDF)\b[^>]*", re.DOTALL)
_ATOM_NAMESPACES = (b"http://www.w3.org/2005/Atom", b"http://purl.org/atom/ns#")
_RSS1_NAMESPACES = (b"http://purl.org/rss/1.0/", b"http://my.netscape.com/rdf/simple/0.9/")


@dataclass(frozen=True, slots=True)
class Inputs:
    """The input files with their kind, what was skipped and why, and inputs that matched nothing."""

    files: tuple[tuple[str, str], ...]
    skipped: tuple[tuple[str, str], ...]
    missing: tuple[str, ...]
    errors: tuple[DeadLetter, ...] = ()


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


def _head(path: str) -> bytes:
    """The first bytes of a file (decompressed when gzip), b"" when unreadable (read reports it)."""
    try:
        with open(path, "rb") as file:
            head = file.read(SNIFF_BYTES)
            if head.startswith(GZIP_MAGIC):
                file.seek(0)
                with gzip.GzipFile(fileobj=file) as unzipped:
                    head = unzipped.read(SNIFF_BYTES)
            return head
    except (OSError, EOFError, zlib.error):
        return b""


def _extension(path: str) -> str:
    """The extension that says what a file is, under a `.gz`: `a.xml.gz` -> `.xml`."""
    name = os.path.basename(path).lower()
    name = name.removesuffix(".gz")
    return os.path.splitext(name)[1]


def _kind(path: str, head: bytes) -> str:
    """Returns "feed" for a feed extension or a file whose content (`head`) is a feed, else "article"."""
    if _extension(path) in FEED_EXTENSIONS or sniff_feed(head):
        return "feed"
    return "article"


def _list_kind(path: str, head: bytes) -> str | None:
    """ "opml" or "urls" when the file (whose first bytes are `head`) is a list of feeds, else None."""
    extension = _extension(path)
    if extension == ".opml" or sniff_opml(head):
        return "opml"
    if extension in (".urls", ".list"):
        return "urls"
    if extension in (".txt", "") and head.lstrip().lower().startswith((b"http", b"#")):
        try:
            if os.path.getsize(path) <= MAX_LIST_BYTES and looks_like_url_list(decode(_read(path))[0]):
                return "urls"
        except (OSError, ValueError):
            return None
    return None


def _read(path: str) -> bytes:
    """The bytes of a file, decompressed when gzip (up to MAX_DECOMPRESSED); raises OSError/ValueError."""
    with open(path, "rb") as file:
        data = file.read()
    return gunzip(data) if data.startswith(GZIP_MAGIC) else data


def gunzip(data: bytes, limit: int | None = None) -> bytes:
    """Decompresses gzip data, refusing more than `limit` bytes out (default MAX_DECOMPRESSED).

    Raises:
        ValueError: broken or truncated gzip data, or more than `limit` bytes.
    """
    limit = MAX_DECOMPRESSED if limit is None else limit
    out = []
    size = 0
    pending = data
    try:
        while pending:
            decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
            chunk = pending
            while chunk:
                part = decompressor.decompress(chunk, limit - size + 1)
                size += len(part)
                if size > limit:
                    raise ValueError(f"gzip data expands beyond the cap of {limit} bytes")
                out.append(part)
                chunk = decompressor.unconsumed_tail
            if not decompressor.eof:
                raise ValueError("truncated gzip data")
            pending = decompressor.unused_data  # a second gzip member follows (concatenated files)
    except zlib.error as error:
        raise ValueError(f"broken gzip data: {error}") from error
    return b"".join(out)


def _is_hidden(name: str) -> bool:
    """True for dotfiles and dot-folders (`.git`, `.DS_Store`), not for `.` and `..`."""
    return name.startswith(".") and name not in (".", "..")


def _walk(
    folder: str, files: dict[str, tuple[str, str]], skipped: dict[str, str], errors: list[DeadLetter]
) -> None:
    """Adds the input files under `folder` (recursively) and the skipped ones with their reason."""
    for root, dirs, names in os.walk(folder):
        for name in sorted(dirs):
            if _is_hidden(name):
                skipped[os.path.join(root, name)] = "hidden"
        dirs[:] = sorted(d for d in dirs if not _is_hidden(d))
        for name in sorted(names):
            _add_found(os.path.join(root, name), files, skipped, errors)


def _add_found(
    path: str, files: dict[str, tuple[str, str]], skipped: dict[str, str], errors: list[DeadLetter]
) -> None:
    """Adds a file found in a folder or by a glob, or records why it is skipped."""
    name = os.path.basename(path)
    extension = os.path.splitext(name)[1].lower()
    if _is_hidden(name):
        skipped[path] = "hidden"
    elif not os.path.isfile(path):
        skipped[path] = "not a regular file"
    elif _extension(path) not in FEED_EXTENSIONS + ARTICLE_EXTENSIONS + LIST_EXTENSIONS:
        skipped[path] = f"not an input format ({extension or 'no extension'})"
    else:
        _add_file(path, files, errors)


def _add_file(path: str, files: dict[str, tuple[str, str]], errors: list[DeadLetter]) -> None:
    """Adds a file once, however many inputs reach it (keyed by its real path); a list adds its URLs."""
    real = os.path.realpath(path)
    if real in files:
        return
    head = _head(path)  # read once for both sniffs: listing 50,000 files is serial, before any worker starts
    list_kind = _list_kind(path, head)
    if list_kind is None:
        files[real] = (path, _kind(path, head))
        return
    try:
        data = _read(path)
        urls, problems = read_opml(data) if list_kind == "opml" else read_url_list(decode(data)[0])
    except (OSError, ValueError) as error:
        reason = f"cannot read file: {error.strerror or error}" if isinstance(error, OSError) else str(error)
        errors.append(DeadLetter(step="list", source=path, error=reason, traceback="", payload=""))
        return
    if problems:
        errors.append(
            DeadLetter(
                step="list",
                source=path,
                error=f"{len(problems)} entr{'y' if len(problems) == 1 else 'ies'} not read: {problems[0]}",
                traceback="",
                payload=DeadLetter.excerpt("\n".join(problems)),
            )
        )
    elif not urls:
        errors.append(
            DeadLetter(step="list", source=path, error="no feed URLs in the list", traceback="", payload="")
        )
    for url in urls:
        files.setdefault(url, (url, "feed"))


def expand_inputs(inputs: Sequence[str]) -> Inputs:
    """Returns the inputs named by URLs, files, folders (recursive), globs and feed lists, with their kind.

    Inputs are sorted by path (a URL is its own path) and listed once; `skipped` holds (path, reason)
    for files in folders and glob matches that are not inputs; `missing` the inputs that matched
    nothing (in the order given); `errors` a dead letter per feed list that could not be read whole.
    """
    files: dict[str, tuple[str, str]] = {}
    skipped: dict[str, str] = {}
    missing: list[str] = []
    errors: list[DeadLetter] = []
    for given in inputs:
        path = os.path.expanduser(given)
        if is_url(given):
            files.setdefault(given.strip(), (given.strip(), "feed"))
        elif os.path.isdir(path):
            _walk(path, files, skipped, errors)
        elif os.path.isfile(path):
            _add_file(path, files, errors)
        elif glob.has_magic(path):
            matches = sorted(glob.glob(path, recursive=True))
            for match in matches:
                if os.path.isdir(match):
                    _walk(match, files, skipped, errors)
                else:
                    _add_found(match, files, skipped, errors)
            if not matches and given not in missing:
                missing.append(given)
        elif given not in missing:
            missing.append(given)
    return Inputs(
        files=tuple(sorted(files.values())),
        skipped=tuple(sorted((p, r) for p, r in skipped.items() if os.path.realpath(p) not in files)),
        missing=tuple(missing),
        errors=tuple(errors),
    )


def _clock_skew(server_date: datetime | None, fetched_at: datetime) -> str | None:
    """A warning when the server's Date and this machine's clock disagree by more than CLOCK_SKEW."""
    if server_date is None or abs(server_date - fetched_at) <= CLOCK_SKEW:
        return None
    seconds = round((server_date - fetched_at).total_seconds())
    return (
        f"server Date {server_date.isoformat()} is {seconds:+d} s from this machine's clock at fetch time;"
        " relative stamps were read against this machine's clock"
    )


@dataclass(frozen=True, slots=True)
class FetchedInput:
    """A feed URL's body, fetched before the run (conditional GET, politeness) and read in the graph."""

    source: str
    kind: str
    data: bytes
    fetched_at: datetime
    warnings: tuple[str, ...] = ()


def fetched_input(url: str, result: FetchResult) -> FetchedInput:
    """The input to read from a successful fetch of `url` (with a warning when the server's clock is off)."""
    skew = _clock_skew(result.server_date, result.fetched_at)
    return FetchedInput(url, "feed", result.body, result.fetched_at, (skew,) if skew else ())


def read_source(
    path: str,
    kind: str,
    *,
    fetched_at: datetime | None = None,
    settings: FetchSettings | None = None,
) -> Iterator[Document | DeadLetter]:
    """Yields the Documents of one input file or feed URL; what cannot be read becomes a DeadLetter.

    A file that cannot be read or decompressed is a DeadLetter of step "read"; a URL that cannot be
    fetched one of step "fetch". A URL's Documents carry the fetch time unless `fetched_at` is given.

    Raises:
        ValueError: `kind` is not "feed" or "article" (a caller's mistake, not bad input).
    """
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, got {kind!r}")
    if is_url(path):
        if kind != "feed":
            raise ValueError(f"a URL is read as a feed, got kind {kind!r}")
        result = fetch(path, settings=settings)
        if result.status != "ok":
            yield fetch_failure(path, result)
            return
        fetched = fetched_input(path, result)
        yield from read_data(
            path, kind, fetched.data, fetched_at=fetched_at or fetched.fetched_at, warnings=fetched.warnings
        )
        return
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
    yield from read_data(path, kind, data, fetched_at=fetched_at)


def read_data(
    path: str,
    kind: str,
    data: bytes,
    *,
    fetched_at: datetime | None = None,
    warnings: tuple[str, ...] = (),
) -> Iterator[Document | DeadLetter]:
    """Yields the Documents in one input's bytes (decompressed first when gzip).

    Bad input the readers recognise (binary, not a feed, undecodable) is yielded as a DeadLetter.
    """
    if data.startswith(GZIP_MAGIC):
        try:
            data = gunzip(data)
        except ValueError as error:
            yield DeadLetter(
                step="read", source=path, error=str(error), traceback="", payload=DeadLetter.excerpt(data)
            )
            return
    reader = read_feed if kind == "feed" else read_article_file
    # A reader that raises (a bug on one strange file) is turned into a dead letter by the graph's one
    # wrapper (pipelines/deadletters.py), with what was read before it kept.
    for record in reader(path, data, fetched_at=fetched_at):
        if warnings and isinstance(record, Document):
            record = dataclasses.replace(record, warnings=(*record.warnings, *warnings))
        yield record
