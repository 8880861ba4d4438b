"""Is every artifact fit to send? The release gate behind `make check`.

    python -m publish.tools.check build/doc.pdf build/doc.pptx [...]

Each artifact is judged from the file itself, never from the source, so the gate
also catches what a copy, a disk or a later edit broke. A guide and a deck of the
same name are also compared with each other. Exit 0 when everything passes; 1
with one line per problem (`artifact: problem`); 2 when a tool is missing.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from publish.tools.check.compare import compare_sections
from publish.tools.check.deck import check_deck
from publish.tools.check.pdf import check_pdf
from publish.tools.check.report import Facts, Report
from publish.tools.rendering import MissingToolError, pair_artifacts


def check_all(paths: Sequence[Path]) -> list[Report]:
    """Check each artifact, then each guide/deck pair of the same document."""
    reports: list[Report] = []
    for key, (pdf, deck) in pair_artifacts(paths).items():
        facts: dict[str, Facts | None] = {}
        for kind, path, checker in (("pdf", pdf, check_pdf), ("deck", deck, check_deck)):
            if path is None:
                continue
            if not path.is_file():
                reports.append(Report(str(path), ["missing (run make first)"]))
                continue
            report, facts[kind] = checker(path)
            reports.append(report)
        guide_facts, deck_facts = facts.get("pdf"), facts.get("deck")
        if guide_facts is not None and deck_facts is not None:
            together = compare_sections(guide_facts, deck_facts)
            reports.append(Report(f"{key}.pdf + {key.name}.pptx", together,
                                  f"same {len(guide_facts.sections)} sections in the same order"))
    return reports


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m publish.tools.check", description=__doc__.split("\n\n")[0])
    parser.add_argument("artifacts", nargs="+", type=Path, help="PDF guides and .pptx decks (paired by name)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        reports = check_all(args.artifacts)
    except ValueError as exc:
        parser.error(str(exc))
    except MissingToolError as exc:
        print(f"check: {exc}", file=sys.stderr)
        return 2
    failed = [report for report in reports if report.problems]
    for report in reports:
        print("\n".join(report.lines()))
    seconds = time.perf_counter() - started
    if failed:
        sys.stdout.flush()  # the list first, then the verdict, even when both go to one terminal
        print(f"check: {len(failed)} of {len(reports)} not fit to send ({seconds:.1f} s)", file=sys.stderr)
        return 1
    print(f"check: all {len(reports)} fit to send ({seconds:.1f} s)")
    return 0


