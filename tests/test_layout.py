"""The house has no circles: imports inside parkdb/ point one way (module-level and function-level
imports alike), and no module is over 400 lines."""

from __future__ import annotations

import ast
from pathlib import Path

import parkdb

PACKAGE = Path(parkdb.__file__).parent


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """The parkdb modules a file imports, anywhere in it (inside functions too)."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = package
            for _ in range(max(node.level - 1, 0)):
                base = base.rsplit(".", 1)[0]
            module = (f"{base}.{node.module}" if node.module else base) if node.level else (
                node.module or "")
            if not module.startswith("parkdb"):
                continue
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("parkdb"))
    return found


def test_no_import_cycles() -> None:
    files = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph = {name: {m for m in _imports(path) if m in files and m != name}
             for name, path in files.items()}
    # a package's __init__ re-exporting its modules is not a cycle through them
    graph = {name: {m for m in deps if not (files[name].name == "__init__.py"
                                            and m.startswith(name + "."))}
             for name, deps in graph.items()}
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append(path[path.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt, [*path, nxt])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    assert cycles == []


def test_no_module_over_400_lines() -> None:
    lengths = {p.name: len(p.read_text(encoding="utf-8").splitlines())
               for p in PACKAGE.rglob("*.py")}
    assert {name: n for name, n in lengths.items() if n > 400} == {}


# The floors of the house, lowest first: a module may import from its own floor or one below,
# never from one above (parkdb/__init__.py only hands names on, lazily, and is not on a floor).
LAYERS: list[set[str]] = [
    {"errors", "vocabulary", "values", "resources"},
    {"schema", "seeds", "text", "render"},
    {"build"},
    {"db", "curation"},
    {"queries"},
    {"web"},
    {"commands"},
    {"cli", "__main__"},
]


def _room(module: str) -> str:
    """The top-level module or package of parkdb a dotted module name belongs to."""
    return module.split(".")[1] if module.count(".") else ""


def test_imports_point_down_the_layers() -> None:
    floor = {room: i for i, rooms in enumerate(LAYERS) for room in rooms}
    files = {_module_name(p): p for p in PACKAGE.rglob("*.py") if p.parent != PACKAGE
             or p.name != "__init__.py"}
    assert {_room(m) for m in files} == set(floor)  # every room is on a floor
    upward = sorted(
        f"{name} -> {target}" for name, path in files.items() for target in _imports(path)
        if _room(target) in floor and floor[_room(target)] > floor[_room(name)])
    assert upward == []


def test_no_function_over_60_lines() -> None:
    long = {}
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > 60:
                    long[f"{path.relative_to(PACKAGE)}:{node.name}"] = length
    assert long == {}


def test_at_most_8_modules_at_the_top_level() -> None:
    top = sorted(p.name for p in PACKAGE.glob("*.py") if p.name not in ("__init__.py", "__main__.py"))
    assert len(top) <= 8, top
