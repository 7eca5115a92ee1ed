"""fcguide: the command line. Parses arguments, calls the pipeline, prints, exits."""
from __future__ import annotations

import argparse
import os
import sys
import traceback
from pathlib import Path

from .diagnostics import StageFailed

EXIT_OK, EXIT_FAIL, EXIT_INPUT = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # Swedish usage errors, exit 2
        self.print_usage(sys.stderr)
        sys.stderr.write(f"fcguide: fel: {_sv_argparse(message)}\n")
        sys.exit(EXIT_INPUT)


def _sv_argparse(msg: str) -> str:
    return (msg.replace("the following arguments are required", "följande argument krävs")
               .replace("unrecognized arguments", "okända argument")
               .replace("invalid choice", "ogiltigt val")
               .replace("choose from", "välj bland")
               .replace("expected one argument", "förväntade ett argument"))


def _err(text: str) -> None:
    sys.stderr.write(text + "\n")


def _progress(text: str) -> None:
    _err(f"· {text}")


def cmd_check(args) -> int:
    from .pipeline import verify

    verified = verify(args.root, args.region, _progress if args.verbose else _noop)
    for w in verified.warnings:
        _err(str(w))
    p = verified.checked.project
    base = p.base
    centres = sum(len(r.centres) for r in p.regions.values())
    rules = sum(len(r.region.rules) for r in p.regions.values())
    print("Allt innehåll är giltigt.")
    print(f"  sidor: {len(base.pages)}  id:n: {len(base.item_ids)}  källor: {len(base.sources)}  "
          f"ordlista: {len(base.terms)}  avtalsklausuler: {len(base.clauses)}")
    print(f"  regioner: {len(p.regions)} ({', '.join(p.regions) or '–'})  regler: {rules}  familjecentraler: {centres}")
    if verified.review_status is not None:  # files and rules with reviewed: (review.py), against the build date
        print(f"  {verified.review_status.summary()} (per {verified.date.isoformat()})")
    # What each centre file leaves undecided: its draft writes suggestions there, marked "förslag".
    open_parts = [(key, d.undecided) for key, d in sorted(verified.drafts.items()) if d.undecided]
    if open_parts:
        print("Avtalsdelar som familjecentralens fil inte anger (utkastet föreslår text, märkt förslag):")
        for (rid, cid), parts in open_parts:
            print(f"  {rid}/{cid}: {', '.join(parts)}")
    return EXIT_OK


def cmd_schema(args) -> int:
    from .export_schema import write_schemas
    from .pipeline import check_project

    folder = args.root / "schema"
    try:  # a region's own centre fields give it its own centre schema; broken content gives the shared ones only
        regions = [r.region for r in check_project(args.root).project.regions.values()]
    except StageFailed:
        regions = []
    written = write_schemas(folder, regions)
    from .formatting import count_sv

    print(f"JSON Schema: {count_sv(len(written), 'fil', 'filer')} uppdaterade i {folder}/" if written
          else f"JSON Schema i {folder}/ är redan aktuella.")
    return EXIT_OK


def _print_warnings(warnings) -> None:
    for w in warnings:
        _err(str(w))


def cmd_build(args) -> int:
    import time

    from .pipeline import build_site

    started = time.perf_counter()
    out = (args.root / "site") if args.out is None else args.out
    out = out if out.is_absolute() else (Path.cwd() / out)
    gen = build_site(args.root, out, args.region, _progress, search=not args.no_search)
    _print_warnings(gen.warnings)
    secs = time.perf_counter() - started
    pages = sum(1 for _ in out.resolve().rglob("index.html"))
    print(f"Webbplatsen är byggd i {out} ({pages} sidor, {secs:.1f} s).")
    return EXIT_OK


def _write_drafts(out: Path, wanted: dict[Path, bytes], force: bool) -> bool:
    """Write draft files, or say why not (a changed file without --force, a folder in the way)."""
    from .outputs import draft_refusals, write_drafts

    problems = draft_refusals(wanted, force)
    for text in problems:
        _err(text)
    if problems:
        return False
    for path in write_drafts(out, wanted):
        print(f"Skrev {path}")
    return True


