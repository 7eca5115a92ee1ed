"""The template sandbox: what a template may reach, how much work it may do and
which files it may read.

Templates come from the project and from forks (guidance/<region>/templates/),
so they are treated as untrusted code:

- Plain data only. Attributes of files, streams, modules and classes are
  refused, and so are methods bound to them; of a pydantic model only its
  fields and our own methods are reachable (never parse_file, model_fields …).
  The context itself holds no such objects (tests/test_safety_templates.py
  walks it); this is the second line.
- Bounded work. Every loop iteration and every call spends from a budget that
  belongs to one render, and a render has a deadline. The budget lives in a
  ContextVar, so it works in the main thread (build, draft) and in the worker
  thread of `fcguide serve` alike.
- Bounded size. No value a template makes (operators, calls, filters, `~`,
  block sets) and no rendered page may exceed MAX_TEXT characters.
- Files. Templates are read only from inside the project; a symlink that
  leaves it is refused. `escaping_links` finds such links in the folders a
  build reads (content, templates, a region's folder).
"""
from __future__ import annotations

import functools
import io
import os
import posixpath
import re
import string
import time
import types
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any, Iterable, Iterator

import jinja2
from jinja2 import nodes
from jinja2.loaders import split_template_path
from jinja2.runtime import LoopContext
from jinja2.sandbox import ImmutableSandboxedEnvironment
from pydantic import BaseModel

MAX_STEPS = 1_000_000    # loop iterations + calls in one render; a page of the guide needs a few thousand
MAX_SECONDS = 5.0        # one render; a page of the guide takes milliseconds
MAX_TEXT = 2_000_000     # characters (or items) in one value and in one rendered page
MAX_WIDTH = 10_000       # widths and counts given to padding filters and methods
_TICK = 1024             # steps between two looks at the clock


def _n(x: int | float) -> str:
    from .formatting import number_sv  # the one Swedish formatter
    return number_sv(x)


class TemplateLimit(Exception):
    """A template went over one of the limits above (the message is Swedish)."""


class TemplateOutside(jinja2.TemplateError):
    """A template file that resolves outside the project (a symlink leaving it)."""

    def __init__(self, name: str, path: str, target: Path):
        super().__init__(f"mallen {name} är en länk som pekar utanför projektet ({target}); "
                         "mallar läses bara inifrån projektet")
        self.name, self.path = name, path


# --- paths ------------------------------------------------------------------------------------

def _resolve(path: Path) -> Path | None:
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a symlink loop
        return None


def inside(path: Path, root: Path) -> bool:
    """Whether `path`, with every symlink followed, stays inside `root`."""
    target, base = _resolve(path), _resolve(root)
    return target is not None and base is not None and target.is_relative_to(base)


def escaping_links(root: Path, folders: Iterable[Path], shallow: Iterable[Path] = ()) -> list[tuple[Path, str]]:
    """Every symlink in `folders` (and the folders themselves, and the `shallow` ones without their
    contents) that leaves `root` or cannot be followed: (the link, a Swedish message). Links inside
    the project are fine. Folders reached through a link are not walked; each read checks its own
    file again (see `inside`)."""
    root = root.resolve()
    found: list[tuple[Path, str]] = []

    def check(path: Path) -> bool:
        if not path.is_symlink():
            return True
        target = _resolve(path)
        kind = "mappen" if path.is_dir() else "filen"
        if target is None:
            found.append((path, f"{kind} är en länk som inte går att följa (pekar den på sig själv?)"))
            return False
        if not target.is_relative_to(root):
            found.append((path, f"{kind} är en länk som pekar utanför projektet ({target}); "
                                "kopiera in innehållet i projektet i stället"))
            return False
        return True

    for folder in shallow:
        check(folder)
    for folder in folders:
        if not check(folder) or not folder.is_dir() or folder.is_symlink():
            continue
        for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
            here = Path(dirpath)
            for name in sorted(dirnames) + sorted(filenames):
                check(here / name)
    return found


class ProjectLoader(jinja2.FileSystemLoader):
    """A FileSystemLoader that never reads a template resolving outside `allowed` folders."""

    def __init__(self, searchpath: list[str], allowed: list[Path]):
        super().__init__(searchpath)
        self.allowed = [p.resolve() for p in allowed]

    def get_source(self, environment, template):
        pieces = split_template_path(template)
        for searchpath in self.searchpath:
            filename = posixpath.join(searchpath, *pieces)
            if os.path.isfile(filename):
                target = _resolve(Path(filename))
                if target is None or not any(target.is_relative_to(a) for a in self.allowed):
                    raise TemplateOutside(template, os.path.normpath(filename), target or Path(filename))
                break
        return super().get_source(environment, template)


# --- work and size ----------------------------------------------------------------------------

