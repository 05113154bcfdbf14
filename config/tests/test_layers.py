"""The apps are floors: each imports only from the apps below it (DESIGN.md, "Architecture").

Read from the source with `ast`, so an import inside a function counts as much as one at the top.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FLOORS = ["accounts", "schools", "ambassadors", "matching", "research", "reports"]  # bottom to top
PROJECT = {*FLOORS, "config"}


def imported_project_packages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found & PROJECT


def imports_of(app: str) -> dict[str, set[str]]:
    """What each module of the app (tests included) imports from the project, by module path."""
    result = {}
    for path in sorted((ROOT / app).rglob("*.py")):
        if "migrations" in path.parts:
            continue
        result[str(path.relative_to(ROOT))] = imported_project_packages(path) - {app}
    return result


@pytest.mark.parametrize("app", FLOORS)
def test_each_app_imports_only_from_the_apps_below_it(app):
    below = set(FLOORS[:FLOORS.index(app)])
    wrong = {module: sorted(found - below) for module, found in imports_of(app).items() if found - below}
    assert wrong == {}, f"{app} imports from apps at or above its floor: {wrong}"


def test_accounts_depends_on_no_other_app_of_the_project():
    assert {module: found for module, found in imports_of("accounts").items() if found} == {}


def test_the_check_sees_an_import_inside_a_function(tmp_path):
    module = tmp_path / "views.py"
    module.write_text("def view():\n    from schools.models import School\n    import matching.services\n")
    assert imported_project_packages(module) == {"schools", "matching"}
