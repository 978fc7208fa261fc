"""Body paragraphs -> word shingles -> a MinHash signature: what copy detection compares.

Only body paragraphs go in (the parse step has set aside title, captions, byline, related links and
boilerplate). Shingles are taken inside each paragraph, so reordered paragraphs keep every shingle and
no shingle spans a cut. The MinHash is datasketch's, with a fixed seed, scheme and size: signatures
computed next year must compare with the ones saved today.
"""

from __future__ import annotations

import functools
import hashlib
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


def _shingle_texts(paragraphs: Paragraphs, size: int) -> set[str]:
    """`shingles`, as text."""
    found: set[str] = set()
    for text in _paragraph_texts(paragraphs):
        ws = words(text)
        if len(ws) > size:
            # The n-grams as tuples of the word list and its shifts (the shorter shifts end the zip),
            # joined: no Python loop per word.
            found.update(map(" ".join, zip(*(ws[i:] for i in range(size)), strict=False)))
        elif ws:
            found.add(" ".join(ws))
    return found


def shingles(paragraphs: Paragraphs, size: int = 3) -> set[bytes]:
    """Word `size`-grams taken inside each paragraph; a shorter paragraph is one shingle of its words."""
    return set(map(str.encode, _shingle_texts(paragraphs, size)))


# MurmurHash3's 32-bit finalizer, which datasketch's affine32 scheme applies to each input hash.
_FMIX32 = (np.uint32(16), np.uint32(0x85EBCA6B), np.uint32(13), np.uint32(0xC2B2AE35), np.uint32(16))


def _sha1_hash32(texts: Iterable[str]) -> np.ndarray:
    """datasketch's `sha1_hash32` of each text in UTF-8 (the first 4 bytes of its SHA-1, little-endian)."""
    digests = b"".join([hashlib.sha1(text.encode("utf-8")).digest() for text in texts])
    return np.frombuffer(digests, dtype="<u4")[::5].astype(np.uint32)


def signature(paragraphs: Paragraphs, *, num_perm: int = 128, shingle: int = 3) -> MinHash:
    """The MinHash of an article's body paragraphs (deterministic: fixed seed, scheme and size).

    What `MinHash.update_batch` computes for the shingles, bit for bit (tests compare the two), with
    the 32-bit hashes read from the SHA-1 digests in one numpy call instead of one `struct.unpack`
    per shingle: the signature is signed for every article.
    """
    minhash = MinHash(num_perm=num_perm, seed=SEED, scheme=SCHEME, permutations=_permutations(num_perm))
    found = _shingle_texts(paragraphs, shingle)
    if found:
        s1, m1, s2, m2, s3 = _FMIX32
        hashes = _sha1_hash32(found)
        hashes ^= hashes >> s1
        hashes *= m1
        hashes ^= hashes >> s2
        hashes *= m2
        hashes ^= hashes >> s3
        a, b = minhash.permutations
        # Multiplication and addition wrap around in uint32: the scheme's permutations mod 2^32.
        minhash.hashvalues = np.minimum(minhash.hashvalues, (hashes[:, np.newaxis] * a + b).min(axis=0))
    return minhash