class _Budget:
    __slots__ = ("left", "tick", "deadline")

    def __init__(self, seconds: float | None = MAX_SECONDS):
        self.left = MAX_STEPS
        self.tick = _TICK
        self.deadline = time.monotonic() + seconds if seconds is not None else float("inf")


_budget: ContextVar[_Budget | None] = ContextVar("fcguide_template_budget", default=None)


@contextmanager
def budgeted() -> Iterator[None]:
    """One render's budget of steps and time (nested uses share the outer one)."""
    if _budget.get() is not None:
        yield
        return
    token = _budget.set(_Budget())
    try:
        yield
    finally:
        _budget.reset(token)


def _current() -> _Budget:
    b = _budget.get()
    if b is None:  # template code run outside render(): a budget without a deadline
        b = _Budget(None)
        _budget.set(b)
    return b


def _over(b: _Budget) -> None:
    if b.left < 0:
        raise TemplateLimit(f"mallen gör för mycket arbete (mer än {_n(MAX_STEPS)} varv i loopar och anrop); "
                            "är en loop oändlig eller för stor?")
    b.tick = _TICK
    if time.monotonic() > b.deadline:
        raise TemplateLimit(f"mallen tog för lång tid att fylla i (mer än {_n(int(MAX_SECONDS))} sekunder)")


def spend(n: int = 1) -> None:
    b = _current()
    b.left -= n
    b.tick -= n
    if b.tick <= 0 or b.left < 0:
        _over(b)


def guarded_loop(iterable: Any) -> Any:
    """What a template's `for` iterates over: every item spends one step."""
    if isinstance(iterable, jinja2.Undefined):
        return iterable  # iterating it raises the usual "finns inte" error
    return _loop(iterable)


def _loop(iterable: Any) -> Iterator[Any]:
    b = _current()
    for item in iterable:
        b.left -= 1
        b.tick -= 1
        if b.tick <= 0 or b.left < 0:
            _over(b)
        yield item


def _too_big(what: str = "en text eller lista") -> TemplateLimit:
    return TemplateLimit(f"mallen skapar {what} som är för stor (mer än {_n(MAX_TEXT)} tecken eller delar)")


def sized(value: Any) -> Any:
    """The value, when it is not larger than MAX_TEXT."""
    if isinstance(value, (str, bytes, list, tuple, dict, set, frozenset)) and len(value) > MAX_TEXT:
        raise _too_big()
    return value


def _weight(seq: Any) -> int:
    """Characters a sequence stands for: its length, or its texts' lengths for a list."""
    if isinstance(seq, (str, bytes)):
        return len(seq)
    total = 0
    for item in seq:
        total += len(item) if isinstance(item, (str, bytes, list, tuple)) else 1
        if total > MAX_TEXT:
            break
    return total


def _check_repeat(left: Any, right: Any) -> None:
    for seq, times in ((left, right), (right, left)):
        if isinstance(seq, (str, bytes, list, tuple)) and isinstance(times, int) and times > 1:
            if _weight(seq) * times > MAX_TEXT:
                raise _too_big()


def _check_power(left: Any, right: Any) -> None:
    if isinstance(left, int) and isinstance(right, int) and right > 0 and abs(left) > 1:
        if abs(left).bit_length() * right > 64_000:
            raise TemplateLimit("mallen räknar fram ett för stort tal")


_PERCENT_RE = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?[a-zA-Z%]")


def _check_width(value: Any, what: str) -> None:
    if isinstance(value, int) and not isinstance(value, bool) and value > MAX_WIDTH:
        raise TemplateLimit(f"för stort tal till {what} (högst {_n(MAX_WIDTH)})")
    if isinstance(value, str) and len(value) > MAX_WIDTH:
        raise TemplateLimit(f"för lång text till {what} (högst {_n(MAX_WIDTH)} tecken)")


def _longest(values: Iterable[Any]) -> int:
    return max((len(v) if isinstance(v, (str, bytes)) else 20 for v in values), default=0)


def _check_percent(fmt: str, args: Any) -> None:
    specs = _PERCENT_RE.findall(fmt)
    for width, precision in specs:
        for part in (width, precision):
            if part == "*":
                raise TemplateLimit("mallen använder en bredd med * i %-formatering (inte tillåtet)")
            if part:
                _check_width(int(part), "%-formatering")
    values = args.values() if isinstance(args, dict) else args if isinstance(args, tuple) else (args,)
    if len(fmt) + len(specs) * _longest(values) > MAX_TEXT:
        raise _too_big()


