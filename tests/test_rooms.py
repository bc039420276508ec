"""addin/'s rooms and the way their imports run: excel/ and workbook/ at the bottom, engine/ on workbook/,
app/ on both, the command line on top; no cycle anywhere (batch and refresh included)."""

from __future__ import annotations

import ast

from tests.conftest import ROOT

ADDIN = ROOT / "addin"
#: What each room may import from addin/ (besides itself).
MAY_IMPORT = {"excel": set(), "workbook": set(), "engine": {"workbook"}, "app": {"engine", "workbook"},
              "cli": {"app", "engine", "workbook", "excel"}, "__main__": {"cli"}}


def module_name(path) -> str:
    parts = path.relative_to(ADDIN).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def addin_imports() -> dict[str, set[str]]:
    """Module (``engine.evaluator``) -> the addin modules it imports, at any depth of the file."""
    graph = {}
    for path in ADDIN.rglob("*.py"):
        name = module_name(path)
        package = [p for p in name.split(".") if p] if path.name == "__init__.py" else name.split(".")[:-1]
        found = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                if node.level:  # from . import x, from ..workbook.cells import y
                    base = package[:len(package) - (node.level - 1)]
                    target = ".".join([*base, *(node.module.split(".") if node.module else [])])
                elif (node.module or "").startswith("trappen.addin."):
                    target = node.module.removeprefix("trappen.addin.")
                else:
                    continue
                for alias in node.names:
                    candidate = f"{target}.{alias.name}" if target else alias.name
                    found.add(candidate if (ADDIN / (candidate.replace(".", "/") + ".py")).exists() else target)
        graph[name] = {t for t in found if t and t != name}
    return graph


def test_each_room_imports_only_the_rooms_below_it():
    for module, targets in addin_imports().items():
        room = module.split(".")[0]
        for target in targets:
            other = target.split(".")[0]
            assert other == room or other in MAY_IMPORT.get(room, set()), f"{module} imports {target}"


def test_the_imports_have_no_cycle():
    graph = addin_imports()
    state: dict[str, int] = {}

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for target in graph.get(module, ()):
            assert state.get(target) != 1, " → ".join([*path, target])
            if target not in state:
                visit(target, [*path, target])
        state[module] = 2

    for module in graph:
        if module not in state:
            visit(module, [module])
    assert "app.refresh" in graph["app.batch"] and "app.batch" not in graph["app.refresh"]


def test_every_module_lives_in_a_room():
    """A module lives in one of the four rooms, directly or in a package of one room (engine/semantics/)."""
    rooms = {p.relative_to(ADDIN).parts[0] for p in ADDIN.rglob("*.py") if p.parent != ADDIN}
    assert rooms == {"excel", "engine", "workbook", "app"}
    assert {p.parent.relative_to(ADDIN).as_posix() for p in ADDIN.rglob("*.py") if p.parent.parent != ADDIN
            and p.parent != ADDIN} == {"engine/semantics"}
    assert sorted(p.name for p in ADDIN.glob("*.py")) == ["__init__.py", "__main__.py", "cli.py"]
