"""The Jinja2 environment that renders a theme's templates: sandboxed, autoescaped, strict, compiled once.

Themes travel between teams, so a template is untrusted input: it runs in Jinja2's immutable
sandbox (no attribute of Python's internals, no mutation of what it is given), it reads only
files inside the theme chain's folders (real paths, so a symlink cannot lead out), templates
may not include or import each other in a loop, and what one renders is bounded in size.
Every problem is a BuildError naming the template file and line.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment

from publish.cache import folder as cache_folder
from publish.model.diagnostics import BuildError, error
from publish.theme.schema import expand_colour, to_points

MAX_OUTPUT_CHARS = 64_000_000  # far beyond any guide (the 300-page bench document renders ~3 MB of HTML)
NOT_THE_THEMES = ("include, import or extend only the theme's own templates (a name relative to its templates/ "
                  "or deck/ folder, no symlink leading out)")
TEMPLATE_FIX = "correct the template, or delete it to use the one of the theme it extends"


class ThemeLoader(jinja2.FileSystemLoader):
    """A FileSystemLoader that serves only files whose real path stays inside its folders."""

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        source, filename, uptodate = super().get_source(environment, template)
        real = Path(os.path.realpath(filename))
        if not any(real.is_relative_to(os.path.realpath(folder)) for folder in self.searchpath):
            raise jinja2.TemplateNotFound(template, f"'{template}' leads outside the theme's folders")
        return source, filename, uptodate


def sandboxed(folders: list[Path]) -> jinja2.Environment:
    """A sandboxed environment over `folders`, with the settings every theme template is written for."""
    return ImmutableSandboxedEnvironment(
        loader=ThemeLoader([str(folder) for folder in folders]),
        autoescape=jinja2.select_autoescape(["html", "xml", "html.j2", "xml.j2"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=_bytecode_cache(),
    )


@cache
def environment(chain: tuple[Path, ...]) -> jinja2.Environment:
    env = sandboxed([folder / "templates" for folder in chain])
    env.filters["pt"] = lambda value: f"{to_points(value):g}pt"
    env.filters["hex"] = lambda value: expand_colour(value)[1:].upper()
    return env


def render(env: jinja2.Environment, name: str, context: Mapping[str, Any]) -> str:
    """Render a theme template; any problem of the template is a BuildError naming its file and line."""
    try:
        template = env.get_template(name)
        _check_no_loop(env, name, ())
        return _bounded(template.generate(context), template.filename or name)
    except BuildError:
        raise
    except jinja2.TemplateSyntaxError as exc:
        raise error("theme-template", f"template syntax error: {exc.message}", template_file(env, exc.name or name),
                    exc.lineno, TEMPLATE_FIX) from None
    except jinja2.TemplateNotFound as exc:
        raise error("theme-template", f"'{exc.name}' is not a template inside the theme's folders",
                    *_template_frame(exc, env, name), NOT_THE_THEMES) from None
    except (jinja2.TemplateError, RecursionError, TypeError, ValueError, ArithmeticError, LookupError) as exc:
        file, line = _template_frame(exc, env, name)
        message = exc.message if isinstance(exc, jinja2.TemplateError) and exc.message else str(exc)
        raise error("theme-template", f"the template failed: {message or type(exc).__name__}", file, line,
                    TEMPLATE_FIX) from None


def _bounded(pieces: Iterator[str], filename: str) -> str:
    out: list[str] = []
    size = 0
    for piece in pieces:
        size += len(piece)
        if size > MAX_OUTPUT_CHARS:
            raise error("theme-template", f"the template renders more than {MAX_OUTPUT_CHARS:,} characters",
                        Path(filename), None, "look for a loop that repeats without end")
        out.append(piece)
    return "".join(out)


def _check_no_loop(env: jinja2.Environment, name: str, trail: tuple[str, ...]) -> None:
    """Refuse, before rendering, templates that include, import or extend each other in a loop, or
    name one that is not the theme's."""
    for referenced, line in _references(env, name):
        if referenced in (*trail, name):
            loop = " -> ".join((*trail, name, referenced))
            raise error("theme-template", f"templates include each other in a loop: {loop}",
                        template_file(env, name), line, "remove the include that leads back")
        try:
            _check_no_loop(env, referenced, (*trail, name))
        except jinja2.TemplateNotFound as exc:
            if exc.name != referenced:
                raise
            raise error("theme-template", f"'{referenced}' is not a template inside the theme's folders",
                        template_file(env, name), line, NOT_THE_THEMES) from None


@cache
def _references(env: jinja2.Environment, name: str) -> tuple[tuple[str, int], ...]:
    """The templates `name` names literally in include, import and extends tags, with their lines."""
    assert env.loader is not None
    source, _, _ = env.loader.get_source(env, name)
    tags = env.parse(source).find_all((nodes.Extends, nodes.Include, nodes.Import, nodes.FromImport))
    named = ((getattr(tag, "template", None), tag.lineno) for tag in tags)
    return tuple((template.value, line) for template, line in named
                 if isinstance(template, nodes.Const) and isinstance(template.value, str))


def template_file(env: jinja2.Environment, name: str) -> Path:
    """Where a template lives, for the error (its name when it cannot be found)."""
    folders = [Path(folder) for folder in getattr(env.loader, "searchpath", [])]
    return next((folder / name for folder in folders if (folder / name).exists()), Path(name))


def _template_frame(exc: BaseException, env: jinja2.Environment, name: str) -> tuple[Path, int | None]:
    """The innermost template file and line in a rendering error's traceback."""
    found: tuple[Path, int | None] = (template_file(env, name), None)
    traceback = exc.__traceback__
    while traceback is not None:
        frame = traceback.tb_frame
        template = frame.f_globals.get("__jinja_template__")
        if template is not None and template.filename:  # a frame of the compiled template
            found = (Path(template.filename), template.get_corresponding_lineno(traceback.tb_lineno))
        elif "__jinja_exception__" in frame.f_globals:  # Jinja2's rewritten frame: file and line as written
            found = (Path(frame.f_code.co_filename), traceback.tb_lineno)
        traceback = traceback.tb_next
    return found


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates kept between runs: compiling them costs ~65 ms a process, loading ~5 ms.

    Jinja2 keys each entry by template and source checksum, so an edited
    template is recompiled. The folder is the sandbox's own: code compiled
    for another environment is never loaded. Without a usable cache folder,
    templates are compiled every run.
    """
    where = cache_folder("jinja-sandbox")
    return jinja2.FileSystemBytecodeCache(str(where)) if where is not None else None
