"""The bundled data files are valid, and checked here rather than on every run.

``encoder/data/checked.json`` records a digest of each bundled file (with its schema) known
to be valid; ``load_json`` skips jsonschema for such a file and validates any other content.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from encoder.errors import EncodeError
from encoder.jsondata import BUNDLED, CHECKED_FILE, data_file, digest, load_json, validate_json

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("name", sorted(BUNDLED))
def test_bundled_data_file_is_valid_against_its_schema(name: str) -> None:
    data = json.loads(data_file(name).read_text(encoding="utf-8"))
    validate_json(data, BUNDLED[name], name)  # raises EncodeError with the JSON path


def test_every_bundled_data_file_is_recorded_as_checked() -> None:
    """A stale record would only slow start-up down, but CI keeps it current: after editing a
    bundled file (or its schema), run ``python -m encoder.jsondata``."""
    recorded = json.loads(data_file(CHECKED_FILE).read_text(encoding="utf-8"))
    current = {name: digest(data_file(name).read_bytes(), schema) for name, schema in
               BUNDLED.items()}
    assert recorded == current, "run `python -m encoder.jsondata` and commit checked.json"


def test_start_up_loads_the_bundled_data_without_jsonschema() -> None:
    code = (
        "import sys\n"
        "from encoder.registry import Registry\n"
        "from encoder.vocab import vocab\n"
        "Registry.load(); vocab()\n"
        "print('jsonschema' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT)
    assert out.stdout.strip() == "False"


def test_an_edited_copy_of_a_bundled_file_is_still_validated(tmp_path: Path) -> None:
    """Only the exact recorded contents skip validation: one changed value is caught."""
    data = json.loads(data_file("places.json").read_text(encoding="utf-8"))
    data["places"][0]["wikidata"] = "Kosovo"
    bad = tmp_path / "places.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(EncodeError) as err:
        load_json(bad, "places.schema.json")
    assert str(err.value).startswith(f"{bad}: error: $.places[0].wikidata: ")


def test_the_same_bytes_against_another_schema_are_not_taken_as_checked() -> None:
    raw = data_file("places.json").read_bytes()
    assert digest(raw, "places.schema.json") != digest(raw, "people.schema.json")
