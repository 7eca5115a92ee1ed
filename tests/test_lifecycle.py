"""Guidance versions, change notes, `fcguide update` and `fcguide upstream-diff` (issue 18).

Each scenario is a temporary git repository holding a copy of the project: commit, change the
content, commit again, and ask what changed. No site build here (make_draft, docs without Word).
"""
from __future__ import annotations

import hashlib
import io
import re
import subprocess
import zipfile
from pathlib import Path

import pytest

from generator.cli import main
from generator.pipeline import make_draft

from conftest import ROOT, copy_project

CENTRE = Path("guidance/skane/centres/exempelby.yaml")


NEW_FIELD = """  - name: husmoten_per_manad
    type: heltal
    unit: [husmöte i månaden, husmöten i månaden]
    question: Hur många husmöten har familjecentralen i månaden?
    min: 0
    max: 31
"""
NEW_RULE = """  - id: skane-husmoten
    label: Husmöten
    topic: collaboration
    strength: ska
    field: husmoten_per_manad
    compare: minst
    value: 1
    text: Familjecentralen {verb} ha minst {value}.
    sources:
      - {source: skane-2024, section: "Förord"}

"""


def git(repo: Path, *args: str) -> str:
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_AUTHOR_DATE": "2026-12-01T12:00:00Z",
           "GIT_COMMITTER_DATE": "2026-12-01T12:00:00Z", "PATH": "/usr/bin:/bin", "HOME": str(repo)}
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True, env=env).stdout


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> tuple[Path, str]:
    """The project at commit `first`, then a second commit: Skåne's opening hours 15 → 20 (a ska rule
    Exempelby meets at 15 h but not at 20), a reworded secrecy clause, and a reworded base goal that
    Jönköping rewords (mal-bidrar-stress)."""
    proj = copy_project(tmp_path_factory.mktemp("lifecycle") / "proj", regions=["skane", "jonkoping"])
    git(proj, "init", "-q", "-b", "main")
    git(proj, "add", "-A")
    git(proj, "commit", "-qm", "first")
    first = git(proj, "rev-parse", "HEAD").strip()
    region = proj / "guidance/skane/region.yaml"
    text = region.read_text(encoding="utf-8")
    start = text.index("  - id: skane-oppettider")
    head, rule = text[:start], text[start:]
    rule = re.sub(r"(?m)^(    value: )15$", r"\g<1>20", rule, count=1)
    head = head.replace("  version: Reviderad 2024\n", "  version: Reviderad 2026\n  date: 2026-11-30\n", 1)
    # A new rule over a field of the region's own that the centre files do not have yet.
    head = head.replace("\nrules:\n", "\ncentre_fields:\n" + NEW_FIELD + "\nrules:\n" + NEW_RULE, 1)
    region.write_text(head + rule, encoding="utf-8")
    clauses = proj / "content/clauses/agreement.yaml"
    text = clauses.read_text(encoding="utf-8")
    assert "Ett samtycke gäller bara den situation det inhämtades för" in text
    clauses.write_text(text.replace("Ett samtycke gäller bara den situation det inhämtades för",
                                    "Ett samtycke gäller endast den situation som det gavs för"), encoding="utf-8")
    goals = proj / "content/goals.yaml"
    text = goals.read_text(encoding="utf-8")
    at = text.index("id: mal-bidrar-stress")
    line_end = text.index("\n", text.index("text:", at))
    goals.write_text(text[:line_end] + " (ändrad i grunden)" + text[line_end:], encoding="utf-8")
    git(proj, "commit", "-qam", "second")
    return proj, first


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_update_lists_rule_value_failing_check_and_word_diff(repo, capsys):
    proj, first = repo
    centre = proj / CENTRE
    before = centre.read_bytes()
    code, out, err = run(capsys, "--root", str(proj), "update", str(centre), "--since", first)
    assert code == 0, err
    assert "Gemensamma öppettider (skane-oppettider): värde: 15 → 20" in out
    # The check that now fails, at the centre's own YAML key and line.
    failing = next(line for line in out.splitlines() if "underkänns nu" in line and "skane-oppettider" in line)
    assert re.search(r"exempelby\.yaml:\d+: opening_hours_per_week", failing)
    # The reworded clause as a word diff.
    assert "Sekretess och samtycke (avtal-sekretess-samtycke) har ny lydelse" in out
    assert "[-bara-]{+endast+}" in out and "{+som+}" in out
    # A rule the new version adds over a field the file lacks: reported at the YAML key's parent.
    assert "ny regel: Husmöten (skane-husmoten), krav (ska)" in out
    assert re.search(r"exempelby\.yaml:\d+: husmoten_per_manad \(saknas i filen; lägg till fältet\): underkänns nu", out), out
    assert centre.read_bytes() == before          # never rewritten


def test_update_since_a_guidance_version(repo, capsys):
    proj, first = repo
    code, out, err = run(capsys, "--root", str(proj), "update", str(proj / CENTRE), "--since", "Reviderad 2024")
    assert code == 0, err
    assert f"jämfört med version Reviderad 2024 (commit {first[:10]}" in out
    assert "version Reviderad 2024 → Vägledning för familjecentraler och familjecentralsliknande verksamheter, " \
           "version Reviderad 2026 av 2026-11-30" in out


