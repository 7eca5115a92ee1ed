"""Templates are sandboxed for real (issue 12; review cases X01, T01-T03, T05, P10).

- The template context holds plain data only: no path, stream, module or class
  is reachable, and the sandbox refuses them anyway (second line).
- Template work and output are bounded: a located Swedish error, exit 2.
- Templates, assets and YAML are never read through a symlink that leaves the
  project; `fcguide draft FILE` still takes a centre file from anywhere.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import io
import os
import time
import types
from pathlib import Path

import pytest
from pydantic import BaseModel

from conftest import run_fcguide
from test_security import _assert_refused as _refused

CENTRE = "guidance/skane/centres/exempelby.yaml"
OVERRIDE = "guidance/skane/templates/site/region_index.md.j2"
SECRET = "HEMLIG-RAD-8c1f7e"


def _override(project: Path, payload: str) -> int:
    """Skåne's own copy of the region start page with `payload` appended; its line."""
    shared = project / "templates" / "site" / "region_index.md.j2"
    override = project / OVERRIDE
    override.parent.mkdir(parents=True, exist_ok=True)
    text = shared.read_text(encoding="utf-8").rstrip("\n") + "\n"
    override.write_text(text + payload + "\n", encoding="utf-8")
    return text.count("\n") + 1


def _secret(tmp_path: Path) -> Path:
    path = tmp_path / "utanfor" / "hemligt.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"{SECRET}\n", encoding="utf-8")
    return path


def _nothing_leaked(*folders: Path) -> None:
    for folder in folders:
        if folder.exists():
            for path in folder.rglob("*"):
                if path.is_file():
                    assert SECRET.encode() not in path.read_bytes(), path


def _build(project: Path, out: Path):
    return run_fcguide("--root", str(project), "build", "--no-search", "--out", str(out))


# --- X01: plain data only -----------------------------------------------------------------------

PLAIN = (str, int, float, bool, type(None), dt.date, enum.Enum)
SYSTEM = (os.PathLike, io.IOBase, types.ModuleType, type)


def _walk(obj, where: str, seen: set[int], problems: list[str]) -> None:
    """Follow everything a template can read as data; report what is not plain data."""
    if id(obj) in seen:
        return
    seen.add(id(obj))
    if isinstance(obj, SYSTEM):
        problems.append(f"{where}: {type(obj).__name__} (file, stream, module or class)")
    elif isinstance(obj, PLAIN):
        return
    elif isinstance(obj, dict):
        for key, value in obj.items():
            _walk(key, f"{where}[{key!r}] (key)", seen, problems)
            _walk(value, f"{where}[{key!r}]", seen, problems)
    elif isinstance(obj, (list, tuple, set, frozenset)):
        for i, value in enumerate(obj):
            _walk(value, f"{where}[{i}]", seen, problems)
    elif isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            _walk(getattr(obj, name), f"{where}.{name}", seen, problems)
    elif dataclasses.is_dataclass(obj):
        for f in dataclasses.fields(obj):
            _walk(getattr(obj, f.name), f"{where}.{f.name}", seen, problems)
        for name in dir(type(obj)):  # properties are data too
            if not name.startswith("_") and isinstance(getattr(type(obj), name), property):
                _walk(getattr(obj, name), f"{where}.{name}", seen, problems)
    elif isinstance(obj, (types.FunctionType, types.BuiltinFunctionType)):
        return  # a small pure helper; its insides are not reachable (underscore attributes)
    elif callable(obj) and type(obj).__module__.startswith("generator."):
        for name, value in vars(obj).items():  # e.g. the link helper: its plain fields
            _walk(value, f"{where}.{name}", seen, problems)
    else:
        problems.append(f"{where}: {type(obj).__module__}.{type(obj).__name__} is not plain data")


def _contexts(project: Path, monkeypatch) -> list[tuple[str, dict]]:
    """The context of every template render of a real build and of a real draft."""
    import generator.render as render
    from generator.pipeline import generate, make_draft, render_site

    captured: list[tuple[str, dict]] = []
    real = render.render_into

    def spy(env, template, diags, root=None, **context):
        captured.append((template, {**env.globals, **context}))
        return real(env, template, diags, root=root, **context)

    monkeypatch.setattr(render, "render_into", spy)
    gen = generate(project)
    render_site(gen, project, docx=False)
    make_draft(project, project / CENTRE)
    return captured


def test_template_context_holds_plain_data_only(project, monkeypatch):
    contexts = _contexts(project, monkeypatch)
    templates = {t for t, _ in contexts}
    assert "site/region_index.md.j2" in templates and "draft/agreement.md.j2" in templates, templates
    problems: list[str] = []
    seen: set[int] = set()
    for template, context in contexts:
        for name, value in context.items():
            if name in ("range", "dict", "cycler", "joiner", "namespace"):  # Jinja's own globals
                continue
            _walk(value, f"{template}: {name}", seen, problems)
    assert not problems, "\n".join(problems[:20])


