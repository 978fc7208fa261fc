"""Body paragraphs -> word shingles -> a MinHash signature: what copy detection compares.

Only body paragraphs go in (the parse step has set aside title, captions, byline, related links and
boilerplate). Shingles are taken inside each paragraph, so reordered paragraphs keep every shingle and
no shingle spans a cut. The MinHash is datasketch's, with a fixed seed, scheme and size: signatures
computed next year must compare with the ones saved today.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
from datasketch import MinHash

from schemas import Paragraph

SEED = 1  # fixed: signatures written today must compare with signatures computed next year
SCHEME = "affine32"  # datasketch's 32-bit scheme: hash values fit uint32, half the memory of uint64

_WORD = re.compile(r"\w+")

Paragraphs = Iterable[str | Paragraph | Mapping[str, Any]]


@functools.cache
def _permutations(num_perm: int) -> np.ndarray:
    """datasketch's permutations for SEED, drawn once per size (drawing them is most of the cost of
    a new MinHash: ~0.4 ms against ~0.2 ms to hash a whole article); read-only, shared by all."""
    permutations = MinHash(num_perm=num_perm, seed=SEED, scheme=SCHEME).permutations
    permutations.setflags(write=False)
    return permutations


def _paragraph_texts(paragraphs: Paragraphs) -> list[str]:
    """Body texts from strings, Paragraph records or Parquet rows' paragraph structs."""
    texts = []
    for p in paragraphs:
        text = p if isinstance(p, str) else p.text if isinstance(p, Paragraph) else p.get("text")
        if text:
            texts.append(text)
    return texts


def words(text: str) -> list[str]:
    """The words of a text, NFKC-normalised and case-folded; punctuation and dashes dropped."""
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def shingles(paragraphs: Paragraphs, size: int = 3) -> set[bytes]:
    """Word `size`-grams taken inside each paragraph; a shorter paragraph is one shingle of its words."""
    found: set[bytes] = set()
    for text in _paragraph_texts(paragraphs):
        ws = words(text)
        if not ws:
            continue
        span = max(len(ws) - size + 1, 1)
        found.update(" ".join(ws[i : i + size]).encode("utf-8") for i in range(span))
    return found


def signature(paragraphs: Paragraphs, *, num_perm: int = 128, shingle: int = 3) -> MinHash:
    """The MinHash of an article's body paragraphs (deterministic: fixed seed, scheme and size)."""
    minhash = MinHash(num_perm=num_perm, seed=SEED, scheme=SCHEME, permutations=_permutations(num_perm))
    minhash.update_batch(sorted(shingles(paragraphs, shingle)))
    return minhash
