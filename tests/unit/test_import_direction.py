"""Imports run one way: no circle among our modules, layers import downwards, and inside ``models``
each part (a folder: ``read/``, ``fit/``, ``text/``, ``core/``) imports only the parts below it, so
the fit side never imports the read side.

Read from the source with ``ast``, nothing imported. Every import counts, at the top of a file,
inside a function or under ``TYPE_CHECKING``: each is a tie a reader has to follow, whenever it runs.
"""

import ast
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LAYERS = ("api", "training", "models")  # each imports only the ones after it
PARTS = ("read", "fit", "text", "core")  # the folders of models, each imports only the ones after it


def _modules() -> dict[str, Path]:
    found = {}
    for package in LAYERS:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


MODULES = _modules()


def _ours(name: str) -> str | None:
    """The module of ours that importing ``name`` loads (``models.x`` for ``models.x.Thing``), if any."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _imported(name: str, path: Path) -> set[str]:
    """The modules of ours that ``name`` imports, wherever in the file."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    targets: list[str | None] = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            targets += [_ours(alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from the package, one level up per extra dot
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            # ``from models.read import insights`` imports the module models.read.insights; ``from
            # models.fit.store import load_model`` imports models.fit.store.
            targets += [f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else _ours(base) for a in node.names]
    return {target for target in targets if target and target != name}


@cache
def _graph() -> dict[str, set[str]]:
    return {name: _imported(name, path) for name, path in MODULES.items()}


def _circles() -> list[list[str]]:
    """Every set of modules that import each other in a loop (Tarjan's strongly connected components)."""
    graph, index, low, stack, on_stack, circles = _graph(), {}, {}, [], set(), []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for after in sorted(graph[node]):
            if after not in index:
                visit(after)
                low[node] = min(low[node], low[after])
            elif after in on_stack:
                low[node] = min(low[node], index[after])
        if low[node] == index[node]:
            members = []
            while not members or members[-1] != node:
                members.append(stack.pop())
                on_stack.discard(members[-1])
            if len(members) > 1:
                circles.append(sorted(members))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return circles


def _part(module: str) -> str | None:
    """The part of ``models`` (its folder) a module is in, if any."""
    parts = module.split(".")
    return parts[1] if parts[0] == "models" and len(parts) > 1 else None


def test_every_model_module_is_in_a_part():
    """The folders are the declaration: nothing sits at the top of models but its parts."""
    tops = {_part(m) for m in MODULES if m.startswith("models.")}
    assert tops == set(PARTS), f"in no part: {sorted(tops - set(PARTS))}; empty part: {sorted(set(PARTS) - tops)}"


def _across(graph: dict[str, set[str]]) -> list[str]:
    """Imports from one part of models to a part above it."""
    return [
        f"{module} -> {target}"
        for module, targets in graph.items()
        for target in sorted(targets)
        if _part(module) and _part(target) and PARTS.index(_part(target)) < PARTS.index(_part(module))
    ]


def test_parts_import_downwards_only():
    assert _across(_graph()) == []


def test_layers_import_downwards_only():
    upwards = [
        f"{module} -> {target}"
        for module, targets in _graph().items()
        for target in sorted(targets)
        if LAYERS.index(target.split(".")[0]) < LAYERS.index(module.split(".")[0])
    ]
    assert upwards == []


@pytest.mark.parametrize(
    "package",
    ["models", "api", "training"],
)
def test_no_import_circle(package):
    assert [c for c in _circles() if c[0].split(".")[0] == package] == []


def test_the_reader_sees_a_circle_and_an_upward_import(monkeypatch):
    """The checks above can fail: a planted circle and a planted fit -> read import are both found."""
    graph = {name: set(targets) for name, targets in _graph().items()}
    graph["models.core.levers"].add("models.fit.features")  # features imports levers: a circle
    graph["models.fit.store"].add("models.read.insights")  # the store reading insights: fit -> read
    monkeypatch.setattr(f"{__name__}._graph", lambda: graph)
    assert any({"models.fit.features", "models.core.levers"} <= set(circle) for circle in _circles())
    assert "models.fit.store -> models.read.insights" in _across(_graph())
