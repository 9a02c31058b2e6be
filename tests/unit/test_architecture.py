"""The dependency direction screens → frontdesk → db, checked by import-linter."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_import_contracts_hold():
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_screens_never_open_sessions_or_build_queries():
    pattern = re.compile(r"Session\(|session\.exec|\.execute\(|create_engine|select\(|sqlalchemy|sqlmodel")
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in (ROOT / "screens").rglob("*.py")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert offenders == []


def test_the_desk_is_built_without_loading_the_database_layer():
    """First paint must not wait for SQLAlchemy, Alembic or the models: a worker loads them."""
    code = (
        "import sys, tempfile\n"
        "from frontdesk.cli import build_app\n"
        "folder = tempfile.mkdtemp()\n"
        "build_app(['--lang', 'zh'], environ={'FRONTDESK_DATA_DIR': folder, 'FRONTDESK_CONFIG': folder + '/c.toml'})\n"
        "heavy = sorted(m for m in ('sqlalchemy', 'sqlmodel', 'alembic', 'db.models', 'psycopg') if m in sys.modules)\n"
        "print(heavy)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


#: Imports known to close a circle, each leaving with a named change (and then from this list).
CIRCLES_LEAVING = {
    # `frontdesk import cases` opens the desk from the logbook module; leaves when that command line
    # moves beside frontdesk.cli.
    ("frontdesk.intake.logbook", "frontdesk.desk"),
}


def import_circles(graph, skip=frozenset()) -> list[list[str]]:
    """Every group of modules that import each other, round a circle (Tarjan's strongly connected parts)."""
    edges = {module: sorted(graph.find_modules_directly_imported_by(module) - {module}) for module in graph.modules}
    for importer, imported in skip:
        if imported in edges.get(importer, []):
            edges[importer].remove(imported)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[list[str]] = []

    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, iter(edges[root]))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            module, pending = work[-1]
            step = next(pending, None)
            if step is not None:
                if step not in index:
                    index[step] = low[step] = len(index)
                    stack.append(step)
                    on_stack.add(step)
                    work.append((step, iter(edges.get(step, []))))
                elif step in on_stack:
                    low[module] = min(low[module], index[step])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[module])
            if low[module] == index[module]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == module:
                        break
                if len(group) > 1:
                    circles.append(sorted(group))
    return circles


def test_no_module_imports_itself_round_a_circle():
    """No circles in frontdesk/, screens/ or db/, imports inside functions and TYPE_CHECKING ones included."""
    import grimp

    graph = grimp.build_graph("frontdesk", "screens", "db", include_external_packages=False)
    assert import_circles(graph, skip=CIRCLES_LEAVING) == []


def test_the_circle_finder_finds_circles():
    class Graph:
        imports = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": {"f"}, "f": {"e"}, "g": set()}
        modules = set(imports)

        def find_modules_directly_imported_by(self, module):
            return set(self.imports[module])

    assert import_circles(Graph()) == [["a", "b", "c"], ["e", "f"]]
    assert import_circles(Graph(), skip={("c", "a"), ("f", "e")}) == []


#: Modules being split along their lines, allowed over the limit until then.
LONG_FOR_NOW = {"frontdesk/intake/logbook.py", "frontdesk/intake/mapping.py", "frontdesk/sync/exchange.py",
                "frontdesk/handoffs/lifecycle.py"}


def test_no_module_over_400_lines():
    long = [
        f"{path.relative_to(ROOT)}: {lines}"
        for folder in ("frontdesk", "db")
        for path in sorted((ROOT / folder).rglob("*.py"))
        if "migrations" not in path.parts and str(path.relative_to(ROOT)) not in LONG_FOR_NOW
        and (lines := len(path.read_text(encoding="utf-8").splitlines())) > 400
    ]
    assert long == []
