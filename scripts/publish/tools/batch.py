"""Build every document of a folder whose artifacts are out of date: what `make` runs.

    python -m publish.tools.batch source build --formats pdf,pptx [--theme NAME] [--paper SIZE] [--strict]

Names reach no shell: a document called `my policy.md` or `$(touch x).md` is an argument like any
other. An artifact is rebuilt when it is missing or older than its source, a picture beside the
sources (in a folder under the source folder), the code, a theme file, or the build options (kept
in OUT/.options, rewritten only when they change). Each document is read once for all its
artifacts; a document that fails does not stop the others, and the exit status says whether any
failed. `--check` and `--preview` then run on every artifact.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

from publish.model.document import markdown_files

FORMATS = ("pdf", "pptx", "press")
CODE = Path(__file__).resolve().parents[1]  # the publish package


def artifacts(source: Path, out: Path, formats: Iterable[str]) -> list[Path]:
    """The artifacts of one document, by format: doc.pdf, doc.pptx, doc-press.pdf."""
    names = {"pdf": f"{source.stem}.pdf", "pptx": f"{source.stem}.pptx", "press": f"{source.stem}-press.pdf"}
    return [out / names[fmt] for fmt in formats]


def newest(paths: Iterable[Path]) -> float:
    return max((path.stat().st_mtime for path in paths if path.is_file()), default=0.0)


def shared_inputs(sources: Path, themes: Path, options: Path) -> float:
    """When anything every document depends on last changed: pictures, included parts (`_part.md`,
    `_includes/`), code, themes, options."""
    pictures = (path for folder in sources.iterdir() if folder.is_dir() for path in folder.rglob("*"))
    parts = sources.glob("_*")
    return newest([*pictures, *parts, *CODE.rglob("*.py"), *themes.rglob("*"), options])


def record_options(out: Path, flags: list[str]) -> Path:
    """OUT/.options holds the flags of the last build; rewritten only when they change."""
    options = out / ".options"
    text = " ".join(flags) + "\n"
    out.mkdir(parents=True, exist_ok=True)
    if not options.is_file() or options.read_text(encoding="utf-8") != text:
        options.write_text(text, encoding="utf-8")
    return options


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m publish.tools.batch", description=__doc__.split("\n\n")[0])
    parser.add_argument("sources", type=Path, help="the folder of Markdown documents (its *.md and *.qmd files)")
    parser.add_argument("out", type=Path, help="where the artifacts go")
    parser.add_argument("--formats", default="pdf,pptx", help=f"comma-separated: {', '.join(FORMATS)}")
    parser.add_argument("--theme", default="default")
    parser.add_argument("--paper")
    parser.add_argument("--strict", action="store_true")
    parser.add_argument("--check", action="store_true", help="then check every artifact (make check)")
    parser.add_argument("--preview", action="store_true", help="then draw every page and slide (make preview)")
    args = parser.parse_args(argv)
    formats = [fmt for fmt in args.formats.split(",") if fmt]
    if not formats or any(fmt not in FORMATS for fmt in formats):
        parser.error(f"--formats takes {', '.join(FORMATS)}, comma-separated")
    flags = ["--theme", args.theme, *(["--paper", args.paper] if args.paper else []),
             *(["--strict"] if args.strict else [])]
    options = record_options(args.out, flags)
    documents = markdown_files(args.sources)
    shared = shared_inputs(args.sources, Path("themes"), options)
    failed = [source for source in documents if not _build(source, args.out, formats, flags, shared)]
    for source in failed:
        print(f"make: {source} was not built (see above)", file=sys.stderr)
    built = [path for source in documents for path in artifacts(source, args.out, formats) if path.is_file()]
    if (args.check or args.preview) and built and not failed:
        from publish.tools import check, preview

        tool = check.main if args.check else preview.main
        return tool([str(path) for path in built])
    return 1 if failed else 0


def _build(source: Path, out: Path, formats: list[str], flags: list[str], shared: float) -> bool:
    """Build the artifacts of `source` that are out of date; False when the build failed."""
    from publish.cli import main as publish

    changed = max(shared, source.stat().st_mtime)
    stale = [fmt for fmt, path in zip(formats, artifacts(source, out, formats), strict=True)
             if not path.is_file() or path.stat().st_mtime < changed]
    ordinary = [path for fmt, path in zip(stale, artifacts(source, out, stale), strict=True) if fmt != "press"]
    ok = True
    if ordinary:
        ok = publish([str(source), *[arg for path in ordinary for arg in ("-o", str(path))], *flags]) == 0
    if "press" in stale:
        [press] = artifacts(source, out, ["press"])
        ok = publish([str(source), "-o", str(press), *flags, "--press"]) == 0 and ok
    return ok


if __name__ == "__main__":
    raise SystemExit(main())
