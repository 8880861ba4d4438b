"""Text into python-pptx text frames: paragraphs at the planned size and spacing, bullets and
levels as the theme's layouts set them, runs with their styles and links (a link to a heading
jumps to its slide), right to left where the document is."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pptx.dml.color import RGBColor
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn
from pptx.slide import Slide as PptxSlide
from pptx.util import Pt

from publish.deck.geometry import Geometry
from publish.deck.model import Deck, Para, Run
from publish.deck.package import emu

AUTO_NUMBERS = (1, 32767)  # the numbers a:buAutoNum may start at (ST_TextBulletStartAtNum)


class TextWriter:
    """Writes planned paragraphs into text frames of one deck."""

    def __init__(self, deck: Deck, geometry: Geometry, mono: str, code_colours: dict[str, str],
                 slides: Sequence[PptxSlide]) -> None:
        self.deck = deck
        self.geometry = geometry
        self.mono = mono
        self.code_colours = code_colours  # token kind -> the theme's "#RRGGBB"
        self.slides = slides

    def text(self, frame: Any, paras: Sequence[Para], size: float | None, slide: PptxSlide,
              notes: bool = False, pitch: float | None = None, bullets: bool = True, face: str | None = None) -> None:
        """Paragraphs at an explicit size (lines `pitch` apart, if given); notes inherit the notes
        master's size and spell bullets out. Without `bullets` (a text box, which inherits none from
        the master) each bullet paragraph names its own; `face` sets text that is not code in that font."""
        space = 0.0 if size is None else size * self.geometry.paragraph_space
        for index, para in enumerate(paras):
            p = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
            runs: Sequence[Run] = para.runs
            if notes:
                p.level = min(para.level, 8)
                prefix = {"bullet": "• ", "number": f"{para.number}. "}.get(para.kind)
                runs = (Run(prefix), *runs) if prefix else runs
                self.paragraph_props(p, None)
            else:
                self.paragraph_props(p, para, 0.0 if index == 0 else space, pitch, bullets)
                if para.kind == "number" and not AUTO_NUMBERS[0] <= para.number <= AUTO_NUMBERS[1]:
                    runs = (Run(f"{para.number}.\t"), *runs)  # the number written out, its tab to the text
            for run in runs:
                self.run(p, run, size, slide, face)
            end = p._p.get_or_add_endParaRPr()
            end.set("lang", self.deck.lang)
            if size is not None:
                end.set("sz", str(round(size * 100)))

    def paragraph_props(self, p: Any, para: Para | None, space_before: float = 0.0,
                         pitch: float | None = None, bullets: bool = True) -> None:
        """pPr in schema order: indents, line and paragraph spacing, bullet (for slide text); right-to-left
        when the document is."""
        ppr = p._p.get_or_add_pPr()
        for child in list(ppr):
            ppr.remove(child)
        ppr.set("hangingPunct", "0")  # CJK punctuation kept inside the box, as the planner measured it
        if para is not None:
            levels = self.geometry.levels
            if para.kind == "plain":
                ppr.set("marL", str(emu(levels[para.level - 1].margin if para.level > 0 else 0.0)))
                ppr.set("indent", "0")
            else:
                level = levels[min(para.level, len(levels) - 1)]
                ppr.set("marL", str(emu(level.margin)))
                ppr.set("indent", str(-emu(level.hang)))
            ppr.set("lvl", str(min(para.level, 8)))
            if pitch is not None:
                line = ppr.makeelement(qn("a:lnSpc"), {})
                line.append(ppr.makeelement(qn("a:spcPts"), {"val": str(int(pitch * 100))}))  # never above plan
                ppr.append(line)
            elif self.geometry.template:  # a template's own line spacing (often 90 %) is not what was measured
                line = ppr.makeelement(qn("a:lnSpc"), {})
                line.append(ppr.makeelement(qn("a:spcPct"), {"val": str(round(self.geometry.line_spacing * 100000))}))
                ppr.append(line)
            spacing = ppr.makeelement(qn("a:spcBef"), {})
            spacing.append(ppr.makeelement(qn("a:spcPts"), {"val": str(round(space_before * 100))}))
            ppr.append(spacing)
            if para.kind == "plain":
                ppr.append(ppr.makeelement(qn("a:buNone"), {}))
            elif para.kind == "number" and AUTO_NUMBERS[0] <= para.number <= AUTO_NUMBERS[1]:
                ppr.append(ppr.makeelement(qn("a:buAutoNum"), {"type": "arabicPeriod", "startAt": str(para.number)}))
            elif para.kind == "number":  # 0., or beyond what PowerPoint counts to: written in the text
                ppr.append(ppr.makeelement(qn("a:buNone"), {}))
            elif not bullets:
                bullet = levels[min(para.level, len(levels) - 1)].bullet
                ppr.append(ppr.makeelement(qn("a:buChar"), {"char": bullet}))
        if self.deck.rtl:
            ppr.set("rtl", "1")
            ppr.set("algn", "r")

    def run(self, p: Any, run: Run, size: float | None, slide: PptxSlide, face: str | None = None) -> None:
        for index, text in enumerate(run.text.split("\n")):
            if index:
                p.add_line_break()
            if not text:
                continue
            r = p.add_run()
            r.text = text
            font = r.font
            rpr = r._r.get_or_add_rPr()
            rpr.set("lang", self.deck.lang)
            if size is not None:
                font.size = Pt(size)
            if run.bold:
                font.bold = True
            if run.italic:
                font.italic = True
            if run.strike:
                rpr.set("strike", "sngStrike")
            if run.code or face:
                font.name = self.mono if run.code else face
            if run.token:
                font.color.rgb = RGBColor.from_string(self.code_colours[run.token].lstrip("#"))
            if run.link:
                self.link(r, run.link, slide)

    def link(self, r: Any, link: str, slide: PptxSlide) -> None:
        if not link.startswith("#"):
            r.hyperlink.address = link
            return
        target = self.deck.anchor(link)
        if target is None:
            return
        rid = r.part.relate_to(self.slides[target].part, RT.SLIDE)
        click = r._r.get_or_add_rPr().add_hlinkClick(rid)
        click.set("action", "ppaction://hlinksldjump")
