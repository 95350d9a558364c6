"""Dependencies point one way: a test reads every module's imports and keeps the layers true.

Imports inside functions count (they are dependencies all the same); imports under
``if TYPE_CHECKING:`` do not (they never run). docs/design.md draws the same picture.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from pathlib import Path

import pytest

import fundtrack

SOURCE = Path(fundtrack.__file__).parent
ROOT = "fundtrack"

#: Libraries that draw on a terminal or parse a command line: only ``cli/`` may import them.
TERMINAL_LIBRARIES = ("typer", "rich", "click", "shellingham")
#: Spreadsheet libraries: only ``io/`` may import them.
SPREADSHEET_LIBRARIES = ("openpyxl", "xlsxwriter", "et_xmlfile")
#: What ``io/`` (file formats, a leaf) may never import.
DOMAIN_PACKAGES = ("ledger", "books", "transfer", "reports", "audit", "cli")


def module_name(path: Path, source: Path = SOURCE, root: str = ROOT) -> str:
    parts = list(path.relative_to(source).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join([root, *parts])


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imported(node: ast.AST, module: str, is_package: bool) -> Iterable[str]:
    """Every module an import statement may bring in, relative imports resolved.

    ``from a import b`` is written ``a.b|a``: the module ``a.b`` if there is one, else ``a``.
    """
    if isinstance(node, ast.Import):
        for alias in node.names:
            yield alias.name
    elif isinstance(node, ast.ImportFrom):
        base = node.module or ""
        if node.level:
            anchor = module.split(".")
            if not is_package:
                anchor = anchor[:-1]
            anchor = anchor[: len(anchor) - (node.level - 1)]
            base = ".".join([*anchor, base]) if base else ".".join(anchor)
        for alias in node.names:
            yield f"{base}.{alias.name}|{base}"


def imports_of(text: str, module: str, *, is_package: bool = False) -> set[str]:
    """The modules ``text`` imports, at any depth, except those only for type checking."""
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import | ast.ImportFrom):
            found.update(_imported(node, module, is_package))
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(text))
    return found


def import_graph(source: Path = SOURCE, root: str = ROOT) -> dict[str, set[str]]:
    """Module -> the project modules it imports (a ``from a import b`` names ``a.b`` if it is
    a module, else ``a``)."""
    texts = {
        module_name(path, source, root): (path.read_text(encoding="utf-8"), path.stem == "__init__")
        for path in sorted(source.rglob("*.py"))
    }
    graph: dict[str, set[str]] = {}
    for module, (text, is_package) in texts.items():
        targets = set()
        for name in imports_of(text, module, is_package=is_package):
            preferred, _, fallback = name.partition("|")
            target = preferred if preferred in texts else fallback
            if target in texts and target != module:
                targets.add(target)
        graph[module] = targets
    return graph


def cycles(graph: Mapping[str, Iterable[str]]) -> list[list[str]]:
    """The strongly connected components with more than one member (Tarjan), sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = [0]

    def connect(node: str) -> None:
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                connect(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return sorted(found)


def layer_of(module: str) -> str:
    """The first-level package (or top-level module) a module belongs to."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def package_graph(graph: Mapping[str, Iterable[str]]) -> dict[str, set[str]]:
    layers: dict[str, set[str]] = {}
    for module, targets in graph.items():
        edges = layers.setdefault(layer_of(module), set())
        edges.update(layer_of(t) for t in targets if layer_of(t) != layer_of(module))
    return layers


def third_party_imports(source: Path = SOURCE, root: str = ROOT) -> dict[str, set[str]]:
    """Module -> the top-level names of everything it imports (the project's own included)."""
    found = {}
    for path in sorted(source.rglob("*.py")):
        module = module_name(path, source, root)
        names = imports_of(
            path.read_text(encoding="utf-8"), module, is_package=path.stem == "__init__"
        )
        found[module] = {name.split(".")[0] for name in names if name and name[0] != "|"}
    return found


def misplaced(source: Path = SOURCE, root: str = ROOT) -> list[str]:
    """Every import that crosses a layer the wrong way, as readable sentences."""
    problems = []
    graph = import_graph(source, root)
    libraries = third_party_imports(source, root)
    for module in sorted(graph):
        layer = layer_of(module)
        for library in sorted(libraries[module]):
            if library in TERMINAL_LIBRARIES and layer != "cli":
                problems.append(f"{module} imports {library}: only cli/ draws on the terminal")
            if library in SPREADSHEET_LIBRARIES and layer != "io":
                problems.append(f"{module} imports {library}: only io/ writes spreadsheets")
        for target in sorted(graph[module]):
            if layer_of(target) == "cli" and layer not in ("cli", "__main__"):
                problems.append(f"{module} imports {target}: nothing outside cli/ imports cli/")
            if layer == "io" and layer_of(target) in DOMAIN_PACKAGES:
                problems.append(f"{module} imports {target}: io/ is a leaf of file formats")
    return problems


# -- the checks on fundtrack itself -------------------------------------------------------------


def test_no_module_imports_itself_round_a_cycle() -> None:
    assert cycles(import_graph()) == []


def test_no_first_level_packages_import_each_other_round_a_cycle() -> None:
    assert cycles(package_graph(import_graph())) == []


def test_every_import_points_down_the_layers() -> None:
    assert misplaced() == []


# -- the checker itself can fail ------------------------------------------------------------------


def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "pkg"
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def test_a_cycle_through_an_import_inside_a_function_is_found(tmp_path: Path) -> None:
    root = _tree(
        tmp_path,
        {
            "__init__.py": "",
            "a/__init__.py": "",
            "a/one.py": "from pkg.b import two\n",
            "b/__init__.py": "",
            "b/two.py": "def late():\n    from pkg.a import one\n",
        },
    )
    graph = import_graph(root, "pkg")
    assert cycles(graph) == [["pkg.a.one", "pkg.b.two"]]
    assert cycles(package_graph(graph)) == [["a", "b"]]


def test_a_type_checking_import_is_not_a_cycle(tmp_path: Path) -> None:
    root = _tree(
        tmp_path,
        {
            "__init__.py": "",
            "one.py": "from pkg import two\n",
            "two.py": (
                "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg import one\n"
            ),
        },
    )
    assert cycles(import_graph(root, "pkg")) == []


def test_a_relative_import_is_resolved(tmp_path: Path) -> None:
    root = _tree(
        tmp_path,
        {
            "__init__.py": "",
            "a/__init__.py": "from . import one\n",
            "a/one.py": "from ..b import two\n",
            "b/__init__.py": "",
            "b/two.py": "from ..a import one\n",
        },
    )
    assert ["pkg.a.one", "pkg.b.two"] in cycles(import_graph(root, "pkg"))


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        (
            {"reports/x.py": "import rich\n"},
            "pkg.reports.x imports rich: only cli/ draws on the terminal",
        ),
        (
            {"ledger/x.py": "def f():\n    import openpyxl\n"},
            "pkg.ledger.x imports openpyxl: only io/ writes spreadsheets",
        ),
        (
            {"reports/x.py": "from pkg.cli import app\n", "cli/app.py": ""},
            "pkg.reports.x imports pkg.cli.app: nothing outside cli/ imports cli/",
        ),
        (
            {"io/x.py": "from pkg.ledger import queries\n", "ledger/queries.py": ""},
            "pkg.io.x imports pkg.ledger.queries: io/ is a leaf of file formats",
        ),
    ],
)
def test_an_import_in_the_wrong_layer_is_named(
    tmp_path: Path, files: dict[str, str], expected: str
) -> None:
    packages = {f"{name.split('/')[0]}/__init__.py": "" for name in files if "/" in name}
    root = _tree(tmp_path, {"__init__.py": "", **packages, **files})
    assert expected in misplaced(root, "pkg")
