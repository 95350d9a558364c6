"""Docs stay true: the design names every package, the schema check knows every migration."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest

import fundtrack
from fundtrack.db.schema import HEAD, REVISIONS

PACKAGE = Path(fundtrack.__file__).parent
DESIGN = PACKAGE.parent.parent / "docs" / "design.md"
PACKAGES = sorted(p.parent.name for p in PACKAGE.glob("*/__init__.py"))


def test_the_design_document_exists_and_states_the_transaction_policy() -> None:
    text = DESIGN.read_text(encoding="utf-8")
    for heading in ("## Layers", "## Transactions"):
        assert heading in text
    assert "Database.write" in text and "Database.read" in text


@pytest.mark.parametrize("package", PACKAGES)
def test_the_design_says_what_each_package_owns(package: str) -> None:
    text = DESIGN.read_text(encoding="utf-8")
    assert re.search(rf"`fundtrack\.{package}`|`{package}/`", text), (
        f"docs/design.md does not name the package fundtrack.{package}; add a row for it to "
        "the Layers table"
    )


def test_the_schema_check_knows_alembics_history() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(PACKAGE / "migrations"))
    scripts = ScriptDirectory.from_config(config)
    history = [script.revision for script in scripts.walk_revisions()]  # newest first
    assert tuple(reversed(history)) == REVISIONS
    assert scripts.get_heads() == [HEAD]
    for older, newer in itertools.pairwise(REVISIONS):
        assert scripts.get_revision(newer).down_revision == older


MODULE_NAME = re.compile(r"`((?:[a-z_]+/)*[a-z_0-9]+\.py)`")
PACKAGE_BULLET = re.compile(r"^- `([a-z_]+)/`:")
#: Files that are plumbing rather than ideas: Alembic's own scripts and the entry point.
UNNAMED = {"__main__.py", "env.py"}


def _defines_anything(path: Path) -> bool:
    import ast

    tree = ast.parse(path.read_text(encoding="utf-8"))
    return any(isinstance(node, ast.FunctionDef | ast.ClassDef) for node in tree.body)


def _modules_in_tree() -> set[str]:
    found = set()
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE).as_posix()
        if path.name in UNNAMED or relative.startswith("migrations/versions/"):
            continue
        if path.name == "__init__.py" and not _defines_anything(path):
            continue  # a package's docstring, nothing more
        found.add(relative)
    return found


def _modules_in_design() -> set[str]:
    """The modules the "Module map" section names, each bullet's names read in its package."""
    text = DESIGN.read_text(encoding="utf-8")
    section = text.split("### Module map", 1)[1].split("\n#", 1)[0]
    named: set[str] = set()
    for bullet in re.split(r"\n(?=- )", section):
        package = PACKAGE_BULLET.match(bullet.strip())
        prefix = f"{package.group(1)}/" if package else ""
        for name in MODULE_NAME.findall(bullet):
            named.add(name if "/" in name else prefix + name)
    return named


def test_the_design_names_every_module_in_the_tree() -> None:
    missing = sorted(_modules_in_tree() - _modules_in_design())
    assert missing == [], f"docs/design.md's module map does not name: {', '.join(missing)}"


def test_every_module_the_design_names_exists() -> None:
    stale = sorted(name for name in _modules_in_design() if not (PACKAGE / name).exists())
    assert stale == [], f"docs/design.md's module map names modules not in the tree: {stale}"
