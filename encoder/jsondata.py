"""Load the project's JSON data files, each checked against its JSON Schema in ``schema/``.

Data files (the people and place registries, configuration, manifests) are edited by hand by
editors; a mistake must be reported as the file and the JSON path of the bad value, not as a
KeyError deep inside the encoder.

Checking costs more than the rest of start-up (importing jsonschema and validating the three
bundled files took ~0.4 s of every ``encode`` run), and the bundled files are the same on
almost every run. So ``encoder/data/checked.json`` records, for each bundled file, a SHA-256
of the file with its schema, written by ``python -m encoder.jsondata`` after validating them
(a test keeps it current). A file whose digest is recorded is known valid and only parsed;
any other content, an editor's change included, is validated as before.
"""

from __future__ import annotations

import hashlib
import json
import sys
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import EncodeError

#: the bundled data files (in ``encoder/data``) and the schema (in ``schema/``) of each
BUNDLED: dict[str, str] = {
    "people.json": "people.schema.json",
    "places.json": "places.schema.json",
    "vocab.json": "vocab.schema.json",
}
#: bundled file name -> digest of its content with its schema, for contents known valid
CHECKED_FILE = "checked.json"


def _schema_bytes(name: str) -> bytes:
    return resources.files("encoder.schema").joinpath(name).read_bytes()


@cache
def _schema(name: str) -> dict[str, Any]:
    import jsonschema  # only when something is validated: see the module docstring

    schema = json.loads(_schema_bytes(name).decode("utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return schema


def digest(data: bytes, schema_name: str) -> str:
    """SHA-256 of a data file's bytes together with its schema's: a change to either counts."""
    schema = _schema_bytes(schema_name)
    return hashlib.sha256(len(schema).to_bytes(8, "big") + schema + data).hexdigest()


@cache
def _checked() -> frozenset[str]:
    try:
        recorded = json.loads(data_file(CHECKED_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return frozenset()
    return frozenset(v for v in recorded.values() if isinstance(v, str))


def _json_path(path: Any) -> str:
    out = "$"
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


def load_json(path: Path | str, schema_name: str) -> Any:
    """Read ``path`` and validate it against ``schema/<schema_name>``; raise EncodeError if bad."""
    path = Path(path)
    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8")
    except OSError as exc:
        raise EncodeError(f"cannot read data file: {exc.strerror}", str(path)) from None
    except UnicodeDecodeError:
        raise EncodeError("data file is not UTF-8", str(path)) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise EncodeError(f"invalid JSON: {exc.msg}", str(path), exc.lineno) from None
    if digest(raw, schema_name) not in _checked():
        validate_json(data, schema_name, str(path))
    return data


def validate_json(data: Any, schema_name: str, filename: str) -> None:
    """Validate already-parsed data; the first error (by JSON path) names file and path."""
    import jsonschema

    validator = jsonschema.Draft202012Validator(_schema(schema_name))
    errors = sorted(validator.iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path])
    if errors:
        err = errors[0]
        raise EncodeError(
            f"{_json_path(err.absolute_path)}: {err.message} (schema {schema_name})", filename
        )


def data_file(name: str) -> Path:
    """Path of a bundled data file in ``encoder/data``."""
    return Path(str(resources.files("encoder.data").joinpath(name)))


def record_checked() -> dict[str, str]:
    """Validate every bundled data file and record its digest in ``checked.json``.

    Raises EncodeError (and records nothing) if any file is invalid.
    """
    recorded = {}
    for name, schema_name in BUNDLED.items():
        path = data_file(name)
        raw = path.read_bytes()
        validate_json(json.loads(raw.decode("utf-8")), schema_name, str(path))
        recorded[name] = digest(raw, schema_name)
    text = json.dumps(recorded, indent=2, sort_keys=True) + "\n"
    data_file(CHECKED_FILE).write_text(text, encoding="utf-8")
    _checked.cache_clear()
    return recorded


if __name__ == "__main__":  # python -m encoder.jsondata: after editing a bundled data file
    try:
        for name in record_checked():
            print(f"checked {name}")
    except EncodeError as exc:
        sys.exit(str(exc))