def test_sandbox_refuses_files_modules_and_classes(tmp_path):
    """Second line: even if a path, stream or model class reached a template, it stays inert."""
    from generator.render import TemplateError, make_environment, render
    from generator import models as m

    secret = _secret(tmp_path)
    (tmp_path / "t").mkdir()
    cases = {
        "read": "{{ p.read_text() }}",
        "write": "{{ p.write_text('x') }}",
        "join": "{{ (p / 'x') }}",
        "stream": "{{ f.read() }}",
        "module": "{{ mod.getcwd() }}",
        "classmethod": "{{ model.parse_file(path) }}",
        "model api": "{{ page.model_fields }}",
        "date class": "{{ d.today() }}",
    }
    page = m.Source.model_validate({"id": "k", "title": "T", "kind": "lag"}) if hasattr(m, "Source") else None
    with open(secret, encoding="utf-8") as stream:
        for name, source in cases.items():
            (tmp_path / "t" / "x.j2").write_text(source, encoding="utf-8")
            env = make_environment([tmp_path / "t"], root=tmp_path)
            with pytest.raises(TemplateError) as err:
                render(env, "x.j2", p=secret, f=stream, mod=os, model=type(page), path=str(secret),
                       page=page, d=dt.date(2026, 1, 1))
            assert err.value.line == 1, (name, err.value.message)
            assert "mallen" in err.value.message, (name, err.value.message)
            assert SECRET not in err.value.message
    assert secret.read_text(encoding="utf-8") == f"{SECRET}\n"


@pytest.mark.parametrize("payload", [
    "LÄCKA: {{ (base.item_ids['mal-syfte'][0].resolve().parents[-1] / 'etc/hostname').read_text() }}",
    "SKRIV: {{ (base.item_ids['mal-syfte'][0].resolve().parents[2] / 'utanfor.txt').write_text('x') }}",
    "LÄCKA: {{ base.pages[0].parse_file('/etc/hostname') }}",
    "LÄCKA: {{ base.pages[0].model_fields }}",
], ids=["item-ids-read", "item-ids-write", "pydantic-parse-file", "pydantic-api"])
def test_x01_region_template_reaches_no_files(project, tmp_path, payload):
    line = _override(project, payload)
    before = sorted(p.name for p in tmp_path.iterdir())
    res = _build(project, tmp_path / "site")
    _refused(res, f"{OVERRIDE}:{line}:", "mallen")
    assert not (tmp_path / "site").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    hostname = Path("/etc/hostname")
    if hostname.is_file() and hostname.read_text().strip():
        assert hostname.read_text().strip() not in res.err


# --- T01, T02: bounded work and size --------------------------------------------------------------

def test_t01_nested_loop_is_a_located_error_in_seconds(project, tmp_path):
    line = _override(project, "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}")
    start = time.monotonic()
    res = run_fcguide("--root", str(project), "build", "--no-search", "--out", str(tmp_path / "site"), timeout=300)
    elapsed = time.monotonic() - start
    _refused(res, f"{OVERRIDE}:{line}:", "för mycket arbete")
    assert not (tmp_path / "site").exists()
    # A normal build without search takes seconds; the loop itself ends after 10**6 iterations.
    assert elapsed < 90, elapsed


@pytest.mark.parametrize("payload, fragment", [
    ("{{ 'x' * 20000000 }}", "för stor"),
    ("{% set s = 'x' * 1900000 %}{% set s = s ~ s %}", "för stor"),
    ("{% set s = 'x' * 1900000 %}{% set t %}{{ s }}{{ s }}{% endset %}", "för stor"),
    ("{{ 'x' | center(999999999) }}", "för stort tal"),
    ("{{ '%999999999d' % 1 }}", "för stort tal"),
    ("{{ '{:>999999999}'.format(1) }}", "för stort tal"),
    ("{% set s = 'x' * 1000000 %}{{ s | replace('', s) }}", "för stor"),
    ("{% macro f(n) %}{% if n %}{{ f(n-1) }}{{ f(n-1) }}{% endif %}{% endmacro %}{{ f(40) }}", "mallen"),
], ids=["repeat", "concat", "block-set", "center", "percent", "format", "replace", "macro-bomb"])
def test_t02_template_values_are_bounded(project, tmp_path, payload, fragment):
    line = _override(project, payload)
    res = run_fcguide("--root", str(project), "build", "--no-search", "--out", str(tmp_path / "site"), timeout=300)
    _refused(res, f"{OVERRIDE}:{line}:", fragment)
    assert not (tmp_path / "site").exists()


