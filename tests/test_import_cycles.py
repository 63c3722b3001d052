"""The imports of `board/` and `widgets/` run one way: no module imports itself back.

Every import counts — at the top, inside a function, or under `TYPE_CHECKING` — so a
cycle cannot hide behind a late import. Read with `ast`; nothing is imported.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("board", "widgets")


def module_files(root: Path = ROOT) -> dict[str, Path]:
    """Dotted module name → file, for every module of the packages."""
    modules = {}
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            parts = list(path.relative_to(root).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            modules[".".join(parts)] = path
    return modules


def imported_names(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """Every dotted name the module imports.

    `from m import x` imports the module `m.x` when there is one (`from board.store import
    codec`), else the name `x` from the module `m`.
    """
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            for alias in node.names:
                submodule = f"{module}.{alias.name}"
                names.add(submodule if submodule in modules else module)
    return names


def import_graph(modules: dict[str, Path]) -> dict[str, set[str]]:
    """Module → the modules of the packages it imports."""
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        targets = set()
        for imported in imported_names(name, path, modules):
            while imported and imported not in modules:
                imported = imported.rpartition(".")[0]  # `m.function` → `m`
            if imported and imported != name:
                targets.add(imported)
        graph[name] = targets
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The groups of modules that import each other, round and round (Tarjan's SCCs)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(start: str) -> None:
        # Iterative depth-first search: (node, the neighbours still to look at).
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        while work:
            node, neighbours = work[-1]
            for nxt in neighbours:
                if nxt not in index:
                    index[nxt] = low[nxt] = len(index)
                    stack.append(nxt)
                    work.append((nxt, iter(sorted(graph[nxt]))))
                    break
                if nxt in stack:
                    low[node] = min(low[node], index[nxt])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    group = []
                    while True:
                        member = stack.pop()
                        group.append(member)
                        if member == node:
                            break
                    if len(group) > 1:
                        found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycle_in_board_or_widgets() -> None:
    graph = import_graph(module_files())
    assert "widgets.app" in graph and any(name.startswith("board.cli") for name in graph)
    assert cycles(graph) == []


def test_the_cycle_finder_finds_a_cycle_however_it_is_hidden(tmp_path: Path) -> None:
    (tmp_path / "board").mkdir()
    (tmp_path / "widgets").mkdir()
    (tmp_path / "board" / "__init__.py").write_text("")
    (tmp_path / "board" / "a.py").write_text("from board.b import thing\n")
    (tmp_path / "board" / "b.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from board import c\n"
    )
    (tmp_path / "board" / "c.py").write_text("def late():\n    from . import a\n")
    (tmp_path / "board" / "pkg").mkdir()  # a package's modules may import each other through it
    (tmp_path / "board" / "pkg" / "__init__.py").write_text("from board.pkg.x import X\n")
    (tmp_path / "board" / "pkg" / "x.py").write_text("from board.pkg import y\nX = 1\n")
    (tmp_path / "board" / "pkg" / "y.py").write_text("import os\n")
    (tmp_path / "widgets" / "__init__.py").write_text("")
    (tmp_path / "widgets" / "d.py").write_text("import board.a\n")
    graph = import_graph(module_files(tmp_path))
    assert graph["widgets.d"] == {"board.a"}
    assert graph["board.pkg.x"] == {"board.pkg.y"}
    assert cycles(graph) == [["board.a", "board.b", "board.c"]]
