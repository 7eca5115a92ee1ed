"""Versions: which guidance, content and centre file a draft was made from, and how to get
an earlier version of the content out of git.

A draft records three things (drafts.Draft, the draft's text and its Word properties):
- the region's guidance version (region.yaml `guidance.version`, `guidance.date`);
- the content revision (pipeline.content_revision: a hash of content/, templates/ and the region);
- the centre file's checksum: the first 12 hex characters of SHA-256 over the file's bytes. The
  browser form computes the same over the YAML text it offers for download, so the two agree.

An earlier version is a git commit, or a guidance version mapped to the last commit in which
region.yaml had that version (`git log` on the region file). `checkout` writes the content of a
commit into a folder with `git archive`, so the current code can build the old draft.
"""
from __future__ import annotations

import hashlib
import io
import re
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

HASH_LENGTH = 12
# What a draft is built from: the base, the templates, the site config and the region folder.
CONTENT_PATHS = ("content", "templates", "mkdocs.yml")


def centre_hash(data: bytes) -> str:
    """The centre file's checksum as drafts show it."""
    return hashlib.sha256(data).hexdigest()[:HASH_LENGTH]


def file_hash(path: Path) -> str:
    return centre_hash(Path(path).read_bytes())


def properties(guidance, revision: str, centre: str | None = None) -> dict[str, str]:
    """The version properties of a Word file (docProps/custom.xml): the guidance, its version and
    date, the content revision and, for a draft, the centre file's checksum."""
    out = {"Vägledning": guidance.title, "Vägledningsversion": guidance.version}
    if guidance.date is not None:
        out["Vägledningsdatum"] = guidance.date.isoformat()
    out["Innehållsversion"] = revision
    if centre is not None:
        out["Kontrollsumma för familjecentralens fil"] = centre
    return out


class VersionError(Exception):
    """A version that cannot be found or used; the message is Swedish, for the user."""


def _git(root: Path, *args: str, binary: bool = False):
    try:
        out = subprocess.run(["git", "-C", str(root), *args], capture_output=True, timeout=60)
    except (OSError, subprocess.SubprocessError) as e:
        raise VersionError(f"git kunde inte köras ({e.__class__.__name__}); fcguide behöver git för att hitta "
                           "tidigare versioner") from e
    if out.returncode != 0:
        return None
    return out.stdout if binary else out.stdout.decode("utf-8", "replace")


def is_repository(root: Path) -> bool:
    return (_git(root, "rev-parse", "--is-inside-work-tree") or "").strip() == "true"


def commit_of(root: Path, revision: str) -> str | None:
    """The full commit id of a git revision (hash, tag, branch, HEAD~2), or None."""
    if not revision or revision.startswith("-"):
        return None
    out = _git(root, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
    return out.strip() if out else None


def _guidance_version(text: str) -> str | None:
    import yaml

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return None
    guidance = data.get("guidance") if isinstance(data, dict) else None
    version = guidance.get("version") if isinstance(guidance, dict) else None
    return " ".join(str(version).split()) if version is not None else None


def versions_of_region(root: Path, region_id: str) -> list[tuple[str, str, str]]:
    """(commit, date, guidance version) for each commit that changed the region's file, newest first."""
    path = f"guidance/{region_id}/region.yaml"
    log = _git(root, "log", "--format=%H %cs", "--", path) or ""
    out = []
    for line in log.splitlines():
        commit, date = line.split(" ", 1)
        text = _git(root, "show", f"{commit}:{path}")
        version = _guidance_version(text) if text is not None else None
        if version is not None:
            out.append((commit, date, version))
    return out


@dataclass(frozen=True)
class Since:
    """An earlier version: the commit and how the user named it."""
    commit: str
    label: str          # "commit 3f2a9c1d" or "version Reviderad 2024 (commit 3f2a9c1d, 2026-11-25)"


def find_since(root: Path, region_id: str, wanted: str) -> Since:
    """A git revision or the region's guidance version -> the commit to compare with."""
    wanted = " ".join(str(wanted).split())
    if not is_repository(root):
        raise VersionError(f"{root} är inget git-arkiv, så tidigare versioner kan inte hämtas; "
                           "fcguide update behöver projektets git-historik")
    commit = commit_of(root, wanted)
    if commit is not None:
        return Since(commit, f"commit {commit[:10]}")
    known = versions_of_region(root, region_id)
    for c, date, version in known:  # newest first: the last state of that version
        if version == wanted:
            return Since(c, f"version {version} (commit {c[:10]}, {date})")
    names = list(dict.fromkeys(v for _, _, v in known))
    raise VersionError(f"\"{wanted}\" är varken en commit i projektets git-historik eller en version av "
                       f"regionens vägledning (versioner i historiken: {', '.join(names) or 'inga'}); "
                       "ange t.ex. en commit (git log) eller en version som i region.yaml")


def checkout(root: Path, commit: str, region_id: str | None, dest: Path) -> Path:
    """The content, templates, mkdocs.yml and region folder(s) of `commit`, written into `dest`."""
    paths = list(CONTENT_PATHS) + ([f"guidance/{region_id}"] if region_id else ["guidance"])
    present = [p for p in paths if _git(root, "cat-file", "-e", f"{commit}:{p}") is not None]
    if f"guidance/{region_id}" not in present and region_id:
        raise VersionError(f"regionen \"{region_id}\" fanns inte i commit {commit[:10]}")
    data = _git(root, "archive", "--format=tar", commit, *present, binary=True)
    if data is None:
        raise VersionError(f"innehållet i commit {commit[:10]} kunde inte hämtas ur git")
    dest.mkdir(parents=True, exist_ok=True)
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        tar.extractall(dest, filter="data")
    _migrate(dest)
    return dest


# Change notes before kind: were `{date: ÅÅÅÅ-MM-DD, text: "…"}`; they say nothing a draft uses,
# so an old checkout reads them as minor notes instead of failing on them.
_LEGACY_NOTE = re.compile(r"\{date: (\d{4}-\d{2}-\d{2}), text: ")


def _migrate(tree: Path) -> None:
    for path in sorted(tree.rglob("*.yaml")):
        text = path.read_text(encoding="utf-8", errors="surrogateescape")
        new = _LEGACY_NOTE.sub(r"{date: \1, kind: minor, note: ", text)
        if new != text:
            path.write_text(new, encoding="utf-8", errors="surrogateescape")


def show(root: Path, commit: str, path: str) -> str | None:
    """One file's text at a commit, or None when it did not exist."""
    return _git(root, "show", f"{commit}:{path}")


def changed_files(root: Path, commit: str, folder: str) -> list[str]:
    """Files under `folder` that differ between `commit` and the working tree (committed or not)."""
    out = _git(root, "diff", "--name-only", commit, "--", folder) or ""
    untracked = _git(root, "ls-files", "--others", "--exclude-standard", "--", folder) or ""
    return sorted(set(out.split()) | set(untracked.split()))
