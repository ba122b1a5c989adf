"""The data shipped in kerastutor/data: checksums, the digits loader, the 28×28 enlargement."""
from __future__ import annotations

import shutil

import numpy as np
import pytest

from kerastutor import datasets
from kerastutor.errors import KerastutorError
from kerastutor.i18n import set_language


@pytest.fixture(autouse=True)
def _english():
    set_language("en")
    yield
    set_language("zh")


def test_every_shipped_file_is_listed_and_matches():
    sums = datasets.checksums()
    shipped = {p.name for p in datasets.DATA_DIR.iterdir()} - {"SHA256SUMS", "README.md"}
    assert shipped == set(sums), "every data file needs a line in SHA256SUMS, and only those"
    for name, digest in sums.items():
        assert datasets.sha256(datasets.DATA_DIR / name) == digest, name


def test_digits_shape_values_and_classes():
    images, labels = datasets.load_digits()
    assert images.shape == (1797, 8, 8) and images.dtype == np.uint8
    assert labels.shape == (1797,) and labels.dtype == np.uint8
    assert images.min() == 0 and images.max() == 16
    counts = np.bincount(labels, minlength=10)
    assert counts.sum() == 1797 and counts.min() >= 170  # about 180 of each digit
    # a well-known property of the set: the first image is a 0
    assert labels[0] == 0


def test_damaged_file_is_refused(tmp_path):
    shutil.copy(datasets.SUMS_FILE, tmp_path / "SHA256SUMS")
    data = (datasets.DATA_DIR / datasets.DIGITS_FILE).read_bytes()
    (tmp_path / datasets.DIGITS_FILE).write_bytes(data[:-1] + bytes([data[-1] ^ 1]))
    with pytest.raises(KerastutorError, match="SHA-256"):
        datasets.load_digits(tmp_path)


def test_missing_and_unlisted_files(tmp_path):
    with pytest.raises(KerastutorError, match="missing"):
        datasets.load_digits(tmp_path)
    shutil.copy(datasets.DATA_DIR / datasets.DIGITS_FILE, tmp_path / datasets.DIGITS_FILE)
    (tmp_path / "SHA256SUMS").write_text("# nothing listed\n")
    with pytest.raises(KerastutorError, match="not listed"):
        datasets.load_digits(tmp_path)


def test_upsample_to_28():
    images, _ = datasets.load_digits()
    big = datasets.upsample_digits(images[:5])
    assert big.shape == (5, 28, 28) and big.dtype == np.float32
    assert 0.0 <= big.min() and big.max() <= 1.0
    # the 2-pixel border is empty, and each pixel became a 3×3 block of value pixel/16
    assert not big[:, :2].any() and not big[:, -2:].any() and not big[:, :, :2].any() and not big[:, :, -2:].any()
    np.testing.assert_allclose(big[:, 2:26, 2:26].reshape(5, 8, 3, 8, 3).mean(axis=(2, 4)), images[:5] / 16.0)
    np.testing.assert_allclose(big.sum(axis=(1, 2)), 9 * images[:5].sum(axis=(1, 2)) / 16.0, rtol=1e-6)
    # one image works too, and other sizes
    assert datasets.upsample_digits(images[0]).shape == (28, 28)
    assert datasets.upsample_digits(images[:2], size=17).shape == (2, 17, 17)
    with pytest.raises(KerastutorError):
        datasets.upsample_digits(images[:1], size=4)


def test_split_is_reproducible_and_disjoint():
    train, test = datasets.train_test_split(100, 0.25, seed=3)
    again = datasets.train_test_split(100, 0.25, seed=3)
    assert len(test) == 25 and len(train) == 75
    assert not set(train) & set(test) and set(train) | set(test) == set(range(100))
    assert (train == again[0]).all() and (test == again[1]).all()
