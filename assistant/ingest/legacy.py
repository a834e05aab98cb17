"""Legacy Vietnamese encodings (TCVN3/ABC, VNI-Windows) to Unicode, and back for test fixtures.

Before Unicode, Vietnamese documents were typed with the .VnTime (TCVN3, one byte per letter) or
VNI-Times (VNI, base letter plus one or two mark bytes) fonts.  Saved as plain text or carried into
.docx, those bytes arrive as Latin-1 characters ("Tr­êng" for "Trường").  We detect that pattern
and convert, so the rest of the pipeline only ever sees NFC Unicode.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Literal

LegacyEncoding = Literal["tcvn3", "vni"]

# TCVN 5712:1993 (VN3 / "ABC"), byte value -> Unicode.  Capital toned vowels have no code of their own:
# the .VnTimeH fonts draw the lower-case codes as capitals.
_TCVN3 = {
    0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ",
    0xA8: "ă", 0xA9: "â", 0xAA: "ê", 0xAB: "ô", 0xAC: "ơ", 0xAD: "ư", 0xAE: "đ",
    0xB5: "à", 0xB6: "ả", 0xB7: "ã", 0xB8: "á", 0xB9: "ạ",
    0xBB: "ằ", 0xBC: "ẳ", 0xBD: "ẵ", 0xBE: "ắ", 0xC6: "ặ",
    0xC7: "ầ", 0xC8: "ẩ", 0xC9: "ẫ", 0xCA: "ấ", 0xCB: "ậ",
    0xCC: "è", 0xCE: "ẻ", 0xCF: "ẽ", 0xD0: "é", 0xD1: "ẹ",
    0xD2: "ề", 0xD3: "ể", 0xD4: "ễ", 0xD5: "ế", 0xD6: "ệ",
    0xD7: "ì", 0xD8: "ỉ", 0xDC: "ĩ", 0xDD: "í", 0xDE: "ị",
    0xDF: "ò", 0xE1: "ỏ", 0xE2: "õ", 0xE3: "ó", 0xE4: "ọ",
    0xE5: "ồ", 0xE6: "ổ", 0xE7: "ỗ", 0xE8: "ố", 0xE9: "ộ",
    0xEA: "ờ", 0xEB: "ở", 0xEC: "ỡ", 0xED: "ớ", 0xEE: "ợ",
    0xEF: "ù", 0xF1: "ủ", 0xF2: "ũ", 0xF3: "ú", 0xF4: "ụ",
    0xF5: "ừ", 0xF6: "ử", 0xF7: "ữ", 0xF8: "ứ", 0xF9: "ự",
    0xFA: "ỳ", 0xFB: "ỷ", 0xFC: "ỹ", 0xFD: "ý", 0xFE: "ỵ",
}  # fmt: skip
_TCVN3_TO_UNI = {chr(k): v for k, v in _TCVN3.items()}
_UNI_TO_TCVN3 = {v: chr(k) for k, v in _TCVN3.items()}

# VNI-Windows: a letter is an ASCII base followed by a mark character (lower-case mark after a
# lower-case base, upper-case mark after an upper-case base).  Marks listed as (lower, upper).
_VNI_MARKS: dict[str, tuple[str, str]] = {
    "\u0301": ("ù", "Ù"),  # sắc
    "\u0300": ("ø", "Ø"),  # huyền
    "\u0309": ("û", "Û"),  # hỏi
    "\u0303": ("õ", "Õ"),  # ngã
    "\u0323": ("ï", "Ï"),  # nặng
}
_VNI_HAT = {"": ("â", "Â"), "\u0301": ("á", "Á"), "\u0300": ("à", "À"), "\u0309": ("å", "Å"),
            "\u0303": ("ã", "Ã"), "\u0323": ("ä", "Ä")}  # fmt: skip
_VNI_BREVE = {"": ("ê", "Ê"), "\u0301": ("é", "É"), "\u0300": ("è", "È"), "\u0309": ("ú", "Ú"),
              "\u0303": ("ü", "Ü"), "\u0323": ("ë", "Ë")}  # fmt: skip
# Letters VNI stores as one character of their own.
_VNI_SINGLE = {"ơ": "ô", "Ơ": "Ô", "ư": "ö", "Ư": "Ö", "đ": "ñ", "Đ": "Ñ",
               "í": "í", "Í": "Í", "ì": "ì", "Ì": "Ì", "ỉ": "æ", "Ỉ": "Æ",
               "ĩ": "ó", "Ĩ": "Ó", "ị": "ò", "Ị": "Ò"}  # fmt: skip
_VNI_Y_DOT = ("î", "Î")  # ỵ uses its own dot-below mark


def _build_vni() -> dict[str, str]:
    """Map every Vietnamese letter to its VNI spelling (built from the mark tables)."""
    table: dict[str, str] = {}
    tones = ["", *_VNI_MARKS]
    for base in "aeiouyAEIOUY":
        upper = base.isupper()
        for tone in tones:
            if not tone:
                continue
            letter = unicodedata.normalize("NFC", base + tone)
            mark = _VNI_MARKS[tone][upper]
            if base in "yY" and tone == "\u0323":
                mark = _VNI_Y_DOT[upper]
            table[letter] = base + mark
    for base, hat in (("a", "\u0302"), ("e", "\u0302"), ("o", "\u0302"), ("a", "\u0306")):
        marks = _VNI_HAT if hat == "\u0302" else _VNI_BREVE
        for b in (base, base.upper()):
            for tone, (low, up) in marks.items():
                letter = unicodedata.normalize("NFC", b + hat + tone)
                table[letter] = b + (up if b.isupper() else low)
    for horn_base, horn in (("o", "ô"), ("O", "Ô"), ("u", "ö"), ("U", "Ö")):
        for tone in tones:
            letter = unicodedata.normalize("NFC", horn_base + "\u031b" + tone)
            mark = _VNI_MARKS[tone][horn_base.isupper()] if tone else ""
            table[letter] = horn + mark
    table.update(_VNI_SINGLE)
    return table


_UNI_TO_VNI = _build_vni()
_VNI_TO_UNI = {v: k for k, v in _UNI_TO_VNI.items()}
# Longest spellings first so "oâù"-like sequences are not cut after their first mark.
_VNI_PATTERN = re.compile("|".join(re.escape(k) for k in sorted(_VNI_TO_UNI, key=len, reverse=True)))

_TCVN3_SIGNATURE = re.compile("[¸µ¶·¹¨©ª«¬\u00ad®»¼½¾ÆÇÈÉÊËÌÎÏÐÑÒÓÔÕÖ×ØÜÝÞ]")
# Tone marks after a vowel, "ñ" (đ) before a vowel, "ö" (ư): French or OCR noise ("ué", "ié") does
# not produce these, so they are counted and several distinct ones are required.
_VNI_SIGNATURE = re.compile("[aeiouyAEIOUY]([ùøûõïäåÙØÛÕÏÄÅ])|([ñÑ])[aeiouyAEIOUY]|([öÖ])[ôÔa-zA-Z]")
_VIETNAMESE_EXTENDED = re.compile(
    "[\u0102\u0103\u0110\u0111\u0128\u0129\u0168\u0169\u01a0\u01a1\u01af\u01b0\u1ea0-\u1ef9]"
)


def tcvn3_to_unicode(text: str, *, upper: bool = False) -> str:
    """Convert TCVN3 text (as Latin-1 characters) to Unicode; ``upper`` for .VnTimeH capitals."""
    out = "".join(_TCVN3_TO_UNI.get(ch, ch) for ch in text)
    return out.upper() if upper else out


def unicode_to_tcvn3(text: str) -> str:
    """Inverse of :func:`tcvn3_to_unicode` (capital toned vowels become lower case, as in .VnTime)."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ch in _UNI_TO_TCVN3:
            out.append(_UNI_TO_TCVN3[ch])
        elif ch.lower() in _UNI_TO_TCVN3 and ch not in "ĂÂÊÔƠƯĐ":
            out.append(_UNI_TO_TCVN3[ch.lower()])
        else:
            out.append(ch)
    return "".join(out)


