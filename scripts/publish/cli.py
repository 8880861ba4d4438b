"""The command line: arguments, exit codes and every message the user sees.

    publish INPUT.md -o OUTPUT.pdf|.pptx|.html [-o ...] [--theme NAME] ...
    publish theme from-template BRAND.potx NAME     (a theme in the template's colours and fonts)

Exit 0 on success, 1 when the input cannot be built, 2 on wrong usage.
Every warning is printed once, as `file:line: warning: what` with a `fix:`
line; with --strict the warnings are printed as errors and nothing changes
on disk.
"""

from __future__ import annotations

import argparse
import functools
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from publish import __version__
from publish.build import prepare, write
from publish.job import FORMATS, BuildOptions, output_format
from publish.model.diagnostics import BuildError
from publish.report import DiagnosticPrinter, report_line
from publish.stopping import Stopped, stoppable
from publish.theme import PAPER_SIZES

EXIT_OK, EXIT_BUILD, EXIT_USAGE = 0, 1, 2
DEFAULT_TIMEOUT = 600.0  # seconds; the 300-page benchmark document builds both artifacts in well under a minute


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="publish",
        description="Turn one Markdown document into a print-ready PDF guide, a training deck, "
                    "or the HTML the PDF is made from. The format follows the output's extension.",
        epilog="Exit status: 0 built, 1 the input cannot be built (the message says why and where), "
               "2 wrong usage.",
    )
    p.add_argument("input", type=Path, help="the Markdown source (front matter + Markdown)")
    p.add_argument("-o", "--output", type=Path, action="append", required=True, metavar="OUTPUT",
                   help="where to write: OUTPUT.pdf, OUTPUT.pptx or OUTPUT.html (repeat to write several)")
    p.add_argument("--theme", default="default", metavar="NAME",
                   help="the theme's name (default: default); themes are looked for in --themes DIR, "
                        "./themes, then the ones installed with publish")
    p.add_argument("--themes", type=Path, metavar="DIR", help="look for themes in DIR first")
    p.add_argument("--paper", choices=PAPER_SIZES, help="paper size for the PDF (default: the theme's)")
    p.add_argument("--press", action="store_true",
                   help="PDF for a print shop: 3 mm bleed, crop marks, TrimBox/BleedBox")
    p.add_argument("--pdf-variant", choices=("pdf/ua-1", "pdf/a-3b"),
                   help="PDF standard: pdf/ua-1 (accessible, default) or pdf/a-3b (archiving)")
    p.add_argument("--deck-template", type=Path, metavar="FILE",
                   help="build the deck on this PowerPoint template (.potx, .pptx, .potm), not the theme's design")
    p.add_argument("--strict", action="store_true",
                   help="treat every warning as an error: print them, write nothing, exit 1")
    p.add_argument("--allow-remote", action="store_true", help="allow pictures from http(s) URLs")
    p.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, metavar="SECONDS",
                   help=f"stop a build that runs longer (default: {DEFAULT_TIMEOUT:g}; 0 for no limit)")
    p.add_argument("-q", "--quiet", action="store_true", help="print only warnings and errors")
    p.add_argument("--version", action="version", version=f"publish {__version__}")
    return p


def _arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    """Parse and check the arguments; wrong usage exits with status 2 (argparse's convention)."""
    p = parser()
    args = p.parse_args(argv)
    try:
        _check_paths(p, args)
    except (OSError, RuntimeError) as exc:  # a symlink loop, a name too long
        p.error(f"a path cannot be used: {exc}")
    return args


def _check_paths(p: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    for output in args.output:
        if output_format(output) is None:
            p.error(f"cannot tell the format of '{output}': name it {', '.join(sorted(set(FORMATS)))}")
        if output.is_dir():
            p.error(f"'{output}' is a folder; give a file name such as {output / args.input.stem}.pdf")
        if output.resolve() == args.input.resolve():
            p.error(f"'{output}' is the input itself; choose another output name")
    if args.deck_template is not None and not args.deck_template.is_file():
        p.error(f"--deck-template {args.deck_template}: no such file; give the .potx or .pptx to build the deck on")
    if args.themes is not None and not args.themes.is_dir():
        p.error(f"--themes {args.themes}: no such folder; give the folder that holds your themes (each in <name>/)")


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:2] == ["theme", "from-template"]:
        from publish.tools.from_template import main as from_template

        return from_template(argv[2:])
    try:
        args = _arguments(argv)
    except SystemExit as exc:  # --help, --version, wrong usage: argparse has printed the message
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    options = BuildOptions(theme=args.theme, paper=args.paper, press=args.press, strict=args.strict,
                           allow_remote=args.allow_remote, pdf_variant=args.pdf_variant, themes=args.themes,
                           deck_template=args.deck_template)
    printer = DiagnosticPrinter(functools.partial(print, file=sys.stderr))
    show = printer.show
    try:
        with stoppable(args.timeout):
            _build(args, options, printer)
    except BuildError as exc:
        show(exc.findings, "error")
        printer.finish()
        print(exc.diagnostic, file=sys.stderr)
        return EXIT_BUILD
    except KeyboardInterrupt:
        print("publish: interrupted; earlier artifacts are untouched", file=sys.stderr)
        return 130
    except Stopped as exc:
        fix = "give it more time with --timeout SECONDS" if "timeout" in str(exc) else "build again when ready"
        print(f"{args.input}: error: the build {exc}; earlier artifacts are untouched\n  fix: {fix}", file=sys.stderr)
        return EXIT_BUILD
    except (RecursionError, MemoryError) as exc:
        print(f"{args.input}: error: the document is nested too deeply or too large to lay out "
              f"({type(exc).__name__}); earlier artifacts are untouched\n"
              "  fix: nest lists, quotes and blocks less deeply, or split the document", file=sys.stderr)
        return EXIT_BUILD
    except Exception as exc:  # a bug of ours: say so plainly, keep the old artifacts
        if os.environ.get("PUBLISH_DEBUG"):
            traceback.print_exc()
        print(f"{args.input}: error: internal error while building ({type(exc).__name__}: {exc}); "
              "earlier artifacts are untouched\n  fix: rerun with PUBLISH_DEBUG=1 and report the output",
              file=sys.stderr)
        return EXIT_BUILD
    return EXIT_OK


def _build(args: argparse.Namespace, options: BuildOptions, printer: DiagnosticPrinter) -> None:
    """Read once, write every output, print what was found."""
    job, diagnostics = prepare(args.input, options)
    printer.show(diagnostics)
    for output in args.output:
        artifact, found = write(job, output)
        printer.show(found)
        if not args.quiet:
            print(report_line(artifact, [*diagnostics, *found]))
    printer.finish()
