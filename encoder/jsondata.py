"""Load the project's JSON data files, each checked against its JSON Schema in ``schema/``.

Data files (the people and place registries, configuration, manifests) are edited by hand by
editors; a mistake must be reported as the file and the JSON path of the bad value, not as a
KeyError deep inside the encoder.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema

from .errors import EncodeError


@cache
def _schema(name: str) -> dict[str, Any]:
    text = resources.files("encoder.schema").joinpath(name).read_text(encoding="utf-8")
    schema = json.loads(text)
    jsonschema.Draft202012Validator.check_schema(schema)
    return schema


def _json_path(path: Any) -> str:
    out = "$"
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


def load_json(path: Path | str, schema_name: str) -> Any:
    """Read ``path`` and validate it against ``schema/<schema_name>``; raise EncodeError if bad."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise EncodeError(f"cannot read data file: {exc.strerror}", str(path)) from None
    except UnicodeDecodeError:
        raise EncodeError("data file is not UTF-8", str(path)) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise EncodeError(f"invalid JSON: {exc.msg}", str(path), exc.lineno) from None
    validate_json(data, schema_name, str(path))
    return data


def validate_json(data: Any, schema_name: str, filename: str) -> None:
    """Validate already-parsed data; the first error (by JSON path) names file and path."""
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
