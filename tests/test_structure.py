"""The package's shape (issue 10): no import cycle, small modules, stages that do not meet.

Imports are read from the source (every ``import``, also inside functions), so a cycle that
only a late import hides is found too.
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "encoder"
MAX_LINES = 400
# modules above the limit, each at its present size; they may shrink, not grow
OVER: dict[str, int] = {}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The project modules ``name`` imports (``from . import x`` names module ``x``)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name in known)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for a in node.names:
                sub = f"{base}.{a.name}"
                out.add(sub if sub in known else base)
    return {m for m in out if m in known and m != name}


@functools.cache
def graph() -> dict[str, set[str]]:
    known = modules()
    return {name: imports(name, path, known) for name, path in known.items()}


def find_cycle(edges: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(n: str) -> list[str] | None:
        state[n] = 1
        stack.append(n)
        for m in sorted(edges[n]):
            if state.get(m) == 1:
                return [*stack[stack.index(m):], m]
            if m not in state and (found := visit(m)):
                return found
        stack.pop()
        state[n] = 2
        return None

    for n in sorted(edges):
        if n not in state and (found := visit(n)):
            return found
    return None


def test_no_import_cycle() -> None:
    assert find_cycle(graph()) is None, " -> ".join(find_cycle(graph()) or [])


def test_cycle_finder_finds_a_cycle() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]


def test_the_parser_was_split_into_the_package() -> None:
    edges = graph()
    assert "encoder.parse.article" in edges and "encoder.article" not in edges
    assert "encoder.parse.document" in edges["encoder.parse"]


def test_writers_do_not_import_the_parser() -> None:
    """The TEI writer reads the model and the vocabularies only, never the recognisers."""
    edges = graph()
    allowed = {"encoder", "encoder.model", "encoder.model.tree", "encoder.vocab"}
    writers = [n for n in edges if n == "encoder.tei" or n.startswith("encoder.tei.")]
    assert len(writers) > 1
    for writer in writers:
        assert {x for x in edges[writer] if not x.startswith("encoder.tei")} <= allowed, writer
    assert not {x for x in edges["encoder.personography"] if x.startswith("encoder.parse")}


def test_no_module_is_long() -> None:
    long = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        n = len(path.read_text(encoding="utf-8").splitlines())
        if n > OVER.get(rel, MAX_LINES):
            long[rel] = n
    assert long == {}, f"modules above {MAX_LINES} lines: {long}"