def test_update_without_changes_and_based_on(repo, capsys, tmp_path):
    proj, first = repo
    centre = proj / "guidance/skane/centres/exempelhamn.yaml"
    code, out, _ = run(capsys, "--root", str(proj), "update", str(centre))   # default: HEAD
    assert code == 0 and out.strip().endswith("inga ändringar")
    # based_on: in the file is the recorded version when --since is not given.
    own = tmp_path / "guidance/skane/centres/exempelby.yaml"
    own.parent.mkdir(parents=True)
    own.write_bytes((proj / CENTRE).read_bytes().replace(b"\nname:", f"\nbased_on: {first}\nname:".encode(), 1))
    code, out, err = run(capsys, "--root", str(proj), "update", str(own))
    assert code == 0, err
    assert f"jämfört med commit {first[:10]}" in out and "värde: 15 → 20" in out
    own.write_bytes(own.read_bytes().replace(f"based_on: {first}".encode(), b"based_on: Reviderad 1999"))
    code, out, err = run(capsys, "--root", str(proj), "update", str(own))
    assert code == 2 and re.search(r"exempelby\.yaml:\d+: based_on: \"Reviderad 1999\" är varken en commit", err), err
    assert "Reviderad 2024, Reviderad 2026" in err or "Reviderad 2026, Reviderad 2024" in err   # the versions it knows


def test_update_bad_since_is_swedish_exit_2(repo, capsys):
    proj, _ = repo
    code, out, err = run(capsys, "--root", str(proj), "update", str(proj / CENTRE), "--since", "finns-inte-1")
    assert code == 2 and out == ""
    assert "är varken en commit i projektets git-historik eller en version av regionens vägledning" in err
    assert "Traceback" not in err


def test_update_old_content_that_no_longer_validates_is_exit_2(tmp_path, capsys):
    proj = copy_project(tmp_path / "proj", regions=["skane"])
    git(proj, "init", "-q", "-b", "main")
    git(proj, "add", "-A")
    git(proj, "commit", "-qm", "first")
    old = git(proj, "rev-parse", "HEAD").strip()
    git(proj, "checkout", "-q", "-b", "broken", old)
    (proj / "content/sources.yaml").write_text("sources: [\n", encoding="utf-8")
    git(proj, "commit", "-qam", "broken")
    broken = git(proj, "rev-parse", "HEAD").strip()
    git(proj, "checkout", "-q", "main")
    code, _, err = run(capsys, "--root", str(proj), "update", str(proj / CENTRE), "--since", broken)
    assert code == 2
    assert "kan inte läsas av den här versionen av fcguide" in err and "sources.yaml" in err


def test_update_write_refuses_to_overwrite(repo, capsys, tmp_path):
    proj, first = repo
    out_dir = tmp_path / "utkast"
    # The Skåne centre breaks the new 20 h rule: nothing is written until it is fixed or justified.
    code, _, err = run(capsys, "--root", str(proj), "update", str(proj / CENTRE), "--since", first,
                       "--write", "--out", str(out_dir))
    assert code == 2 and "skrevs inte" in err and not out_dir.exists()
    centre = proj / "guidance/jonkoping/centres/exempelas.yaml"
    # The old draft, as `fcguide draft` wrote it: the new one goes beside it, never over it.
    code, _, err = run(capsys, "--root", str(proj), "draft", str(centre), "--out", str(out_dir), "--format", "md")
    assert code == 0, err
    old = (out_dir / "exempelas.md").read_bytes()
    code, out, err = run(capsys, "--root", str(proj), "update", str(centre), "--since", first, "--write", "--out", str(out_dir))
    assert code == 0, err
    [written] = [p for p in out_dir.glob("exempelas-*.md")]
    assert written.with_suffix(".docx").is_file() and written.name in out
    assert (out_dir / "exempelas.md").read_bytes() == old
    written.write_text("redigerad\n", encoding="utf-8")
    code, _, err = run(capsys, "--root", str(proj), "update", str(centre), "--since", first, "--write", "--out", str(out_dir))
    assert code == 2 and "--force" in err
    assert written.read_text(encoding="utf-8") == "redigerad\n"
    code, _, err = run(capsys, "--root", str(proj), "update", str(centre), "--since", first, "--write",
                       "--out", str(out_dir), "--force")
    assert code == 0 and "kontrollsumma" in written.read_text(encoding="utf-8")


def test_upstream_diff_marks_reworded_base_item(repo, capsys):
    proj, first = repo
    code, out, err = run(capsys, "--root", str(proj), "upstream-diff", "--from", first, "--region", "jonkoping")
    assert code == 0, err
    line = next(line for line in out.splitlines() if "mal-bidrar-stress" in line)
    assert "ändrad: text" in line and "regionen skriver om det" in line
    assert re.search(r"guidance/jonkoping/region\.yaml:\d+: overlay\.reword", line)
    assert "<<<<<<<" not in out and ">>>>>>>" not in out
    clause = next(line for line in out.splitlines() if "avtal-sekretess-samtycke" in line)
    assert "ändrad: text" in clause and "←" not in clause     # changed, but Jönköping does not override it
    code, _, err = run(capsys, "--root", str(proj), "upstream-diff", "--from", "inte-en-commit")
    assert code == 2 and "ingen commit" in err