def test_t02_page_size_is_bounded(project, tmp_path):
    _override(project, "{% for i in range(1500) %}{{ 'x' * 1999 }}\n{% endfor %}")
    res = _build(project, tmp_path / "site")
    _refused(res, f"{OVERRIDE}:", "sidan som mallen ger blir för stor")
    assert not (tmp_path / "site").exists()


# --- T03, T05, P10: no symlink out of the project -----------------------------------------------

def test_t03_template_symlink_out_of_the_project_is_refused(project, tmp_path):
    secret = _secret(tmp_path)
    _override(project, "{% include 'site/hemligt.j2' %}")
    link = project / "guidance/skane/templates/site/hemligt.j2"
    link.symlink_to(secret)
    res = _build(project, tmp_path / "site")
    _refused(res, "guidance/skane/templates/site/hemligt.j2:", "pekar utanför projektet")
    assert SECRET not in res.err
    assert not (tmp_path / "site").exists()


def test_t03_template_loader_refuses_a_link_reached_through_the_project(project, tmp_path):
    """Second line: a folder link inside the project leads to a file link that leaves it;
    the loader refuses it at the include's line."""
    secret = _secret(tmp_path)
    other = project / "egna-mallar" / "site"
    other.mkdir(parents=True)
    (other / "hemligt.j2").symlink_to(secret)
    (project / "guidance/skane/templates").mkdir(parents=True)
    (project / "guidance/skane/templates/site").symlink_to(Path("../../../egna-mallar/site"))
    text = (project / "templates/site/region_index.md.j2").read_text(encoding="utf-8").rstrip("\n") + "\n"
    (other / "region_index.md.j2").write_text(text + "{% include 'site/hemligt.j2' %}\n", encoding="utf-8")
    line = text.count("\n") + 1
    res = _build(project, tmp_path / "site")
    _refused(res, f"{OVERRIDE}:{line}:", "pekar utanför projektet")
    assert not (tmp_path / "site").exists()


def test_symlink_inside_the_project_is_fine(project, tmp_path):
    (project / "guidance/skane/templates/site").mkdir(parents=True)
    (project / OVERRIDE).symlink_to(Path("../../../../templates/site/region_index.md.j2"))
    res = run_fcguide("--root", str(project), "check")
    assert res.code == 0, res.err


def test_t05_asset_symlink_out_of_the_project_is_refused(project, tmp_path):
    secret = _secret(tmp_path)
    (project / "templates/assets/anteckningar.txt").symlink_to(secret)
    res = _build(project, tmp_path / "site")
    _refused(res, "templates/assets/anteckningar.txt:", "pekar utanför projektet")
    assert not (tmp_path / "site").exists()
    _nothing_leaked(tmp_path / "site")


def test_word_template_symlink_out_of_the_project_is_refused(project, tmp_path):
    secret = _secret(tmp_path)
    docx = project / "guidance/skane/templates/docx"
    docx.mkdir(parents=True)
    (docx / "fcguide.docx").symlink_to(secret)
    res = _build(project, tmp_path / "site")
    _refused(res, "guidance/skane/templates/docx/fcguide.docx:", "pekar utanför projektet")


@pytest.mark.parametrize("rel", [CENTRE, "guidance/skane/region.yaml", "content/goals.yaml"],
                         ids=["centre", "region", "page"])
def test_p10_yaml_symlink_out_of_the_project_is_refused(project, tmp_path, rel):
    outside = tmp_path / "utanfor" / Path(rel).name
    outside.parent.mkdir(parents=True)
    text = (project / rel).read_text(encoding="utf-8")
    outside.write_text(text.replace("Familjecentralen Exempelby", f"Familjecentralen {SECRET}"), encoding="utf-8")
    (project / rel).unlink()
    (project / rel).symlink_to(outside)
    for args in (["check"], ["build", "--no-search", "--out", str(tmp_path / "site")],
                 ["draft", str(project / CENTRE), "--out", str(tmp_path / "d")]):
        res = run_fcguide("--root", str(project), *args)
        _refused(res, f"{rel}:", "pekar utanför projektet")
    assert not (tmp_path / "site").exists() and not (tmp_path / "d").exists()


def test_draft_takes_a_centre_file_from_anywhere(project, tmp_path):
    """`fcguide draft FILE` reads the author's own file wherever it is: input, not a symlink escape."""
    own = tmp_path / "hemma" / "exempelby.yaml"
    own.parent.mkdir()
    own.write_text((project / CENTRE).read_text(encoding="utf-8"), encoding="utf-8")
    res = run_fcguide("--root", str(project), "draft", str(own), "--out", str(tmp_path / "d"), "--format", "md")
    assert res.code == 0, res.err
    assert (tmp_path / "d" / "exempelby.md").is_file()
