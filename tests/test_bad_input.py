"""The bad-input corpus (tests/corpus/cases*.yaml) through the real command line.

Every case breaks one file in a fresh copy of the bundled project. fcguide must
exit with 2, name the file and the line (`path:LINE:`), say what is wrong in
Swedish, and never show a traceback. Centre files also go through
`fcguide draft`, which must fail the same way and write nothing.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from conftest import copy_project, run_fcguide

CORPUS = Path(__file__).parent / "corpus"
# cases.yaml plus one file per topic (cases-*.yaml), read in name order.
CASES = [case for path in sorted(CORPUS.glob("cases*.yaml"))
         for case in yaml.safe_load(path.read_text(encoding="utf-8")) or []]

# Words of PyYAML, libyaml, pydantic and Jinja messages that must not reach an author untranslated.
ENGLISH = re.compile(r"\b(expected|found|could not|while (scanning|parsing)|is not|not allowed|"
                     r"Input should|Field required|Value error|unexpected)\b")


def _break(path: Path, how: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if "replace" in how:
        old, new = how["replace"]
        text = path.read_text(encoding="utf-8")
        assert old in text, f"the corpus anchor {old!r} is no longer in {path.name}; update cases.yaml"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    elif "append" in how:
        with path.open("a", encoding="utf-8") as fh:
            fh.write(how["append"])
    elif "write" in how:
        path.write_text(how["write"], encoding="utf-8")
    elif "file" in how:
        path.write_bytes((CORPUS / "files" / how["file"]).read_bytes())
    elif how.get("transform") == "bom":
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    elif how.get("transform") == "large":
        filler = b"# " + b"x" * 97 + b"\n"
        path.write_bytes(path.read_bytes() + filler * 21_000)  # about 2.1 MB
    else:  # pragma: no cover - a typo in cases.yaml
        raise AssertionError(f"unknown break {how}")


def _line_of(path: Path, text: str) -> int:
    content = path.read_text(encoding="utf-8")
    assert text in content, f"{text!r} not in the broken {path.name}"
    return content[: content.index(text)].count("\n") + 1


def _error_lines(err: str) -> list[str]:
    """The diagnostic lines (path:line: …) of stderr, without progress and summary lines."""
    return [l for l in err.splitlines() if re.match(r"^\S.*?:\d+:", l) and ": varning:" not in l]


def _params() -> list:
    params = []
    for case in CASES:
        marks = [pytest.mark.xfail(reason=case["xfail"], strict=True)] if case.get("xfail") else []
        params.append(pytest.param(case, id=case["name"], marks=marks))
    return params


def test_corpus_is_big_enough_and_names_are_unique():
    names = [c["name"] for c in CASES]
    assert len(names) == len(set(names))
    assert len(CASES) >= 35


@pytest.mark.parametrize("case", _params())
def test_bad_input(case, tmp_path):
    project = copy_project(tmp_path / "proj")
    target = project / case["target"]
    _break(target, case["break"])
    expect = case["expect"]
    command = case.get("command", "check")
    if command == "build":
        res = run_fcguide("--root", str(project), "build", "--no-search", "--out", str(tmp_path / "site"))
    else:
        res = run_fcguide("--root", str(project), "check")

    assert "Traceback" not in res.err and "internt fel" not in res.err, res.err
    if expect == "ok":
        assert res.code == 0, res.err
    else:
        shown = expect.get("file", case["target"])
        line = expect["line"] if "line" in expect else _line_of(project / shown, expect["line_of"])
        assert res.code == 2, (res.code, res.err)
        where = f"{shown}:{line}:"
        located = [l for l in _error_lines(res.err) if l.startswith(where)]
        assert located, f"no error at {where}\n{res.err}"
        fragment = expect["fragment"].lower()
        assert any(fragment in l.lower() for l in located), f"{fragment!r} not in {located}"
        for l in located:
            assert not ENGLISH.search(l), f"untranslated message: {l}"
        if "count" in expect:
            assert len(_error_lines(res.err)) == expect["count"], res.err
        if command == "build":
            assert not (tmp_path / "site").exists(), "a failed build must not leave a site"

    if case.get("draft", "/centres/" in case["target"]):
        out = tmp_path / "drafts"
        res = run_fcguide("--root", str(project), "draft", str(target), "--out", str(out))
        assert "Traceback" not in res.err and "internt fel" not in res.err, res.err
        if expect == "ok":
            assert res.code == 0, res.err
            assert sorted(p.suffix for p in out.iterdir()) == [".docx", ".md"]
        else:
            assert res.code == 2, (res.code, res.err)
            # draft names the centre file by the path it was given (absolute here)
            located = [l for l in _error_lines(res.err) if f"{case['target']}:{line}:" in l]
            assert located, f"draft: no error at {case['target']}:{line}:\n{res.err}"
            assert not out.exists() or not any(out.iterdir()), "a failed draft must write nothing"


def test_file_just_under_the_size_limit_parses_in_linear_time():
    """The alias-bomb guard once summed a counter dict per value: a 1.9 MB list took minutes."""
    import time

    from generator.diagnostics import Diagnostics
    from generator.yamlio import MAX_BYTES, parse_yaml

    text = "local_goals:\n" + "".join(f"  - Mål {i}.\n" for i in range(120_000))
    assert len(text.encode()) < MAX_BYTES
    started = time.perf_counter()
    diags = Diagnostics()
    parsed = parse_yaml(text, "stor.yaml", diags)
    assert parsed is not None and not diags.items
    assert len(parsed[0]["local_goals"]) == 120_000
    assert time.perf_counter() - started < 15
