"""Small real datasets shipped with the course, so that lessons run offline.

Every file in `kerastutor/data/` is listed in `kerastutor/data/SHA256SUMS`; a loader checks the
file's SHA-256 against that list before it reads anything, and says so plainly when the file is
missing or was changed. Provenance and licences: `kerastutor/data/README.md`.

`load_digits()` gives the 1 797 handwritten digits of UCI "Optical Recognition of Handwritten
Digits" (the copy scikit-learn ships as `load_digits`): 8×8 images with pixel values 0…16.
`upsample_digits()` turns them into 28×28 images (784 pixels, the input size of the classic
784→64→64→10 network): every pixel becomes a 3×3 block (24×24) and a 2-pixel empty border is added.

Importing this module is cheap (NumPy only).
"""
from __future__ import annotations

import hashlib
import pathlib

import numpy as np

from .errors import KerastutorError
from .i18n import register

DATA_DIR = pathlib.Path(__file__).resolve().parent / "data"
SUMS_FILE = DATA_DIR / "SHA256SUMS"
DIGITS_FILE = "digits_8x8.npz"

MESSAGES = {
    "datasets.missing": {
        "zh": "找不到课程自带的数据文件 {path}。请重新克隆或重新安装 kerastutor（这个文件随课程一起发布，不需要下载）。",
        "en": "The course's data file {path} is missing. Clone or install kerastutor again "
              "(the file ships with the course; nothing is downloaded).",
    },
    "datasets.unlisted": {
        "zh": "数据文件 {name} 不在校验和清单 {sums} 里，无法确认它是否完整。",
        "en": "The data file {name} is not listed in {sums}, so its integrity cannot be checked.",
    },
    "datasets.checksum": {
        "zh": "数据文件 {name} 的 SHA-256 校验和不对：应为 {expected}，实际是 {actual}。文件可能损坏或被改动过，请重新获取课程文件。",
        "en": "The SHA-256 of the data file {name} is wrong: expected {expected}, got {actual}. The file "
              "is damaged or was changed; get the course files again.",
    },
    "datasets.bad_size": {
        "zh": "upsample_digits 的 size={size} 太小：至少要 8（原图是 8×8）。",
        "en": "upsample_digits got size={size}, which is too small: it must be at least 8 (the images are 8×8).",
    },
}
register(MESSAGES)


def sha256(path: pathlib.Path) -> str:
    """The SHA-256 of a file, as 64 hexadecimal digits."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def checksums(sums_file: pathlib.Path = SUMS_FILE) -> dict[str, str]:
    """{file name: expected SHA-256} from a `sha256sum`-style list."""
    table = {}
    for line in sums_file.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            digest, name = line.split(maxsplit=1)
            table[name.strip().lstrip("*")] = digest.lower()
    return table


def verified_path(name: str, data_dir: pathlib.Path = DATA_DIR) -> pathlib.Path:
    """The path of a shipped data file, after checking it exists and has the listed SHA-256."""
    path = data_dir / name
    if not path.is_file():
        raise KerastutorError("datasets.missing", path=path)
    sums_file = data_dir / "SHA256SUMS"
    expected = checksums(sums_file).get(name) if sums_file.is_file() else None
    if expected is None:
        raise KerastutorError("datasets.unlisted", name=name, sums=sums_file)
    actual = sha256(path)
    if actual != expected:
        raise KerastutorError("datasets.checksum", name=name, expected=expected, actual=actual)
    return path


def load_digits(data_dir: pathlib.Path = DATA_DIR) -> tuple[np.ndarray, np.ndarray]:
    """(images, labels): uint8 arrays of shape (1797, 8, 8) with values 0…16, and (1797,) with 0…9."""
    with np.load(verified_path(DIGITS_FILE, data_dir)) as archive:
        return archive["images"].copy(), archive["labels"].copy()


def upsample_digits(images: np.ndarray, size: int = 28) -> np.ndarray:
    """8×8 digit images -> size×size float32 images with values in [0, 1].

    Each pixel is repeated into a k×k block, k = size // 8 (3 for size 28: 24×24), and the rest is an
    empty border split evenly (2 pixels on every side for 28). Values are divided by 16, the largest
    pixel value of the data set. Works on one image (8, 8) or a stack (n, 8, 8).
    """
    images = np.asarray(images)
    if size < 8:
        raise KerastutorError("datasets.bad_size", size=size)
    k = size // 8
    grown = np.repeat(np.repeat(images, k, axis=-2), k, axis=-1).astype("float32") / 16.0
    before = (size - 8 * k) // 2
    after = size - 8 * k - before
    pad = [(0, 0)] * (grown.ndim - 2) + [(before, after), (before, after)]
    return np.pad(grown, pad)


def train_test_split(n: int, test_fraction: float = 0.2, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Indices (train, test) of a shuffled split of n samples; the same seed gives the same split."""
    order = np.random.default_rng(seed).permutation(n)
    n_test = int(round(n * test_fraction))
    return np.sort(order[n_test:]), np.sort(order[:n_test])
