"""The bundled content validates, the schemas are current, messages are Swedish."""
from __future__ import annotations

import json

import yaml

from generator.export_schema import schema_texts
from generator.messages import PYDANTIC
from conftest import ROOT


def test_bundled_content_is_valid(fcguide):
    res = fcguide("check")
    assert res.code == 0, res.err
    assert "Allt innehåll är giltigt" in res.out
    assert "regioner: 3 (jonkoping, skane, stockholm)" in res.out


def test_json_schemas_are_up_to_date():
    for name, text in schema_texts().items():
        path = ROOT / "schema" / name
        assert path.exists(), f"{name} saknas: kör fcguide schema"
        assert path.read_text(encoding="utf-8") == text, f"{name} är inaktuell: kör fcguide schema"


def test_every_yaml_file_names_its_schema():
    files = list((ROOT / "content").rglob("*.yaml")) + list((ROOT / "guidance").rglob("*.yaml"))
    assert files
    for path in files:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        target = (path.parent / first.split("=", 1)[1]).resolve()
        assert target.is_file(), f"{path}: {target} finns inte"


def test_every_pydantic_error_type_has_a_swedish_message(project, fcguide):
    """Break one file in many ways; no message may fall back to the untranslated form."""
    centre = project / "guidance" / "skane" / "centres" / "exempelby.yaml"
    data = yaml.safe_load(centre.read_text(encoding="utf-8"))
    data.update(opening_hours_per_week="många", example="kanske", colocated="alla", unknown_key=1,
                dates={"start": "2024-13-45", "duration_years": 1.5, "review_month": 13})
    data["coordinator"]["share_percent"] = 140
    del data["name"]
    centre.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    res = fcguide("check", "--root", str(project))
    assert res.code == 2
    assert "ogiltigt värde (" not in res.err, res.err
    for fragment in ("fältet saknas", "okänt fält", "största tillåtna värde är 100", "giltigt datum",
                     "ska vara ett tal", "ska vara en lista"):
        assert fragment in res.err, (fragment, res.err)


def test_common_pydantic_types_are_translated():
    for t in ("missing", "extra_forbidden", "enum", "literal_error", "greater_than_equal", "less_than_equal",
              "string_pattern_mismatch", "date_from_datetime_parsing", "union_tag_invalid", "int_parsing"):
        assert t in PYDANTIC


def test_error_line_points_at_the_value(project, fcguide):
    ops = project / "content" / "operators.yaml"
    text = ops.read_text(encoding="utf-8")
    # Replace the first huvudman list entry with an invalid value.
    text = text.replace("huvudman: [region", "huvudman: [kommunen", 1) if "huvudman: [region" in text else text.replace("- region", "- kommunen", 1)
    ops.write_text(text, encoding="utf-8")
    res = fcguide("check", "--root", str(project))
    assert res.code == 2
    line = next(l for l in res.err.splitlines() if "kommunen" in l)
    assert line.startswith("content/operators.yaml:")
    assert ".huvudman" in line and "är inte ett tillåtet värde (tillåtna: region, kommun, privat)" in line
    lineno = int(line.split(":")[1])
    assert "kommunen" in ops.read_text(encoding="utf-8").splitlines()[lineno - 1]
