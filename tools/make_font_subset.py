"""Regenerate kerastutor/fonts/NotoSansSC-kerastutor.otf, the CJK font plots use.

A subset of Noto Sans CJK SC (SIL Open Font License 1.1) holding ASCII, CJK punctuation and the
3755 most common Chinese characters (GB 2312 level 1), so matplotlib can label plots in Chinese on
any machine without a system font. Needs Debian's fonts-noto-cjk and fontTools:

    python tools/make_font_subset.py
"""
import hashlib
import pathlib

from fontTools import subset
from fontTools.ttLib import TTCollection

SOURCE = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
TARGET = pathlib.Path(__file__).resolve().parents[1] / "kerastutor" / "fonts" / "NotoSansSC-kerastutor.otf"


def gb2312_level1() -> str:
    chars = []
    for row in range(0xB0, 0xD8):  # level-1 hanzi occupy rows 16..55
        for col in range(0xA1, 0xFF):
            try:
                chars.append(bytes([row, col]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return "".join(chars)


def main() -> None:
    collection = TTCollection(SOURCE)
    font = next(f for f in collection.fonts if "SC" in f["name"].getDebugName(1))
    text = "".join(chr(c) for c in range(0x20, 0x7F)) + gb2312_level1()
    text += "，。、；：？！“”‘’（）《》【】—…·±×÷≈≤≥∑√∞αβγδεθλμσφω²³⁻"
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=text)
    subsetter.subset(font)
    font.save(TARGET)
    digest = hashlib.sha256(TARGET.read_bytes()).hexdigest()
    (TARGET.parent / "SHA256SUMS").write_text(f"{digest}  {TARGET.name}\n")
    print(TARGET, TARGET.stat().st_size, digest)


if __name__ == "__main__":
    main()