def _check_format(fmt: str, args: tuple, kwargs: dict) -> None:
    fields = 0
    for _, name, spec, _ in string.Formatter().parse(fmt):
        if name is None:
            continue
        fields += 1
        if spec and "{" in spec:
            raise TemplateLimit("mallen använder nästlade fält i format() (inte tillåtet)")
        for number in re.findall(r"\d+", spec or ""):
            _check_width(int(number), "format()")
    if len(fmt) + fields * _longest(list(args) + list(kwargs.values())) > MAX_TEXT:
        raise _too_big()


def _check_replace(text: Any, old: Any, new: Any) -> None:
    if isinstance(text, str) and isinstance(old, str) and isinstance(new, str):
        hits = text.count(old) if old else len(text) + 1
        if len(text) + hits * len(new) > MAX_TEXT:
            raise _too_big()


def _check_join(sep: Any, items: Any) -> None:
    if isinstance(sep, str) and hasattr(items, "__len__") and len(sep) * len(items) > MAX_TEXT:
        raise _too_big()


_WIDTH_METHODS = {"center", "ljust", "rjust", "zfill", "expandtabs"}
_WIDTH_FILTERS = {"center", "indent", "wordwrap", "truncate"}


def _check_filter(name: str, args: tuple, kwargs: dict) -> None:
    values = [a for a in args if not isinstance(a, (jinja2.runtime.Context, jinja2.nodes.EvalContext,
                                                       jinja2.Environment))]
    if name in _WIDTH_FILTERS:
        for value in values[1:] + list(kwargs.values()):
            _check_width(value, f"filtret {name}")
    elif name == "replace" and len(values) >= 3:
        _check_replace(str(values[0]), values[1], values[2])
    elif name == "join" and values:
        _check_join(values[1] if len(values) > 1 else kwargs.get("d", ""), values[0])
    elif name == "format" and values and isinstance(values[0], str):
        _check_percent(values[0], kwargs or tuple(values[1:]))


def _check_method(obj: Any, args: tuple, kwargs: dict) -> None:
    owner = getattr(obj, "__self__", None)
    if not isinstance(owner, str):
        return
    name = getattr(obj, "__name__", "")
    if name in _WIDTH_METHODS:
        for value in list(args) + list(kwargs.values()):
            _check_width(value, name + "()")
    elif name == "replace" and len(args) >= 2:
        _check_replace(owner, args[0], args[1])
    elif name == "join" and args:
        _check_join(owner, args[0])