def cmd_draft(args) -> int:
    from .outputs import check_draft_folder
    from .pipeline import make_draft

    out = check_draft_folder(args.out, args.root)  # before any work: a wrong --out fails fast
    result = make_draft(args.root, args.centre, _progress)
    _print_warnings(result.warnings)
    stem = result.draft.centre.id
    wanted: dict[Path, bytes] = {}
    if args.format in ("md", "all"):
        wanted[out / f"{stem}.md"] = result.markdown.encode("utf-8")
    if args.format in ("docx", "all"):
        wanted[out / f"{stem}.docx"] = result.docx
    if not _write_drafts(out, wanted, args.force):
        return EXIT_INPUT
    d = result.draft
    print(f"Verksamhetsform: {d.assessment.form or 'varken familjecentral eller familjecentralsliknande verksamhet'}")
    if d.deviations:
        print(f"Motiverade avvikelser från krav: {len(d.deviations)} (listas i utkastet)")
    if d.notes:
        print(f"Avvikelser från rekommendationer: {len(d.notes)} (noteras i utkastet)")
    return EXIT_OK


def cmd_update(args) -> int:
    from .outputs import check_draft_folder
    from .update import run, unjustified
    from .versions import VersionError

    out = check_draft_folder(args.out, args.root) if args.write else None
    try:
        outcome = run(args.root, args.centre, args.since, docx=args.write)
    except VersionError as e:
        _err(f"fcguide: fel: {e}")
        return EXIT_INPUT
    _print_warnings(outcome.new.warnings)
    for line in outcome.report.lines():
        print(line)
    if not args.write:
        return EXIT_OK
    draft = outcome.new.draft
    if draft.unjustified:
        _err(f"fcguide: det nya utkastet skrevs inte: familjecentralens fil bryter mot {unjustified(draft)}. "
             "Rätta värdet eller motivera avvikelsen under deviations:, och kör sedan igen.")
        return EXIT_INPUT
    # Beside the old draft (<id>.md from `fcguide draft`), never over it: the new one is named
    # by the content revision it was made from, so each version's draft keeps its own file.
    stem = f"{draft.centre.id}-{draft.revision}"
    wanted = {out / f"{stem}.md": outcome.new.markdown.encode("utf-8"), out / f"{stem}.docx": outcome.new.docx}
    return EXIT_OK if _write_drafts(out, wanted, args.force) else EXIT_INPUT


def cmd_upstream_diff(args) -> int:
    from .upstream import upstream_diff
    from .versions import VersionError

    try:
        lines = upstream_diff(args.root, args.source, args.region)
    except VersionError as e:
        _err(f"fcguide: fel: {e}")
        return EXIT_INPUT
    for line in lines:
        print(line)
    return EXIT_OK


