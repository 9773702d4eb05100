"""The layout ARCHITECTURE.md describes: layers imported downwards only, no loop, short modules and functions."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "cleantext"

#: Each module's layer, lowest first; a module imports only from its own layer or those below.
LAYERS = {
    "base": ["rule", "rules", "config", "heuristics", "cache", "compression"],
    "matching": ["analysis", "prefilter", "translation", "scan", "matcher"],
    "core": ["document", "page", "furniture", "engine", "stream", "html", "learn"],
    "files": ["discovery", "reading", "rewrite", "formats", "copies", "configfile"],
    "run": ["pool", "review", "tasks", "flows", "runner", "report", "review_page"],
    "front": ["command", "cli", "report_command", "integrations", "__init__", "__main__"],
}
RANK = {module: rank for rank, modules in enumerate(LAYERS.values()) for module in modules}
#: Modules whose code decides: no rule code may be spelt in them (the rules say their own codes).
DECIDING = [
    "engine",
    "document",
    "matcher",
    "page",
    "furniture",
    "stream",
    "heuristics",
    "prefilter",
    "translation",
    "scan",
    "analysis",
]
MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 50


def _modules() -> dict[str, Path]:
    return {
        ".".join(path.relative_to(PACKAGE).with_suffix("").parts): path
        for path in sorted(PACKAGE.rglob("*.py"))
        if "rules" not in path.relative_to(PACKAGE).parts[:-1]  # the rule tables are data
    }


def _top(module: str) -> str:
    """The layer key of a module: its first part (``formats.jsonl`` is in ``formats``)."""
    return module.split(".")[0]


def _imports(path: Path) -> set[str]:
    """The cleantext modules a file imports, as names below the package (``engine``, ``formats.jsonl``)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "cleantext":
            below = node.module.removeprefix("cleantext").lstrip(".")
            if below:
                found.add(below)
            else:  # from cleantext import a, b: submodules, or names of the package itself
                found.update(
                    alias.name
                    for alias in node.names
                    if (PACKAGE / alias.name).exists() or (PACKAGE / f"{alias.name}.py").exists()
                )
    return found


def test_every_module_has_a_layer() -> None:
    assert sorted(m for m in map(_top, _modules()) if m not in RANK) == []


@pytest.mark.parametrize("module", sorted(_modules()))
def test_a_module_imports_only_its_own_layer_or_lower(module: str) -> None:
    own = RANK[_top(module)]
    upward = sorted(name for name in _imports(_modules()[module]) if RANK.get(_top(name), 0) > own)
    assert upward == [], f"{module} ({_top(module)}) imports from a higher layer"


def test_no_import_loop() -> None:
    graph = {module: {name for name in _imports(path) if name != module} for module, path in _modules().items()}

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        for name in graph.get(start, ()):
            if name == goal or (name not in seen and reaches(name, goal, seen | {name})):
                return True
        return False

    # A package importing its own submodules (formats -> formats.x) is no loop.
    looping = sorted(m for m in graph if reaches(m, m, {m}) and not m.endswith("__init__"))
    assert looping == []


@pytest.mark.parametrize("module", sorted(_modules()))
def test_modules_and_functions_are_short(module: str) -> None:
    source = _modules()[module].read_text(encoding="utf-8")
    assert len(source.splitlines()) <= MAX_MODULE_LINES
    long = [
        f"{node.name} ({node.end_lineno - node.lineno + 1} lines)"  # type: ignore[operator]
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES  # type: ignore[operator]
    ]
    assert long == []


@pytest.mark.parametrize("module", DECIDING)
def test_no_rule_code_is_spelt_where_lines_are_judged(module: str) -> None:
    source = (PACKAGE / f"{module}.py").read_text(encoding="utf-8")
    literals = [
        node.value
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and re.fullmatch(r"[A-Z]+\d{3}", node.value)
    ]
    assert literals == []
