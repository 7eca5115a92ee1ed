"""Jinja2 environment and the rendering of pages and drafts (Markdown).

Templates run sandboxed with StrictUndefined: a missing value is an error,
never an empty paragraph. Content text is data: it is inserted as typed and
never evaluated as a template. A template error becomes a Diagnostic naming
the template file and line.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Callable

import jinja2

from .diagnostics import Diagnostics
from .formatting import (MONTHS, amount_sv, count_sv, date_sv, guidance_version, join_sv, month_sv, number_sv,
                         quantity_sv)
from .sandbox import (BudgetedModule, ProjectLoader, SafeEnvironment, TemplateLimit, TemplateOutside,
                      budgeted, render_bounded)

def slugify(text: str) -> str:
    table = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", "ü": "u", "Å": "a", "Ä": "a", "Ö": "o"})
    s = text.translate(table).lower()
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-")
    return s or "sida"


# The Swedish formatters live in formatting.py; these names stay for the templates and callers.
sek = amount_sv
num = number_sv


def md_inline(text: str) -> str:
    """Escape characters that would start Markdown/HTML constructs in table cells."""
    return text.replace("|", "\\|").replace("\n", " ")


def heading_text(text: Any) -> str:
    """A title inside a Markdown heading: braces as entities, so a title like "{x}" cannot
    be read as an attribute list and the heading keeps its anchor."""
    return str(text).replace("{", "&#123;").replace("}", "&#125;")


def html_escape(text: Any) -> str:
    return (str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("'", "&#39;"))


class TemplateError(Exception):
    def __init__(self, template: str, line: int, message: str):
        super().__init__(message)
        self.template, self.line, self.message = template, line, message


def make_environment(search_paths: list[Path], globals_: dict[str, Any] | None = None,
                     root: Path | None = None) -> SafeEnvironment:
    """Region template folders first, then the shared one (a region may replace any template).
    Templates are read only from inside `root` (else only from inside the search paths)."""
    folders = [p for p in search_paths if p.is_dir()]
    loader = ProjectLoader([str(p) for p in folders], [root] if root is not None else folders)
    env = SafeEnvironment(
        loader=loader,
        undefined=jinja2.StrictUndefined,
        autoescape=False,          # output is Markdown; HTML fragments use |h explicitly
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(sek=sek, num=num, date_sv=date_sv, month_sv=month_sv, join_sv=join_sv,
                       quantity=quantity_sv, count_sv=count_sv, slug=slugify, cell=md_inline, h=html_escape, head=heading_text,
                       guidance_version=guidance_version)
    env.globals.update(globals_ or {})
    return env


def _sv_jinja(message: str) -> str:
    """Jinja's own wording in Swedish for the errors template authors meet most."""
    message = re.sub(r"'([^']+)' is undefined", r'"\1" finns inte', message)
    message = re.sub(r"Encountered unknown tag '([^']+)'\.?", r"okänd tagg '\1' (saknas en inledande tagg?)", message)
    message = re.sub(r"Unexpected end of template\.?", "mallen tar slut mitt i ett block (saknas en avslutande tagg?)", message)
    message = re.sub(r"unexpected '([^']+)'", r"oväntat '\1'", message)
    message = re.sub(r"expected token '([^']+)', got '([^']+)'", r"väntade '\1' men fick '\2'", message)
    message = re.sub(r"'([^']+)' has no attribute '([^']+)'", r'\1 har inget fält "\2"', message)
    message = re.sub(r"'([^']+)' object has no attribute '([^']+)'", r'\1 har inget fält "\2"', message)
    message = re.sub(r"access to attribute '([^']+)' of '([^']+)' object is unsafe\.?",
                     r'fältet "\1" hos \2 får inte användas i en mall', message)
    message = re.sub(r"^(.*) is not safely callable$", r"\1 får inte anropas från en mall", message)
    return message


def _template_line(exc: BaseException) -> tuple[str, int]:
    tb = exc.__traceback__
    name, line = "?", 0
    while tb is not None:
        fname = tb.tb_frame.f_code.co_filename
        if fname.endswith(".j2"):
            name, line = fname, tb.tb_lineno
        tb = tb.tb_next
    return name, line


def _located(e: BaseException, fallback: str) -> tuple[str, int]:
    name, line = _template_line(e)
    return (name, line) if line else (fallback, 0)