def cmd_serve(args) -> int:
    import functools
    import json
    import logging
    import os

    import mkdocs.commands.serve as mkdocs_serve

    from .devserver import StaticReloadServer
    from .export_site import write_changed
    from .pipeline import generate, render_site
    from .sanitize import HOOK as SANITIZE_HOOK
    from .serve_hook import EXTRA, FRESH, READY

    root = args.root.resolve()
    os.environ["FCGUIDE_ROOT"] = str(root)
    os.environ["FCGUIDE_REGIONS"] = ",".join(args.region or [])
    docs = root / ".fcguide-cache" / "serve" / "docs"  # fcguide's own folder, never a user's build/
    gen = generate(root, args.region, _progress)
    _print_warnings(gen.warnings)
    files = render_site(gen, root, _progress, docx=True)
    write_changed(docs, files)
    watched = [root / "content", root / "guidance", root / "templates"]
    shown = ", ".join(f"{p.name}/" for p in watched) + " och mkdocs.yml"
    # The hook's lines (pages updated, content errors, ready) go to the terminal as plain text.
    hook_log = logging.getLogger("mkdocs.fcguide")
    if not hook_log.handlers:
        handler = logging.StreamHandler(sys.stdout)
        handler.setFormatter(logging.Formatter("%(message)s"))
        hook_log.addHandler(handler)
        hook_log.setLevel(logging.INFO)
        hook_log.propagate = False
    os.environ[FRESH] = "1"
    os.environ[EXTRA] = json.dumps(files.extra)
    os.environ[READY] = (f"Webbplatsen visas på http://{args.addr}/ (med sökning, figurer och Word-filer).\n"
                         f"Bevakar {shown} i {root}: en sparad ändring byggs om och sidan laddas om. "
                         "Avsluta med Ctrl+C.")
    _progress("Bygger webbplatsen med MkDocs och sökindexet med Pagefind …")
    hook = Path(__file__).with_name("serve_hook.py")
    # MkDocs polls for changes every 0.5 s; poll every 0.1 s so an edit shows within a second.
    mkdocs_serve.LiveReloadServer = functools.partial(StaticReloadServer, polling_interval=0.1)
    # "Dirty" builds: MkDocs rebuilds only the pages whose Markdown changed (serve_hook writes only
    # those, and all of them when the navigation changes), so an edit shows in seconds. Its
    # warning that navigation may be stale does not apply and is not shown.
    logging.getLogger("mkdocs.commands.build").addFilter(
        lambda record: not record.getMessage().startswith("A 'dirty' build"))
    mkdocs_serve.serve(str(root / "mkdocs.yml"), open_in_browser=False, livereload=True, build_type="dirty",
                       dev_addr=args.addr, docs_dir=str(docs), nav=files.nav, hooks=[str(hook), SANITIZE_HOOK],
                       strict=False, watch=[str(p) for p in watched])
    return EXIT_OK


def _load_region(root: Path, region_id: str):
    """The validated model of one region (errors raise StageFailed)."""
    from .pipeline import check_project

    checked = check_project(root, [region_id])
    return checked.project.regions[region_id].region


def cmd_new_centre(args) -> int:
    import datetime as dt

    from .scaffold import centre_file

    from .versions import VersionError, commit_of

    region = _load_region(args.root, args.region)
    try:  # the commit the new agreement starts from, for `fcguide update`; without git the guidance version
        commit = commit_of(args.root, "HEAD")
    except VersionError:
        commit = None
    ident, text = centre_file(region, args.name, dt.date.today(), commit[:12] if commit else None)
    if not ident:
        _err("fcguide: fel: namnet måste innehålla minst en bokstav eller siffra")
        return EXIT_INPUT
    folder = args.root / "guidance" / args.region / "centres"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{ident}.yaml"
    if path.exists() and not args.force:
        _err(f"{path}: filen finns redan; inget skrevs. Välj ett annat namn eller använd --force.")
        return EXIT_FAIL
    path.write_text(text, encoding="utf-8")
    print(f"Skrev {path}")
    print(f"Fyll i filen och skapa sedan utkastet: fcguide draft {path}")
    return EXIT_OK


def cmd_new_region(args) -> int:
    from .scaffold import SLUG_RE, region_file, site_file

    new_id = args.id
    guidance = args.root / "guidance"
    if not SLUG_RE.match(new_id):
        _err(f"fcguide: fel: \"{new_id}\" är inget giltigt id; använd små bokstäver a–z, siffror och bindestreck, t.ex. vastra-gotaland")
        return EXIT_INPUT
    if (guidance / new_id).exists():
        _err(f"fcguide: fel: regionen \"{new_id}\" finns redan i {guidance / new_id}; välj ett annat id")
        return EXIT_INPUT
    source = _load_region(args.root, args.source)
    # A review belongs to the region that made it: the new region's rules start unreviewed.
    rules = [r.model_dump(mode="json", exclude_none=True, exclude_defaults=True, exclude={"reviewed", "changes"})
             for r in source.rules]
    fields = [f.model_dump(mode="json", exclude_none=True, exclude_defaults=True) for f in source.centre_fields]
    folder = guidance / new_id
    (folder / "centres").mkdir(parents=True)
    (folder / "region.yaml").write_text(region_file(source, rules, new_id, args.name, fields), encoding="utf-8")
    (folder / "webbplats.yaml").write_text(site_file(args.name), encoding="utf-8")
    from .validate import is_marker

    markers = []
    try:
        _load_region(args.root, new_id)
    except StageFailed as failed:
        # The scaffold's GRANSKA values are meant to fail until filled in; anything else is a bug.
        if not all(is_marker(d) for d in failed.diagnostics):
            import shutil
            shutil.rmtree(folder)
            raise
        markers = failed.diagnostics
    print(f"Skrev {folder / 'region.yaml'} (från {source.name}) och {folder / 'webbplats.yaml'}.")
    print(f"{len(markers)} värden är märkta GRANSKA: fyll i dem, så bygger fcguide regionen "
          "(inget omärkt publiceras innan dess):")
    for d in markers:
        print(f"  {d.file}:{d.line}: {d.field}")
    print(f"Kontrollera: fcguide check --region {new_id}   Bygg: fcguide build --region {new_id}")
    return EXIT_OK


