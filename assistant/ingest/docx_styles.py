"""Styles, fonts and list numbering of a .docx, read once per document.

Reports often number their headings with Word's automatic numbering ("Tiêu chí 1.1:" may be the
list label, not typed text) and old reports keep .VnTime/VNI fonts in styles; both live outside the
paragraph text, so the reader asks this module for them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
          (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))  # fmt: skip


def _roman(n: int) -> str:
    out = []
    for value, letters in _ROMAN:
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


def _letter(n: int) -> str:
    # Word repeats the letter after z: aa, bb ...
    n = max(n, 1)
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    """A list counter in Word's number format."""
    if fmt in ("lowerLetter",):
        return _letter(n)
    if fmt == "upperLetter":
        return _letter(n).upper()
    if fmt == "lowerRoman":
        return _roman(n)
    if fmt == "upperRoman":
        return _roman(n).upper()
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "none":
        return ""
    return str(n)


def _val(el: etree._Element | None, attr: str = "val") -> str | None:
    if el is None:
        return None
    return el.get(W + attr)


@dataclass
class Level:
    """One level of an abstract list: start value, number format and label template."""

    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    legal: bool = False  # w:isLgl: every level shown in Arabic digits ("TIÊU CHUẨN II" -> "Tiêu chí 2.1")


@dataclass
class Styles:
    """Style names, style fonts, style numbering and list definitions of one document."""

    names: dict[str, str] = field(default_factory=dict)
    fonts: dict[str, str] = field(default_factory=dict)
    numbering: dict[str, tuple[str, int]] = field(default_factory=dict)  # style -> (numId, ilvl)
    default_font: str = ""
    abstract_of: dict[str, str] = field(default_factory=dict)  # numId -> abstractNumId
    levels: dict[str, dict[int, Level]] = field(default_factory=dict)  # abstractNumId -> levels
    overrides: dict[str, dict[int, int]] = field(default_factory=dict)  # numId -> ilvl -> start
    counters: dict[str, dict[int, int]] = field(default_factory=dict)
    _started: set[str] = field(default_factory=set)

    def label(self, num_id: str, ilvl: int) -> str:
        """Advance the list counter and return the rendered label ("1.1.", "a)", "-")."""
        abstract = self.abstract_of.get(num_id)
        if abstract is None or num_id == "0":
            return ""
        levels = self.levels.get(abstract, {})
        counters = self.counters.setdefault(abstract, {})
        if num_id in self.overrides and num_id not in self._started:
            self._started.add(num_id)
            for lvl, start in self.overrides[num_id].items():
                counters[lvl] = start - 1
        level = levels.get(ilvl, Level())
        counters[ilvl] = counters.get(ilvl, level.start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        if level.fmt == "bullet":
            return "-"
        text = level.text
        for k in range(ilvl, -1, -1):
            lv = levels.get(k, Level())
            fmt = "decimal" if level.legal and lv.fmt != "decimalZero" else lv.fmt
            text = text.replace(f"%{k + 1}", format_number(counters.get(k, lv.start), fmt))
        return text


def _parse(xml: bytes | None) -> etree._Element | None:
    if not xml:
        return None
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)
    try:
        return etree.fromstring(xml, parser)
    except etree.XMLSyntaxError:
        return None


def _on(el: etree._Element | None) -> bool:
    """A WordprocessingML on/off property: present and not switched off."""
    return el is not None and el.get(W + "val", "true") not in ("0", "false", "off")


def run_font(rpr: etree._Element | None) -> str | None:
    """The Latin font a run or style property block names, if any."""
    if rpr is None:
        return None
    fonts = rpr.find(W + "rFonts")
    if fonts is None:
        return None
    return fonts.get(W + "ascii") or fonts.get(W + "hAnsi")


def load_styles(styles_xml: bytes | None, numbering_xml: bytes | None) -> Styles:
    """Read styles.xml and numbering.xml (either may be missing)."""
    styles = Styles()
    root = _parse(styles_xml)
    if root is not None:
        default = root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
        styles.default_font = run_font(default) or ""
        based: dict[str, str] = {}
        for st in root.iter(W + "style"):
            sid = st.get(W + "styleId") or ""
            styles.names[sid] = _val(st.find(W + "name")) or sid
            font = run_font(st.find(W + "rPr"))
            if font:
                styles.fonts[sid] = font
            num = st.find(f"{W}pPr/{W}numPr")
            if num is not None and _val(num.find(W + "numId")):
                styles.numbering[sid] = (
                    _val(num.find(W + "numId")) or "0",
                    int(_val(num.find(W + "ilvl")) or 0),
                )
            parent = _val(st.find(W + "basedOn"))
            if parent:
                based[sid] = parent
        for sid in list(styles.names):
            seen, cur = {sid}, sid
            while sid not in styles.fonts and cur in based and based[cur] not in seen:
                cur = based[cur]
                seen.add(cur)
                if cur in styles.fonts:
                    styles.fonts[sid] = styles.fonts[cur]
    _load_numbering(styles, _parse(numbering_xml))
    return styles


def _load_numbering(styles: Styles, root: etree._Element | None) -> None:
    if root is None:
        return
    for absn in root.iter(W + "abstractNum"):
        aid = absn.get(W + "abstractNumId") or ""
        levels: dict[int, Level] = {}
        for lvl in absn.iter(W + "lvl"):
            ilvl = int(lvl.get(W + "ilvl") or 0)
            start = _val(lvl.find(W + "start"))
            levels[ilvl] = Level(
                start=int(start) if start and start.isdigit() else 1,
                fmt=_val(lvl.find(W + "numFmt")) or "decimal",
                text=_val(lvl.find(W + "lvlText")) or "",
                legal=_on(lvl.find(W + "isLgl")),
            )
        styles.levels[aid] = levels
    for num in root.iter(W + "num"):
        nid = num.get(W + "numId") or ""
        styles.abstract_of[nid] = _val(num.find(W + "abstractNumId")) or ""
        for ov in num.iter(W + "lvlOverride"):
            start = _val(ov.find(W + "startOverride"))
            if start and start.isdigit():
                styles.overrides.setdefault(nid, {})[int(ov.get(W + "ilvl") or 0)] = int(start)
