"""Find the files of a project: the national base, each region and its centres."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .diagnostics import Diagnostics
from .sandbox import escaping_links, inside
from .yamlio import Positions, read_yaml

BASE_SPECIAL = {"sources.yaml", "glossary.yaml", "webbplats.yaml", "search.yaml"}
SITE_FILE = "webbplats.yaml"      # publisher, contact, accessibility statement (models.SiteInfo)
REGION_SOURCES = "sources.yaml"   # a region's own bibliography entries, beside its region.yaml


@dataclass(frozen=True)
class RegionFiles:
    id: str
    folder: Path
    region_file: Path
    centre_files: tuple[Path, ...]
    templates: Path | None
    sources_file: Path | None = None   # guidance/<region>/sources.yaml: the region's own sources


@dataclass(frozen=True)
class ProjectFiles:
    root: Path
    sources_file: Path
    glossary_file: Path
    page_files: tuple[Path, ...]
    clause_files: tuple[Path, ...]
    regions: dict[str, RegionFiles] = field(default_factory=dict)
    # content/webbplats.yaml; a build of one region that has its own guidance/<region>/webbplats.yaml
    # is that region's site and uses its file instead.
    site_file: Path | None = None
    search_file: Path | None = None     # content/search.yaml: the words search adds (optional)

    @property
    def templates(self) -> Path:
        return self.root / "templates"

    def rel(self, path: Path) -> Path:
        try:
            return path.relative_to(self.root)
        except ValueError:
            return path


def _yaml_files(folder: Path, root: Path, diags: Diagnostics, reported: set[Path]) -> tuple[Path, ...]:
    """The YAML files of a folder; a file resolving outside the project is an error, never read."""
    if not folder.is_dir():
        return ()
    if not inside(folder, root):
        if folder not in reported:
            diags.error(_rel(folder, root), 0, "", "mappen är en länk som pekar utanför projektet")
            reported.add(folder)
        return ()
    files = []
    for p in sorted(folder.iterdir(), key=lambda p: p.name):
        if p.suffix not in (".yaml", ".yml") or p.name.startswith("."):
            continue
        if not inside(p, root):
            if p not in reported:
                diags.error(_rel(p, root), 0, "", "filen är en länk som pekar utanför projektet; "
                                                  "kopiera in filen i projektet i stället")
                reported.add(p)
            continue
        files.append(p)
    return tuple(files)


def _inside_or_error(path: Path, root: Path, diags: Diagnostics) -> bool:
    if inside(path, root):
        return True
    diags.error(_rel(path, root), 0, "", "filen är en länk som pekar utanför projektet; kopiera in filen i projektet i stället")
    return False


def _rel(path: Path, root: Path) -> Path:
    try:
        return path.relative_to(root)
    except ValueError:
        return path


def find_project(root: Path, only_regions: list[str] | None = None) -> tuple[ProjectFiles | None, Diagnostics]:
    """Locate every content file. `only_regions` limits which regions are read."""
    diags = Diagnostics()
    root = root.resolve()
    content = root / "content"
    if not content.is_dir():
        diags.error(content, 0, "", "mappen content/ saknas; kör kommandot i projektets rotmapp eller ange --root")
        return None, diags
    regions: dict[str, RegionFiles] = {}
    guidance = root / "guidance"
    folders = sorted(p for p in guidance.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))) if guidance.is_dir() else []
    known = [f.name for f in folders]
    # Nothing is read through a symlink that leaves the project: not YAML, templates, assets
    # or the Word template (a fork or a pull request could otherwise publish any file).
    read = [content, root / "templates"] + [f for f in folders if not only_regions or f.name in only_regions]
    reported: set[Path] = set()
    for link, message in escaping_links(root, read, shallow=[guidance]):
        diags.error(_rel(link, root), 0, "", message)
        reported.add(link)
    pages = tuple(p for p in _yaml_files(content, root, diags, reported) if p.name not in BASE_SPECIAL)
    for wanted in only_regions or []:
        if wanted not in known:
            diags.error(guidance / wanted, 0, "region", f"regionen '{wanted}' finns inte (finns: {', '.join(known) or 'inga'})")
    for folder in folders:
        if only_regions and folder.name not in only_regions:
            continue
        region_file = folder / "region.yaml"
        if region_file in reported or folder in reported or guidance in reported or not inside(region_file, root):
            if not reported.intersection((region_file, folder, guidance)):
                diags.error(_rel(region_file, root), 0, "", "filen är en länk som pekar utanför projektet")
            continue
        if not region_file.is_file():
            diags.error(region_file, 0, "", "regionmappen saknar region.yaml")
            continue
        tpl = folder / "templates"
        own_sources = folder / REGION_SOURCES
        regions[folder.name] = RegionFiles(
            id=folder.name,
            folder=folder,
            region_file=region_file,
            centre_files=_yaml_files(folder / "centres", root, diags, reported),
            templates=tpl if tpl.is_dir() else None,
            sources_file=own_sources if own_sources.is_file() and _inside_or_error(own_sources, root, diags) else None,
        )
    site_file = content / SITE_FILE
    if only_regions and len(only_regions) == 1 and (guidance / only_regions[0] / SITE_FILE).is_file():
        site_file = guidance / only_regions[0] / SITE_FILE
    files = ProjectFiles(
        root=root,
        sources_file=content / "sources.yaml",
        glossary_file=content / "glossary.yaml",
        page_files=pages,
        clause_files=_yaml_files(content / "clauses", root, diags, reported),
        regions=regions,
        site_file=site_file,
        search_file=content / "search.yaml" if (content / "search.yaml").is_file() else None,
    )
    for required in (files.sources_file, files.glossary_file, files.site_file):
        if required in reported:
            continue
        if not inside(required, root):
            diags.error(files.rel(required), 0, "", "filen är en länk som pekar utanför projektet")
        elif not required.is_file():
            diags.error(files.rel(required), 0, "", "filen saknas men behövs")
    return files, diags


@dataclass(frozen=True)
class Document:
    """One parsed YAML file: plain data plus the line of every value."""
    path: Path          # as shown to the author (relative to the project root)
    data: object
    positions: Positions


def load_documents(files: ProjectFiles) -> tuple[dict[Path, Document], Diagnostics]:
    """Read and parse every file of the project (each once)."""
    diags = Diagnostics()
    docs: dict[Path, Document] = {}
    paths = [files.sources_file, files.glossary_file, files.site_file, *files.page_files, *files.clause_files]
    if files.search_file is not None:
        paths.append(files.search_file)
    for region in files.regions.values():
        paths += [region.region_file, *region.centre_files] + ([region.sources_file] if region.sources_file else [])
    for path in paths:
        if not path.is_file():
            continue
        shown = files.rel(path)
        parsed = read_yaml(path, diags, display=shown)
        if parsed is not None:
            docs[path] = Document(shown, parsed[0], parsed[1])
    return docs, diags
