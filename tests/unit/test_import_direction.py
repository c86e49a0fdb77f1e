"""Imports run one way: no circle among our modules, layers import downwards, and the model's fit
side never imports its read side (the sides are named in ``models/__init__.py``).

Read from the source with ``ast``, nothing imported. Every import counts, at the top of a file,
inside a function or under ``TYPE_CHECKING``: each is a tie a reader has to follow, whenever it runs.
"""

import ast
from functools import cache
from pathlib import Path

import pytest

import models

ROOT = Path(__file__).resolve().parents[2]
LAYERS = ("api", "training", "models")  # each imports only the ones after it


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
            # ``from models import insights`` imports the module models.insights; ``from
            # models.store import load_model`` imports models.store.
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


def _side(module: str) -> str | None:
    """ "fit" or "read" for a module of ``models`` (a sub-package's modules take its side)."""
    part = module.split(".")[1] if module.count(".") else None
    return "fit" if part in models.FIT_SIDE else "read" if part in models.READ_SIDE else None


def test_every_model_module_is_on_one_side():
    named = [*models.FIT_SIDE, *models.READ_SIDE]
    assert len(named) == len(set(named)), "a module is named on both sides"
    tops = {m.split(".")[1] for m in MODULES if m.startswith("models.")}
    assert tops == set(named), f"on no side: {sorted(tops - set(named))}; no such module: {sorted(set(named) - tops)}"


def test_the_fit_side_never_imports_the_read_side():
    upwards = [
        f"{module} -> {target}"
        for module, targets in _graph().items()
        if _side(module) == "fit"
        for target in sorted(targets)
        if _side(target) == "read"
    ]
    assert upwards == []


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
    graph["models.levers"].add("models.features")  # features imports levers: a circle
    graph["models.store"].add("models.insights")  # the store reading insights: fit -> read
    monkeypatch.setattr(f"{__name__}._graph", lambda: graph)
    assert any({"models.features", "models.levers"} <= set(circle) for circle in _circles())
    assert "models.store -> models.insights" in [
        f"{m} -> {t}" for m, ts in _graph().items() if _side(m) == "fit" for t in ts if _side(t) == "read"
    ]