def vni_to_unicode(text: str) -> str:
    """Convert VNI-Windows text (as Latin-1 characters) to NFC Unicode."""
    return _VNI_PATTERN.sub(lambda m: _VNI_TO_UNI[m.group(0)], text)


def unicode_to_vni(text: str) -> str:
    """Inverse of :func:`vni_to_unicode`, used to build VNI test fixtures."""
    return "".join(_UNI_TO_VNI.get(ch, ch) for ch in unicodedata.normalize("NFC", text))


def detect_legacy(text: str) -> LegacyEncoding | None:
    """Tell whether Unicode text is really TCVN3 or VNI bytes read as Latin-1, or None.

    Genuine Vietnamese Unicode uses letters beyond Latin-1 (ư, ơ, đ, ạ, ế ...); legacy text has
    almost none of those and many Latin-1 symbols inside words instead.
    """
    sample = text[:200_000]
    extended = len(_VIETNAMESE_EXTENDED.findall(sample))
    tcvn_hits = _TCVN3_SIGNATURE.findall(sample)
    vni_hits = ["".join(groups) for groups in _VNI_SIGNATURE.findall(sample)]
    scores: dict[LegacyEncoding, int] = {}
    if len(set(tcvn_hits)) >= 3:
        scores["tcvn3"] = len(tcvn_hits)
    if len(set(vni_hits)) >= 3:
        scores["vni"] = len(vni_hits)
    if not scores:
        return None
    best = max(scores, key=lambda k: scores[k])
    if scores[best] < 5 or scores[best] < extended * 2:
        return None
    return best


def convert_legacy(text: str, encoding: LegacyEncoding) -> str:
    """Convert text of a detected legacy encoding to NFC Unicode."""
    converted = tcvn3_to_unicode(text) if encoding == "tcvn3" else vni_to_unicode(text)
    return unicodedata.normalize("NFC", converted)


def font_encoding(font: str) -> LegacyEncoding | None:
    """The legacy encoding a font name implies (".VnTime" -> TCVN3, "VNI-Times" -> VNI)."""
    name = font.strip().lower()
    if name.startswith(".vn"):
        return "tcvn3"
    if name.startswith("vni-") or name.startswith("vni "):
        return "vni"
    return None


def is_capital_font(font: str) -> bool:
    """TCVN3 capital fonts (".VnTimeH", ".VnArialH") draw lower-case codes as capitals."""
    name = font.strip().lower()
    return name.startswith(".vn") and name.endswith("h")


LEGACY_NAMES: dict[LegacyEncoding, str] = {
    "tcvn3": "TCVN3 (ABC, phông .VnTime)",
    "vni": "VNI (phông VNI-Times)",
}
