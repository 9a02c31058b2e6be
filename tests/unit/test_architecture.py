"""The dependency direction screens → frontdesk → db, checked by import-linter."""

from __future__ import annotations

import functools
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


def test_the_desk_paints_up_to_120_frames_a_second_unless_the_officer_set_it():
    """Keys typed back to back (an ID card reader) see their results a frame sooner than at Textual's 60."""
    import os

    code = (
        "import tempfile\n"
        "from frontdesk.cli import build_app\n"
        "folder = tempfile.mkdtemp()\n"
        "build_app(['--lang', 'en'], environ={'FRONTDESK_DATA_DIR': folder, 'FRONTDESK_CONFIG': folder + '/c.toml'})\n"
        "import textual.constants\n"
        "print(textual.constants.MAX_FPS)\n"
    )
    for own, painted in ((None, "120"), ("30", "30")):
        environ = {key: value for key, value in os.environ.items() if key != "TEXTUAL_FPS"}
        if own:
            environ["TEXTUAL_FPS"] = own
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=environ)
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == painted


# ---- no private Textual API in screens/ ----------------------------------------------------------
# Textual may rename or reshape any of its underscore names in any release, and a screen
# leaning on one (as localize.py once rewrote each node's `_bindings`) breaks silently.

_ASSIGNED = re.compile(r"self\.(_[a-z]\w*)\s*(?::[^=\n]+)?=(?!=)")


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


@functools.cache
def _textual_private_names(cls: type) -> frozenset[str]:
    """The underscore names a Textual class defines: its own attributes and what its methods set on self."""
    import inspect

    names = {name for name in vars(cls) if _private(name)}
    try:
        names |= set(_ASSIGNED.findall(inspect.getsource(cls)))
    except (OSError, TypeError):
        pass
    return frozenset(names)


@functools.cache
def _all_textual_private_names() -> frozenset[str]:
    import textual

    pattern = re.compile(r"(?:self\.(_[a-z]\w*)\s*(?::[^=\n]+)?=(?!=)|\bdef (_[a-z]\w*)\(|^\s+(_[a-z]\w*)\s*[:=])", re.M)
    names = set()
    for source in Path(textual.__file__).parent.rglob("*.py"):
        names |= {next(group for group in match.groups() if group)
                  for match in pattern.finditer(source.read_text(encoding="utf-8"))}
    return frozenset(name for name in names if _private(name))


def _textual_names_of(cls: type | None) -> frozenset[str]:
    if cls is None:
        return frozenset()
    return frozenset().union(*(_textual_private_names(base) for base in cls.__mro__
                               if base.__module__.split(".")[0] == "textual"))


def _private_textual_uses(path: Path) -> list[str]:
    """`path`'s imports from textual's private modules and its uses of Textual's underscore names.

    `self._name` counts when a Textual class the class derives from defines `_name` (our own
    private names on our own objects do not); `other._name` counts when Textual defines `_name`
    anywhere, since the object's class is not known from the text.
    """
    import ast
    import importlib

    where = path.relative_to(ROOT)
    module = importlib.import_module(".".join(where.with_suffix("").parts))
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[str] = []
    for node in ast.walk(tree):
        modules = ([node.module or ""] if isinstance(node, ast.ImportFrom)
                   else [alias.name for alias in node.names] if isinstance(node, ast.Import) else [])
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "textual":
            modules += [f"{node.module}.{alias.name}" for alias in node.names]
        for name in modules:
            if name.split(".")[0] == "textual" and any(_private(part) for part in name.split(".")):
                found.append(f"{where}:{node.lineno} imports {name}")

    def visit(node: ast.AST, owner: type | None) -> None:
        if isinstance(node, ast.ClassDef):
            owner = getattr(owner, node.name, None) if owner is not None else getattr(module, node.name, None)
            owner = owner if isinstance(owner, type) else None
        if isinstance(node, ast.Attribute) and _private(node.attr):
            on_self = isinstance(node.value, ast.Name) and node.value.id == "self"
            textual_names = _textual_names_of(owner) if on_self else _all_textual_private_names()
            if node.attr in textual_names:
                found.append(f"{where}:{node.lineno} .{node.attr}")
        for child in ast.iter_child_nodes(node):
            visit(child, owner)

    visit(tree, None)
    return found


def test_screens_use_no_private_textual_api():
    offenders = [use for path in sorted((ROOT / "screens").rglob("*.py")) for use in _private_textual_uses(path)]
    assert offenders == [], "use Textual's public API (active_bindings, not _bindings)"


def test_the_private_api_check_sees_textual_names_and_not_ours(tmp_path, monkeypatch):
    """The check above can fail: a private Textual name is caught, our own private names are not."""
    package = tmp_path / "screens_probe"
    package.mkdir()
    (package / "__init__.py").write_text("")
    probe = package / "probe.py"
    probe.write_text(
        "from textual.screen import Screen\n"
        "from textual.widgets._footer import FooterKey\n"
        "from textual import _time\n"
        "class Probe(Screen):\n"
        "    def keys(self, node):\n"
        "        self._held = []\n"                      # ours: Screen defines no _held
        "        return node._bindings, self._nodes\n"
        "class Router:\n"
        "    def __init__(self):\n"
        "        self._running = {}\n"                   # ours, on a class that is not Textual's
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    assert _private_textual_uses(probe) == [
        "screens_probe/probe.py:2 imports textual.widgets._footer",
        "screens_probe/probe.py:2 imports textual.widgets._footer.FooterKey",
        "screens_probe/probe.py:3 imports textual._time",
        "screens_probe/probe.py:7 ._bindings",
        "screens_probe/probe.py:7 ._nodes",
    ]


#: Imports known to close a circle, each leaving with a named change (and then from this list).
CIRCLES_LEAVING: set[tuple[str, str]] = set()


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
LONG_FOR_NOW: set[str] = set()


def test_no_module_over_400_lines():
    long = [
        f"{path.relative_to(ROOT)}: {lines}"
        for folder in ("frontdesk", "screens", "db")
        for path in sorted((ROOT / folder).rglob("*.py"))
        if "migrations" not in path.parts and str(path.relative_to(ROOT)) not in LONG_FOR_NOW
        and (lines := len(path.read_text(encoding="utf-8").splitlines())) > 400
    ]
    assert long == []


#: Textual's widgets that read a str given them as markup.
MARKUP_READERS = {"Static", "Label", "OptionList", "Select", "SelectionList", "Selection", "DataTable"}


def test_screens_show_text_as_written():
    """Textual's Static, Label, OptionList, Select, SelectionList and DataTable read a str as markup: a phone pasted
    as [/] crashed the desk, and so did a receiving body named so. The screens take screens.shell.plain's, which
    show text as written."""
    textual_own = re.compile(r"^from textual\.widgets(?:\.selection_list)? import (\([^)]*\)|[^\n]*)", re.M)
    found = []
    for source in sorted((ROOT / "screens").rglob("*.py")):
        if source.name == "plain.py":
            continue
        for imported in textual_own.findall(source.read_text(encoding="utf-8")):
            names = {name.strip() for name in imported.strip("()").replace("\n", " ").split(",")}
            found += [f"{source.relative_to(ROOT)}: {name}" for name in names & MARKUP_READERS]
    assert found == []