def cmd_docs(args) -> int:
    from .pipeline import write_docs

    out = args.out if args.out.is_absolute() else Path.cwd() / args.out
    gen, pages, config = write_docs(args.root, out, args.region, _progress, docx=not args.no_docx)
    _print_warnings(gen.warnings)
    print(f"Skrev {pages} Markdown-sidor och {config} (bygg t.ex. med: mkdocs build -f {config})")
    return EXIT_OK


def _noop(_: str) -> None:
    pass


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="fcguide", description="Familjecentralsguiden: bygg, kontrollera och skapa vägledningar och avtalsutkast.")
    parser.add_argument("--root", type=Path, default=Path("."), help="projektets rotmapp (standard: aktuell mapp)")
    parser.add_argument("--debug", action="store_true", help="visa Python-spårning vid interna fel")
    # --root and --debug work before or after the command name.
    common = _Parser(add_help=False)
    common.add_argument("--root", type=Path, default=argparse.SUPPRESS, help="projektets rotmapp (standard: aktuell mapp)")
    common.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help="visa Python-spårning vid interna fel")
    sub = parser.add_subparsers(dest="command", metavar="KOMMANDO", parser_class=_Parser)
    sub.required = True

    p = sub.add_parser("check", parents=[common], help="läs in och validera allt innehåll, alla regioner och familjecentraler")
    p.add_argument("--region", action="append", help="kontrollera bara denna region (kan upprepas)")
    p.add_argument("-v", "--verbose", action="store_true", help="visa förlopp")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("build", parents=[common], help="bygg webbplatsen (MkDocs + Material, strikt läge) med sökindex och Word-filer")
    p.add_argument("--out", type=Path, default=None, help="utdatamapp (standard: site/ i projektets rotmapp)")
    p.add_argument("--region", action="append", help="bygg bara denna region (kan upprepas); utan flaggan byggs alla")
    p.add_argument("--no-search", action="store_true", help="hoppa över sökindexet (snabbare, för test)")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("draft", parents=[common], help="skapa ett utkast till lokalt samverkansavtal från en familjecentrals YAML-fil")
    p.add_argument("centre", type=Path, help="familjecentralens fil, t.ex. guidance/skane/centres/exempelby.yaml")
    p.add_argument("--out", type=Path, default=Path("drafts"), help="utdatamapp (standard: drafts/)")
    p.add_argument("--format", choices=["md", "docx", "all"], default="all", help="md, docx eller all (standard)")
    p.add_argument("--force", action="store_true", help="skriv över befintliga filer som skiljer sig")
    p.set_defaults(func=cmd_draft)

    p = sub.add_parser("update", parents=[common], help="visa vad en ny version av vägledningen ändrar i en familjecentrals avtalsutkast")
    p.add_argument("centre", type=Path, help="familjecentralens fil, t.ex. guidance/skane/centres/exempelby.yaml")
    p.add_argument("--since", help="versionen att jämföra med: en commit eller vägledningens version (standard: "
                                   "filens based_on:, annars senaste commit)")
    p.add_argument("--write", action="store_true", help="skriv det nya utkastet (md och docx) i --out")
    p.add_argument("--out", type=Path, default=Path("drafts"), help="utdatamapp för --write (standard: drafts/)")
    p.add_argument("--force", action="store_true", help="skriv över befintliga utkast som skiljer sig")
    p.set_defaults(func=cmd_update)

    p = sub.add_parser("upstream-diff", parents=[common], help="lista grundinnehåll som ändrats sedan en commit och som regionen skriver om eller utesluter")
    p.add_argument("--from", dest="source", required=True, help="commit som regionen senast stämdes av mot")
    p.add_argument("--region", action="append", help="bara denna region (kan upprepas); utan flaggan alla")
    p.set_defaults(func=cmd_upstream_diff)

    p = sub.add_parser("serve", parents=[common], help="bygg och visa webbplatsen lokalt; uppdateras när en fil ändras")
    p.add_argument("--addr", default="127.0.0.1:8000", help="adress och port (standard: 127.0.0.1:8000)")
    p.add_argument("--region", action="append", help="visa bara denna region (kan upprepas)")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("new-centre", parents=[common], help="skriv en kommenterad fil för en ny familjecentral")
    p.add_argument("name", help="familjecentralens namn, t.ex. \"Familjecentralen Solgläntan\"")
    p.add_argument("--region", required=True, help="regionens id, t.ex. skane")
    p.add_argument("--force", action="store_true", help="skriv över en befintlig fil")
    p.set_defaults(func=cmd_new_centre)

    p = sub.add_parser("new-region", parents=[common], help="skapa en ny region utifrån en befintlig")
    p.add_argument("id", help="den nya regionens id, t.ex. vastra-gotaland")
    p.add_argument("--from", dest="source", required=True, help="regionen att utgå från, t.ex. skane")
    p.add_argument("--name", required=True, help="regionens namn, t.ex. \"Västra Götaland\"")
    p.set_defaults(func=cmd_new_region)

    p = sub.add_parser("docs", parents=[common], help="skriv bara de genererade Markdown-sidorna och en komplett mkdocs.yml (för MkDocs eller Zensical)")
    p.add_argument("--out", type=Path, default=Path("build"), help="utdatamapp (standard: build/)")
    p.add_argument("--region", action="append", help="bara denna region (kan upprepas)")
    p.add_argument("--no-docx", action="store_true", help="hoppa över Word-filerna")
    p.set_defaults(func=cmd_docs)

    p = sub.add_parser("schema", parents=[common], help="skriv JSON Schema för varje YAML-sort till schema/")
    p.set_defaults(func=cmd_schema)
    return parser


