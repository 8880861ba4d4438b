"""The training deck: plan the slides (pure data), then write them with python-pptx.

    from publish.deck import write_deck
    write_deck(job, path) -> WriteResult   # units = slides

    plan.py         Document + Theme -> Deck (model.py), with its warnings; no python-pptx
      structure.py  the sections, and the notes of agenda, section and closing slides
      slides.py     slides set whole: title, section, footer, figures, a table's slides
      units.py      text blocks as units: what goes on a slide together, what the notes say
      typeset.py    sizes, widths and heights of text in a box; texts that must fit alone
      titles.py     slide titles that grow their box before they are cut
      paginate.py   units shared out over as few, as evenly filled slides as they need
      tables.py     column widths, row heights, rows over slides under a repeated header
    inlines.py      the document's inlines as styled runs
    keypoints.py    a paragraph's key point: its lead sentence, shortened at a clause boundary
    fit.py          text measured (wrapped, kerned) with the font files the deck's fonts stand for
    faces.py        the measuring data of a font file, kept in the build cache
    split.py        the largest size that fits; content shared out over slides
    geometry.py     themes/<name>/deck/deck.yaml: where each layout puts what
    pictures.py     picture proportions, and SVG rasterised for the slides
    pptx_writer.py  Deck -> .pptx: each slide's placeholders, tables, pictures and footer
      text_writer.py  paragraphs and runs into text frames
      package.py    the theme's master, layouts and properties; a reproducible archive
    pptx_fixes/     guarded workarounds for python-pptx, installed by write_deck

The theme's deck design lives beside its tokens, in themes/<name>/deck/: deck.yaml
(the geometry both planner and templates use; validated and merged along
`extends:` by the theme loader, so a theme sets only what differs) and the
Jinja2 templates of the theme part, table styles, slide master, layouts and
notes master. They are rendered with the theme's own Jinja2 environment, its
loader pointed at deck/ along the `extends:` chain, so a theme overrides any
one of them by providing it.
"""

from __future__ import annotations

from pathlib import Path

from publish.deck import pptx_fixes
from publish.deck.plan import plan_deck
from publish.deck.pptx_writer import write_pptx
from publish.job import Job, WriteResult

__all__ = ["plan_deck", "write_deck"]


def write_deck(job: Job, target: Path) -> WriteResult:
    """Plan the document's deck with the job's theme and write it to `target`."""
    deck, diagnostics = plan_deck(job.document, job.theme)
    pptx_fixes.install()
    write_pptx(deck, job.document, job.theme, target)
    return WriteResult(len(deck.slides), diagnostics)