def render(env: SafeEnvironment, template: str, **context: Any) -> str:
    loaded = None
    try:
        loaded = env.get_template(template)
        return render_bounded(loaded, context)
    except TemplateOutside as e:  # a symlink leaving the project: at the include, else the link
        name, line = _template_line(e)
        raise TemplateError(name if line else e.path, line, str(e)) from e
    except TemplateLimit as e:
        raise TemplateError(*_located(e, loaded.filename if loaded and loaded.filename else template), str(e)) from e
    except MemoryError as e:
        raise TemplateError(*_located(e, loaded.filename if loaded and loaded.filename else template),
                            "mallen använder för mycket minne (en för stor text eller lista?)") from e
    except jinja2.TemplateSyntaxError as e:
        raise TemplateError(e.filename or e.name or template, e.lineno or 0, f"mallfel: {_sv_jinja(e.message or '')}") from e
    except jinja2.TemplateNotFound as e:
        name, line = _template_line(e)  # the template that includes or imports the missing one
        raise TemplateError(name if line else template, line, f"mallen {e.name} finns inte") from e
    except jinja2.UndefinedError as e:
        name, line = _template_line(e)
        raise TemplateError(name, line, f"mallen använder ett värde som inte finns: {_sv_jinja(e.message or '')}") from e
    except jinja2.exceptions.SecurityError as e:
        name, line = _template_line(e)
        raise TemplateError(name, line, f"mallen försöker något som inte är tillåtet: {_sv_jinja(str(e))}") from e
    except OverflowError as e:  # the sandbox's limit on range(), or a float too large
        name, line = _template_line(e)
        what = "för stor range() (högst 100 000)" if "range" in str(e).lower() else "ett tal blir för stort"
        raise TemplateError(name, line, f"mallen försöker något som inte är tillåtet: {what}") from e
    except RecursionError as e:
        name, line = _template_line(e)
        raise TemplateError(name, line, "mallen anropar sig själv utan slut (för djup rekursion)") from e
    except (TypeError, ValueError, AttributeError, KeyError, IndexError, ZeroDivisionError) as e:
        name, line = _template_line(e)
        raise TemplateError(name, line, f"mallen kunde inte fyllas i: {_sv_jinja(str(e))}") from e


def load_module(env, template: str, context: dict[str, Any]):
    """A template's macros as a module (for rule sentences outside page rendering)."""
    try:
        with budgeted():
            return BudgetedModule(env.get_template(template).make_module(context))
    except TemplateOutside as e:
        name, line = _template_line(e)
        raise TemplateError(name if line else e.path, line, str(e)) from e
    except TemplateLimit as e:
        raise TemplateError(*_located(e, template), str(e)) from e
    except jinja2.TemplateSyntaxError as e:
        raise TemplateError(e.filename or e.name or template, e.lineno or 0, f"mallfel: {_sv_jinja(e.message or '')}") from e
    except jinja2.TemplateError as e:
        name, line = _template_line(e)
        raise TemplateError(name, line, f"mallfel: {_sv_jinja(str(e))}") from e


def render_into(env, template: str, diags: Diagnostics, root: Path | None = None, **context: Any) -> str | None:
    """Render or add a diagnostic (file shown relative to `root`)."""
    try:
        return render(env, template, **context)
    except TemplateError as e:
        shown = Path(e.template)
        if root is not None:
            shown = _relative(shown, root)
        diags.error(shown, e.line, "", e.message)
        return None


def _relative(path: Path, root: Path) -> Path:
    """`path` relative to `root` (a symlink is shown where it is, not where it points)."""
    for candidate, base in ((path, root), (path.absolute(), root.absolute()), (path.resolve(), root.resolve())):
        try:
            return candidate.relative_to(base)
        except ValueError:
            continue
    return path


PLACEHOLDER_RE = re.compile(r"\{([a-z_]+(?:\.[a-z0-9_-]+)+)\}")


def fill_placeholders(text: str, values: Callable[[str], str | None]) -> tuple[str, list[str]]:
    """Replace {name} placeholders in clause text with values. Returns text and missing names.

    Our own tiny syntax, not Jinja: clause text stays data and `{{ 7*7 }}` is shown as typed.
    """
    missing: list[str] = []

    def sub(mt: re.Match) -> str:
        value = values(mt.group(1))
        if value is None:
            missing.append(mt.group(1))
            return mt.group(0)
        return value

    return PLACEHOLDER_RE.sub(sub, text), missing