class _Filters(dict):
    """The environment's filters; each one handed to a template spends a step and has its
    arguments and its result checked (filters are called directly, not through `call`)."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._wrapped: dict[tuple[str, int], Any] = {}

    def __getitem__(self, name: str) -> Any:
        func = super().__getitem__(name)
        key = (name, id(func))
        if key not in self._wrapped:
            self._wrapped[key] = _guard_filter(name, func)
        return self._wrapped[key]

    def get(self, name: str, default: Any = None) -> Any:
        return self[name] if name in self else default


def _guard_filter(name: str, func: Any) -> Any:
    @functools.wraps(func)  # keeps jinja_pass_arg, so Jinja passes the same arguments
    def guarded(*args: Any, **kwargs: Any) -> Any:
        spend()
        _check_filter(name, args, kwargs)
        return sized(func(*args, **kwargs))
    return guarded


def _guard(tree: nodes.Template) -> nodes.Template:
    """Rewrite a parsed template in place so that every `for` iterates through
    `environment.fc_loop` and every `~`, block set and filter block passes `fc_sized`.
    Environment attributes, not names: a template cannot shadow them."""
    def call(name: str, arg: nodes.Expr, lineno: int) -> nodes.Call:
        return nodes.Call(nodes.EnvironmentAttribute(name), [arg], [], None, None, lineno=lineno)

    for node in list(tree.find_all((nodes.For, nodes.Concat, nodes.AssignBlock, nodes.FilterBlock))):
        if isinstance(node, nodes.For):
            node.iter = call("fc_loop", node.iter, node.lineno)
        elif isinstance(node, nodes.Concat):  # a ~ b ~ c -> one part: fc_sized(a ~ b ~ c)
            node.nodes = [call("fc_sized", nodes.Concat(node.nodes, lineno=node.lineno), node.lineno)]
        else:
            node.filter = nodes.Filter(node.filter, "fc_sized", [], [], None, None, lineno=node.lineno)
    return tree


# --- what a template may touch ----------------------------------------------------------------

_SYSTEM = (os.PathLike, io.IOBase, types.ModuleType, type)
_PYDANTIC_API = frozenset(dir(BaseModel))
_REFUSED_BUILTINS = frozenset({"open", "eval", "exec", "compile", "__import__", "input", "breakpoint",
                               "getattr", "setattr", "delattr", "globals", "locals", "vars", "exit", "quit"})


_system_types: dict[type, bool] = {}   # isinstance against ABCs is slow; a type's answer never changes
_METHODS = (types.MethodType, types.BuiltinMethodType, types.MethodWrapperType)


def _system_type(t: type) -> bool:
    known = _system_types.get(t)
    if known is None:
        known = _system_types[t] = issubclass(t, _SYSTEM)
    return known


def _system(value: Any) -> bool:
    """A file, stream, module or class, or a method bound to one."""
    t = type(value)
    if _system_type(t):
        return True
    if t in _METHODS or isinstance(value, _METHODS):
        return _system_type(type(getattr(value, "__self__", None)))
    return False


_model_types: dict[type, bool] = {}


def _is_model(t: type) -> bool:
    known = _model_types.get(t)
    if known is None:
        known = _model_types[t] = issubclass(t, BaseModel)
    return known


class SafeEnvironment(ImmutableSandboxedEnvironment):
    """ImmutableSandboxedEnvironment with the limits and refusals described in this module."""

    intercepted_binops = frozenset({"*", "**", "+", "%", "/"})

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.filters = _Filters(self.filters)
        self.filters["fc_sized"] = sized
        self.globals.pop("lipsum", None)  # lipsum(n) makes n paragraphs; no template needs it
        self.fc_loop = guarded_loop
        self.fc_sized = sized

    def _parse(self, source, name, filename):
        return _guard(super()._parse(source, name, filename))

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if not super().is_safe_attribute(obj, attr, value):
            return False
        if _system(obj) or _system(value):
            return False
        if attr in _PYDANTIC_API and _is_model(type(obj)) and attr not in type(obj).model_fields:
            return False
        return True

    def getattr(self, obj: Any, attribute: str) -> Any:
        if attribute in _PYDANTIC_API and _is_model(type(obj)) and attribute not in type(obj).model_fields:
            return self.unsafe_undefined(obj, attribute)  # refused before pydantic is even asked
        return super().getattr(obj, attribute)

    def is_safe_callable(self, obj: Any) -> bool:
        if not super().is_safe_callable(obj):
            return False
        if isinstance(obj, type) and issubclass(obj, (os.PathLike, io.IOBase, BaseModel)):
            return False
        if isinstance(obj, (os.PathLike, io.IOBase, types.ModuleType)):
            return False
        owner = getattr(obj, "__self__", None)
        if owner is not None and isinstance(owner, _SYSTEM) and not isinstance(obj, LoopContext):
            if isinstance(owner, types.ModuleType) and owner.__name__ == "builtins" \
                    and getattr(obj, "__name__", "") not in _REFUSED_BUILTINS:
                return True
            return False
        return True

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 (Jinja's signature)
        spend()
        if isinstance(__obj, LoopContext) and args:  # loop(children) in a recursive for
            args = (guarded_loop(args[0]),) + args[1:]
        _check_method(__obj, args, kwargs)
        return sized(super().call(__context, __obj, *args, **kwargs))

    def call_binop(self, context, operator: str, left: Any, right: Any) -> Any:
        spend()
        if _system(left) or _system(right):  # e.g. path / "etc/passwd"
            raise jinja2.exceptions.SecurityError(f"operatorn {operator} på {type(left).__name__} är inte tillåten")
        if operator == "*":
            _check_repeat(left, right)
        elif operator == "**":
            _check_power(left, right)
        elif operator == "%" and isinstance(left, str):
            _check_percent(left, right)
        return sized(self.binop_table[operator](left, right))

    def wrap_str_format(self, value: Any):
        wrapper = super().wrap_str_format(value)
        if wrapper is None:
            return None
        fmt, is_map = value.__self__, value.__name__ == "format_map"

        @functools.wraps(wrapper)
        def checked(*args: Any, **kwargs: Any) -> str:
            if is_map and args and isinstance(args[0], dict):
                _check_format(fmt, (), args[0])
            else:
                _check_format(fmt, args, kwargs)
            return sized(wrapper(*args, **kwargs))
        return checked


def render_bounded(template: jinja2.Template, context: dict[str, Any]) -> str:
    """Render with a fresh budget; the page may not grow past MAX_TEXT characters."""
    with budgeted():
        size = 0
        parts: list[str] = []
        for chunk in template.generate(**context):
            size += len(chunk)
            if size > MAX_TEXT:
                raise TemplateLimit(f"sidan som mallen ger blir för stor (mer än {_n(MAX_TEXT)} tecken)")
            parts.append(chunk)
        return "".join(parts)


class BudgetedModule:
    """A template module whose macros each run with their own budget (called from Python)."""

    def __init__(self, module: Any):
        self._module = module

    def __getattr__(self, name: str) -> Any:
        macro = getattr(self._module, name)
        if not callable(macro):
            return macro

        @functools.wraps(macro)
        def call(*args: Any, **kwargs: Any) -> Any:
            with budgeted():
                return macro(*args, **kwargs)
        return call
