"""LSH over stored MinHash values: banding, stored values, candidates before and after a merge."""

import numpy as np
import pytest
from datasketch import MinHash
from hypothesis import given, settings
from hypothesis import strategies as st

from pipelines.lsh import BUCKET_CAP, EMPTY, PENDING_ROWS, BandIndex, band_keys, bands, is_empty, stored
from pipelines.signatures import signature


@pytest.mark.parametrize(("threshold", "num_perm"), [(0.3, 64), (0.5, 128), (0.7, 128), (0.9, 256)])
def test_bands_offer_pairs_at_the_threshold(threshold, num_perm):
    b, r = bands(threshold, num_perm)
    assert b * r <= num_perm
    assert 1 - (1 - threshold**r) ** b >= 0.99
    assert 1 - (1 - threshold**r) ** (b - 1) < 0.99  # no band more than needed
    assert 1 - (1 - threshold ** (r + 1)) ** (num_perm // (r + 1)) < 0.99  # and no more selective one does


def test_the_default_banding():
    assert bands(0.5, 128) == (35, 3)


@pytest.mark.parametrize(
    ("sig", "error"),
    [
        (MinHash(num_perm=128, seed=2, scheme="affine32"), "seed"),
        (MinHash(num_perm=128, seed=1, scheme="affine64"), "affine64"),
        (signature(["tekst"], num_perm=64), "64 permutations"),
    ],
)
def test_stored_refuses_signatures_of_another_kind(sig, error):
    with pytest.raises(ValueError, match=error):
        stored(sig, 128)


def test_stored_keeps_the_low_16_bits():
    sig = signature(["Venezuelas president Nicolás Maduro sier han har fått forsikring."])
    values = stored(sig, 128)
    assert values.dtype == np.uint16
    assert values.tolist() == [v & 0xFFFF for v in sig.hashvalues.tolist()]
    assert is_empty(stored(signature([]), 128)) and not is_empty(values)


def test_band_keys_are_fixed():
    # Saved indexes are reloaded by recomputing band keys: the function must not drift.
    values = np.arange(128, dtype=np.uint16)[None, :]
    assert band_keys(values, 35, 3)[0, :3].tolist() == [570987564, 2229890126, 1386562179]


def _rows(seed: int, n: int, copies: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    values = rng.integers(0, 0xFFFF, size=(n, 128), dtype=np.uint16)
    for i in range(1, copies + 1):  # row i is a copy of row 0 with a share of its values redrawn
        values[i] = values[0]
        redraw = rng.random(128) < 0.1 * i
        values[i, redraw] = rng.integers(0, 0xFFFF, size=int(redraw.sum()), dtype=np.uint16)
    return values


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10_000), st.integers(2, 60), st.integers(0, 6))
def test_candidates_are_the_same_pending_or_merged(seed, n, copies):
    values = _rows(seed, n, min(copies, n - 1))
    pending = BandIndex(threshold=0.5, num_perm=128)
    for row in values:
        pending.append(row)
    merged = BandIndex.from_values(values, threshold=0.5, num_perm=128)
    for row in range(n):
        a, b = pending.similar(values[row], exclude=row), merged.similar(values[row], exclude=row)
        assert sorted(zip(*a, strict=True)) == sorted(zip(*b, strict=True))


def test_similar_finds_close_copies_and_checks_the_threshold():
    values = _rows(7, 50, 6)
    index = BandIndex.from_values(values, threshold=0.5, num_perm=128)
    rows, similarity = index.similar(values[0], exclude=0)
    assert set(rows.tolist()) <= set(range(1, 7)) and {1, 2, 3} <= set(rows.tolist())
    assert (similarity >= 0.5).all()


def test_a_batch_is_paired_with_held_rows_and_within_itself():
    values = _rows(3, 20, 2)
    index = BandIndex.from_values(values[:10], threshold=0.5, num_perm=128)
    batch = np.stack([values[0], values[1], values[15]])  # copies of row 0, and an unrelated row
    i, row, _ = index.batch_edges(batch, index.keys(batch))
    pairs = set(zip(i.tolist(), row.tolist(), strict=True))
    assert {(0, 0), (0, 1), (1, 0), (1, 1), (0, 11), (1, 10)} <= pairs  # held rows; batch rows as 10, 11
    assert not any(a == 2 for a, _ in pairs)


def test_empty_rows_are_never_candidates():
    empty = np.full((3, 128), EMPTY, dtype=np.uint16)
    index = BandIndex.from_values(empty, threshold=0.5, num_perm=128)
    assert index.similar(empty[0])[0].size == 0
    assert index.batch_edges(empty, index.keys(empty))[0].size == 0


def test_one_bucket_offers_at_most_the_cap():
    same = np.tile(_rows(1, 1, 0), (BUCKET_CAP * 3, 1))
    index = BandIndex.from_values(same, threshold=0.5, num_perm=128)
    assert index.similar(same[0])[0].tolist() == list(range(BUCKET_CAP))


def test_pending_rows_are_merged_in_steps():
    index = BandIndex(threshold=0.5, num_perm=128)
    for row in _rows(2, PENDING_ROWS + 10, 0):
        index.append(row)
    assert len(index) == PENDING_ROWS + 10 and len(index._pending) <= 10 * index.b
