#!/usr/bin/python3
"""Builds the font the certificates are drawn with (#22 point 3): the Simplified Chinese face of Noto Sans CJK, cut to
the characters a certificate needs, written beside the web project (src/CommunityAcademy.Web/Fonts/) so that it is
copied to the published output and every machine draws the same PDF.

  apt-get install fonts-noto-cjk python3-fonttools && /usr/bin/python3 tools/certificate_font.py

The collection's face 0 is the Japanese one: the SC face is found by its family name. The CJK radicals blocks
(U+2E80–U+2FDF) are left out: their glyphs are the ideographs' own (⺠ and 民 share one), and a PDF maps a glyph back to
one character, so with them 民 would come back out of the PDF as ⺠.
"""
import sys
from fontTools.ttLib import TTCollection
from fontTools import subset

SOURCE = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
FAMILY = "Noto Sans CJK SC"
TARGET = "src/CommunityAcademy.Web/Fonts/NotoSansSC-Certificate.otf"

RANGES = [
    (0x0020, 0x007E), (0x00A0, 0x00FF),   # Latin
    (0x2010, 0x203B),                     # dashes, quotes, ※
    (0x2160, 0x216B), (0x2460, 0x2473),   # Ⅰ…Ⅻ, ①…⑳
    (0x3000, 0x303F),                     # CJK punctuation: 、。〔〕《》「」
    (0x3400, 0x4DBF),                     # CJK Extension A (rare characters in names)
    (0x4E00, 0x9FFF),                     # CJK Unified Ideographs
    (0xFF01, 0xFF5E), (0xFFE0, 0xFFE6),   # full-width forms
]

def main():
    collection = TTCollection(SOURCE)
    index = next(i for i, f in enumerate(collection.fonts) if f["name"].getDebugName(1) == FAMILY)
    options = subset.Options()
    options.font_number = index
    options.layout_features = ["vert", "vrt2", "locl", "kern", "palt"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.hinting = False
    font = subset.load_font(SOURCE, options)
    sub = subset.Subsetter(options)
    sub.populate(unicodes=[u for a, b in RANGES for u in range(a, b + 1)])
    sub.subset(font)
    subset.save_font(font, TARGET, options)
    print(f"face {index} ({FAMILY}) -> {TARGET}")

if __name__ == "__main__":
    sys.exit(main())