class _Terminated(BaseException):
    """SIGTERM (what CI cancel and `kill` send): unwind like Ctrl+C, so staging folders are removed."""


def _on_sigterm(signum, frame) -> None:
    raise _Terminated()


def main(argv: list[str] | None = None) -> int:
    import signal

    from .outputs import describe_os_error

    parser = build_parser()
    args = parser.parse_args(argv)
    previous = signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        return args.func(args)
    except StageFailed as failed:
        for d in failed.diagnostics:
            _err(str(d))
        n = len(failed.diagnostics)
        _err(f"fcguide: {n} fel hittades; inget skrevs." if n != 1 else "fcguide: 1 fel hittades; inget skrevs.")
        return EXIT_INPUT
    except BrokenPipeError:  # e.g. `fcguide check | head -1`
        try:
            sys.stdout = open(os.devnull, "w")
        except OSError:
            pass
        return EXIT_OK
    except KeyboardInterrupt:
        _err("fcguide: avbrutet.")
        return 130
    except _Terminated:
        _err("fcguide: avbrutet (SIGTERM); inget ändrades i utdatamappen.")
        return 143
    except OSError as e:  # the file system said no: a full disk, no write permission, a file in the way
        if args.debug:
            traceback.print_exc()
        _err(f"fcguide: fel: {describe_os_error(e)}; kommandot avbröts och det som redan fanns i utdatamappen är oförändrat.")
        return EXIT_INPUT
    except Exception:  # a bug, not an input problem
        if args.debug:
            traceback.print_exc()
        else:
            _err("fcguide: internt fel (en bugg i verktyget, inte i ditt innehåll). Kör igen med --debug för detaljer och rapportera det.")
        return EXIT_FAIL
    finally:
        signal.signal(signal.SIGTERM, previous)


if __name__ == "__main__":
    sys.exit(main())
