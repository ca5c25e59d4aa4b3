"""Imports point one way: recovery_college ← trainers ← workshops (ARCHITECTURE.md).

A small AST walk over every module of the three packages, including imports written
inside functions: `recovery_college` imports neither app, and `trainers` never imports
`workshops`. Apps below reach the ones above through signals and registries."""

import ast
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
LAYERS = {"recovery_college": 0, "trainers": 1, "workshops": 2}


def _imports(path: pathlib.Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module))
    return found


def _wrong_way(package: str) -> list[str]:
    layer = LAYERS[package]
    problems = []
    for path in sorted((ROOT / package).rglob("*.py")):
        for line, module in _imports(path):
            top = module.split(".")[0]
            if top in LAYERS and LAYERS[top] > layer:
                problems.append(f"{path.relative_to(ROOT)}:{line} imports {module}")
    return problems


@pytest.mark.parametrize("package", ["recovery_college", "trainers"])
def test_no_package_imports_one_that_builds_on_it(package):
    assert _wrong_way(package) == []


def test_the_check_sees_an_import_written_inside_a_function(tmp_path):
    module = tmp_path / "late.py"
    module.write_text("def f():\n    from workshops.selectors import my_courses\n")
    assert (2, "workshops.selectors") in _imports(module)
