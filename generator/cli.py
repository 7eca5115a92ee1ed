"""fcguide: the command line. Parses arguments, calls the pipeline, prints, exits."""
from __future__ import annotations

import argparse
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
    from .pipeline import check_project

    checked = check_project(args.root, args.region, _progress if args.verbose else _noop)
    for w in checked.warnings:
        _err(str(w))
    p = checked.project
    base = p.base
    centres = sum(len(r.centres) for r in p.regions.values())
    rules = sum(len(r.region.rules) for r in p.regions.values())
    print("Allt innehåll är giltigt.")
    print(f"  sidor: {len(base.pages)}  id:n: {len(base.item_ids)}  källor: {len(base.sources)}  "
          f"ordlista: {len(base.terms)}  avtalsklausuler: {len(base.clauses)}")
    print(f"  regioner: {len(p.regions)} ({', '.join(p.regions) or '–'})  regler: {rules}  familjecentraler: {centres}")
    return EXIT_OK


def cmd_schema(args) -> int:
    from .export_schema import write_schemas

    folder = args.root / "schema"
    written = write_schemas(folder)
    print(f"JSON Schema: {len(written)} filer uppdaterade i {folder}/" if written else f"JSON Schema i {folder}/ är redan aktuella.")
    return EXIT_OK


def _noop(_: str) -> None:
    pass


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="fcguide", description="Familjecentralsguiden: bygg, kontrollera och skapa vägledningar och avtalsutkast.")
    parser.add_argument("--root", type=Path, default=Path("."), help="projektets rotmapp (standard: aktuell mapp)")
    parser.add_argument("--debug", action="store_true", help="visa Python-spårning vid interna fel")
    sub = parser.add_subparsers(dest="command", metavar="KOMMANDO", parser_class=_Parser)
    sub.required = True

    p = sub.add_parser("check", help="läs in och validera allt innehåll, alla regioner och familjecentraler")
    p.add_argument("--region", action="append", help="kontrollera bara denna region (kan upprepas)")
    p.add_argument("-v", "--verbose", action="store_true", help="visa förlopp")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("schema", help="skriv JSON Schema för varje YAML-sort till schema/")
    p.set_defaults(func=cmd_schema)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except StageFailed as failed:
        for d in failed.diagnostics:
            _err(str(d))
        n = len(failed.diagnostics)
        _err(f"fcguide: {n} fel hittades; inget skrevs." if n != 1 else "fcguide: 1 fel hittades; inget skrevs.")
        return EXIT_INPUT
    except KeyboardInterrupt:
        _err("fcguide: avbrutet.")
        return 130
    except Exception:  # a bug, not an input problem
        if args.debug:
            traceback.print_exc()
        else:
            _err("fcguide: internt fel (en bugg i verktyget, inte i ditt innehåll). Kör igen med --debug för detaljer och rapportera det.")
        return EXIT_FAIL


if __name__ == "__main__":
    sys.exit(main())