def test_draft_records_versions_in_text_and_word_properties():
    result = make_draft(ROOT, ROOT / "guidance/jonkoping/centres/exempelas.yaml")
    expected = hashlib.sha256((ROOT / "guidance/jonkoping/centres/exempelas.yaml").read_bytes()).hexdigest()[:12]
    assert result.draft.centre_hash == expected
    assert (f"och är genererat från innehållsversion {result.draft.revision} och familjecentralens fil med "
            f"kontrollsumma {expected}.") in result.markdown
    assert "version Bildspel 2022-10-20) och" in result.markdown     # the date is already in the version's name
    custom = zipfile.ZipFile(io.BytesIO(result.docx)).read("docProps/custom.xml").decode("utf-8")
    for name, value in (("Vägledningsversion", "Bildspel 2022-10-20"), ("Vägledningsdatum", "2022-10-20"),
                        ("Innehållsversion", result.draft.revision),
                        ("Kontrollsumma för familjecentralens fil", expected)):
        assert re.search(f'name="{name}"><vt:lpwstr>{re.escape(value)}</vt:lpwstr>', custom), name


def test_bad_change_kind_is_a_located_swedish_error(tmp_path, capsys):
    proj = copy_project(tmp_path / "proj", regions=["skane"])
    goals = proj / "content/goals.yaml"
    text = goals.read_text(encoding="utf-8")
    goals.write_text(text.replace("kind: major", "kind: stor", 1), encoding="utf-8")
    line = next(i for i, t in enumerate(goals.read_text(encoding="utf-8").splitlines(), 1) if "kind: stor" in t)
    code, _, err = run(capsys, "--root", str(proj), "check")
    assert code == 2
    assert re.search(rf"content/goals\.yaml:{line}: changes\[0\]\.kind: \"stor\" är inte ett tillåtet värde", err), err


@pytest.mark.parametrize("centre", sorted(str(p.relative_to(ROOT)) for p in ROOT.glob("guidance/*/centres/*.yaml")))
def test_update_runs_on_every_bundled_centre(centre, capsys, tmp_path):
    # Against the last commit of the project itself: "inga ändringar" or the list of changes.
    if subprocess.run(["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True).returncode != 0:
        pytest.skip("the project is not a git checkout")
    code, out, err = run(capsys, "--root", str(ROOT), "update", str(ROOT / centre))
    assert code == 0, err
    assert out.strip().endswith("inga ändringar") or ":" in out.splitlines()[1]


def test_change_log_page_and_sections(tmp_path, capsys):
    proj = copy_project(tmp_path / "proj", regions=["skane"])
    goals = proj / "content/goals.yaml"
    goals.write_text(goals.read_text(encoding="utf-8").replace(
        "changes:\n", 'changes:\n  - {date: 2025-03-01, kind: minor, note: "Äldre ändring i målen."}\n', 1), encoding="utf-8")
    out_dir = tmp_path / "docs"
    code, _, err = run(capsys, "--root", str(proj), "docs", "--out", str(out_dir), "--no-docx", "--region", "skane")
    assert code == 0, err
    log = (out_dir / "docs/skane/andringar.md").read_text(encoding="utf-8")
    dates = [m.group(1) for m in re.finditer(r"(?m)^## (\d+ \w+ \d{4})$", log)]
    assert dates == ["2 december 2026", "1 mars 2025"], dates      # newest first, the content's own dates
    assert "Äldre ändring i målen." in log.split("## 1 mars 2025")[1]
    assert "socialtjänstlagen (2025:400)" in log and "Finansiering av samordnaren" in log
    assert "- Ändringar: skane/andringar.md" in (out_dir / "mkdocs.yml").read_text(encoding="utf-8")
    page = (out_dir / "docs/skane/sekretess-och-samtycke.md").read_text(encoding="utf-8")
    assert "## Ändringar { #andringar }" in page and "[Alla ändringar i regionens vägledning](andringar.md)" in page


def test_built_site_links_the_change_log_and_word_guidance_has_it(built_site):
    page = (built_site / "skane" / "andringar" / "index.html").read_text(encoding="utf-8")
    assert "socialtjänstlagen (2025:400)" in page
    # Reachable from the navigation on every page of the region and from its table of contents.
    for html_page in ("skane/index.html", "skane/sekretess-och-samtycke/index.html"):
        assert re.search(r'href="(\.\./)*(skane/)?andringar/"', (built_site / html_page).read_text(encoding="utf-8")), html_page
    import docx

    path = built_site / "skane" / "skane-vagledning.docx"
    document = docx.Document(str(path))
    chapters = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert chapters[-2:] == ["Ändringar", "Referenser"]
    custom = zipfile.ZipFile(path).read("docProps/custom.xml").decode("utf-8")
    assert 'name="Vägledningsversion"><vt:lpwstr>Reviderad 2024<' in custom and 'name="Innehållsversion"' in custom
